"""Reddit GDPR data exports (``../shared/FORMATS.md`` section 7).

The export (reddit.com/settings/data-request) is a zip of CSV files. Read:

- ``posts.csv``: ``id, permalink, date, ip, subreddit, gildings, title, url, body`` -> kind
  ``post``; ``text`` is the title, then a blank line and the body when there is one.
- ``comments.csv``: ``id, permalink, date, ip, subreddit, gildings, link, parent, body, media``
  -> kind ``comment``.

Columns are found by name, so extra columns (``gildings_silver`` ...) do no harm. The ``ip``
column is **never** read into the table: it is the user's IP address and no scorer needs it.
Bodies are Markdown and may span lines (RFC 4180 quoting); ``[deleted]`` and ``[removed]`` bodies
become ``""``. ``date`` is ``2023-01-15 12:34:56 UTC``. No real export was available (the format
is the consensus of several parsers), so every rule here is tested on synthetic files.

Ids: ``post_id`` is Reddit's fullname, ``t3_<id>`` for posts and ``t1_<id>`` for comments (the
bare ids of the two kinds could collide). ``url`` is the permalink made absolute
(``https://www.reddit.com/r/...``). A post's ``url`` column (the link it shares) goes to
``links`` unless it is the post's own permalink. ``reply_to`` stays unknown: the export names
the parent *item*, not its author.

Detection needs ``posts.csv`` or ``comments.csv`` together with another Reddit file
(``post_votes.csv``, ``comment_votes.csv``, ``subscribed_subreddits.csv`` ...), or a CSV header with
Reddit's ``permalink`` and ``subreddit`` columns. Google Takeout also writes a ``comments.csv``
(YouTube, with a ``Comment Text`` column): it is refused with an error that says so.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from ..archive import Archive
from ..errors import ArchiveFormatError, describe
from . import Layout
from ._common import Skipped, finish

__all__ = ["RedditImporter"]

PLATFORM = "reddit"

_POSTS = r"posts\.csv"
_COMMENTS = r"comments\.csv"
_COMPANIONS = (
    r"(?:post_votes|comment_votes|saved_posts|saved_comments|subscribed_subreddits|"
    r"multireddits|hidden_posts|poll_votes|chat_history|messages|account_gender|"
    r"linked_identities|statistics|user_preferences)\.csv"
)
_GONE = {"[deleted]", "[removed]"}
_MEDIA_HOSTS = re.compile(r"^https?://(?:i\.redd\.it|v\.redd\.it|i\.imgur\.com)/", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<![\w&#])#([A-Za-z]\w*)")
_MENTION = re.compile(r"(?<![\w/])/?u/([\w-]{3,20})")


def _header(archive: Archive, name: str) -> list[str]:
    first = archive.read_text(name).split("\n", 1)[0]
    try:
        return [c.strip() for c in next(csv.reader([first]))]
    except (csv.Error, StopIteration):
        return []


def _is_youtube(header: list[str]) -> bool:
    return "Comment Text" in header or "Comment ID" in header


def _is_reddit(header: list[str]) -> bool:
    return {"id", "permalink", "subreddit"} <= set(header)


def _time(value: Any) -> datetime:
    s = str(value or "").strip()
    if not s:
        raise ValueError("no date")
    if s.endswith(" UTC"):
        s = s[:-4] + "+00:00"
    dt = datetime.fromisoformat(s)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _absolute(permalink: str) -> str | None:
    p = permalink.strip()
    if not p:
        return None
    if p.startswith("/"):
        return "https://www.reddit.com" + p
    return re.sub(r"^https?://(?:old\.|www\.|np\.)?reddit\.com", "https://www.reddit.com", p)


def _body(value: Any) -> str:
    s = str(value or "").strip()
    return "" if s in _GONE else s


def _record(row: Mapping[str, Any], kind: str, name: str) -> dict[str, Any]:
    raw_id = str(row.get("id") or "").strip()
    if not raw_id:
        raise ValueError("no id")
    created = _time(row.get("date"))
    url = _absolute(str(row.get("permalink") or ""))
    body = _body(row.get("body"))
    links: list[str] = []
    media = 0
    if kind == "post":
        title = _body(row.get("title"))
        text = f"{title}\n\n{body}" if title and body else title or body
        shared = _absolute(str(row.get("url") or "")) or ""
        if shared and shared.rstrip("/") != (url or "").rstrip("/"):
            links.append(shared)
            media = 1 if _MEDIA_HOSTS.match(shared) else 0
        prefix = "t3_"
    else:
        text = body
        media = 1 if str(row.get("media") or "").strip() else 0
        prefix = "t1_"
    for u in re.findall(r"https?://[^\s)\]>\"']+", text):
        if u not in links:
            links.append(u)
    return {
        "platform": PLATFORM,
        "post_id": raw_id if raw_id.startswith(prefix) else prefix + raw_id,
        "created_at": created,
        "kind": kind,
        "text": text,
        "url": url,
        "mentions": _MENTION.findall(text),
        "hashtags": _HASHTAG.findall(text),
        "links": links,
        "media_count": media,
        "source_file": name,
    }


def _rows(archive: Archive, name: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(archive.read_text(name), newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ArchiveFormatError(
            describe(
                "a CSV file as Reddit exports it",
                f"unreadable CSV ({exc})",
                "use the file exactly as Reddit sent it (do not re-save it in a spreadsheet)",
                where=archive.where(name),
            )
        ) from None
    header = [c.strip() for c in reader.fieldnames or ()]
    if _is_youtube(header):
        raise ArchiveFormatError(
            describe(
                "Reddit's comments.csv (columns id, permalink, date, subreddit, body ...)",
                "a Google Takeout YouTube comments file (it has a 'Comment Text' column)",
                "this file is not from Reddit and YouTube comments are not supported; pass the "
                "zip Reddit sent after a data request at reddit.com/settings/data-request",
                where=archive.where(name),
            )
        )
    if not {"id", "date"} <= set(header):
        raise ArchiveFormatError(
            describe(
                "a Reddit CSV with the columns id, permalink, date, body",
                f"the columns {reader.fieldnames}",
                "pass the export exactly as Reddit sent it",
                where=archive.where(name),
            )
        )
    # The ip column is dropped here, before anything else sees the row.
    return [{k.strip(): v for k, v in r.items() if k and k.strip() != "ip"} for r in rows]


class RedditImporter:
    """Importer for Reddit's GDPR data export (posts.csv, comments.csv)."""

    name = PLATFORM
    signature = "Reddit: posts.csv / comments.csv with post_votes.csv etc. (GDPR data request)"
    label = "Reddit"
    export = "the GDPR data request at reddit.com/settings/data-request"
    layouts = (
        Layout(
            "posts.csv and comments.csv beside post_votes.csv, saved_posts.csv ...",
            ("posts.csv", "comments.csv", "post_votes.csv"),
        ),
    )

    def detect(self, archive: Archive) -> bool:
        """posts.csv or comments.csv beside another Reddit file, or with Reddit's header.

        A lone Google Takeout YouTube ``comments.csv`` is claimed too, so that loading it ends
        in an error that names it instead of "unknown archive".
        """
        files = archive.find(_POSTS) + archive.find(_COMMENTS)
        if not files:
            return False
        if archive.find(_COMPANIONS):
            return True
        headers = [_header(archive, n) for n in files]
        return any(_is_reddit(h) or _is_youtube(h) for h in headers)

    def load(self, archive: Archive, *, include_likes: bool = False) -> pd.DataFrame:
        """Read every post and comment (votes are not read: they carry no text or time).

        Raises
        ------
        ArchiveFormatError
            For a YouTube comments.csv, an export without posts.csv and comments.csv, or a
            damaged file.
        """
        posts, comments = archive.find(_POSTS), archive.find(_COMMENTS)
        if not posts and not comments:
            found = ", ".join(archive.find(r"[^/]+\.csv")[:6]) or "no CSV files"
            raise ArchiveFormatError(
                describe(
                    "a Reddit export with posts.csv or comments.csv",
                    f"neither ({found})",
                    "pass the whole zip Reddit sent after the data request",
                    where=str(archive.path),
                )
            )
        skipped = Skipped(archive)
        records: list[dict[str, Any]] = []
        for files, kind in ((posts, "post"), (comments, "comment")):
            for name in files:
                for row in _rows(archive, name):
                    try:
                        records.append(_record(row, kind, name))
                    except (TypeError, ValueError, AttributeError) as exc:
                        skipped.add_error(name, exc)
        return finish(records, skipped)
