"""Instagram (and Threads) exports from Meta Accounts Center, JSON format (FORMATS.md 3).

Layouts read:

- 2024+: ``your_instagram_activity/content/posts_N.json`` and
  ``your_instagram_activity/comments/post_comments_N.json``;
- 2021-2023: the same files without the ``your_instagram_activity/`` folder
  (``content/posts_1.json``, ``comments/post_comments.json``);
- 2018-2020: ``media.json`` (``{"photos": [...], "videos": [...]}`` with ``caption``,
  ``taken_at`` ISO local time, ``location``, ``path``) and ``comments.json``.

Posts: a single-media post has its caption and time in ``media[0]`` (``title``,
``creation_timestamp``); a carousel has them at the top level and empty titles in ``media``.
``media_count`` is ``len(media)``; EXIF ``latitude``/``longitude`` in any item's
``media_metadata`` become ``lat``/``lon``. Posts have no ids and no permalinks in the export:
``post_id`` is a hash of the platform, the time, the caption and the media *file names* (the
folders move between layouts), and ``url`` stays missing. ``taken_at`` in ``media.json`` has no
zone and is read as UTC.

Comments (kind ``comment``, ``reply_to`` = the media owner): a top-level list (2024) or
``{"comments_media_comments": [...]}`` (older) of ``string_map_data`` maps whose keys are
**localized** (``Comment``/``Opmerking``, ``Media Owner``/``Media-eigenaar``, ``Time``/``Tijd``
...). Keys are therefore read by meaning (:func:`comment_fields`): the entry with a
``timestamp`` (or a date-like ``value``) is the time, and of the text entries the one that looks
like a user name, or whose key is a known owner key, is the owner; the other is the comment.

Mojibake: Meta writes every UTF-8 byte as its own ``\\u00XX`` escape, as Facebook does; each
file goes through :func:`audit.importers.facebook.fix_mojibake` exactly once.

Threads: Meta puts Threads posts in the Instagram export
(``your_instagram_activity/threads/threads_and_replies.json`` ->
``{"text_post_app_text_posts": [...]}``, same single/carousel split and mojibake). They are read
by *this* importer, with ``platform="threads"``: one archive must be claimed by exactly one
importer (:func:`audit.load_archive` refuses an archive two importers detect), and a separate
Threads importer would have to detect the same files. ``threads`` is its own platform value
(DESIGN.md's vocabulary is open) because Threads is a separate public network with its own
audience: a scorer or a report that groups by platform should show it apart. A post is a
``reply`` when ``text_app_post.is_reply`` is true (who was answered is not exported).
:attr:`InstagramImporter.platforms` lists both values.
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
from .facebook import fix_mojibake

__all__ = ["InstagramImporter", "comment_fields"]

PLATFORM = "instagram"
THREADS = "threads"

_ROOT = r"your_instagram_activity/.+"
_POSTS = r"content/posts(?:_\d+)?\.json"
_MEDIA_JSON = r"media\.json"
_OLD_SIGNS = r"(?:profile|comments|likes|connections|searches|settings)\.json"
_COMMENTS = r"comments/(?:post_comments(?:_\d+)?|reels_comments)\.json"
_OLD_COMMENTS = r"comments\.json"
_THREADS = r"threads/threads_and_replies(?:_\d+)?\.json"

_HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")
_MENTION = re.compile(r"(?<![\w@])@([\w.]{1,30}\w)")
_USERNAME = re.compile(r"^[\w.]{1,30}$")
# Known localized keys (d3i's parser and our fixtures); anything else is told apart by meaning.
_COMMENT_KEYS = {"comment", "opmerking", "kommentar", "commentaire", "comentario", "commento"}
_OWNER_KEYS = {"media owner", "media-eigenaar", "medieninhaber", "propriétaire du média"}
_OLD_TIME_FORMATS = ("%b %d, %Y, %I:%M %p", "%b %d, %Y %I:%M:%S %p", "%Y-%m-%dT%H:%M:%S")


def _epoch(value: Any) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return datetime.fromtimestamp(value, UTC)
    return None


def _text_time(value: Any) -> datetime | None:
    """A time written as text (2018-2020 exports): ISO, or ``Apr 19, 2017, 3:35 AM`` (UTC)."""
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        dt = None
        for fmt in _OLD_TIME_FORMATS:
            try:
                dt = datetime.strptime(s, fmt)
                break
            except ValueError:
                continue
        if dt is None:
            return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _media_items(post: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [m for m in post.get("media") or [] if isinstance(m, Mapping)]


def _caption_and_time(post: Mapping[str, Any]) -> tuple[str, datetime]:
    """Carousel values at the top level, single-media values in ``media[0]``."""
    media = _media_items(post)
    first = media[0] if media else {}
    title = post.get("title") or first.get("title") or ""
    created = _epoch(post.get("creation_timestamp")) or _epoch(first.get("creation_timestamp"))
    if created is None:
        raise ValueError("no creation_timestamp")
    return str(title), created


def _exif_location(media: list[Mapping[str, Any]]) -> tuple[float | None, float | None]:
    for m in media:
        meta = m.get("media_metadata") or {}
        for block in meta.values() if isinstance(meta, Mapping) else []:
            exif = block.get("exif_data") if isinstance(block, Mapping) else None
            for entry in exif or []:
                if not isinstance(entry, Mapping):
                    continue
                lat, lon = entry.get("latitude"), entry.get("longitude")
                try:
                    if lat is not None and lon is not None:
                        return float(lat), float(lon)
                except (TypeError, ValueError):
                    continue
    return None, None


def _file_names(media: list[Mapping[str, Any]]) -> list[str]:
    return sorted(str(m.get("uri") or "").rsplit("/", 1)[-1] for m in media if m.get("uri"))


def _post_record(post: Any, name: str) -> dict[str, Any]:
    if not isinstance(post, Mapping):
        raise TypeError("not a JSON object")
    text, created = _caption_and_time(post)
    media = _media_items(post)
    lat, lon = _exif_location(media)
    return {
        "platform": PLATFORM,
        "post_id": stable_id(PLATFORM, int(created.timestamp()), text, _file_names(media)),
        "created_at": created,
        "kind": "post",
        "text": text,
        "mentions": _MENTION.findall(text),
        "hashtags": _HASHTAG.findall(text),
        "media_count": len(media),
        "lat": lat,
        "lon": lon,
        "source_file": name,
    }


def _old_media_record(item: Any, name: str) -> dict[str, Any]:
    """One ``media.json`` photo or video (2018-2020): ``caption``, ``taken_at``, ``location``."""
    if not isinstance(item, Mapping):
        raise TypeError("not a JSON object")
    created = _text_time(item.get("taken_at")) or _epoch(item.get("taken_at"))
    if created is None:
        raise ValueError("no taken_at")
    text = str(item.get("caption") or "")
    path = str(item.get("path") or "")
    files = [path.rsplit("/", 1)[-1]] if path else []
    return {
        "platform": PLATFORM,
        "post_id": stable_id(PLATFORM, int(created.timestamp()), text, files),
        "created_at": created,
        "kind": "post",
        "text": text,
        "mentions": _MENTION.findall(text),
        "hashtags": _HASHTAG.findall(text),
        "media_count": 1,
        "place": item.get("location") or None,
        "source_file": name,
    }


def _thread_record(post: Any, name: str) -> dict[str, Any]:
    if not isinstance(post, Mapping):
        raise TypeError("not a JSON object")
    text, created = _caption_and_time(post)
    media = _media_items(post)
    app = next(
        (m["text_app_post"] for m in media if isinstance(m.get("text_app_post"), Mapping)),
        post.get("text_app_post") if isinstance(post.get("text_app_post"), Mapping) else {},
    )
    with_files = [m for m in media if m.get("uri")]
    return {
        "platform": THREADS,
        "post_id": stable_id(THREADS, int(created.timestamp()), text, _file_names(media)),
        "created_at": created,
        "kind": "reply" if app.get("is_reply") is True else "post",
        "text": text,
        "mentions": _MENTION.findall(text),
        "hashtags": _HASHTAG.findall(text),
        "media_count": len(with_files),
        "source_file": name,
    }


def comment_fields(string_map: Mapping[str, Any]) -> tuple[str, str | None, datetime]:
    """``(comment, media owner, time)`` from a localized ``string_map_data``.

    Parameters
    ----------
    string_map : mapping
        e.g. ``{"Opmerking": {"value": "..."}, "Media-eigenaar": {"value": "sam"},
        "Tijd": {"timestamp": 1700000000}}``.

    Returns
    -------
    tuple
        The comment text, the owner's user name (None when absent) and the UTC time.

    Raises
    ------
    ValueError
        When no entry holds a usable time or no entry holds text.
    """
    created: datetime | None = None
    texts: list[tuple[str, str]] = []
    for entry in string_map.values():  # a real timestamp wins over a date written as text
        if isinstance(entry, Mapping) and created is None:
            created = _epoch(entry.get("timestamp"))
    for key, entry in string_map.items():
        value = entry.get("value") if isinstance(entry, Mapping) else None
        if not isinstance(value, str):
            continue
        k = str(key).strip().lower()
        as_time = _text_time(value) if created is None and k not in _COMMENT_KEYS else None
        if as_time is not None:
            created = as_time
        else:
            texts.append((k, value))
    if created is None:
        raise ValueError("no comment time")
    comment = next((v for k, v in texts if k in _COMMENT_KEYS), None)
    owner = next((v for k, v in texts if k in _OWNER_KEYS), None)
    rest = [v for k, v in texts if v is not comment and v is not owner]
    if owner is None:
        names = [v for v in rest if _USERNAME.match(v.strip())]
        owner = names[-1] if names and (comment is not None or len(rest) > 1) else None
        rest = [v for v in rest if v is not owner]
    if comment is None:
        if not rest:
            raise ValueError("no comment text")
        comment = rest[0]
    return comment, (owner.strip() or None) if owner else None, created


def _comment_items(data: Any) -> Iterator[Any]:
    if isinstance(data, list):
        yield from data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            if key.startswith(("comments_", "media_comments")) and isinstance(value, list):
                yield from value


def _comment_record(item: Any, name: str) -> dict[str, Any]:
    if isinstance(item, list) and len(item) >= 2:  # 2018: [time, text, owner]
        created = _text_time(item[0])
        if created is None:
            raise ValueError("no comment time")
        text, owner = str(item[1] or ""), (str(item[2]) if len(item) > 2 and item[2] else None)
    elif isinstance(item, Mapping) and isinstance(item.get("string_map_data"), Mapping):
        text, owner, created = comment_fields(item["string_map_data"])
    else:
        raise TypeError("not a comment object")
    return {
        "platform": PLATFORM,
        "post_id": stable_id(PLATFORM, "comment", int(created.timestamp()), text, owner or ""),
        "created_at": created,
        "kind": "comment",
        "text": text,
        "reply_to": owner,
        "mentions": _MENTION.findall(text),
        "hashtags": _HASHTAG.findall(text),
        "source_file": name,
    }


class InstagramImporter:
    """Importer for Instagram exports (2018 to 2024+ layouts), Threads posts included."""

    name = PLATFORM
    #: the platform values this importer writes (Threads posts ride in the Instagram export).
    platforms = (PLATFORM, THREADS)
    signature = (
        "Instagram/Threads: your_instagram_activity/ (2024+), content/posts_1.json (2021-2023) "
        "or media.json (2018-2020), JSON format"
    )
    label = "Instagram / Threads"
    export = 'Meta Accounts Center: "Download your information", format JSON'
    layouts = (
        Layout(
            "2024 and later: your_instagram_activity/ (content/posts_1.json, comments/, threads/)",
            ("your_instagram_activity/content/posts_1.json",),
        ),
        Layout(
            "2021-2023: content/posts_1.json, comments/post_comments_1.json",
            ("content/posts_1.json",),
        ),
        Layout(
            "2018-2020: media.json beside profile.json or comments.json",
            ("media.json", "profile.json"),
        ),
    )

    def detect(self, archive: Archive) -> bool:
        """An Instagram export has its 2024 root folder, content/posts_N.json or media.json."""
        return bool(
            archive.find(_ROOT)
            or archive.find(_POSTS)
            or (archive.find(_MEDIA_JSON) and archive.find(_OLD_SIGNS))
        )

    def load(self, archive: Archive, *, include_likes: bool = False) -> pd.DataFrame:
        """Read every post, comment and Threads post of the export.

        Raises
        ------
        ArchiveFormatError
            When there is no posts, comments or Threads file (an HTML-format export, or only
            media), or a file is damaged.
        """
        jobs: list[tuple[str, Any]] = [
            *((n, self._posts) for n in archive.find(_POSTS)),
            *((n, self._media_json) for n in archive.find(_MEDIA_JSON)),
            *((n, self._comments) for n in archive.find(_COMMENTS)),
            *((n, self._comments) for n in archive.find(_OLD_COMMENTS)),
            *((n, self._threads) for n in archive.find(_THREADS)),
        ]
        if not jobs:
            html = archive.find(r"[^/]+\.html")
            raise ArchiveFormatError(
                describe(
                    "an Instagram export in JSON format with content/posts_1.json, media.json, "
                    "comments or threads files",
                    f"an HTML-format export ({html[0]})" if html else "none of those files",
                    "in Meta Accounts Center > Download your information, request a new export "
                    "with Format: JSON and Date range: All time",
                    where=str(archive.path),
                )
            )
        skipped = Skipped(archive)
        records: list[dict[str, Any]] = []
        for name, read in jobs:
            data = fix_mojibake(load_json(archive, name))
            for item, make in read(archive, name, data):
                try:
                    records.append(make(item, name))
                except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
                    skipped.add_error(name, exc)
        return finish(records, skipped)

    @staticmethod
    def _expect(archive: Archive, name: str, data: Any, kind: type, what: str) -> None:
        if not isinstance(data, kind):
            raise ArchiveFormatError(
                describe(
                    what,
                    f"a JSON {type(data).__name__}",
                    "the file is damaged or not from an Instagram export; download it again",
                    where=archive.where(name),
                )
            )

    def _posts(self, archive: Archive, name: str, data: Any) -> list[tuple[Any, Any]]:
        self._expect(archive, name, data, list, "a JSON array of posts")
        return [(p, _post_record) for p in data]

    def _media_json(self, archive: Archive, name: str, data: Any) -> list[tuple[Any, Any]]:
        if not isinstance(data, Mapping):  # another app's media.json: not ours to read
            return []
        items = [*(data.get("photos") or []), *(data.get("videos") or [])]
        return [(i, _old_media_record) for i in items]

    def _comments(self, archive: Archive, name: str, data: Any) -> list[tuple[Any, Any]]:
        self._expect(archive, name, data, list | Mapping, "a JSON array or object of comments")
        return [(c, _comment_record) for c in _comment_items(data)]

    def _threads(self, archive: Archive, name: str, data: Any) -> list[tuple[Any, Any]]:
        self._expect(archive, name, data, Mapping, '{"text_post_app_text_posts": [...]}')
        items = next(
            (v for k, v in data.items() if k.startswith("text_post_app") and isinstance(v, list)),
            [],
        )
        return [(p, _thread_record) for p in items]
