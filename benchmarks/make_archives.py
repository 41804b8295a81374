"""Generate big synthetic archives for the performance benchmark (deterministic, streamed to disk).

For each size N it writes, under ``--out`` (default ``/tmp/footprint-bench``):

- ``x-<N>/``: an X archive folder in the YTD v2 layout (``../shared/FORMATS.md`` 1.2-1.4):
  ``data/manifest.js``, ``data/account.js``, ``data/account-timezone.js`` and the N tweets split
  over ``data/tweets.js`` and ``data/tweets-partK.js`` (parts not in date order, as X does). Each
  tweet is a realistic ``{"tweet": {...}}`` object: string ids and counts, ``created_at`` in X's
  format, HTML-escaped ``full_text`` with t.co links whose entity ``indices`` point into the
  escaped text, mentions, hashtags, media on some tweets, replies (``in_reply_to_*``) and reposts
  (``RT @user: ...`` cut at about 140 characters with ``…``).
- ``facebook-<N>/``: a Facebook 2024-layout export with about N/10 posts and N/20 comments
  (``your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json`` and
  ``comments_and_reactions/comments.json``), every string mojibake-encoded the way Facebook does.

Texts average about 110 characters and mix mostly harmless posts with negative, oversharing and
value-add ones, built from templates with varied vocabulary so that nearly all texts are unique
(a repeated text would flatter any cache); the share of unique texts is measured and written to
``x-<N>/texts.json`` along with the mean length and the mix.

Usage::

    python benchmarks/make_archives.py --sizes 50000 200000 1000000 --out /tmp/footprint-bench

Memory stays flat: tweets are generated and written one at a time (about 60 MB for 1M posts,
for the set of text hashes used to count unique texts).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import string
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

DEFAULT_OUT = Path("/tmp/footprint-bench")


# ----------------------------------------------------------------------------------------------
# vocabulary (invented for this benchmark; no real people)
# ----------------------------------------------------------------------------------------------
def _csv(words: str, sep: str = ",") -> list[str]:
    return [w for w in words.split(sep) if w]


FIRST = _csv(
    "Anna Ben Chloe Dev Ella Finn Grace Hugo Iris Jon Kara Liam Maya Nico Omar Priya Quinn Rosa "
    "Sam Tara Uma Vik Wen Yara Zoe Leo Mia Noah Ava Eli",
    " ",
)
HANDLES = [f"{n.lower()}_{s}" for n in FIRST for s in ("dev", "writes", "codes", "x", "lab")]
PLACES = _csv(
    "the park,the lake,Lisbon,the office,Berlin,the farmers market,the gym,Kyoto,the library,"
    "the beach,Brooklyn,the mountains,my parents' place,the new cafe,the stadium,Oslo"
)
FOODS = _csv(
    "ramen,tacos,sourdough,pancakes,curry,pho,falafel,lasagna,dumplings,a burrito,sushi,"
    "banana bread,pad thai,shakshuka,dal,a lemon tart"
)
THINGS = _csv(
    "garden,bike,sourdough starter,book club,playlist,morning run,side project,chess game,"
    "photo walk,puzzle,podcast,knitting,guitar practice,bread,tomato plants,reading list"
)
TOPICS = _csv(
    "Python,pandas,Rust,SQL,Kubernetes,Postgres,TypeScript,regex,Docker,git,CSS grid,"
    "unit testing,type hints,async IO,vector search,data cleaning"
)
ADJ_GOOD = _csv(
    "lovely,great,wonderful,cozy,fun,relaxing,beautiful,nice,amazing,pleasant,sunny,calm,perfect"
)
ADJ_BAD = _csv(
    "useless,pathetic,awful,terrible,incompetent,horrible,stupid,disgusting,lazy,rude,clueless"
)
INSULTS = _csv("clown,jerk,liar,idiot,moron,loser,hypocrite,fraud,joke")
ROLES = _csv("my boss,my manager,my landlord,my coworker,my ex,my neighbor,HR,my team lead")
COMPANIES = _csv("the airline,the bank,the cable company,my ISP,the DMV,the phone company")
WEEKDAYS = _csv("Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday")
EMOJI = ["", "", "", " 🙂", " 🎉", " ☀️", " 🌱", " 😂", " ❤️", " 🙌"]
DRINKS = _csv("tequila,vodka,wine,beer,whiskey,shots")
DOMAINS = _csv("example.com,blog.example.org,docs.example.net,news.example.com,dev.example.io")


def _pick(rng: random.Random, seq: Any) -> Any:
    return seq[rng.randrange(len(seq))]


def _num(rng: random.Random) -> int:
    return rng.randint(2, 95)


def _harmless(rng: random.Random) -> str:
    p = lambda seq: _pick(rng, seq)  # noqa: E731
    templates = (
        lambda: (
            f"{p(ADJ_GOOD).capitalize()} {p(WEEKDAYS)} at {p(PLACES)} with {p(FIRST)}. "
            f"Made {p(FOODS)} afterwards and it was {p(ADJ_GOOD)}."
        ),
        lambda: (
            f"Day {_num(rng)} of the {p(THINGS)}: still going, a bit slower than planned but "
            f"{p(ADJ_GOOD)} progress."
        ),
        lambda: (
            f"Finally tried {p(FOODS)} at {p(PLACES)}. {p(ADJ_GOOD).capitalize()}, would go "
            f"back. {p(FIRST)} had the {p(FOODS)}."
        ),
        lambda: (
            f"Anyone else watching the game tonight? {p(FIRST)} says {_num(rng)} to "
            f"{_num(rng)}, I'm not so sure."
        ),
        lambda: (
            f"Spent the afternoon on my {p(THINGS)} and listening to old records. "
            f"{p(ADJ_GOOD).capitalize()} way to spend a {p(WEEKDAYS)}."
        ),
        lambda: (
            f"Happy birthday {p(FIRST)}! Hope the year ahead is {p(ADJ_GOOD)}, see you at "
            f"{p(PLACES)} soon."
        ),
        lambda: (
            f"Morning walk around {p(PLACES)}, {_num(rng)} minutes, coffee in hand. "
            f"The light today was {p(ADJ_GOOD)}."
        ),
        lambda: (
            f"Reading chapter {_num(rng)} of a long novel about a lighthouse keeper. "
            f"Slow but {p(ADJ_GOOD)} so far."
        ),
        lambda: (
            f"Weekend plans: {p(THINGS)}, {p(FOODS)} and an early night. Nothing fancy, "
            f"just {p(ADJ_GOOD)}."
        ),
        lambda: (
            f"Thanks {p(FIRST)} for the {p(FOODS)} recipe, made it twice this week already. "
            f"It's a keeper."
        ),
    )
    return p(templates)() + p(EMOJI)


def _negative(rng: random.Random) -> str:
    p = lambda seq: _pick(rng, seq)  # noqa: E731
    templates = (
        lambda: (
            f"{p(ROLES).capitalize()} is a {p(ADJ_BAD)} {p(INSULTS)}. {_num(rng)} emails "
            f"about a meeting that could have been a note. I can't stand this."
        ),
        lambda: (
            f"On hold with {p(COMPANIES)} for {_num(rng)} minutes AGAIN. Worst service "
            f"ever, absolutely {p(ADJ_BAD)}!!!"
        ),
        lambda: (
            f"@{p(HANDLES)} you are a {p(INSULTS)} and everyone knows it. Stop posting "
            f"{p(ADJ_BAD)} takes about {p(TOPICS)}."
        ),
        lambda: (
            f"So sick of {p(ROLES)} taking credit for my work. {p(ADJ_BAD).capitalize()} "
            f"and {p(ADJ_BAD)}, every single {p(WEEKDAYS)}."
        ),
        lambda: (
            f"{p(FIRST)} is such a {p(INSULTS)}, honestly. Lied about the {p(THINGS)} and "
            f"then blamed me for it."
        ),
        lambda: (
            f"I hate {p(WEEKDAYS)}s. I hate this commute. Everything about this week has "
            f"been {p(ADJ_BAD)}."
        ),
    )
    return p(templates)()


def _overshare(rng: random.Random) -> str:
    p = lambda seq: _pick(rng, seq)  # noqa: E731
    templates = (
        lambda: (
            f"So hungover after {_num(rng)} {p(DRINKS)} shots last night, calling in sick "
            f"again. Don't tell {p(ROLES)}."
        ),
        lambda: (
            f"Home alone all {p(WEEKDAYS)} week, house will be dark from the "
            f"{_num(rng) % 28 + 1}th, the spare key is under the mat as usual."
        ),
        lambda: (
            f"Text me at 555-01{rng.randint(10, 99)} if you want to come to {p(PLACES)}, "
            f"my number changed again."
        ),
        lambda: (
            f"Got my test results back from the clinic, the new meds for my anxiety are "
            f"finally working. {_num(rng)} days in."
        ),
        lambda: (
            f"Behind on rent again and my credit card is maxed out, ${_num(rng) * 100} of "
            f"debt. Payday can't come soon enough."
        ),
        lambda: (
            f"Had way too many {p(DRINKS)} at {p(PLACES)} and woke up not knowing how I got "
            f"home. Classic {p(WEEKDAYS)}."
        ),
    )
    return p(templates)()


def _value(rng: random.Random) -> str:
    p = lambda seq: _pick(rng, seq)  # noqa: E731
    templates = (
        lambda: (
            f"We're hiring {_num(rng) % 5 + 1} {p(TOPICS)} engineers, remote friendly. "
            f"Apply via the careers page or DM me for a referral!"
        ),
        lambda: (
            f"Tip: in {p(TOPICS)} you can avoid most of these bugs by writing a small test "
            f"first. Wrote up how: https://{p(DOMAINS)}/{rng.randrange(10**6)}"
        ),
        lambda: (
            f"PSA: patch now, CVE-2024-{rng.randint(1000, 99999)} is being exploited in the "
            f"wild. Turn on 2FA and update your {p(TOPICS)} images."
        ),
        lambda: (
            f"Great article on {p(TOPICS)} performance, explains the tradeoffs clearly: "
            f"https://{p(DOMAINS)}/posts/{rng.randrange(10**6)}"
        ),
        lambda: (
            f"Passed my {p(TOPICS)} certification today after {_num(rng)} weeks of study! "
            f"Thanks to everyone who helped."
        ),
        lambda: (
            f"Here's how to fix it: pin the {p(TOPICS)} version and clear the cache, then "
            f"rebuild. Took me {_num(rng)} minutes."
        ),
    )
    return p(templates)()


def _aside(rng: random.Random) -> str:
    """A short second thought, appended to about half the posts (length and variety)."""
    p = lambda seq: _pick(rng, seq)  # noqa: E731
    templates = (
        lambda: f"Also, {p(THINGS)} update: {p(ADJ_GOOD)}.",
        lambda: f"{p(FIRST)} and {p(FIRST)} agree, for once.",
        lambda: f"Next stop {p(PLACES)}.",
        lambda: f"Note to self: more {p(FOODS)}, less scrolling.",
        lambda: f"({_num(rng)}/{_num(rng) + 100})",
        lambda: f"Back to {p(TOPICS)} on {p(WEEKDAYS)}.",
        lambda: f"Week {_num(rng)} and counting.",
        lambda: f"Photo by {p(FIRST)}.",
    )
    return p(templates)()


def make_text(rng: random.Random) -> tuple[str, str]:
    """One synthetic post text and its intended class (harmless, negative, overshare, value)."""
    r = rng.random()
    if r < 0.72:
        text, cls = _harmless(rng), "harmless"
    elif r < 0.82:
        text, cls = _negative(rng), "negative"
    elif r < 0.90:
        text, cls = _overshare(rng), "overshare"
    else:
        text, cls = _value(rng), "value"
    if rng.random() < 0.6:
        text = f"{text} {_aside(rng)}"
    return text, cls


# ----------------------------------------------------------------------------------------------
# X archive
# ----------------------------------------------------------------------------------------------
_TCO = string.ascii_letters + string.digits
_X_TIME = "%a %b %d %H:%M:%S +0000 %Y"


def _tco(rng: random.Random) -> str:
    return "https://t.co/" + "".join(rng.choice(_TCO) for _ in range(10))


def _tweet(rng: random.Random, i: int, created: datetime) -> tuple[dict[str, Any], str]:
    text, cls = make_text(rng)
    tweet_id = str(1_100_000_000_000_000_000 + i * 7919)
    mentions: list[dict[str, Any]] = []
    hashtags: list[dict[str, Any]] = []
    urls: list[dict[str, Any]] = []
    media: list[dict[str, Any]] = []
    reply: dict[str, Any] = {}
    r = rng.random()
    kind = "post"
    if r < 0.12:  # repost, cut at about 140 characters as X does
        kind = "repost"
        who = _pick(rng, HANDLES)
        body = f"RT @{who}: {text}"
        text = body if len(body) <= 140 else body[:139] + "…"
        mentions.append({"screen_name": who, "indices": [3, 4 + len(who)]})
    elif r < 0.30:  # reply
        kind = "reply"
        who = _pick(rng, HANDLES)
        text = f"@{who} {text}"
        mentions.append({"screen_name": who, "indices": [0, 1 + len(who)]})
        reply = {
            "in_reply_to_status_id_str": str(1_000_000_000_000_000_000 + rng.randrange(10**12)),
            "in_reply_to_user_id_str": str(rng.randrange(10**9)),
            "in_reply_to_screen_name": who,
        }
    if kind != "repost" and rng.random() < 0.15:
        text += f" #{_pick(rng, TOPICS).replace(' ', '')}"
    if rng.random() < 0.05:
        text = text.replace(" and ", " & ", 1)
    escaped = html.escape(text, quote=False)
    if kind != "repost" and rng.random() < 0.18:  # a link, shortened to t.co
        short = _tco(rng)
        start = len(escaped) + 1
        escaped += " " + short
        target = f"https://{_pick(rng, DOMAINS)}/{rng.randrange(10**7)}"
        urls.append(
            {
                "url": short,
                "expanded_url": target,
                "display_url": target[8:30],
                "indices": [str(start), str(start + len(short))],
            }
        )
    if rng.random() < 0.1:  # a photo
        short = _tco(rng)
        start = len(escaped) + 1
        escaped += " " + short
        media.append(
            {
                "id_str": str(1_300_000_000_000_000_000 + i),
                "media_url_https": f"https://pbs.twimg.com/media/{tweet_id}.jpg",
                "url": short,
                "expanded_url": f"https://x.com/bench/status/{tweet_id}/photo/1",
                "display_url": f"pic.x.com/{short[-10:]}",
                "type": "photo",
                "indices": [str(start), str(start + len(short))],
                "sizes": {"large": {"w": "2048", "h": "1536", "resize": "fit"}},
            }
        )
    for m in mentions:
        m.update({"name": m["screen_name"].title(), "id_str": "1", "id": "1"})
        m["indices"] = [str(x) for x in m["indices"]]
    entities: dict[str, Any] = {
        "hashtags": hashtags,
        "symbols": [],
        "user_mentions": mentions,
        "urls": urls,
    }
    tweet: dict[str, Any] = {
        "edit_info": {
            "initial": {
                "editTweetIds": [tweet_id],
                "editableUntil": (created + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "editsRemaining": "5",
                "isEditEligible": True,
            }
        },
        "retweeted": False,
        "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
        "entities": entities,
        "display_text_range": ["0", str(len(escaped))],
        "favorite_count": str(rng.randrange(40)),
        "id_str": tweet_id,
        "truncated": False,
        "retweet_count": str(rng.randrange(5)),
        "id": tweet_id,
        "created_at": created.strftime(_X_TIME),
        "favorited": False,
        "full_text": escaped,
        "lang": "en",
        **reply,
    }
    if media:
        entities["media"] = media[:1]
        tweet["extended_entities"] = {"media": media}
        tweet["possibly_sensitive"] = False
    return {"tweet": tweet}, cls


class _Stats:
    def __init__(self) -> None:
        self.n = 0
        self.chars = 0
        self.hashes: set[bytes] = set()
        self.classes: dict[str, int] = {}

    def add(self, text: str, cls: str) -> None:
        self.n += 1
        self.chars += len(text)
        self.hashes.add(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest())
        self.classes[cls] = self.classes.get(cls, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "texts": self.n,
            "unique_share": round(len(self.hashes) / max(1, self.n), 4),
            "mean_chars": round(self.chars / max(1, self.n), 1),
            "mix": {k: round(v / max(1, self.n), 3) for k, v in sorted(self.classes.items())},
        }


def _open_js(path: Path, global_name: str) -> TextIO:
    f = path.open("w", encoding="utf-8")
    f.write(f"window.YTD.{global_name} = [")
    return f


def write_x_archive(folder: Path, n: int, seed: int = 5, parts: int = 0) -> dict[str, Any]:
    """Write an X archive folder with ``n`` tweets; returns text statistics.

    Parameters
    ----------
    folder : Path
        Created if missing; ``folder/data/`` holds the files.
    n : int
        Number of tweets.
    seed : int
        Random seed (same seed, same archive).
    parts : int
        Number of tweets files (``tweets.js`` plus ``parts - 1`` parts); 0 picks one file per
        50,000 tweets, at least 2.

    Returns
    -------
    dict
        ``texts``, ``unique_share``, ``mean_chars`` and ``mix`` (intended classes), of the
        tweets' plain text (t.co links left out).
    """
    rng = random.Random(seed)
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    parts = parts or max(2, -(-n // 50_000))
    names = ["tweets.js"] + [f"tweets-part{k}.js" for k in range(1, parts)]
    files = [_open_js(data / name, f"tweets.part{k}") for k, name in enumerate(names)]
    counts = [0] * parts
    stats = _Stats()
    start = datetime(2012, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 6, 1, tzinfo=UTC) - start).total_seconds()
    prev = start
    try:
        for i in range(n):
            # times spread over the years; a few bursts of posts minutes apart
            if i and rng.random() < 0.05:
                created = prev + timedelta(seconds=rng.randint(30, 300))
            else:
                created = start + timedelta(seconds=int(rng.random() * span))
            prev = created
            obj, cls = _tweet(rng, i, created)
            text = html.unescape(obj["tweet"]["full_text"])
            stats.add(text.split(" https://t.co/")[0], cls)
            k = (i * 7 + i // 1000) % parts  # parts are not in date order
            f = files[k]
            f.write(",\n" if counts[k] else "\n")
            f.write(json.dumps(obj, ensure_ascii=False, indent=2))
            counts[k] += 1
    finally:
        for f in files:
            f.write("\n]")
            f.close()
    manifest = {
        "userInfo": {"accountId": "1", "userName": "bench_user", "displayName": "Bench"},
        "archiveInfo": {"sizeBytes": "0", "generationDate": "2026-06-01T00:00:00.000Z"},
        "dataTypes": {
            "tweets": {
                "files": [
                    {
                        "fileName": f"data/{name}",
                        "globalName": f"YTD.tweets.part{k}",
                        "count": str(c),
                    }
                    for k, (name, c) in enumerate(zip(names, counts, strict=True))
                ]
            }
        },
    }
    (data / "manifest.js").write_text(
        "window.__THAR_CONFIG = " + json.dumps(manifest, indent=2), encoding="utf-8"
    )
    account = [
        {
            "account": {
                "username": "bench_user",
                "accountId": "1",
                "createdAt": "2011-05-01T10:00:00.000Z",
            }
        }
    ]
    (data / "account.js").write_text(
        "window.YTD.account.part0 = " + json.dumps(account, indent=2), encoding="utf-8"
    )
    tz = [{"accountTimezone": {"accountId": "1", "timeZone": "Europe/Berlin"}}]
    (data / "account-timezone.js").write_text(
        "window.YTD.account_timezone.part0 = " + json.dumps(tz, indent=2), encoding="utf-8"
    )
    out = stats.as_dict()
    out["files"] = len(names)
    (folder / "texts.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    return out


# ----------------------------------------------------------------------------------------------
# Facebook export (2024 layout, mojibake)
# ----------------------------------------------------------------------------------------------
def _mojibake(value: Any) -> Any:
    """Encode every string the way Facebook does: one \\u00XX escape per UTF-8 byte."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, dict):
        return {_mojibake(k): _mojibake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mojibake(v) for v in value]
    return value


