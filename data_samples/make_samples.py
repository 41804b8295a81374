"""Build the synthetic sample archives in ``data_samples/``.

Writes two small exports in the real formats, with invented content that exercises the scorers:

- ``twitter.zip``: an X "Download an archive of your data" export in the current YTD v2 layout
  (``data/manifest.js``, ``data/tweets.js`` + ``data/tweets-part1.js``, ``data/note-tweet.js``,
  ``data/community-tweet.js``, ``data/account.js``, ``data/account-timezone.js``).
- ``facebook.zip``: a 2024-layout Facebook "Download Your Information" JSON export
  (``your_facebook_activity/...``) with Facebook's latin-1 mojibake encoding.

Every name, handle, id, phone number and post is made up; nothing is copied from a real export.
The file *shapes* follow ``shared/FORMATS.md`` and the real samples it cites.

The output is byte-for-byte deterministic: members are sorted, every member has the same
timestamp and permissions, and JSON is written with fixed settings. Post content lives in the
data lists below (``TWEETS``, ``FB_POSTS`` ...); the small ``*_file`` / ``*_members`` functions
only turn that data into export files.

Usage
-----
From the repository root::

    python data_samples/make_samples.py            # writes into data_samples/
    python data_samples/make_samples.py OUT_DIR    # writes into OUT_DIR

Notes
-----
Requires only the Python 3.11 standard library. ``EXPECTED.json`` and ``README.md`` beside this
script describe what a correct importer and the scorers should find; keep them in step with the
data below.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import json
import re
import sys
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# -------------------------------------------------------------------------------------------
# Common settings
# -------------------------------------------------------------------------------------------

ZIP_DATE = (2024, 1, 1, 0, 0, 0)
ZIP_MODE = 0o644 << 16

#: An 8x8 orange JPEG used as placeholder photo bytes (made once with Pillow, embedded here so
#: the script needs only the standard library).
PLACEHOLDER_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4"
    "UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
    "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRol"
    "JicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip"
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAA"
    "AAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLR"
    "ChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaX"
    "mJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEA"
    "PwCSiiivGPWP/9k="
)


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    """Write ``members`` to a zip at ``path`` so that the same input gives the same bytes.

    Parameters
    ----------
    path : Path
        Output zip file (overwritten).
    members : dict of str to bytes
        Member name (POSIX path) to content. Written in sorted order, each with a fixed
        ``date_time``, Unix permissions 0644 and DEFLATE level 9.
    """
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever OS runs the script
            info.external_attr = ZIP_MODE
            zf.writestr(info, members[name], compresslevel=9)


def utc(stamp: str) -> datetime:
    """Parse ``"YYYY-MM-DD HH:MM:SS"`` as an aware UTC datetime."""
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def unix(stamp: str) -> int:
    """``"YYYY-MM-DD HH:MM:SS"`` (UTC) as Unix seconds."""
    return calendar.timegm(utc(stamp).timetuple())


def token(seed: str, length: int) -> str:
    """A deterministic pseudo-random alphanumeric string derived from ``seed``."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    number = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big")
    chars = []
    for _ in range(length):
        number, rem = divmod(number, len(alphabet))
        chars.append(alphabet[rem])
    return "".join(chars)


# -------------------------------------------------------------------------------------------
# X / Twitter data
# -------------------------------------------------------------------------------------------

X_USER = {
    "accountId": "1000000000000000001",
    "userName": "sample_dev",
    "displayName": "Sam Sample",
}
X_ACCOUNT_CREATED = "2015-11-02T08:14:55.000Z"
X_GENERATED = "2025-06-30T09:41:07.512Z"
X_TIMEZONE = "Europe/Berlin"

#: Fictional accounts that appear in mentions, replies, reposts and quotes: handle -> (name, id).
X_PEOPLE: dict[str, tuple[str, str]] = {
    "sample_dev": ("Sam Sample", "1000000000000000001"),
    "dana_ops": ("Dana Ortiz", "1100000000000000011"),
    "lee_writes": ("Lee Park", "1100000000000000022"),
    "priya_sec": ("Priya Nair", "1100000000000000033"),
    "tomasz_dev": ("Tomasz Nowak", "1100000000000000044"),
    "infra_digest": ("Infra Digest", "1100000000000000055"),
    "mara_codes": ("Mara Lindqvist", "1100000000000000066"),
    "ben_on_call": ("Ben Okafor", "1100000000000000077"),
    "oss_jules": ("Jules Martin", "1100000000000000088"),
    "chris_k_old": ("Chris Keller", "110000001"),
}

SRC_WEB_CLIENT = '<a href="http://twitter.com" rel="nofollow">Twitter Web Client</a>'
SRC_ANDROID = (
    '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>'
)
SRC_WEB_APP = '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>'

