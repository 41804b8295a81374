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

Speed (issue 5): the tweets become columns (:class:`~._common.Columns`), not one dict each; a
tweet of the usual YTD shape is read by a fast path (:func:`_usual_row`) and anything else by
:func:`tweet_record`, the reference, so values, skipped records and their reasons are the same.
From :data:`PARALLEL_MIN_BYTES` of tweets files on, the files are parsed by forked worker
processes (one per file, two at a time), with the same result as in one process.
"""

from __future__ import annotations

import csv
import html
import io
import multiprocessing
import multiprocessing.connection
import os
import re
import sys
import threading
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd

from .._progress import paused_gc, progress_bar
from ..archive import Archive
from ..errors import ArchiveFormatError, AuditWarning, describe
from ..schema import _EPOCH, _MICROSECOND, _opt_int, _opt_ints
from ..timezones import resolve_timezone
from . import Layout
from ._common import Columns, Skipped, finish_columns, load_js, parse_js

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
# (same result; anything else, including odd spacing or case, takes the strptime path). Its three
# parts have fixed lengths (11, 8 and 11 characters), which _x_micros relies on.
_X_DAY = (
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d\d) "
)
_X_CLOCK = r"(\d\d):(\d\d):(\d\d)"
_X_ZONE_YEAR = r" \+0000 (\d{4})"
_X_TIME = re.compile(_X_DAY + _X_CLOCK + _X_ZONE_YEAR)
_X_DATE = re.compile(_X_DAY + _X_ZONE_YEAR)
_X_MINUTE = re.compile(r"(\d\d):(\d\d)")  # _X_CLOCK is _X_MINUTE then _X_SECOND
_X_SECOND = re.compile(r":(\d\d)")
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


class _Slow(Exception):
    """A tweet (or time) not in the usual shape: the reference code reads it."""


def _x_micros(value: str, parts: dict[str, int]) -> int:
    """``_parse_time(value)`` as microseconds since 1970-01-01 UTC, for X's usual 30 characters.

    A string of 30 characters matches ``_X_TIME`` exactly when its first 11 and last 11
    characters match ``_X_DATE``, the next 5 ``_X_MINUTE`` and the 3 after them ``_X_SECOND``;
    so each date, minute of the day and second is checked and converted once (``parts`` keeps
    them for one file, each kind with its own key length: 22, 5 and 3 characters).

    Raises
    ------
    _Slow, ValueError
        For any other string or an impossible date or time: ``_parse_time`` then decides.
    """
    if len(value) != 30:
        raise _Slow
    day_key = value[:11] + value[19:]
    minute_key = value[11:16]
    second_key = value[16:19]
    day = parts.get(day_key)
    if day is None:
        m = _X_DATE.fullmatch(day_key)
        if m is None:
            raise _Slow
        mon, dd, year = m.groups()
        day = (datetime(int(year), _MONTHS[mon], int(dd), tzinfo=UTC) - _EPOCH) // _MICROSECOND
        parts[day_key] = day
    minute = parts.get(minute_key)
    if minute is None:
        m = _X_MINUTE.fullmatch(minute_key)
        if m is None or int(m[1]) > 23 or int(m[2]) > 59:  # datetime() refuses those
            raise _Slow
        minute = (int(m[1]) * 60 + int(m[2])) * 60_000_000
        parts[minute_key] = minute
    second = parts.get(second_key)
    if second is None:
        m = _X_SECOND.fullmatch(second_key)
        if m is None or int(m[1]) > 59:
            raise _Slow
        second = int(m[1]) * 1_000_000
        parts[second_key] = second
    return day + minute + second


_EMPTY: dict[str, Any] = {}


def _usual_row(
    tweet: dict[str, Any], source_file: str, permalink: str, parts: dict[str, int]
) -> tuple[Any, ...]:
    """:func:`tweet_record` of a tweet in the usual YTD shape, as a row of ``Columns``.

    Values in the order of the posts columns; ``created_at`` in microseconds, counts as
    exported (``Columns`` users convert them), every list the row's own. The same steps as
    :func:`tweet_record`, with exact type checks in front of them: a tweet of any other shape
    (coordinates, a place, entities that are not lists of objects, a time in another format,
    ...) raises, and then :func:`tweet_record` reads it, so errors and odd values are exactly
    its own.
    """
    get = tweet.get
    tweet_id = get("id_str") or tweet["id"]
    created = get("created_at")
    raw = get("full_text")
    if type(tweet_id) is not str or not tweet_id.isdigit() or type(created) is not str:
        raise _Slow
    micros = _x_micros(created, parts)
    entities = get("entities") or _EMPTY
    if type(raw) is not str or type(entities) is not dict:
        raise _Slow
    if get("coordinates") is not None or get("geo") is not None or get("place") is not None:
        raise _Slow
    urls = entities.get("urls")
    if urls:
        if type(urls) is not list or not all(type(u) is dict for u in urls):
            raise _Slow
        links = [
            u.get("expanded_url") or u.get("url")
            for u in urls
            if u.get("expanded_url") or u.get("url")
        ]
    else:
        urls = ()
        links = []
    extended = get("extended_entities")
    if extended:
        if type(extended) is not dict:
            raise _Slow
        media = extended.get("media") or entities.get("media")
    else:
        media = entities.get("media")
    if media:
        if type(media) is not list or not all(type(m) is dict for m in media):
            raise _Slow
    else:
        media = ()
    reply_to = None
    if raw.startswith("RT @") or get("retweeted_status"):
        kind = "repost"
    else:
        if str(get("in_reply_to_status_id_str") or get("in_reply_to_status_id") or ""):
            kind = "reply"
        elif links and any(_STATUS_URL.match(u) for u in links):
            kind = "quote"
        else:
            kind = "post"
        reply_to = get("in_reply_to_screen_name") or get("in_reply_to_user_id_str")
        if not reply_to and get("in_reply_to_user_id") is not None:
            reply_to = str(tweet["in_reply_to_user_id"])
    mentions = entities.get("user_mentions")
    hashtags = entities.get("hashtags")
    return (
        PLATFORM,
        tweet_id,
        micros,
        kind,
        expand_text(raw, urls, media) if urls or media else html.unescape(raw),
        permalink + tweet_id,
        reply_to,
        [m["screen_name"] for m in mentions if m.get("screen_name")] if mentions else [],
        [h["text"] for h in hashtags if h.get("text")] if hashtags else [],
        links,
        len({m.get("id_str") or m.get("media_url_https") or i for i, m in enumerate(media)}),
        None,
        None,
        None,
        get("favorite_count"),
        get("retweet_count"),
        source_file,
        get("lang"),
    )


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
        "lang": tweet.get("lang"),
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


_Result = tuple[Columns, Counter[str] | None, dict[str, list[str]]]


def _tweets_of_file(
    archive: Archive, name: str, content: list[bytes], username: str | None, progress: bool = False
) -> _Result:
    """The rows of one tweets file, its skipped-record counts and its edited tweets.

    ``content`` holds the file's bytes, taken out so that they are freed once parsed. Runs in
    the loading process or in a forked worker (then the result is pickled back: columns of
    plain values pickle fast).
    """
    skipped = Skipped(archive)
    edits: dict[str, list[str]] = {}
    with paused_gc():  # a million small objects: the cycle collector would dominate
        data = parse_js(archive, name, content.pop())
        rows = _tweet_columns(archive, name, data, username, skipped, edits, progress)
    return rows, skipped.counts.get(name), edits


def _tweet_columns(
    archive: Archive,
    name: str,
    data: Any,
    username: str | None,
    skipped: Skipped,
    edits: dict[str, list[str]],
    progress: bool,
) -> Columns:
    """Rows of one parsed tweets file; fills ``edits`` with the version ids of edited tweets."""
    if not isinstance(data, list):
        raise ArchiveFormatError(
            describe(
                "a JSON array of tweets",
                f"a JSON {type(data).__name__}",
                "the file is damaged or not from an X archive; download the archive again",
                where=archive.where(name),
            )
        )
    rows: list[tuple[Any, ...]] = []
    permalink = _permalink(username, "")
    parts: dict[str, int] = {}
    # a bar on a terminal only (a notebook run by papermill would keep it in the report)
    bar = progress_bar(
        len(data),
        None if progress else False,
        f"reading {name.rsplit('/', 1)[-1]}",
        unit="tweet",
        notebooks=False,
    )
    for k in range(len(data)):
        if bar is not None and k % 5000 == 4999:
            bar.update(5000)
        # drop each parsed tweet once read: a part's objects do not outlive their rows
        element, data[k] = data[k], None
        if type(element) is dict and len(element) == 1 and "tweet" in element:
            tweet = element["tweet"]
        else:
            tweet = _unwrap(element, "tweet")
        if type(tweet) is not dict and not _is_map(tweet):
            skipped.add(name, "not a tweet object")
            continue
        try:
            row = _usual_row(tweet, name, permalink, parts)
        except Exception:  # any other shape, or an error: the reference reads the tweet
            try:
                record = tweet_record(tweet, name, username)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                skipped.add_error(name, exc)
                continue
            row = Columns.row_of(record)
        rows.append(row)
        # the usual edit_info, of a tweet never edited ({"initial": {"editTweetIds": [id]}}),
        # needs no _edit_versions
        info = tweet.get("edit_info")
        if info is None:
            continue
        initial = info.get("initial") if type(info) is dict else None
        if type(initial) is dict and initial:
            ids = initial.get("editTweetIds")
            if type(ids) is not list or len(ids) <= 1:
                continue
        versions = _edit_versions(tweet)
        if versions:
            edits[row[1]] = versions
    if bar is not None:
        bar.close()
    columns = Columns.from_rows(rows)
    del rows
    for c in ("likes", "shares"):  # as tweet_record: _opt_int, once per distinct count
        columns.data[c] = _opt_ints(columns.data[c])
    return columns


#: from this many bytes of tweets files on (about 30,000 tweets), the files are parsed by forked
#: worker processes: 10 to 35 % faster at 50,000 tweets (57 MB) on two cores, twice as fast at
#: 1M; below, a few tenths of a second at most are gained.
PARALLEL_MIN_BYTES = 32 * 2**20
#: at most this many workers: each holds one parsed part, several hundred MB for a 100 MB part.
MAX_WORKERS = 2

# What a forked worker reads: set in the loading process just before the fork, inherited by it;
# the lock keeps two threads of one process from forking with each other's file.
_SHARED: dict[str, Any] = {}
_FORK_LOCK = threading.Lock()


def _worker_count(archive: Archive, names: list[str], workers: int | None) -> int:
    if workers is None:
        total = sum(archive.size(n) or 0 for n in names)
        workers = _cores() if total > PARALLEL_MIN_BYTES else 1
    if workers > 1 and not sys.platform.startswith("linux"):
        # fork is only safe on Linux (macOS system libraries break in forked children), and
        # spawn would re-import the caller's script: read in this process instead
        return 1
    if multiprocessing.current_process().daemon:  # a pool's worker may not start processes
        return 1
    return max(1, min(int(workers), MAX_WORKERS, len(names)))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _worker() -> None:
    """Body of a forked worker: read the inherited file, send the result (or the error) back."""
    send = _SHARED["send"]
    try:
        try:
            outcome: tuple[str, Any] = (
                "ok",
                _tweets_of_file(
                    _SHARED["archive"],
                    _SHARED["name"],
                    [_SHARED.pop("content")],
                    _SHARED["username"],
                ),
            )
        except Exception as exc:
            outcome = ("error", exc)
        send.send(outcome)
    except Exception:  # the loading process sees no result and reads the file itself
        pass
    finally:
        send.close()


class _Job:
    """One tweets file read by a forked worker process."""

    def __init__(
        self, ctx: Any, archive: Archive, name: str, content: bytes, username: str | None
    ) -> None:
        self.name, self.content = name, content
        self.receive, send = ctx.Pipe(duplex=False)
        self.process: Any = None
        with _FORK_LOCK:
            _SHARED.update(
                archive=archive, name=name, content=content, username=username, send=send
            )
            try:
                process = ctx.Process(target=_worker, daemon=True)
                process.start()
                self.process = process
            except Exception:  # no process to be had: the pipe ends empty, read here
                pass
            finally:
                _SHARED.clear()
        send.close()  # the worker holds the other copy: its end is the pipe's end

    def outcome(self, archive: Archive, username: str | None) -> tuple[str, Any]:
        """``("ok", result)`` or ``("error", exception)``; read here if the worker failed."""
        try:
            outcome = self.receive.recv()
        except Exception:  # no result (the worker was killed, ...): read the file here
            try:
                outcome = ("ok", _tweets_of_file(archive, self.name, [self.content], username))
            except Exception as exc:
                outcome = ("error", exc)
        self.close(wait=True)
        return outcome

    def close(self, wait: bool = False) -> None:
        """End the worker and release the pipe and the file's bytes.

        ``wait``: give a worker that has sent its result a moment to end on its own.
        """
        if self.process is not None:
            if wait:
                self.process.join(10)
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
        self.receive.close()
        self.content = b""


def _tweet_files(
    archive: Archive, names: list[str], username: str | None, workers: int | None = None
) -> Iterator[_Result]:
    """:func:`_tweets_of_file` of each file, in order: in forked workers for big archives.

    The files are read here, in order and with the archive's checks; each is then handed to a
    worker process forked for it, which inherits the bytes (nothing is copied on the way in)
    and sends its columns back. At most ``workers`` run at a time; results and errors are
    given in the order of ``names``, as when reading one file after the other (a file that
    cannot be read is reported after the files before it).
    """
    n = _worker_count(archive, names, workers)
    if n <= 1:
        for name in names:
            yield _tweets_of_file(archive, name, [archive.read_bytes(name)], username, True)
        return
    # fork, not spawn/forkserver (see audit/scoring.py): a worker inherits the archive object
    # and the file's bytes; only its columns travel back, pickled.
    ctx = multiprocessing.get_context("fork")
    running: dict[int, _Job] = {}
    done: dict[int, tuple[str, Any]] = {}
    unreadable: tuple[int, Exception] | None = None
    started = given = 0
    bar = progress_bar(len(names), None, "reading tweets files", "file", 2, notebooks=False)
    try:
        while given < len(names):
            while unreadable is None and started < len(names) and len(running) < n:
                try:
                    content = archive.read_bytes(names[started])
                except Exception as exc:
                    unreadable = (started, exc)
                    break
                running[started] = _Job(ctx, archive, names[started], content, username)
                del content
                started += 1
            if given in done:
                status, value = done.pop(given)
                given += 1
                if bar is not None:
                    bar.update(1)
                if status == "error":
                    raise value
                yield value
            elif unreadable is not None and unreadable[0] == given:
                raise unreadable[1]
            else:  # wait for any worker; the next file starts as soon as one is done
                ready = multiprocessing.connection.wait([j.receive for j in running.values()])
                for i in [i for i, job in running.items() if job.receive in ready]:
                    done[i] = running.pop(i).outcome(archive, username)
    finally:
        for job in running.values():  # an error, or the caller stopped reading
            job.close()
        if bar is not None:
            bar.close()


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


def _when(micros: int) -> datetime:
    """The aware datetime a ``created_at`` of ``Columns`` came from."""
    return _EPOCH + timedelta(microseconds=micros)


def _restore_long_posts(
    archive: Archive, rows: Columns, username: str | None, skipped: Skipped
) -> None:
    """Swap in the full text of long posts from note-tweet.js (``rows`` is changed in place).

    Notes carry no tweet id (FORMATS.md 1.4): a note belongs to the tweet posted within one
    second of it whose truncated text its own text starts with. Notes that match no tweet are
    the user's words too: they are kept as posts of their own (post_id ``note-<noteTweetId>``).
    """
    if not archive.find(_NOTES):
        return  # nothing to restore: skip the two indexes (a million entries each)
    texts, links, times = rows.data["text"], rows.data["links"], rows.data["created_at"]
    by_id = {tweet_id: i for i, tweet_id in enumerate(rows.data["post_id"])}
    by_second: dict[int, list[int]] = {}
    for i, micros in enumerate(times):
        by_second.setdefault(int(_when(micros).timestamp()), []).append(i)
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
                    if abs((_when(times[cand]) - created).total_seconds()) <= 1 and flat.startswith(
                        _prefix_key(texts[cand])
                    ):
                        match = cand
                        break
            if match is not None:
                texts[match] = text
                links[match] = [u for u in links[match] if "/i/web/status/" not in u]
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
    for record in extra:
        rows.append_record(record)


def _drop_superseded_edits(rows: Columns, edits: Mapping[str, list[str]]) -> Columns:
    """Keep only the newest version of an edited tweet that the archive holds.

    Each edit is a tweet of its own, tied to the others by ``edit_info`` (FORMATS.md 1.4).
    """
    if not edits:
        return rows
    ids = rows.data["post_id"]
    present = set(ids)
    superseded = set()
    for tweet_id, versions in edits.items():
        later = [v for v in versions if v in present and int(v) > int(tweet_id)]
        if later:
            superseded.add(tweet_id)
    if not superseded & present:
        return rows
    return rows.take([i for i, tweet_id in enumerate(ids) if tweet_id not in superseded])


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
    label = "X / Twitter"
    export = 'Settings: "Download an archive of your data"'
    layouts = (
        Layout(
            "2022 and later: data/tweets.js (and tweets-part1.js ...) with data/manifest.js; "
            "note-tweet.js, account.js and like.js are read too",
            ("data/manifest.js", "data/tweets.js"),
        ),
        Layout(
            "2019-2022: tweet.js (and tweet-part1.js ...), at the root or in data/",
            ("data/tweet.js",),
        ),
        Layout(
            "2012-2019 (Grailbird): data/js/tweets/YYYY_MM.js, else tweets.csv, else "
            "data/csv/YYYY_MM.csv",
            ("data/js/tweets/2015_08.js",),
        ),
        Layout(
            "a tweets.js or tweet.js file on its own",
            ("tweets.js",),
        ),
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
        rows = Columns()
        per_file: dict[str, int] = {}
        edits: dict[str, list[str]] = {}
        names = [*ytd, *community, *grailbird_js]
        with paused_gc():  # a million rows: the cycle collector would dominate
            for name, (got, counts, file_edits) in zip(
                names, _tweet_files(archive, names, username), strict=True
            ):
                if counts:
                    skipped.counts.setdefault(name, Counter()).update(counts)
                edits.update(file_edits)
                per_file[name] = len(got) + sum(skipped.counts.get(name, {}).values())
                rows.extend(got)
                del got
            if not ytd and not grailbird_js:
                csvs = archive.find(_GRAILBIRD_CSV) or archive.find(_GRAILBIRD_MONTH_CSV)
                for name in csvs:
                    for record in _records_from_csv(archive, name, username, skipped):
                        rows.append_record(record)
            if manifest.name:
                _check_manifest(archive, manifest, "tweets", {n: per_file[n] for n in ytd})
                _check_manifest(
                    archive, manifest, "communityTweet", {n: per_file[n] for n in community}
                )
            _restore_long_posts(archive, rows, username, skipped)
            rows = _drop_superseded_edits(rows, edits)
            if include_likes:
                for record in _records_from_likes(archive, skipped):
                    rows.append_record(record)
            # A community post can also sit in tweets.js; the same id is one post.
            return finish_columns(
                rows, skipped, username=username, timezone=self._timezone(archive)
            )

    @staticmethod
    def _grailbird_screen_name(archive: Archive, names: list[str]) -> str | None:
        for name in names[:1]:
            data = load_js(archive, name)
            if isinstance(data, list) and data and isinstance(data[0], Mapping):
                return (data[0].get("user") or {}).get("screen_name")
        return None

    @staticmethod
    def _timezone(archive: Archive) -> str | None:
        """The account's time zone as an IANA name (X writes Rails names such as "Kyiv").

        An unknown name is a warning naming the file and the value, and local hours fall back
        to UTC: it never stops the audit.
        """
        name = archive.find_one(r"account-timezone\.js")
        obj = _first_object(archive, name, "accountTimezone")
        raw = (obj or {}).get("timeZone")
        if raw is None or raw == "":
            return None
        resolved = resolve_timezone(raw)
        if resolved is None:
            warnings.warn(
                AuditWarning(
                    f"{archive.where(name or 'account-timezone.js')}: time zone {raw!r} is "
                    "neither an IANA name nor one of X's; local hours are UTC. Give yours "
                    "with --timezone (e.g. Europe/Berlin) if that matters."
                ),
                stacklevel=3,
            )
        return resolved
