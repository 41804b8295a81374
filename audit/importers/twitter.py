"""X / Twitter archives, all three generations (``../shared/FORMATS.md`` section 1).

- **YTD v2** (2022-11 onwards): ``data/manifest.js``, ``data/tweets.js`` and
  ``data/tweets-partN.js`` (parts are not in date order), ``note-tweet.js`` with the full text of
  long posts, ``community-tweet.js``, ``account.js``, ``account-timezone.js``.
- **YTD v1** (2019 to 2022): ``tweet.js`` / ``tweet-partN.js`` at the root (to about 2020-03) or
  in ``data/``; elements bare (2019) or wrapped in ``{"tweet": ...}`` (from about 2020-01); the
  2019 layout puts the first element on the prefix line.
- **Grailbird** (2012 to 2019): ``data/js/tweets/YYYY_MM.js`` (preferred), else the lossy
  ``tweets.csv`` or, in the earliest archives, ``data/csv/YYYY_MM.csv``.

Text is cleaned the way FORMATS.md 1.4 prescribes: t.co links are replaced by their expanded URL
by entity *indices* (which point into the HTML-escaped text), media links are dropped, and only
then is the text HTML-unescaped.
"""

from __future__ import annotations

import csv
import html
import io
import re
import warnings
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from .._progress import paused_gc, progress_bar
from ..archive import Archive
from ..errors import ArchiveFormatError, AuditWarning, describe
from ..schema import _opt_int
from ._common import Skipped, finish, load_js

__all__ = ["TwitterImporter"]

PLATFORM = "twitter"

# Tweet files of YTD v1 and v2: tweet.js, tweets.js, tweet-part1.js, tweets-part2.js ...
_YTD_TWEETS = r"tweets?(?:-part\d+)?\.js"
_COMMUNITY = r"community-tweet(?:-part\d+)?\.js"
_NOTES = r"note-tweet(?:-part\d+)?\.js"
_GRAILBIRD_JS = r"js/tweets/\d{4}_\d{2}\.js"
_GRAILBIRD_CSV = r"tweets\.csv"
_GRAILBIRD_MONTH_CSV = r"csv/\d{4}_\d{2}\.csv"

