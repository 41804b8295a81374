"""Facebook "Download Your Information" exports, JSON format (``../shared/FORMATS.md`` section 2).

Layouts read (Facebook moved its files three times):

- <= 2018: ``posts/your_posts.json`` -> ``{"status_updates": [...]}``; comments in
  ``comments/comments.json`` -> ``{"comments": [...]}``.
- 2019-2021: ``posts/your_posts_N.json`` -> a top-level array; ``{"comments_v2": [...]}``.
- 2022-2023: ``your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_N.json``
  and ``.../comments_and_reactions/comments.json``.
- 2024+: the same under ``your_facebook_activity/`` (with ``{}`` padding in ``data``).

Group posts and comments come from ``groups/*.json`` (``group_posts_v2``, ``group_comments_v2``).
Facebook writes every non-ASCII character as one ``\\u00XX`` escape per UTF-8 byte ("mojibake");
it is undone exactly once per file (see :func:`fix_mojibake`). Titles are localized, so nothing is
classified by title: the kind comes from the file, the title only supplies ``reply_to``.
Exports have no post ids: ``post_id`` is a hash of the timestamp, text and attachments, with media
paths reduced to their file names so the same post in two layouts gets the same id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from ..archive import Archive
from ..errors import ArchiveFormatError, describe
from . import Layout
from ._common import Skipped, finish, load_json, stable_id

__all__ = ["FacebookImporter", "fix_mojibake"]

PLATFORM = "facebook"

_POSTS = r"your_posts(?:_\d+)?\.json|your_posts__check_ins__photos_and_videos(?:_\d+)?\.json"
_COMMENTS = r"comments(?:_and_reactions)?/comments(?:_\d+)?\.json"
_GROUPS = r"groups/[^/]+\.json"
_ROOTS = r"(?:your_facebook_activity|your_activity_across_facebook)/.+"
_HTML_POSTS = r"your_posts(?:_\d+)?\.html|your_posts__check_ins__photos_and_videos(?:_\d+)?\.html"

# reply_to from a comment's title. Titles are localized; these are the phrasings we know, and a
# title that matches none simply leaves reply_to empty (the comment is still read).
_TITLE_TARGETS = tuple(
    re.compile(p)
    for p in (
        # English: "Sam commented on Jordan Lee's post." / "replied to Ana's comment."
        r"\b(?:commented on|replied to|responded to|wrote on|posted on)\s+(?P<who>.+?)['’]s?\s+\w+",
        # Spanish / Portuguese: "comentó la publicación de Lucía Pérez." / "comentou ... de X"
        r"\b(?:coment[óo]u?|respondi[óo]|respondeu)\b.*?\bde\s+(?P<who>[^.]+?)\.?$",
        # French: "a commenté la publication de X."
        r"\ba (?:commenté|répondu)\b.*?\bde\s+(?P<who>[^.]+?)\.?$",
        # German: "hat den Beitrag von X kommentiert."
        r"\bhat\b.*?\bvon\s+(?P<who>.+?)\s+(?:kommentiert|beantwortet)",
    )
)


def fix_mojibake(value: Any) -> Any:
    """Undo Facebook's latin-1 mojibake in a parsed JSON value, exactly once.

    Facebook writes each UTF-8 byte of a string as its own ``\\u00XX`` escape, so ``ł`` arrives as
    ``\\u00c5\\u0082``. Encoding such a string as latin-1 gives back the UTF-8 bytes.

    The fix is applied only when *every* string of the value is made of code points up to
    U+00FF: a file that holds any character beyond that has already been repaired (by the user or
    a tool), and repairing it again would garble it. Within a mojibake file, a string whose bytes
    are not valid UTF-8 is kept as it is.

    Parameters
    ----------
    value : Any
        A parsed JSON value (dicts, lists, strings, numbers).

    Returns
    -------
    Any
        The same structure with strings (and dict keys) repaired; the input is not modified.
    """
    if any(max(s, default="\0") > "\xff" for s in _strings(value)):
        return value
    return _repair(value)


def _strings(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            yield v
        elif isinstance(v, Mapping):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def _repair(value: Any) -> Any:
    if isinstance(value, str):
        if value.isascii():
            return value
        try:
            return value.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return value
    if isinstance(value, Mapping):
        return {_repair(k): _repair(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_repair(v) for v in value]
    return value


def _first_key(obj: Mapping[str, Any], stem: str) -> Any:
    """The value of the first key starting with ``stem`` (``comments_v2``, ``comments`` ...).

    Facebook bumps the suffix of these keys from time to time (FORMATS.md 2.4).
    """
    for key, value in obj.items():
        if key == stem or key.startswith(stem + "_v"):
            return value
    return None


def _time(item: Mapping[str, Any], *more: Mapping[str, Any]) -> datetime:
    for source in (item, *more):
        ts = source.get("timestamp")
        if isinstance(ts, int | float) and not isinstance(ts, bool) and ts > 0:
            return datetime.fromtimestamp(ts, UTC)
    raise ValueError("no usable timestamp")


def _title_target(title: Any, author: str | None) -> str | None:
    if not isinstance(title, str):
        return None
    for rx in _TITLE_TARGETS:
        m = rx.search(title.strip())
        if m:
            who = m.group("who").strip()
            if who and who != author and who.lower() not in {"his", "her", "their", "your", "own"}:
                return who
    return None


class _Attachments:
    """What a post's or comment's ``attachments`` hold."""

    def __init__(self, item: Mapping[str, Any]) -> None:
        self.media: list[str] = []
        self.links: list[str] = []
        self.place: str | None = None
        self.lat: float | None = None
        self.lon: float | None = None
        for group in item.get("attachments") or []:
            for entry in (group.get("data") or []) if isinstance(group, Mapping) else []:
                if isinstance(entry, Mapping):
                    self._add(entry)

    def _add(self, entry: Mapping[str, Any]) -> None:
        media = entry.get("media")
        if isinstance(media, Mapping):
            uri = str(media.get("uri") or "")
            # The folder part of a media path changes between layouts; the file name does not.
            self.media.append(uri.rsplit("/", 1)[-1] or f"media-{len(self.media)}")
        ctx = entry.get("external_context")
        if isinstance(ctx, Mapping) and ctx.get("url"):
            self._link(str(ctx["url"]))
        text = entry.get("text")
        if isinstance(text, str) and re.match(r"https?://\S+$", text.strip()):
            self._link(text.strip())
        place = entry.get("place")
        if isinstance(place, Mapping) and self.place is None:
            self.place = place.get("name") or place.get("address") or None
            coord = place.get("coordinate") or {}
            if isinstance(coord, Mapping) and coord.get("latitude") is not None:
                self.lat = float(coord["latitude"])
                self.lon = float(coord["longitude"])

    def _link(self, url: str) -> None:
        if url not in self.links:
            self.links.append(url)


def _post_text(item: Mapping[str, Any]) -> str:
    parts = [
        d["post"]
        for d in item.get("data") or []
        if isinstance(d, Mapping) and isinstance(d.get("post"), str) and d["post"]
    ]
    return "\n".join(parts)


def _record(
    item: Mapping[str, Any], kind: str, source_file: str, author: str | None
) -> dict[str, Any]:
    """One posts record from a post (``kind="post"``) or comment (``kind="comment"``) item."""
    if not isinstance(item, Mapping):
        raise TypeError("not a JSON object")
    if kind == "comment":
        inner = next(
            (
                d["comment"]
                for d in item.get("data") or []
                if isinstance(d, Mapping) and isinstance(d.get("comment"), Mapping)
            ),
            {},
        )
        created = _time(item, inner)
        text = inner.get("comment") if isinstance(inner.get("comment"), str) else ""
        author = inner.get("author") or author
    else:
        created = _time(item)
        text = _post_text(item)
    att = _Attachments(item)
    tags = [t.get("name") if isinstance(t, Mapping) else t for t in item.get("tags") or []]
    post_id = stable_id(
        PLATFORM,
        int(created.timestamp()),
        text,
        sorted(att.media),
        sorted(att.links),
        att.place or "",
    )
    return {
        "platform": PLATFORM,
        "post_id": post_id,
        "created_at": created,
        "kind": kind,
        "text": text,
        "reply_to": _title_target(item.get("title"), author),
        "mentions": [t for t in tags if isinstance(t, str) and t],
        "links": att.links,
        "media_count": len(att.media),
        "place": att.place,
        "lat": att.lat,
        "lon": att.lon,
        "source_file": source_file,
    }


def _items(archive: Archive, name: str, data: Any) -> list[tuple[str, Any]]:
    """``[(kind, item)]`` of one parsed file, whatever its generation."""
    is_posts_file = re.search(rf"(?:^|/)(?:{_POSTS})$", name) is not None
    if isinstance(data, list) and is_posts_file:  # 2019+ posts files: a top-level array
        return [("post", i) for i in data]
    if isinstance(data, list) and not is_posts_file:  # other group data, not posts
        return []
    if not isinstance(data, Mapping):
        raise ArchiveFormatError(
            describe(
                "a JSON array or object of posts or comments",
                f"a JSON {type(data).__name__}",
                "the file is damaged or not from a Facebook export; download it again",
                where=archive.where(name),
            )
        )
    out: list[tuple[str, Any]] = []
    for stem, kind in (
        ("status_updates", "post"),
        ("group_posts", "post"),
        ("comments", "comment"),
        ("group_comments", "comment"),
    ):
        value = _first_key(data, stem)
        if isinstance(value, list):
            out += [(kind, i) for i in value]
        elif isinstance(value, Mapping):  # some exports nest one level: {"activity_log_data": []}
            out += [(kind, i) for v in value.values() if isinstance(v, list) for i in v]
    return out


class FacebookImporter:
    """Importer for Facebook JSON exports (2018 to 2024+ layouts)."""

    name = PLATFORM
    signature = (
        "Facebook: your_facebook_activity/ or your_activity_across_facebook/ folders, or "
        "posts/your_posts_1.json and comments/comments.json (JSON format)"
    )
    label = "Facebook"
    export = 'Meta Accounts Center: "Download your information", format JSON'
    layouts = (
        Layout(
            "2024 and later: your_facebook_activity/ "
            "(posts/your_posts__check_ins__photos_and_videos_1.json, "
            "comments_and_reactions/comments.json, groups/)",
            ("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",),
        ),
        Layout(
            "2022-2023: your_activity_across_facebook/ (posts/your_posts_1.json, comments/)",
            ("your_activity_across_facebook/posts/your_posts_1.json",),
        ),
        Layout(
            "2018-2021: posts/your_posts_1.json (or your_posts.json) and comments/comments.json",
            ("posts/your_posts_1.json",),
        ),
    )

    def detect(self, archive: Archive) -> bool:
        """A Facebook export has posts or comments files, or one of the 2022+ root folders."""
        return bool(
            archive.find(_POSTS)
            or archive.find(_COMMENTS)
            or archive.find(_ROOTS)
            or archive.find(_HTML_POSTS)
        )

    def _data_files(self, archive: Archive) -> list[str]:
        return sorted({*archive.find(_POSTS), *archive.find(_COMMENTS), *archive.find(_GROUPS)})

    def load(self, archive: Archive, *, include_likes: bool = False) -> pd.DataFrame:
        """Read every post, comment, group post and group comment of the export.

        Raises
        ------
        ArchiveFormatError
            For an HTML-format export (it must be requested again in JSON), or a damaged file.
        """
        files = self._data_files(archive)
        if not files:
            html = archive.find(_HTML_POSTS) or archive.find(r"[^/]+\.html")
            got = (
                f"an HTML-format export ({html[0]})"
                if html
                else "no posts or comments files (only media or other data)"
            )
            raise ArchiveFormatError(
                describe(
                    "a Facebook export in JSON format with posts or comments files",
                    got,
                    "in Facebook's 'Download your information', request a new export with "
                    "Format: JSON (and Date range: All time); if the export came in several zips, "
                    "pass them together",
                    where=str(archive.path),
                )
            )
        skipped = Skipped(archive)
        records: list[dict[str, Any]] = []
        for name in files:
            data = fix_mojibake(load_json(archive, name))
            for kind, item in _items(archive, name, data):
                try:
                    records.append(_record(item, kind, name, None))
                except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
                    skipped.add_error(name, exc)
        # 2024 exports repeat posts: same time, text and attachments is the same post_id.
        return finish(records, skipped)