# Each tweet: key (stable name), at (UTC), part (0 = tweets.js, 1 = tweets-part1.js), text as
# the person typed it (unescaped; ``{link}`` marks each entry of ``links`` in order, ``{media}``
# the photo link). ``links`` entries are URLs, or ``status:<host>/<handle>`` for a link to
# someone's post (a quote). ``reply_to`` = handle answered (status reply; its ``@handle `` prefix
# is added automatically); ``reply_user_only`` = old reply with only the user id; ``rt`` = the
# reposted handle (text = the original post, prefix and truncation added automatically);
# ``long`` = long post (text is the full note text). ``flag`` / ``flags`` = what the scorers
# are meant to find (``none`` = must NOT be flagged), see README.md.
TWEETS: list[dict[str, Any]] = [
    # ---- 2016-2017 (in tweets-part1.js) ----
    {"key": "first_day", "at": "2016-03-14 08:12:44", "part": 1, "src": SRC_WEB_CLIENT,
     "text": "First day at the new job. Laptop arrived, VPN works, the coffee machine does not. "
             "Priorities are clear.", "likes": 4},
    {"key": "old_user_reply", "at": "2016-06-03 18:22:10", "part": 1, "src": SRC_ANDROID,
     "reply_user_only": "chris_k_old",
     "text": "@chris_k_old thanks for the tip about the S-Bahn strike, took the bike instead",
     "flag": "none", "note": "post that addresses someone: in_reply_to_user_id only"},
    {"key": "sunday_league", "at": "2016-09-18 14:40:02", "part": 1, "src": SRC_ANDROID,
     "text": "Sunday league: lost 3-1 but I scored the one. Legs are gone. #football",
     "likes": 2, "flag": "none", "note": "neutral sports post"},
    {"key": "rt_connection_pools", "at": "2016-11-25 10:58:12", "part": 1, "src": SRC_WEB_CLIENT,
     "rt": "infra_digest",
     "text": "Your database connection pool is probably too big. Fewer connections, shorter "
             "queues, and a lot less context switching on the server. Here is how we measured "
             "it on three production clusters.",
     "note": "repost, truncated with …"},
    {"key": "tequila_photo", "at": "2017-02-11 23:47:03", "part": 1, "src": SRC_ANDROID,
     "text": "fourth round of tequila shots and nobody remembers whose birthday it is 🥃🥳 {media}",
     "media": True, "likes": 11,
     "flag": "overshare:alcohol", "note": "drinking/party photo, late evening"},
    {"key": "aws_cert", "at": "2017-05-20 09:15:36", "part": 1, "src": SRC_WEB_CLIENT,
     "text": "Passed the AWS Solutions Architect Associate exam this morning! Six weeks of "
             "evenings well spent. #aws #certification",
     "likes": 23, "flag": "value:milestone", "note": "passed a certification"},
    {"key": "answer_probes", "at": "2017-08-14 12:30:51", "part": 1, "src": SRC_WEB_CLIENT,
     "reply_to": "dana_ops",
     "text": "You don't need the sidecar for that. Readiness probes only gate traffic, liveness "
             "is what restarts the pod. Point readiness at /healthz and set initialDelaySeconds "
             "above your warm-up time.",
     "likes": 6, "flag": "value:answer", "note": "reply that answers a question with an "
                                                 "explanation"},
    # ---- 2018-2024 (in tweets.js) ----
    {"key": "manager_rant", "at": "2018-03-03 02:07:41", "part": 0, "src": SRC_ANDROID,
     "text": "my manager is a useless clown who takes credit for every fix I ship and then "
             "blames me when his own deploy breaks prod. three years of this.",
     "flag": "negative:targeted", "flags": ["negative:targeted", "immediacy:late-night"],
     "note": "rant about the manager at 02:07 UTC"},
    {"key": "weekend_bread", "at": "2018-04-21 10:03:19", "part": 0, "src": SRC_ANDROID,
     "text": "Weekend plan: fix the bike, bake bread, ignore Slack.", "likes": 3,
     "flag": "none", "note": "neutral weekend post"},
    {"key": "quote_runbooks", "at": "2018-06-15 15:44:08", "part": 0, "src": SRC_WEB_CLIENT,
     "links": ["status:twitter.com/lee_writes"],
     "text": "This is exactly why we write runbooks before the incident, not during it {link}",
     "likes": 8,
     "note": "quote: trailing twitter.com status link"},
    {"key": "kill_dash_nine", "at": "2018-09-06 11:21:55", "part": 0, "src": SRC_WEB_CLIENT,
     "text": "TIL: if you kill -9 the process you skip the shutdown hooks, so the lock file stays "
             "behind. Send SIGTERM first, give it 10s, then kill it.",
     "likes": 15, "flag": "none",
     "note": "harmless negative words in a technical sense (kill -9); must not be negative"},
    {"key": "reply_tomasz_review", "at": "2018-11-29 16:37:12", "part": 0, "src": SRC_WEB_CLIENT,
     "reply_to": "tomasz_dev",
     "text": "ha, same here. Our rule now: no PR over 400 lines without a design note first.",
     "likes": 2},
    {"key": "rt_oncall_tips", "at": "2019-01-17 08:05:40", "part": 0, "src": SRC_ANDROID,
     "rt": "ben_on_call",
     "text": "On-call tip nobody told me: write down what you checked, not just what you fixed. "
             "Future you at 3am will want the dead ends too. Thread with the template we use at "
             "work.",
     "note": "repost, truncated with …"},
    {"key": "angry_burst_1", "at": "2019-05-14 21:02:13", "part": 0, "src": SRC_ANDROID,
     "text": "Third outage this week because someone pushed straight to main. Again. I am so "
             "done with this team.",
     "flag": "negative:burst", "note": "angry burst 1/3 (minutes apart)"},
    {"key": "angry_burst_2", "at": "2019-05-14 21:05:47", "part": 0, "src": SRC_ANDROID,
     "text": "Nobody reads the postmortems. Nobody. Why do I even bother writing them. Pathetic.",
     "flag": "negative:burst", "note": "angry burst 2/3"},
    {"key": "angry_burst_3", "at": "2019-05-14 21:09:30", "part": 0, "src": SRC_ANDROID,
     "text": "Honestly the worst release process I have ever seen. Embarrassing and infuriating.",
     "flag": "negative:burst", "note": "angry burst 3/3"},
    {"key": "all_caps_friday", "at": "2019-08-23 15:12:09", "part": 0, "src": SRC_ANDROID,
     "text": "WHO DEPLOYS ON A FRIDAY AT 5PM WITHOUT TELLING ANYONE!!! I HATE THIS",
     "flag": "negative:intensity", "note": "angry ALL-CAPS post with !!!"},
    {"key": "desk_phone", "at": "2019-10-04 17:48:26", "part": 0, "src": SRC_ANDROID,
     "text": "Selling my old standing desk, works perfectly, €120. Pickup in Kreuzberg, "
             "call me at 555-0142 after 6pm",
     "flag": "overshare:pii", "note": "phone number (fictional 555 number)"},
    {"key": "quote_tracing", "at": "2019-11-12 13:26:03", "part": 0, "src": SRC_WEB_APP,
     "links": ["status:twitter.com/mara_codes"],
     "text": "Strong agree. Tracing first, dashboards later. {link}", "likes": 5,
     "note": "quote: trailing twitter.com status link"},
    {"key": "sad_news", "at": "2020-04-08 19:30:44", "part": 0, "src": SRC_WEB_APP,
     "text": "Sad news today: Marek, our first team lead, passed away last night. He taught half "
             "of us how to debug production calmly. Rest easy.",
     "likes": 41, "flag": "none", "note": "sad news, not hostile: must not be negative:targeted"},
    {"key": "coffee_wfh", "at": "2020-05-02 07:58:10", "part": 0, "src": SRC_WEB_APP,
     "text": "WFH day 47: the good coffee beans are gone and so is my will to wear real "
             "trousers.", "likes": 9, "flag": "none", "note": "neutral coffee post"},
    {"key": "reply_lee_blog", "at": "2020-09-21 12:14:35", "part": 0, "src": SRC_WEB_APP,
     "reply_to": "lee_writes",
     "text": "Great post. The bit about naming alerts after the user impact is gold.",
     "likes": 1},
    {"key": "rust_and_go", "at": "2021-03-09 18:40:27", "part": 0, "src": SRC_WEB_APP,
     "links": ["https://blog.example.org/rust-and-go-side-by-side"],
     "text": "Rust & Go side by side for the same CLI tool, with benchmarks: {link}",
     "likes": 12, "flag": "value:article", "note": "link after &amp; (indices in escaped text)"},
    {"key": "homelab_nixos", "at": "2021-07-04 20:11:58", "part": 0, "src": SRC_WEB_APP,
     "text": "Moved the homelab to NixOS this weekend. The whole server is now one config file "
             "in git, which is either brilliant or a trap. #homelab", "likes": 8,
     "flag": "none", "note": "neutral hobby post"},
    {"key": "security_log4shell", "at": "2021-12-10 18:20:14", "part": 0, "src": SRC_WEB_APP,
     "links": ["https://logging.apache.org/log4j/2.x/security.html"],
     "text": "PSA: CVE-2021-44228 in log4j 2.x is being exploited in the wild. Patch now "
             "(2.15.0+), check your vendors too, and while you're at it turn on 2FA for your "
             "CI and registry accounts. {link} #infosec",
     "likes": 37, "flag": "value:security", "note": "security notice: CVE id, patch now, 2FA"},
    {"key": "latency_gt", "at": "2022-02-16 10:52:48", "part": 0, "src": SRC_WEB_APP,
     "links": ["https://gist.example.com/sample-dev/3f2a9c"],
     "text": "p99 > 2s on checkout -> turned out to be an N+1 in the coupon lookup. "
             "Write-up: {link}",
     "likes": 7, "flag": "value:educational", "note": "link after &gt;"},
    {"key": "hiring_backend", "at": "2022-05-10 09:05:31", "part": 0, "src": SRC_WEB_APP,
     "links": ["https://jobs.example.com/backend-engineer"],
     "text": "We're hiring a backend engineer (Go & Postgres, remote within the EU). "
             "@dana_ops you'd be great for this one {link}",
     "likes": 19, "flag": "value:opportunity", "note": "job opening shared, tags a friend"},
    {"key": "killer_feature", "at": "2022-08-30 14:17:06", "part": 0, "src": SRC_WEB_APP,
     "text": "Structured logging is the killer feature nobody puts on the roadmap. "
             "#observability",
     "likes": 10, "flag": "none", "note": "'killer feature': must not be negative"},
    {"key": "reply_priya_status", "at": "2023-01-26 11:08:54", "part": 0, "src": SRC_WEB_APP,
     "reply_to": "priya_sec", "links": ["status:x.com/oss_jules"],
     "text": "Jules posted the mitigation steps here, worked for us: {link}",
     "likes": 3, "note": "reply that ALSO links a status: kind reply (reply wins over quote)"},
    {"key": "talk_given", "at": "2023-04-20 19:45:22", "part": 0, "src": SRC_WEB_APP,
     "links": ["https://slides.example.net/boring-postgres-upgrades"],
     "text": "Gave my first conference talk today: \"Boring Postgres upgrades\". Thanks to "
             "everyone who came and asked hard questions! Slides: {link}",
     "likes": 52, "flag": "value:milestone", "note": "gave a talk"},
    {"key": "long_oncall", "at": "2023-06-18 17:33:00", "part": 0, "src": SRC_WEB_APP,
     "long": True, "likes": 64,
     "text": "Five things I learned from two years of running on-call for a payments platform.\n\n"
             "1. Every alert needs an owner and a runbook link, or it gets ignored within a week."
             "\n2. Page on symptoms users feel, not on CPU graphs.\n3. Write the incident "
             "timeline while it happens; memory is a terrible log.\n4. Blameless postmortems "
             "only work if the action items actually get scheduled.\n5. Rotate people out "
             "before they burn out, not after.\n\nNone of this is new, but writing it down "
             "made our rotation calmer and our pages rarer.",
     "flag": "value:educational", "note": "long post: truncated in tweets.js, full text in "
                                          "note-tweet.js"},
    {"key": "thread_followup", "at": "2023-06-18 17:41:12", "part": 0, "src": SRC_WEB_APP,
     "reply_to": "sample_dev",
     "text": "Bonus: keep a 'things that paged me and shouldn't have' list. It writes your next "
             "quarter's reliability work for you.", "likes": 12,
     "note": "self-reply (thread continuation)"},
    {"key": "rt_phishing", "at": "2023-10-05 08:22:17", "part": 0, "src": SRC_WEB_APP,
     "rt": "priya_sec",
     "text": "Reminder: the fake 'your package is held at customs' texts are back, now with "
             "very convincing tracking pages. Never enter card details from an SMS link, and "
             "report them to your carrier.",
     "note": "repost, truncated with …"},
    {"key": "lisbon_holiday", "at": "2024-07-12 06:40:05", "part": 0, "src": SRC_WEB_APP,
     "text": "Two weeks in Lisbon starting today ✈️ the flat is empty, the plants are on their "
             "own and my laptop stays at home.",
     "likes": 14, "flag": "overshare:location", "note": "check-in / holiday, home empty"},
    {"key": "pool_article", "at": "2024-09-03 12:02:44", "part": 0, "src": SRC_WEB_APP,
     "links": ["https://engineering.example.com/postgres-connection-pooling"],
     "text": "Best write-up on Postgres connection pooling I've read this year 🔥 {link}",
     "likes": 21, "flag": "value:article", "note": "article share, link after an astral emoji"},
    {"key": "reply_mara_tool", "at": "2024-11-19 16:55:09", "part": 0, "src": SRC_WEB_APP,
     "reply_to": "mara_codes", "links": ["https://github.com/example/pgbench-report"],
     "text": "We use this to turn pgbench output into readable reports: {link} Saves an hour "
             "per benchmark run.", "likes": 4, "flag": "value:answer",
     "note": "reply recommending a tool with a link"},
    # ---- 2025 (newest, back in tweets-part1.js) ----
    {"key": "feierabend", "at": "2025-01-24 18:03:37", "part": 1, "src": SRC_WEB_APP,
     "lang": "de", "text": "Feierabend. Endlich Wochenende und kein Bereitschaftsdienst.",
     "likes": 3, "flag": "none", "note": "German text, neutral"},
    {"key": "marathon", "at": "2025-04-06 13:12:50", "part": 1, "src": SRC_WEB_APP,
     "text": "Berlin half marathon done in 1:52:07. Knees filed a formal complaint. #running",
     "likes": 30, "flag": "none", "note": "neutral sports post"},
    {"key": "reply_ben_pager", "at": "2025-05-15 07:26:41", "part": 1, "src": SRC_WEB_APP,
     "reply_to": "ben_on_call",
     "text": "We set the escalation to 10 minutes and the pager volume dropped by half. Worth "
             "trying.", "likes": 2},
    {"key": "newest_coffee", "at": "2025-06-27 08:15:03", "part": 1, "src": SRC_WEB_APP,
     "text": "New grinder arrived. The office coffee is now officially someone else's problem.",
     "likes": 6, "flag": "none", "note": "neutral coffee post, newest tweet"},
]

