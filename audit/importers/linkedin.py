"""LinkedIn "Get a copy of your data" exports (``../shared/FORMATS.md`` section 4).

Read:

- ``Shares.csv`` (also ``Shares_<memberId>.csv``): ``Date, ShareLink, ShareCommentary,
  SharedUrl, MediaUrl, Visibility``. LinkedIn writes a multi-line post so that, *after* CSV
  decoding, every inner line is still wrapped in literal double quotes: the first line ends with
  ``"``, the middle lines are ``"..."`` and the last starts with ``"`` (observed 2025, all 173
  multi-line posts of the real sample). :func:`unwrap_lines` removes exactly those wrappers, and
  only when a post has that shape, so a quote the person typed is never eaten. A row with empty
  commentary and a ``SharedUrl`` is a bare reshare (kind ``repost``); every other row is a
  ``post`` (an empty one keeps ``text=""``: an image or document post).
- ``Comments.csv``: ``Date, Link, Message``, kind ``comment``. Quotes inside ``Message`` are
  escaped with a backslash (``\\"``) instead of being doubled, which splits rows in a default
  CSV reader (35 rows of the real sample); files that contain ``\\"`` are read with
  ``escapechar="\\\\"``, other files with the standard dialect (so a lone backslash survives).

``Date`` is a naive ``YYYY-MM-DD HH:MM:SS``: LinkedIn does not say which zone; we treat it as
UTC (unverified, FORMATS.md 4), so late-night signals on LinkedIn rows may be off by the user's
UTC offset.

Ids and links: a share's ``post_id`` is its URN from ``ShareLink`` (``urn:li:share:<id>``,
``urn:li:ugcPost:<id>``, ``urn:li:groupPost:<id>``) and ``url`` is ``ShareLink``. A comment's
``Link`` names the *commented* post (several comments share it), so a comment's ``post_id`` is a
hash of the platform, time, link and message; its ``url`` is ``Link``. Rows with the same
URN are one share (a shared video fills one row per thumbnail size), counted in
``DataFrame.attrs["duplicates"]``. ``links`` hold
``SharedUrl`` and the URLs written in the text (``lnkd.in`` short links cannot be expanded
offline); ``hashtags`` are the ``#words`` of the text. Mentions are plain names with no marker,
so ``mentions`` stays empty and ``reply_to`` is unknown.

The Basic export has neither file (only profile, connections and the like); loading one says
so and asks for the Complete export.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import pandas as pd

from ..archive import Archive
from ..errors import ArchiveFormatError, describe
from . import Layout
from ._common import Skipped, finish, stable_id

__all__ = ["LinkedInImporter", "unwrap_lines"]

PLATFORM = "linkedin"

_SHARES = r"Shares(?:_[\w-]+)?\.csv"
_COMMENTS = r"Comments(?:_[\w-]+)?\.csv"
# Files only a LinkedIn export has; any of them makes a Basic export recognisable.
_OTHER = (
    r"(?:Connections|Positions|Profile|Reactions|Registration|Email Addresses|"
    r"Invitations|Skills|Education|Endorsement_Received_Info|Rich_Media)\.csv"
)
_URN = re.compile(r"urn:li:[A-Za-z]+:[\w-]+")
_URL = re.compile(r"https?://[^\s\"'<>]+")
_HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")


def unwrap_lines(text: str) -> str:
    """Remove LinkedIn's literal quote wrappers from a multi-line ``ShareCommentary``.

    Parameters
    ----------
    text : str
        The field after CSV decoding, e.g. ``'Hi."\\n""\\n"Bye'``.

    Returns
    -------
    str
        ``'Hi.\\n\\nBye'``. Single-line text, or text that does not have the wrapper shape on
        every line, is returned unchanged.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    if len(lines) < 2:
        return text
    first, *middle, last = lines
    wrapped = (
        first.endswith('"')
        and last.startswith('"')
        and all(len(m) >= 2 and m.startswith('"') and m.endswith('"') for m in middle)
    )
    if not wrapped:
        return text
    return "\n".join([first[:-1], *(m[1:-1] for m in middle), last[1:]])


def _time(value: Any) -> datetime:
    s = str(value or "").strip()
    if not s:
        raise ValueError("no Date")
    dt = datetime.fromisoformat(s)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _urn(link: str) -> str | None:
    m = _URN.search(unquote(link or ""))
    return m.group(0) if m else None


def _links(*candidates: str, text: str = "") -> list[str]:
    out: list[str] = []
    for url in [*candidates, *(u.rstrip(".,;:!?)") for u in _URL.findall(text))]:
        if url and url not in out:
            out.append(url)
    return out