# A link to a tweet, which makes the tweet that carries it a quote. ``i/web/status`` links are
# X's own "show more" links on truncated long posts, not quotes.
_STATUS_URL = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?!i/web/)[^/?#]+/status(?:es)?/\d+/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_TIME_FORMATS = ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%d %H:%M:%S %z")


# The usual YTD shape, "Fri Mar 06 13:02:05 +0000 2026": read directly, 20x faster than strptime
# (same result; anything else, including odd spacing or case, takes the strptime path).
_X_TIME = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"(\d\d) (\d\d):(\d\d):(\d\d) \+0000 (\d{4})"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def _parse_time(value: Any) -> datetime:
    """Parse any of X's time formats into an aware UTC datetime (ValueError if none fits)."""
    if not isinstance(value, str):
        raise ValueError("no created_at")
    s = value.strip()
    m = _X_TIME.fullmatch(s)
    if m is not None:
        mon, day, hh, mm, ss, year = m.groups()
        return datetime(int(year), _MONTHS[mon], int(day), int(hh), int(mm), int(ss), tzinfo=UTC)
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(s, fmt).astimezone(UTC)
        except ValueError:
            pass
    dt = datetime.fromisoformat(s)  # note-tweet / account: 2026-03-06T13:02:05.000Z
    if dt.tzinfo is None:
        raise ValueError(f"time without zone: {s!r}")
    return dt.astimezone(UTC)


_NONE: tuple[str, ...] = ()


def _is_map(value: Any) -> bool:
    """``isinstance(value, Mapping)``, without the ABC machinery for the usual dict and None."""
    kind = type(value)
    return kind is dict or (value is not None and kind is not str and isinstance(value, Mapping))


def _indices(entity: Mapping[str, Any]) -> tuple[int, int] | None:
    try:
        start, end = (int(i) for i in entity["indices"])
    except (KeyError, TypeError, ValueError):
        return None
    return start, end


def expand_text(
    raw: str, urls: Iterable[Mapping[str, Any]], media: Iterable[Mapping[str, Any]]
) -> str:
    """Clean a tweet's text: expand t.co links, drop media links, then HTML-unescape.

    Parameters
    ----------
    raw : str
        ``full_text`` (or Grailbird ``text``) exactly as exported, still HTML-escaped.
    urls : iterable of mapping
        ``entities.urls``: ``url`` (t.co), ``expanded_url``, ``indices`` into ``raw``.
    media : iterable of mapping
        ``extended_entities.media`` (or ``entities.media``): their t.co ``url`` is removed.

    Returns
    -------
    str
        The text as the person wrote it. Where an entity's indices do not point at its t.co
        link (hand-edited files, very old tweets), the link is replaced by plain search instead.
    """
    edits: dict[tuple[int, int], str] = {}
    fallback: list[tuple[str, str]] = []
    for items, expanded in ((urls, True), (media, False)):
        for ent in items:
            short = ent.get("url") or ""
            if not short:
                continue
            new = (ent.get("expanded_url") or short) if expanded else ""
            span = _indices(ent)
            if span and raw[span[0] : span[1]] == short:
                edits[span] = new
            else:
                fallback.append((short, new))
    text = raw
    for (start, end), new in sorted(edits.items(), reverse=True):
        text = text[:start] + new + text[end:]
    for short, new in fallback:
        text = text.replace(short, new)
    if media:
        text = text.rstrip()
    return html.unescape(text)


def _kind(raw_text: str, tweet: Mapping[str, Any], links: list[str]) -> str:
    """repost > reply > quote > post (DESIGN.md)."""
    if raw_text.startswith("RT @") or tweet.get("retweeted_status"):
        return "repost"
    if str(tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id") or ""):
        return "reply"
    if any(_STATUS_URL.match(u) for u in links):
        return "quote"
    return "post"


def _coordinates(tweet: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """(lat, lon): API-style ``coordinates`` is [lon, lat]; Grailbird ``geo`` is [lat, lon]."""
    coords = tweet.get("coordinates")
    if _is_map(coords) and isinstance(coords.get("coordinates"), list):
        c = coords["coordinates"]
        if len(c) == 2:
            return float(c[1]), float(c[0])
    geo = tweet.get("geo")
    if _is_map(geo) and isinstance(geo.get("coordinates"), list):
        c = geo["coordinates"]
        if len(c) == 2:
            return float(c[0]), float(c[1])
    return None, None


def _permalink(username: str | None, tweet_id: str) -> str:
    if username:
        return f"https://x.com/{username}/status/{tweet_id}"
    return f"https://x.com/i/status/{tweet_id}"


def tweet_record(
    tweet: Mapping[str, Any], source_file: str, username: str | None
) -> dict[str, Any]:
    """Turn one tweet object (YTD or Grailbird) into a posts record.

    Raises
    ------
    ValueError, KeyError, TypeError
        When the tweet lacks an id or a usable time (the caller counts it as skipped).
    """
    tweet_id = str(tweet.get("id_str") or tweet["id"])
    if not tweet_id.isdigit():
        raise ValueError(f"bad id {tweet_id!r}")
    created = _parse_time(tweet.get("created_at"))
    raw = tweet.get("full_text")
    if raw is None:
        raw = tweet.get("text") or ""
    if not isinstance(raw, str):
        raise TypeError("text is not a string")
    entities = tweet.get("entities") or {}
    urls = [u for u in entities.get("urls") or [] if _is_map(u)]
    media = (tweet.get("extended_entities") or {}).get("media") or entities.get("media") or []
    media = [m for m in media if _is_map(m)]
    links = [
        u.get("expanded_url") or u.get("url") for u in urls if u.get("expanded_url") or u.get("url")
    ]
    kind = _kind(raw, tweet, links)
    reply_to = None
    if kind != "repost":
        reply_to = tweet.get("in_reply_to_screen_name") or tweet.get("in_reply_to_user_id_str")
        if not reply_to and tweet.get("in_reply_to_user_id") is not None:
            reply_to = str(tweet["in_reply_to_user_id"])
    lat, lon = _coordinates(tweet)
    place = tweet.get("place")
    place_name = (place.get("full_name") or place.get("name")) if _is_map(place) else None
    return {
        "platform": PLATFORM,
        "post_id": tweet_id,
        "created_at": created,
        "kind": kind,
        "text": expand_text(raw, urls, media),
        "url": _permalink(username, tweet_id),
        "reply_to": reply_to,
        # empty lists are one shared empty tuple, counts small ints: a million records stay
        # small (posts_frame gives every row its own list and converts counts the same way)
        "mentions": [
            m["screen_name"] for m in entities.get("user_mentions") or [] if m.get("screen_name")
        ]
        or _NONE,
        "hashtags": [h["text"] for h in entities.get("hashtags") or [] if h.get("text")] or _NONE,
        "links": links or _NONE,
        "media_count": len(
            {m.get("id_str") or m.get("media_url_https") or i for i, m in enumerate(media)}
        ),
        "place": place_name,
        "lat": lat,
        "lon": lon,
        "likes": _opt_int(tweet.get("favorite_count")),
        "shares": _opt_int(tweet.get("retweet_count")),
        "source_file": source_file,
    }


def _unwrap(element: Any, key: str) -> Any:
    """``{"tweet": {...}}`` -> ``{...}``; bare elements (2019 layout) pass through."""
    if _is_map(element) and len(element) == 1 and key in element:
        return element[key]
    return element


def _edit_versions(tweet: Mapping[str, Any]) -> list[str]:
    """All version ids of an edited tweet (``edit_info``), or [] when it was never edited."""
    info = tweet.get("edit_info")
    if not _is_map(info):
        return []
    edit = info.get("edit")
    ctl = info.get("initial") or (edit.get("editControlInitial") if _is_map(edit) else None)
    ids = ctl.get("editTweetIds") if _is_map(ctl) else None
    ids = [str(i) for i in ids] if isinstance(ids, list) else []
    return ids if len(ids) > 1 else []


@paused_gc()  # a million small objects: the cycle collector would dominate
def _records_from_js(
    archive: Archive,
    name: str,
    username: str | None,
    skipped: Skipped,
    edits: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """Records of one tweets file; fills ``edits`` with the version ids of edited tweets."""
    data = load_js(archive, name)
    if not isinstance(data, list):
        raise ArchiveFormatError(
            describe(
                "a JSON array of tweets",
                f"a JSON {type(data).__name__}",
                "the file is damaged or not from an X archive; download the archive again",
                where=archive.where(name),
            )
        )
    records = []
    # a bar on a terminal only (a notebook run by papermill would keep it in the report)
    bar = progress_bar(
        len(data), None, f"reading {name.rsplit('/', 1)[-1]}", unit="tweet", notebooks=False
    )
    for k in range(len(data)):
        if bar is not None and k % 5000 == 4999:
            bar.update(5000)
        # drop each parsed tweet once read: a part's objects do not outlive their records
        element, data[k] = data[k], None
        tweet = _unwrap(element, "tweet")
        if not _is_map(tweet):
            skipped.add(name, "not a tweet object")
            continue
        try:
            record = tweet_record(tweet, name, username)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            skipped.add_error(name, exc)
            continue
        records.append(record)
        versions = _edit_versions(tweet)
        if versions:
            edits[record["post_id"]] = versions
    if bar is not None:
        bar.close()
    return records


def _csv_url_expand(text: str, expanded: list[str]) -> str:
    """Replace the t.co links of a CSV tweet in order, when their number matches."""
    shorts = re.findall(r"https?://t\.co/\w+", text)
    if shorts and len(shorts) == len(expanded):
        for short, new in zip(shorts, expanded, strict=True):
            text = text.replace(short, new, 1)
    return text


def _records_from_csv(
    archive: Archive, name: str, username: str | None, skipped: Skipped
) -> list[dict[str, Any]]:
    """Grailbird ``tweets.csv`` (RFC 4180, multi-line texts) or ``data/csv/YYYY_MM.csv``."""
    reader = csv.DictReader(io.StringIO(archive.read_text(name), newline=""))
    needed = {"tweet_id", "timestamp", "text"}
    if not needed <= set(reader.fieldnames or ()):
        raise ArchiveFormatError(
            describe(
                f"a Grailbird tweets CSV with columns {sorted(needed)}",
                f"columns {reader.fieldnames}",
                "pass the archive as downloaded",
                where=archive.where(name),
            )
        )
    records = []
    for row in reader:
        try:
            tweet_id = (row.get("tweet_id") or "").strip()
            if not tweet_id.isdigit():
                raise ValueError(f"bad tweet_id {tweet_id!r}")
            raw = row.get("text") or ""
            expanded = []
            for u in (row.get("expanded_urls") or "").split(","):
                if u.strip() and u.strip() not in expanded:
                    expanded.append(u.strip())
            media = [u for u in expanded if re.search(r"/(?:photo|video)/\d+$", u)]
            links = [u for u in expanded if u not in media]
            if raw.startswith("RT @") or row.get("retweeted_status_id"):
                kind = "repost"
            elif row.get("in_reply_to_status_id"):
                kind = "reply"
            elif any(_STATUS_URL.match(u) for u in links):
                kind = "quote"
            else:
                kind = "post"
            records.append(
                {
                    "platform": PLATFORM,
                    "post_id": tweet_id,
                    "created_at": _parse_time(row.get("timestamp")),
                    "kind": kind,
                    "text": html.unescape(_csv_url_expand(raw, expanded)),
                    "url": _permalink(username, tweet_id),
                    "reply_to": row.get("in_reply_to_user_id") if kind != "repost" else None,
                    "mentions": re.findall(r"(?<![\w@])@(\w{1,15})", html.unescape(raw)),
                    "hashtags": re.findall(r"(?<![\w&])#(\w+)", html.unescape(raw)),
                    "links": links,
                    "media_count": len(media),
                    "source_file": name,
                }
            )
        except (TypeError, ValueError) as exc:
            skipped.add_error(name, exc)
    return records


def _first_object(archive: Archive, name: str | None, key: str) -> Mapping[str, Any] | None:
    """The first ``{key: {...}}`` element of a small YTD file such as account.js, or None."""
    if not name:
        return None
    data = load_js(archive, name)
    if isinstance(data, list) and data:
        obj = _unwrap(data[0], key)
        return obj if isinstance(obj, Mapping) else None
    if isinstance(data, Mapping):
        return data
    return None


class _Manifest:
    """What ``data/manifest.js`` says: the user name and the files of each data type."""

    def __init__(self, archive: Archive) -> None:
        self.name = archive.find_one(r"manifest\.js")
        self.data: Mapping[str, Any] = {}
        if self.name:
            data = load_js(archive, self.name)
            self.data = data if isinstance(data, Mapping) else {}

    @property
    def username(self) -> str | None:
        info = self.data.get("userInfo")
        name = info.get("userName") if isinstance(info, Mapping) else None
        return name if isinstance(name, str) and name else None

    def files(self, data_type: str) -> list[tuple[str, int | None]]:
        """``[(fileName, count)]`` the manifest lists for one data type."""
        types = self.data.get("dataTypes")
        entry = types.get(data_type) if isinstance(types, Mapping) else None
        files = entry.get("files") if isinstance(entry, Mapping) else None
        out = []
        for f in files if isinstance(files, list) else []:
            if isinstance(f, Mapping) and f.get("fileName"):
                try:
                    count = int(f.get("count"))
                except (TypeError, ValueError):
                    count = None
                out.append((str(f["fileName"]), count))
        return out


def _check_manifest(
    archive: Archive, manifest: _Manifest, data_type: str, loaded: Mapping[str, int]
) -> None:
    """Warn (never fail) where the manifest and the files disagree.

    Its counts describe the archive as X generated it; excerpts, partial multi-zip archives and
    hand-pruned folders legitimately differ, but the user should know posts may be missing.
    """
    by_base = {n.rsplit("/", 1)[-1]: n for n in loaded}
    for file_name, count in manifest.files(data_type):
        base = file_name.rsplit("/", 1)[-1]
        if base not in by_base:
            if count:
                warnings.warn(
                    AuditWarning(
                        f"{archive.where(manifest.name or '')}: lists {file_name} with {count} "
                        "records, but the archive has no such file: those posts are missing. "
                        "If X delivered the archive in several parts, pass them all."
                    ),
                    stacklevel=4,
                )
            continue
        got = loaded[by_base[base]]
        if count is not None and got != count:
            warnings.warn(
                AuditWarning(
                    f"{archive.where(by_base[base])}: the manifest says {count} records, "
                    f"the file holds {got}; loaded what is there."
                ),
                stacklevel=4,
            )


def _note_text(note: Mapping[str, Any]) -> tuple[str, str | None]:
    """(full text, tweet id if the note names one) of a note-tweet element."""
    core = note.get("core") or note.get("noteTweetResults") or {}
    text = core.get("text") or ""
    for u in core.get("urls") or core.get("entitySet", {}).get("urls") or []:
        if not isinstance(u, Mapping):
            continue
        short = u.get("shortUrl") or u.get("url")
        new = u.get("expandedUrl") or u.get("expanded_url")
        if short and new:
            text = text.replace(short, new)
    return html.unescape(text), (str(note["tweetId"]) if note.get("tweetId") else None)


def _prefix_key(text: str) -> str:
    """The part of a truncated long post that its note must start with."""
    head = re.split(r"…|https?://\S+$", text, maxsplit=1)[0]
    return re.sub(r"\s+", " ", head).strip()[:100]


def _restore_long_posts(
    archive: Archive, records: list[dict[str, Any]], username: str | None, skipped: Skipped
) -> list[dict[str, Any]]:
    """Swap in the full text of long posts from note-tweet.js.

    Notes carry no tweet id (FORMATS.md 1.4): a note belongs to the tweet posted within one
    second of it whose truncated text its own text starts with. Notes that match no tweet are
    the user's words too: they are kept as posts of their own (post_id ``note-<noteTweetId>``).
    """
    if not archive.find(_NOTES):
        return records  # nothing to restore: skip the two indexes (a million entries each)
    by_id = {r["post_id"]: r for r in records}
    by_second: dict[int, list[dict[str, Any]]] = {}
    for r in records:
        by_second.setdefault(int(r["created_at"].timestamp()), []).append(r)
    extra = []
    for name in archive.find(_NOTES):
        data = load_js(archive, name)
        for element in data if isinstance(data, list) else []:
            note = _unwrap(element, "noteTweet")
            try:
                text, tweet_id = _note_text(note)
                created = _parse_time(note.get("createdAt")) if note.get("createdAt") else None
            except (AttributeError, TypeError, ValueError) as exc:
                skipped.add_error(name, exc)
                continue
            match = by_id.get(tweet_id) if tweet_id else None
            if match is None and created is not None:
                t = int(created.timestamp())
                flat = re.sub(r"\s+", " ", text)
                for cand in (
                    *by_second.get(t, ()),
                    *by_second.get(t - 1, ()),
                    *by_second.get(t + 1, ()),
                ):
                    if abs((cand["created_at"] - created).total_seconds()) <= 1 and flat.startswith(
                        _prefix_key(cand["text"])
                    ):
                        match = cand
                        break
            if match is not None:
                match["text"] = text
                match["links"] = [u for u in match["links"] if "/i/web/status/" not in u]
            elif created is not None and text:
                note_id = str(note.get("noteTweetId") or "")
                extra.append(
                    {
                        "platform": PLATFORM,
                        "post_id": f"note-{note_id}",
                        "created_at": created,
                        "kind": "post",
                        "text": text,
                        "source_file": name,
                    }
                )
            else:
                skipped.add(name, "long post with no time and no matching tweet")
    return records + extra


def _drop_superseded_edits(
    records: list[dict[str, Any]], edits: Mapping[str, list[str]]
) -> list[dict[str, Any]]:
    """Keep only the newest version of an edited tweet that the archive holds.

    Each edit is a tweet of its own, tied to the others by ``edit_info`` (FORMATS.md 1.4).
    """
    if not edits:
        return records
    present = {r["post_id"] for r in records}
    superseded = set()
    for tweet_id, versions in edits.items():
        later = [v for v in versions if v in present and int(v) > int(tweet_id)]
        if later:
            superseded.add(tweet_id)
    return [r for r in records if r["post_id"] not in superseded]


_LIKES = r"like(?:-part\d+)?\.js"
# Tweet ids are "snowflakes" since 2010-11-04: the top bits are milliseconds since X's epoch.
# Earlier ids are sequential and carry no time.
_SNOWFLAKE_EPOCH_MS = 1288834974657
_FIRST_SNOWFLAKE = 29_700_000_000


def snowflake_time(tweet_id: str) -> datetime:
    """When a tweet was posted, from its id (ids from 2010-11-04 on).

    Raises
    ------
    ValueError
        For a non-numeric id or an older, sequential id that holds no time.
    """
    n = int(tweet_id)
    if n < _FIRST_SNOWFLAKE:
        raise ValueError(f"id {tweet_id} is older than 2010-11 and holds no time")
    return datetime.fromtimestamp(((n >> 22) + _SNOWFLAKE_EPOCH_MS) / 1000, UTC)


def _records_from_likes(archive: Archive, skipped: Skipped) -> list[dict[str, Any]]:
    """Likes from ``like.js`` (``{"like": {tweetId, fullText, expandedUrl}}``), kind ``like``.

    The export has no like date. ``created_at`` is the time the *liked tweet* was posted, read
    from its snowflake id: the like came at that time or later, so it is an honest lower bound.
    A like of a tweet from before 2010-11 (no time in its id) is skipped and counted.
    ``fullText``/``expandedUrl`` are missing when the tweet is no longer visible (README.txt):
    then ``text`` is ``""`` and ``url`` the ``i/status`` permalink. ``post_id`` is
    ``like-<tweetId>``, so liking one's own tweet does not collide with that tweet's row.
    """
    records = []
    for name in archive.find(_LIKES):
        data = load_js(archive, name)
        for element in data if isinstance(data, list) else []:
            like = _unwrap(element, "like")
            try:
                if not isinstance(like, Mapping):
                    raise TypeError("not a like object")
                tweet_id = str(like.get("tweetId") or "").strip()
                if not tweet_id.isdigit():
                    raise ValueError(f"bad tweetId {tweet_id!r}")
                created = snowflake_time(tweet_id)
            except (TypeError, ValueError) as exc:
                skipped.add_error(name, exc)
                continue
            expanded = str(like.get("expandedUrl") or "")
            url = expanded or _permalink(None, tweet_id)
            records.append(
                {
                    "platform": PLATFORM,
                    "post_id": f"like-{tweet_id}",
                    "created_at": created,
                    "kind": "like",
                    "text": html.unescape(str(like.get("fullText") or "")),
                    "url": url,
                    "links": [url],
                    "source_file": name,
                }
            )
    return records


class TwitterImporter:
    """Importer for X / Twitter archives (YTD v1 and v2, Grailbird)."""

    name = PLATFORM
    signature = (
        "X/Twitter: data/manifest.js with data/tweets.js (2022+), tweet.js or data/tweet.js "
        "(2019-2022), or data/js/tweets/YYYY_MM.js / tweets.csv (before 2019)"
    )

    def detect(self, archive: Archive) -> bool:
        """An X archive has tweet files, a manifest, or the Grailbird index."""
        return bool(
            archive.find(_YTD_TWEETS)
            or archive.find(r"manifest\.js")
            or archive.find(_GRAILBIRD_JS)
            or archive.find(r"js/tweet_index\.js")
            or archive.find(_GRAILBIRD_CSV)
            or archive.find(_GRAILBIRD_MONTH_CSV)
        )

    def load(self, archive: Archive, *, include_likes: bool = False) -> pd.DataFrame:
        """Read every tweet of the archive; see the module docstring for what is read."""
        skipped = Skipped(archive)
        manifest = _Manifest(archive)
        account = _first_object(archive, archive.find_one(r"account\.js"), "account")
        grailbird_js = archive.find(_GRAILBIRD_JS)
        user_details = _first_object(archive, archive.find_one(r"js/user_details\.js"), "")
        username = (
            (account or {}).get("username")
            or manifest.username
            or (user_details or {}).get("screen_name")
            or self._grailbird_screen_name(archive, grailbird_js)
        )
        ytd = archive.find(_YTD_TWEETS)
        community = archive.find(_COMMUNITY)
        records: list[dict[str, Any]] = []
        per_file: dict[str, int] = {}
        edits: dict[str, list[str]] = {}
        for name in [*ytd, *community, *grailbird_js]:
            got = _records_from_js(archive, name, username, skipped, edits)
            per_file[name] = len(got) + sum(skipped.counts.get(name, {}).values())
            records += got
        if not ytd and not grailbird_js:
            csvs = archive.find(_GRAILBIRD_CSV) or archive.find(_GRAILBIRD_MONTH_CSV)
            for name in csvs:
                records += _records_from_csv(archive, name, username, skipped)
        if manifest.name:
            _check_manifest(archive, manifest, "tweets", {n: per_file[n] for n in ytd})
            _check_manifest(
                archive, manifest, "communityTweet", {n: per_file[n] for n in community}
            )
        records = _restore_long_posts(archive, records, username, skipped)
        records = _drop_superseded_edits(records, edits)
        if include_likes:
            records += _records_from_likes(archive, skipped)
        # A community post can also sit in tweets.js; the same id is one post.
        return finish(records, skipped, username=username, timezone=self._timezone(archive))

    @staticmethod
    def _grailbird_screen_name(archive: Archive, names: list[str]) -> str | None:
        for name in names[:1]:
            data = load_js(archive, name)
            if isinstance(data, list) and data and isinstance(data[0], Mapping):
                return (data[0].get("user") or {}).get("screen_name")
        return None

    @staticmethod
    def _timezone(archive: Archive) -> str | None:
        obj = _first_object(archive, archive.find_one(r"account-timezone\.js"), "accountTimezone")
        return (obj or {}).get("timeZone") or None