#: Community posts (data/community-tweet.js); same fields as TWEETS plus ``community``.
COMMUNITY_TWEETS: list[dict[str, Any]] = [
    {"key": "community_tracing", "at": "2024-03-07 19:22:31", "src": SRC_WEB_APP,
     "community": "1600000000000000099",
     "text": "Anyone else migrating from the log crate to tracing? Happy to share our subscriber "
             "setup, it took a few tries to get the filtering right.", "likes": 5,
     "note": "community post (counts as a post)"},
]


# -------------------------------------------------------------------------------------------
# X / Twitter writers
# -------------------------------------------------------------------------------------------

_TWITTER_EPOCH_MS = 1288834974657
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def snowflake(when: datetime, salt: int) -> str:
    """A Snowflake-style id for ``when``: increases with time, distinct per ``salt``."""
    ms = int(when.timestamp() * 1000)
    return str(((ms - _TWITTER_EPOCH_MS) << 22) | ((salt % 1024) << 12) | (salt * 37 % 4096))


def x_date(when: datetime) -> str:
    """``Fri Mar 06 13:02:05 +0000 2026`` (locale-independent)."""
    return (
        f"{_DAYS[when.weekday()]} {_MONTHS[when.month - 1]} {when:%d %H:%M:%S} +0000 {when:%Y}"
    )