def _rows(archive: Archive, name: str, needed: set[str]) -> list[Mapping[str, str]]:
    """The rows of one LinkedIn CSV, in the dialect the file uses."""
    text = archive.read_text(name)
    kwargs: dict[str, Any] = {"escapechar": "\\"} if '\\"' in text else {}
    reader = csv.DictReader(io.StringIO(text, newline=""), **kwargs)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ArchiveFormatError(
            describe(
                "a CSV file as LinkedIn exports it",
                f"unreadable CSV ({exc})",
                "use the file exactly as LinkedIn exported it (do not re-save it in a spreadsheet)",
                where=archive.where(name),
            )
        ) from None
    header = {f.strip() for f in reader.fieldnames or ()}
    if not needed <= header:
        raise ArchiveFormatError(
            describe(
                f"a LinkedIn CSV with the columns {sorted(needed)}",
                f"the columns {reader.fieldnames}",
                "pass the export exactly as LinkedIn sent it",
                where=archive.where(name),
            )
        )
    return rows


def _share(row: Mapping[str, str], name: str) -> dict[str, Any]:
    created = _time(row.get("Date"))
    text = unwrap_lines(row.get("ShareCommentary") or "").strip()
    link = (row.get("ShareLink") or "").strip()
    shared = (row.get("SharedUrl") or "").strip()
    media = (row.get("MediaUrl") or "").strip()
    kind = "repost" if shared and not text else "post"
    post_id = _urn(link) or stable_id(PLATFORM, int(created.timestamp()), text, shared, media)
    return {
        "platform": PLATFORM,
        "post_id": post_id,
        "created_at": created,
        "kind": kind,
        "text": text,
        "url": link or None,
        "hashtags": _HASHTAG.findall(text),
        "links": _links(shared, text=text),
        "media_count": 1 if media else 0,
        "source_file": name,
    }


def _comment(row: Mapping[str, str], name: str) -> dict[str, Any]:
    created = _time(row.get("Date"))
    text = (row.get("Message") or "").strip()
    link = (row.get("Link") or "").strip()
    return {
        "platform": PLATFORM,
        "post_id": stable_id(PLATFORM, "comment", int(created.timestamp()), link, text),
        "created_at": created,
        "kind": "comment",
        "text": text,
        "url": link or None,
        "hashtags": _HASHTAG.findall(text),
        "links": _links(text=text),
        "source_file": name,
    }


class LinkedInImporter:
    """Importer for LinkedIn data exports (Complete; Basic ones are recognised and explained)."""

    name = PLATFORM
    signature = "LinkedIn: Shares.csv and Comments.csv (Complete export), or Connections.csv etc."
    label = "LinkedIn"
    export = 'Settings: "Get a copy of your data", the complete archive'
    layouts = (
        Layout(
            "the complete export: Shares.csv and Comments.csv",
            ("Shares.csv", "Comments.csv"),
        ),
        Layout(
            "the basic export (Connections.csv, Profile.csv ...): recognised, but it holds no "
            "posts",
            ("Connections.csv",),
        ),
    )

    def detect(self, archive: Archive) -> bool:
        """A LinkedIn export has Shares.csv, Comments.csv or LinkedIn's profile files."""
        return bool(archive.find(_SHARES) or archive.find(_COMMENTS) or archive.find(_OTHER))

    def load(self, archive: Archive, *, include_likes: bool = False) -> pd.DataFrame:
        """Read every share and comment of the export.

        Reactions (``Reactions.csv``) hold only a type and a link, not what was liked, so they are
        not read even with ``include_likes``.

        Raises
        ------
        ArchiveFormatError
            When the export has neither Shares.csv nor Comments.csv (a Basic export), or a file
            is damaged.
        """
        shares, comments = archive.find(_SHARES), archive.find(_COMMENTS)
        if not shares and not comments:
            found = ", ".join(archive.find(r"[^/]+\.csv")[:6]) or "no CSV files"
            raise ArchiveFormatError(
                describe(
                    "a LinkedIn export with Shares.csv or Comments.csv",
                    f"a Basic export without them ({found})",
                    "in LinkedIn's Settings > Data privacy > Get a copy of your data, choose "
                    "'Download larger data archive' (the Complete export) and pass that zip",
                    where=str(archive.path),
                )
            )
        skipped = Skipped(archive)
        records: list[dict[str, Any]] = []
        for files, needed, make in (
            (shares, {"Date", "ShareLink", "ShareCommentary"}, _share),
            (comments, {"Date", "Link", "Message"}, _comment),
        ):
            for name in files:
                for row in _rows(archive, name, needed):
                    try:
                        records.append(make(row, name))
                    except (TypeError, ValueError, AttributeError) as exc:
                        skipped.add_error(name, exc)
        # One share can fill several rows: one per thumbnail size of a shared video (observed:
        # 5 rows, same ShareLink, different MediaUrl), or a Shares_<id>.csv beside Shares.csv.
        return finish(records, skipped)