def write_facebook_archive(folder: Path, n_posts: int, n_comments: int, seed: int = 7) -> None:
    """Write a Facebook 2024-layout export (JSON) with posts and comments, streamed."""
    rng = random.Random(seed)
    root = folder / "your_facebook_activity"
    (root / "posts").mkdir(parents=True, exist_ok=True)
    (root / "comments_and_reactions").mkdir(parents=True, exist_ok=True)
    t0 = 1_330_000_000
    with (root / "posts" / "your_posts__check_ins__photos_and_videos_1.json").open(
        "w", encoding="ascii"
    ) as f:
        f.write("[")
        for i in range(n_posts):
            text, _ = make_text(rng)
            ts = t0 + rng.randrange(450_000_000)
            item: dict[str, Any] = {
                "timestamp": ts,
                "data": [{"post": text}, {"update_timestamp": ts}, {}],
                "title": "Bench User updated her status.",
            }
            if rng.random() < 0.15:
                item["attachments"] = [
                    {"data": [{"external_context": {"url": f"https://{_pick(rng, DOMAINS)}/{i}"}}]}
                ]
            if rng.random() < 0.05:
                item.setdefault("attachments", []).append(
                    {
                        "data": [
                            {
                                "place": {
                                    "name": _pick(rng, PLACES),
                                    "coordinate": {"latitude": 38.9, "longitude": -77.0},
                                }
                            }
                        ]
                    }
                )
            f.write(",\n" if i else "\n")
            f.write(json.dumps(_mojibake(item), indent=2))
        f.write("\n]")
    with (root / "comments_and_reactions" / "comments.json").open("w", encoding="ascii") as f:
        f.write('{\n  "comments_v2": [')
        for i in range(n_comments):
            text, _ = make_text(rng)
            ts = t0 + rng.randrange(450_000_000)
            item = {
                "timestamp": ts,
                "data": [{"comment": {"timestamp": ts, "comment": text, "author": "Bench User"}}],
                "title": f"Bench User commented on {_pick(rng, FIRST)} Lée's post.",
            }
            f.write(",\n" if i else "\n")
            f.write(json.dumps(_mojibake(item), indent=2))
        f.write("\n  ]\n}")


def main(argv: list[str] | None = None) -> int:
    """Command line: generate archives of the given sizes."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50_000, 200_000, 1_000_000])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--no-facebook", action="store_true", help="only the X archives")
    args = ap.parse_args(argv)
    for n in args.sizes:
        folder = args.out / f"x-{n}"
        stats = write_x_archive(folder, n, seed=args.seed)
        print(f"{folder}: {json.dumps(stats)}", file=sys.stderr)
        if not args.no_facebook:
            fb = args.out / f"facebook-{n}"
            write_facebook_archive(fb, n // 10, n // 20, seed=args.seed + 1)
            print(f"{fb}: {n // 10} posts, {n // 20} comments", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