def iso_ms(when: datetime) -> str:
    """``2026-03-06T14:02:05.000Z``."""
    return f"{when:%Y-%m-%dT%H:%M:%S}.{when.microsecond // 1000:03d}Z"


def html_escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` the way X does in ``full_text`` (quotes stay as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def display_url(url: str) -> str:
    """X's shortened link text: host without ``www.``, then at most 15 characters of path."""
    rest = url.split("://", 1)[1]
    rest = rest.removeprefix("www.")
    host, sep, path = rest.partition("/")
    path = sep + path
    if path == "/":
        path = ""
    return host + (path[:15] + "…" if len(path) > 15 else path)


def tco(seed: str) -> str:
    """A t.co short link (10 alphanumeric characters) derived from ``seed``."""
    return "https://t.co/" + token(seed, 10)


def jackson(value: Any, indent: int = 0, inline_arrays: bool = False) -> str:
    """Serialize like X's exporter (Jackson's pretty printer).

    Objects are one key per line as ``"key" : value``; empty arrays are ``[ ]``. Arrays are one
    item per line (tweet files) or, with ``inline_arrays``, ``[ {`` ... ``} ]`` (manifest.js).
    Strings keep non-ASCII characters as they are (UTF-8 in the file).
    """
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{ }"
        inner = " " * (indent + 2)
        items = [
            f"{inner}{json.dumps(k)} : {jackson(v, indent + 2, inline_arrays)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        if inline_arrays:
            return "[ " + ", ".join(jackson(v, indent, inline_arrays) for v in value) + " ]"
        inner = " " * (indent + 2)
        items = [inner + jackson(v, indent + 2, inline_arrays) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def ytd_file(name: str, rows: list[dict[str, Any]], part: int = 0) -> bytes:
    """A ``window.YTD.<name>.part<N> = [ ... ]`` data file (no trailing newline, like X)."""
    return f"window.YTD.{name}.part{part} = {jackson(rows)}".encode()


def _person(handle: str) -> tuple[str, str]:
    if handle not in X_PEOPLE:
        raise KeyError(f"handle @{handle} is not in X_PEOPLE; add it there first")
    return X_PEOPLE[handle]


def _entities_from_text(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Hashtags and user mentions with ``[start, end]`` code-point indices into ``text``."""
    hashtags = [
        {"text": m.group(1), "indices": [str(m.start()), str(m.end())]}
        for m in re.finditer(r"(?<![\w&#])#(\w+)", text)
    ]
    mentions = []
    for m in re.finditer(r"(?<![\w@])@(\w{1,15})", text):
        name, uid = _person(m.group(1))
        mentions.append({
            "name": name,
            "screen_name": m.group(1),
            "indices": [str(m.start()), str(m.end())],
            "id_str": uid,
            "id": uid,
        })
    return hashtags, mentions


def _status_link(spec: str, when: datetime, salt: int) -> str:
    """``status:<host>/<handle>`` -> a status URL on that host with an id older than ``when``."""
    host, handle = spec.removeprefix("status:").split("/")
    _person(handle)
    return f"https://{host}/{handle}/status/{snowflake(when - timedelta(hours=3), salt + 500)}"


def _photo(tweet_id: str, when: datetime, url: str, start: int, salt: int) -> dict[str, Any]:
    media_id = snowflake(when - timedelta(seconds=20), salt + 700)
    key = token(f"media-{tweet_id}", 15)
    size = {"w": "1200", "h": "900", "resize": "fit"}
    return {
        "expanded_url": f"https://x.com/{X_USER['userName']}/status/{tweet_id}/photo/1",
        "indices": [str(start), str(start + len(url))],
        "url": url,
        "media_url": f"http://pbs.twimg.com/media/{key}.jpg",
        "id_str": media_id,
        "id": media_id,
        "media_url_https": f"https://pbs.twimg.com/media/{key}.jpg",
        "sizes": {
            "small": {"w": "680", "h": "510", "resize": "fit"},
            "large": {"w": "1600", "h": "1200", "resize": "fit"},
            "medium": size,
            "thumb": {"w": "150", "h": "150", "resize": "crop"},
        },
        "type": "photo",
        "display_url": "pic.x.com/" + url.rsplit("/", 1)[1],
    }


def tweet_kind(spec: dict[str, Any]) -> str:
    """The kind an importer should assign (repost > reply > quote > post, as in DESIGN.md)."""
    if "rt" in spec:
        return "repost"
    if "reply_to" in spec:
        return "reply"
    if any(link.startswith("status:") for link in spec.get("links", [])):
        return "quote"
    return "post"


def build_tweet(spec: dict[str, Any], salt: int) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Turn one TWEETS entry into an archive tweet object (and its note tweet, if long).

    The text is HTML-escaped first, then each ``{link}`` / ``{media}`` marker is replaced by a
    t.co link from left to right, so every entity's indices are code-point offsets into the
    escaped ``full_text`` exactly as X writes them.
    """
    when = utc(spec["at"])
    if spec.get("long"):
        when = when.replace(microsecond=0)
    else:
        when = when.replace(microsecond=(salt * 137 % 1000) * 1000)
    tweet_id = snowflake(when, salt)
    text = spec["text"]
    links: list[str] = [
        _status_link(link, when, salt) if link.startswith("status:") else link
        for link in spec.get("links", [])
    ]
    note: dict[str, Any] | None = None
    prefix = ""
    if "rt" in spec:
        text = f"RT @{spec['rt']}: {text}"
        if len(text) > 140:
            text = text[:139].rstrip() + "…"
    if "reply_to" in spec:
        prefix = f"@{spec['reply_to']} "
        text = prefix + text
    if spec.get("long"):
        cut = text[:250].rsplit(" ", 1)[0]
        links.append(f"https://twitter.com/i/web/status/{tweet_id}")
        note_text = text
        text = cut + "… {link}"
        note_id = snowflake(when - timedelta(seconds=1), salt + 900)
        note = {"noteTweet": {
            "noteTweetId": note_id,
            "updatedAt": iso_ms(when),
            "lifecycle": {
                "value": "Created", "name": "Created", "originalName": "Created",
                "annotations": {},
            },
            "createdAt": iso_ms(when),
            "core": {
                "styletags": [], "urls": [], "text": note_text, "mentions": [], "cashtags": [],
                "hashtags": [],
            },
        }}

    full = html_escape(text)
    urls: list[dict[str, Any]] = []
    media: list[dict[str, Any]] = []
    for n, expanded in enumerate(links):
        short = tco(f"{spec['key']}-link-{n}")
        start = full.index("{link}")
        full = full[:start] + short + full[start + len("{link}"):]
        urls.append({
            "url": short,
            "expanded_url": expanded,
            "display_url": display_url(expanded),
            "indices": [str(start), str(start + len(short))],
        })
    if spec.get("media"):
        short = tco(f"{spec['key']}-media")
        start = full.index("{media}")
        full = full[:start] + short + full[start + len("{media}"):]
        media.append(_photo(tweet_id, when, short, start, salt))
    if "{link}" in full or "{media}" in full:
        raise ValueError(f"tweet {spec['key']}: more markers than links")
    hashtags, mentions = _entities_from_text(full)

    entities: dict[str, Any] = {
        "hashtags": hashtags, "symbols": [], "user_mentions": mentions, "urls": urls,
    }
    if media:
        entities["media"] = media
    is_own_post = tweet_kind(spec) == "post" and "reply_user_only" not in spec
    until = when + timedelta(hours=1)
    if not is_own_post:
        until = until.replace(microsecond=0)
    tweet: dict[str, Any] = {
        "edit_info": {"initial": {
            "editTweetIds": [tweet_id],
            "editableUntil": iso_ms(until),
            "editsRemaining": "5",
            "isEditEligible": is_own_post and when.year >= 2022,
        }},
        "retweeted": False,
        "source": spec.get("src", SRC_WEB_APP),
        "entities": entities,
        "display_text_range": [str(len(html_escape(prefix))), str(len(full))],
        "favorite_count": str(spec.get("likes", 0)),
    }
    if "reply_to" in spec:
        target_id = snowflake(when - timedelta(minutes=25), salt + 300)
        tweet["in_reply_to_status_id_str"] = target_id
    tweet["id_str"] = tweet_id
    reply_handle = spec.get("reply_to") or spec.get("reply_user_only")
    if reply_handle:
        tweet["in_reply_to_user_id"] = _person(reply_handle)[1]
    tweet["truncated"] = False
    tweet["retweet_count"] = str(spec.get("likes", 0) // 4)
    tweet["id"] = tweet_id
    if "reply_to" in spec:
        tweet["in_reply_to_status_id"] = tweet["in_reply_to_status_id_str"]
    if urls or media:
        tweet["possibly_sensitive"] = False
    tweet["created_at"] = x_date(when)
    tweet["favorited"] = False
    tweet["full_text"] = full
    tweet["lang"] = spec.get("lang", "en")
    if "reply_to" in spec:
        tweet["in_reply_to_screen_name"] = spec["reply_to"]
    if reply_handle:
        tweet["in_reply_to_user_id_str"] = _person(reply_handle)[1]
    if media:
        tweet["extended_entities"] = {"media": media}
    return tweet, note


def build_community_tweet(spec: dict[str, Any], salt: int) -> dict[str, Any]:
    """A community post: a tweet object plus ``scopes``, ``community_id`` and its string twin."""
    tweet, _ = build_tweet(spec, salt)
    out: dict[str, Any] = {}
    for key, value in tweet.items():
        if key == "edit_info":
            continue  # the observed community tweets carry no edit_info
        out[key] = value
        if key == "id_str":
            out["scopes"] = {"followers": False}
        if key == "id":
            out["community_id"] = spec["community"]
            out["community_id_str"] = spec["community"]
    return out


def manifest_file(tweet_counts: list[int], note_count: int, community_count: int,
                  size_bytes: int) -> bytes:
    """``data/manifest.js``: ``window.__THAR_CONFIG = {...}`` listing the data files."""

    def one(file_name: str, global_name: str, count: int) -> dict[str, str]:
        return {"fileName": file_name, "globalName": global_name, "count": str(count)}

    tweet_files = [
        one("data/tweets.js" if n == 0 else f"data/tweets-part{n}.js", f"YTD.tweets.part{n}", c)
        for n, c in enumerate(tweet_counts)
    ]
    config = {
        "userInfo": dict(X_USER),
        "archiveInfo": {
            "sizeBytes": str(size_bytes),
            "generationDate": X_GENERATED,
            "isPartialArchive": False,
            "maxPartSizeBytes": "53687091200",
        },
        "dataTypes": {
            "account": {"files": [one("data/account.js", "YTD.account.part0", 1)]},
            "accountTimezone": {
                "files": [one("data/account-timezone.js", "YTD.account_timezone.part0", 1)]
            },
            "communityTweet": {
                "mediaDirectory": "data/community_tweet_media",
                "files": [one("data/community-tweet.js", "YTD.community_tweet.part0",
                              community_count)],
            },
            "communityTweetMedia": {"mediaDirectory": "data/community_tweet_media"},
            "noteTweet": {
                "files": [one("data/note-tweet.js", "YTD.note_tweet.part0", note_count)]
            },
            "tweets": {"mediaDirectory": "data/tweets_media", "files": tweet_files},
            "tweetsMedia": {"mediaDirectory": "data/tweets_media"},
        },
    }
    return ("window.__THAR_CONFIG = " + jackson(config, inline_arrays=True)).encode()


ARCHIVE_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Your archive</title></head>
<body>
<!-- Synthetic stub of the X archive viewer (footprint audit sample data). -->
<p>Archive of @{user}. Open the files in <code>data/</code>.</p>
</body>
</html>
"""


def twitter_members() -> dict[str, bytes]:
    """All members of ``twitter.zip``."""
    if len({t["key"] for t in TWEETS + COMMUNITY_TWEETS}) != len(TWEETS) + len(COMMUNITY_TWEETS):
        raise ValueError("tweet keys must be unique")
    parts: dict[int, list[dict[str, Any]]] = {0: [], 1: []}
    notes: list[dict[str, Any]] = []
    members: dict[str, bytes] = {}
    # Newest first inside each part, as X writes them.
    for salt, spec in sorted(enumerate(TWEETS, start=1), key=lambda p: p[1]["at"], reverse=True):
        tweet, note = build_tweet(spec, salt)
        parts[spec["part"]].append({"tweet": tweet})
        if note:
            notes.append(note)
        if spec.get("media"):
            media = tweet["extended_entities"]["media"][0]
            key = media["media_url_https"].rsplit("/", 1)[1]
            members[f"data/tweets_media/{tweet['id_str']}-{key}"] = PLACEHOLDER_JPEG
    community = [
        {"tweet": build_community_tweet(spec, 100 + n)} for n, spec in enumerate(COMMUNITY_TWEETS)
    ]
    uid = X_USER["accountId"]
    members["data/tweets.js"] = ytd_file("tweets", parts[0], 0)
    members["data/tweets-part1.js"] = ytd_file("tweets", parts[1], 1)
    members["data/note-tweet.js"] = ytd_file("note_tweet", notes)
    members["data/community-tweet.js"] = ytd_file("community_tweet", community)
    members["data/account.js"] = ytd_file("account", [{"account": {
        "email": "sam.sample@example.com",
        "createdVia": "web",
        "username": X_USER["userName"],
        "accountId": uid,
        "createdAt": X_ACCOUNT_CREATED,
        "accountDisplayName": X_USER["displayName"],
    }}])
    members["data/account-timezone.js"] = ytd_file(
        "account_timezone", [{"accountTimezone": {"accountId": uid, "timeZone": X_TIMEZONE}}]
    )
    members["Your archive.html"] = ARCHIVE_HTML.format(user=X_USER["userName"]).encode()
    size = sum(len(b) for b in members.values())
    members["data/manifest.js"] = manifest_file(
        [len(parts[0]), len(parts[1])], len(notes), len(community), size
    )
    return members


# -------------------------------------------------------------------------------------------
# Facebook data
# -------------------------------------------------------------------------------------------

FB_NAME = "Sam Sample"
FB_UPLOAD_IP = "203.0.113.7"  # TEST-NET-3 documentation address
FB_ALBUM = "your_facebook_activity/posts/media/MobileUploads_10150000000000001"
FB_PHOTOS = {
    "party": f"{FB_ALBUM}/10150000000000011_n.jpg",
    "lake": f"{FB_ALBUM}/10150000000000022_n.jpg",
}
FB_GROUP = "Rust Developers Berlin"

# Each post: at (UTC), optional title, text, update (adds {"update_timestamp"}), pad (number of
# 2024 ``{}`` padding entries), photo (key of FB_PHOTOS), link ({url, name, source}), place,
# tags, and the intended flag. Listed in FILE order, deliberately not by date; ``duplicate``
# repeats the post with that key verbatim at this position.
FB_POSTS: list[dict[str, Any]] = [
    {"key": "lisbon_checkin", "at": "2024-07-13 05:52:18",
     "title": f"{FB_NAME} is at Lisbon Airport.",
     "text": "Two weeks in Portugal, house sitter starts Monday ☀️🇵🇹",
     "place": {"name": "Lisbon Airport", "coordinate": {"latitude": 38.7742,
                                                        "longitude": -9.1342},
               "address": "Alameda das Comunidades Portuguesas, 1700-111 Lisboa, Portugal",
               "url": "https://www.facebook.com/pages/Lisbon-Airport/100000000000301"},
     "pad": 2, "flag": "overshare:location", "note": "check-in with coordinates on holiday"},
    {"key": "moved_berlin", "at": "2015-08-09 17:21:40",
     "title": f"{FB_NAME} updated his status.",
     "text": "Finally moved to Berlin! Boxes everywhere, no Wi-Fi until Thursday 😅",
     "flag": "none", "note": "emoji mojibake, neutral"},
    {"key": "party_photo", "at": "2017-02-12 00:31:09",
     "title": f"{FB_NAME} added a new photo.",
     "text": "Birthday chaos at Tomás' place 🍻 fourth round of tequila shots and counting",
     "photo": "party", "tags": ["Tomás Ferreira", "Jordan Lee"],
     "flag": "overshare:alcohol", "note": "party/drinking photo"},
    {"key": "nata_food", "at": "2023-05-21 15:08:33",
     "title": f"{FB_NAME} updated his status.",
     "text": "Made pastéis de nata from scratch. Three hours, twelve pastries, zero regrets.",
     "flag": "none", "note": "neutral food post with accents"},
    {"key": "shared_link_only", "at": "2017-06-30 20:14:55",
     "title": f"{FB_NAME} shared a link.",
     "link": {"url": "https://www.example.org/articles/how-dns-works",
              "name": "How DNS really works, explained with cats",
              "source": "example.org"},
     "update": True, "note": "attachment-only: shared link, no text"},
    {"key": "coworker_rant", "at": "2018-03-15 00:37:26",
     "title": f"{FB_NAME} updated his status.",
     "text": "Jonas from the platform team is the laziest person I have ever worked with. "
             "Rewrote his broken migration AGAIN tonight while he sleeps. Unbelievable.",
     "flag": "negative:targeted", "flags": ["negative:targeted", "immediacy:late-night"],
     "note": "rant about a named co-worker, 01:37 Berlin time"},
    {"key": "nata_food", "duplicate": True},
    {"key": "sofa_phone", "at": "2019-03-02 10:45:12",
     "title": f"{FB_NAME} updated his status.",
     "text": "Anyone in Neukölln want a free sofa? Must be picked up this weekend, call me at "
             "555-0187.",
     "flag": "overshare:pii", "note": "phone number (fictional 555 number)"},
    {"key": "photo_only", "at": "2019-07-28 16:02:40", "photo": "lake",
     "note": "attachment-only: photo with no text, no title"},
    {"key": "marathon", "at": "2019-09-29 15:30:00",
     "title": f"{FB_NAME} updated his status.",
     "text": "Marathon done: 4:12:37. My knees disagree with the decision but I'm so happy!",
     "flag": "none", "note": "neutral sports"},
    {"key": "hiring_tag", "at": "2022-05-10 11:20:45",
     "title": f"{FB_NAME} shared a link.",
     "text": "We're hiring a backend engineer (Go + Postgres, remote-friendly, lovely team). "
             "Ana, this one has your name on it!",
     "link": {"url": "https://jobs.example.com/backend-engineer",
              "name": "Backend Engineer (Go) - Example GmbH", "source": "jobs.example.com"},
     "tags": ["Ana Souza"], "flag": "value:opportunity",
     "note": "job opening shared, tags a friend"},
    {"key": "phishing_notice", "at": "2021-11-04 08:40:10",
     "title": f"{FB_NAME} updated his status.",
     "text": "Heads up: there's a phishing wave pretending to be from our bank. Never give anyone "
             "the 2FA code from an SMS, turn on 2FA for your email today, and patch your phones "
             "- the last update fixes an actively exploited bug.",
     "flag": "value:security", "note": "security notice"},
    {"key": "cka_milestone", "at": "2020-10-16 17:55:03",
     "title": f"{FB_NAME} updated his status.",
     "text": "Passed the Certified Kubernetes Administrator exam today! 🎉 Thanks to everyone "
             "who put up with my flashcards.",
     "update": True, "flag": "value:milestone", "note": "passed a certification"},
    {"key": "christmas_family", "at": "2016-12-24 18:12:31",
     "title": f"{FB_NAME} updated his status.",
     "text": "Christmas at my parents'. Mum's Apfelstrudel is still undefeated.",
     "flag": "none", "note": "neutral family post"},
    {"key": "madrid_spanish", "at": "2018-10-14 19:48:22",
     "title": f"{FB_NAME} actualizó su estado.",
     "text": "¡Qué buen fin de semana en Madrid con la familia! 🇪🇸",
     "flag": "none", "note": "Spanish title and text, flag emoji mojibake"},
    {"key": "ci_killer_feature", "at": "2022-09-07 12:33:50",
     "title": f"{FB_NAME} updated his status.",
     "text": "Our new CI cache is the killer feature of the quarter: builds went from 14 "
             "minutes to 3.",
     "flag": "none", "note": "'killer feature': must not be negative"},
    {"key": "grandpa_rip", "at": "2021-02-03 20:05:44",
     "title": f"{FB_NAME} updated his status.",
     "text": "Rest in peace, Opa Heinz. You taught me chess, patience and how to fix a "
             "bicycle chain. I'll miss you.",
     "flag": "none", "note": "sad news, not hostile"},
    {"key": "indexing_article", "at": "2023-02-09 09:12:15",
     "title": f"{FB_NAME} shared a link.",
     "text": "If you're starting out with databases, this is the clearest explanation of "
             "indexes I've found.",
     "link": {"url": "https://www.example.org/guides/database-indexing",
              "name": "Database indexing for beginners", "source": "example.org"},
     "flag": "value:article", "note": "article share with text"},
    {"key": "tempelhof_walk", "at": "2024-03-17 11:26:08",
     "text": "Sunday: long walk on Tempelhofer Feld, then pancakes. Perfect.",
     "pad": 2, "flag": "none", "note": "neutral, no title, 2024 padding"},
    {"key": "edited_update", "at": "2020-06-11 19:40:31",
     "title": f"{FB_NAME} updated his status.",
     "text": "Balcony tomatoes are finally turning red. Gardening is just debugging with "
             "more dirt.", "update": True, "note": "post with update_timestamp"},
    {"key": "ten_years", "at": "2025-03-01 10:00:12",
     "title": f"{FB_NAME} updated his status.",
     "text": "Ten years in tech today. From fixing printers to running the platform team - "
             "thank you to every mentor along the way.",
     "pad": 2, "flag": "value:milestone", "note": "career milestone"},
    {"key": "bbq_friends", "at": "2016-07-23 19:05:50",
     "title": f"{FB_NAME} updated his status.",
     "text": "BBQ at the lake with the old uni crew. Some things never change.",
     "tags": ["Jordan Lee"], "note": "neutral, tags a friend"},
    {"key": "sourdough", "at": "2020-04-19 09:14:27",
     "title": f"{FB_NAME} updated his status.",
     "text": "Day 12 of the lockdown sourdough experiment: the starter now has a name (Bernd) "
             "and a feeding schedule stricter than our deploy calendar.",
     "update": True, "pad": 2, "flag": "none", "note": "neutral food post"},
    {"key": "rust_meetup_link", "at": "2024-10-22 18:45:37",
     "title": f"{FB_NAME} shared a link.",
     "link": {"url": "", "name": "Rust Developers Berlin", "source": ""},
     "pad": 2, "note": "attachment-only re-share with empty url (2024 style)"},
    {"key": "cologne_dialect", "at": "2017-11-11 11:11:11",
     "title": f"{FB_NAME} updated his status.",
     "text": "Karneval in Köln: ich verstehe kein Wort, aber die Stimmung ist großartig.",
     "flag": "none", "note": "German umlauts / ß"},
    {"key": "coffee_beans", "at": "2025-05-06 07:20:19",
     "title": f"{FB_NAME} updated his status.",
     "text": "New coffee beans from the roastery around the corner. Monday fixed.",
     "pad": 2, "flag": "none", "note": "neutral coffee, newest post"},
]

FB_COMMENTS: list[dict[str, Any]] = [
    {"key": "congrats_jordan", "at": "2021-06-02 18:10:05",
     "title": f"{FB_NAME} commented on Jordan Lee's post.",
     "text": "Congrats on the new role, well deserved!", "flag": "none"},
    {"key": "reply_ana", "at": "2022-05-10 14:02:51",
     "title": f"{FB_NAME} replied to Ana Souza's comment.",
     "text": "Yes! Send me your CV and I'll pass it to the hiring manager directly.",
     "flag": "value:opportunity", "note": "reply to a comment"},
    {"key": "dns_answer", "at": "2020-01-14 20:33:47",
     "title": f"{FB_NAME} commented on Mark Weber's post.",
     "text": "It's the DNS cache. On Windows run ipconfig /flushdns, on a Mac run sudo "
             "dscacheutil -flushcache, then restart the browser. The new record should show up "
             "right away.",
     "flag": "value:answer", "note": "answers a question helpfully"},
    {"key": "hostile_kevin", "at": "2020-11-28 23:52:19",
     "title": f"{FB_NAME} commented on Kevin Brandt's post.",
     "text": "Kevin, you are an idiot. Nobody asked for your stupid opinion on remote work.",
     "flag": "negative:targeted", "note": "hostile comment to a named person"},
    {"key": "sticker_only", "at": "2019-04-05 12:15:33",
     "title": f"{FB_NAME} commented on Priya Nair's photo.",
     "text": "",
     "sticker": "your_facebook_activity/comments_and_reactions/stickers_used/"
                "10150000000000501_n.png",
     "note": "sticker-only comment: text is empty"},
    {"key": "lucia_spanish", "at": "2023-08-19 16:44:02",
     "title": f"{FB_NAME} comentó la publicación de Lucía Pérez.",
     "text": "¡Felicidades! Qué alegría 🎉", "flag": "none",
     "note": "Spanish title, mojibake"},
    {"key": "own_post_update", "at": "2019-03-03 09:02:18",
     "title": f"{FB_NAME} commented on his own post.",
     "text": "Update: the sofa is gone, thanks everyone!", "flag": "none"},
    {"key": "photo_question", "at": "2024-08-30 19:27:40",
     "title": f"{FB_NAME} commented on Priya Nair's photo.",
     "text": "Great shot! Where was this taken?", "flag": "none"},
]

FB_GROUP_POSTS: list[dict[str, Any]] = [
    {"key": "group_beginners_night", "at": "2023-09-12 17:30:21",
     "title": f"{FB_NAME} posted in {FB_GROUP}.",
     "text": "Hosting a beginners' Rust evening next Thursday at our office in Kreuzberg. "
             "Bring a laptop, we'll bring pizza.", "flag": "none"},
    {"key": "group_sqlx_question", "at": "2024-01-23 10:05:59",
     "title": f"{FB_NAME} posted in {FB_GROUP}.",
     "text": "Is anyone running sqlx behind PgBouncer in transaction mode? We keep getting "
             "'prepared statement already exists' errors.", "flag": "none"},
    {"key": "group_talk_slides", "at": "2024-06-05 21:14:36",
     "title": f"{FB_NAME} posted in {FB_GROUP}.",
     "text": "Slides from my lightning talk on error handling with thiserror and anyhow:",
     "link": {"url": "https://slides.example.net/rust-error-handling",
              "name": "Error handling in Rust, the boring way", "source": "slides.example.net"},
     "flag": "value:educational", "note": "group post sharing talk slides"},
]

FB_GROUP_COMMENTS: list[dict[str, Any]] = [
    {"key": "gc_pgbouncer_answer", "at": "2024-01-24 08:41:12",
     "title": f"{FB_NAME} commented on Nina Becker's post.",
     "text": "Set statement_cache_capacity to 0 on the pool options, or switch PgBouncer to "
             "session mode for that service. That fixed it for us.",
     "flag": "value:answer", "note": "group comment answering a question"},
    {"key": "gc_thanks", "at": "2023-09-22 20:55:03",
     "title": f"{FB_NAME} commented on his own post.",
     "text": "Thanks to everyone who came, 23 people and zero leftover pizza!", "flag": "none"},
    {"key": "gc_meetup_time", "at": "2024-11-02 12:12:48",
     "title": f"{FB_NAME} commented on Jonas Richter's post.",
     "text": "Could we move the meetup to 19:00? Half of us are still at work at 18:00.",
     "flag": "none"},
]


# -------------------------------------------------------------------------------------------
# Facebook writers
# -------------------------------------------------------------------------------------------


def mojibake(value: Any) -> Any:
    """Recursively re-encode strings as Facebook does: UTF-8 bytes read as latin-1.

    Dumped with ``ensure_ascii=True`` this gives one ``\\u00XX`` escape per UTF-8 byte, e.g.
    ``é`` -> ``\\u00c3\\u00a9`` and 😂 -> ``\\u00f0\\u009f\\u0098\\u0082``.
    """
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, dict):
        return {mojibake(k): mojibake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mojibake(v) for v in value]
    return value


def fb_json(value: Any) -> bytes:
    """Facebook's JSON layout: mojibake strings, ASCII escapes, 2-space indent, no final newline."""
    return json.dumps(mojibake(value), ensure_ascii=True, indent=2).encode("ascii")


def _fb_attachments(spec: dict[str, Any], ts: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if "photo" in spec:
        items.append({"media": {
            "uri": FB_PHOTOS[spec["photo"]],
            "creation_timestamp": ts,
            "title": "Mobile uploads",
            "description": spec.get("text", ""),
            "media_metadata": {"photo_metadata": {"exif_data": [
                {"upload_ip": FB_UPLOAD_IP, "taken_timestamp": ts - 95},
            ]}},
        }})
    if "link" in spec:
        items.append({"external_context": dict(spec["link"])})
    if "place" in spec:
        items.append({"place": dict(spec["place"])})
    return [{"data": items}] if items else []


def fb_post(spec: dict[str, Any]) -> dict[str, Any]:
    """One post object (also used for group posts), keys in the observed order."""
    ts = unix(spec["at"])
    post: dict[str, Any] = {"timestamp": ts}
    attachments = _fb_attachments(spec, ts)
    if attachments:
        post["attachments"] = attachments
    if spec.get("tags"):
        post["tags"] = [{"name": name} for name in spec["tags"]]
    data: list[dict[str, Any]] = []
    if spec.get("text"):
        data.append({"post": spec["text"]})
    if spec.get("update"):
        data.append({"update_timestamp": ts + (0 if not spec.get("text") else 3600)})
    data.extend({} for _ in range(spec.get("pad", 0)))
    post["data"] = data
    if "title" in spec:
        post["title"] = spec["title"]
    return post


def fb_comment(spec: dict[str, Any], group: str | None = None) -> dict[str, Any]:
    """One ``comments_v2`` / ``group_comments_v2`` entry."""
    ts = unix(spec["at"])
    inner: dict[str, Any] = {"timestamp": ts, "comment": spec["text"], "author": FB_NAME}
    if group:
        inner["group"] = group
    out: dict[str, Any] = {"timestamp": ts, "data": [{"comment": inner}]}
    if "sticker" in spec:
        out["attachments"] = [{"data": [{"media": {"uri": spec["sticker"]}}]}]
    out["title"] = spec["title"]
    return out


def fb_posts_in_file_order() -> list[dict[str, Any]]:
    """FB_POSTS as written to the posts file, with the duplicate expanded."""
    by_key = {p["key"]: p for p in FB_POSTS if not p.get("duplicate")}
    return [fb_post(by_key[p["key"]]) for p in FB_POSTS]


START_HERE_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Your information</title></head>
<body>
<!-- Synthetic stub of Facebook's export start page (footprint audit sample data). -->
<p>Sam Sample's information, exported as JSON. See <code>your_facebook_activity/</code>.</p>
</body>
</html>
"""


def facebook_members() -> dict[str, bytes]:
    """All members of ``facebook.zip``."""
    base = "your_facebook_activity"
    members = {
        f"{base}/posts/your_posts__check_ins__photos_and_videos_1.json":
            fb_json(fb_posts_in_file_order()),
        f"{base}/comments_and_reactions/comments.json":
            fb_json({"comments_v2": [fb_comment(c) for c in FB_COMMENTS]}),
        f"{base}/groups/group_posts_and_comments.json":
            fb_json({"group_posts_v2": [fb_post(p) for p in FB_GROUP_POSTS]}),
        f"{base}/groups/your_comments_in_groups.json":
            fb_json({"group_comments_v2": [fb_comment(c, FB_GROUP) for c in FB_GROUP_COMMENTS]}),
        "start_here.html": START_HERE_HTML.encode(),
    }
    for uri in FB_PHOTOS.values():
        members[uri] = PLACEHOLDER_JPEG
    return members


# -------------------------------------------------------------------------------------------
# Main
# -------------------------------------------------------------------------------------------


def summary() -> dict[str, Any]:
    """Counts by kind and notable items, computed from the data (compare with EXPECTED.json)."""
    kinds: dict[str, int] = {}
    for spec in TWEETS + COMMUNITY_TWEETS:
        kinds[tweet_kind(spec)] = kinds.get(tweet_kind(spec), 0) + 1
    unique_posts = [p for p in FB_POSTS if not p.get("duplicate")]
    return {
        "twitter": {"rows": len(TWEETS) + len(COMMUNITY_TWEETS), "by_kind": kinds},
        "facebook": {
            "posts": len(unique_posts),
            "posts_in_file": len(FB_POSTS),
            "group_posts": len(FB_GROUP_POSTS),
            "comments": len(FB_COMMENTS) + len(FB_GROUP_COMMENTS),
        },
    }


def notable_ids() -> Iterable[tuple[str, str, str, str]]:
    """(platform, id, kind, flag) for every item that carries a ``flag``; ids as in EXPECTED."""
    for salt, spec in enumerate(TWEETS, start=1):
        if "flag" in spec:
            tweet, _ = build_tweet(spec, salt)
            yield "twitter", tweet["id_str"], tweet_kind(spec), spec["flag"]
    for spec in FB_POSTS + FB_GROUP_POSTS:
        if "flag" in spec and not spec.get("duplicate"):
            yield "facebook", str(unix(spec["at"])), "post", spec["flag"]
    for spec in FB_COMMENTS + FB_GROUP_COMMENTS:
        if "flag" in spec:
            yield "facebook", str(unix(spec["at"])), "comment", spec["flag"]


def main(argv: list[str] | None = None) -> int:
    """Write ``twitter.zip`` and ``facebook.zip``; the optional argument is the output folder."""
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else Path(__file__).resolve().parent
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, members in (("twitter.zip", twitter_members()),
                          ("facebook.zip", facebook_members())):
        path = out_dir / name
        write_zip(path, members)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{path}  {len(members)} members  sha256 {digest[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
