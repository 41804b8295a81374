"""Mastodon account archives (``../shared/FORMATS.md`` section 5).

The archive (Settings > Import and export > Request your archive) is a ``.tar.gz`` with
``outbox.json`` (an ActivityStreams ``OrderedCollection``), ``actor.json``, ``likes.json``,
``bookmarks.json`` and the media. It is read in place (:class:`audit.archive.TarArchive`); an
extracted folder works the same.

Each ``orderedItems`` element becomes one row:

- ``Create`` of a ``Note`` (or a ``Question``, a poll) -> ``post``, or ``reply`` when the object
  has ``inReplyTo``. ``reply_to`` is the answered account as ``user@host`` when the
  ``inReplyTo`` URI has Mastodon's ``/users/<name>/statuses/<id>`` shape, else the URI.
- ``Announce`` (a boost) -> ``repost`` with ``text=""``: the export has only the boosted
  status's URI, which goes to ``links`` and ``url``.

Text: ``content`` is HTML. It is turned into plain text with the standard library's
``html.parser`` (:func:`html_to_text`): paragraphs become blank lines, ``<br>`` a newline,
entities are unescaped, and Mastodon's shortened links (``<span class="invisible">`` parts plus
an ``ellipsis`` span) are written as their full ``href``; mentions and hashtags keep their
visible ``@name`` / ``#tag``. A content warning (``summary``) is kept as the first line,
``CW: <summary>``, followed by a blank line and the body: it is the person's own words and often
the most telling ones. Poll options are appended one per line as ``- option``.

Visibility is not a field of the export; it is derived from ``to``/``cc`` (public, unlisted,
followers-only, direct). The posts schema has no visibility column and every post is kept,
followers-only and direct ones included (they are still the person's words, and a screenshot
travels); ``DataFrame.attrs["visibility"]`` counts the rows of each visibility.

``post_id`` is the status id from the URI (``.../statuses/<id>``); ``url`` is the object's
``url`` (``https://host/@user/<id>``), else its ``id``. ``mentions`` (``user@host``) and
``hashtags`` (without ``#``) come from ``tag[]``; ``media_count`` counts ``attachment[]``
entries of type Document/Image/Video/Audio. ``totalItems`` counts statuses on the server, not
the array, and is known to differ (1557 vs 1586 observed): a difference is a warning, never an
error.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pandas as pd

from ..archive import Archive
from ..errors import ArchiveFormatError, AuditWarning, describe
from . import Layout
from ._common import Skipped, finish, load_json

__all__ = ["MastodonImporter", "html_to_text"]

PLATFORM = "mastodon"

_OUTBOX = r"outbox\.json"
_ACTOR = r"actor\.json"
_PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
_STATUS_URI = re.compile(r"^https?://([^/]+)/users/([^/]+)/statuses/(\w+)")
_MEDIA_TYPES = {"Document", "Image", "Video", "Audio"}


class _TextParser(HTMLParser):
    """Collects the plain text of a Mastodon status (see :func:`html_to_text`)."""

    _BLOCKS = frozenset({"p", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._invisible = 0  # depth inside <span class="invisible">
        self._span_stack: list[bool] = []
        self._link: dict[str, Any] | None = None  # the <a> being read

    def _emit(self, text: str) -> None:
        if self._link is not None:
            self._link["text"].append(text)
        else:
            self.out.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = set(a.get("class", "").split())
        if tag == "br":
            self._emit("\n")
        elif tag in self._BLOCKS:
            if "".join(self.out).strip():
                self.out.append("\n\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag == "span":
            hidden = "invisible" in classes
            self._span_stack.append(hidden)
            if hidden:
                self._invisible += 1
                if self._link is not None:
                    self._link["shortened"] = True
            elif "ellipsis" in classes and self._link is not None:
                self._link["shortened"] = True
        elif tag == "a" and self._link is None:
            self._link = {"href": a.get("href", ""), "text": [], "shortened": False}

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._span_stack and self._span_stack.pop():
            self._invisible -= 1
        elif tag == "a" and self._link is not None:
            link, self._link = self._link, None
            visible = "".join(link["text"])
            self.out.append(link["href"] if link["shortened"] and link["href"] else visible)

    def handle_data(self, data: str) -> None:
        if not self._invisible:
            self._emit(data)


def html_to_text(content: str) -> str:
    """Plain text of a Mastodon status's HTML ``content``.

    Parameters
    ----------
    content : str
        The status HTML, e.g. ``'<p>Hi &amp; bye<br>x</p>'``.

    Returns
    -------
    str
        ``'Hi & bye\\nx'``: paragraphs separated by a blank line, ``<br>`` as a newline,
        entities unescaped, shortened links written out in full, no tags.
    """
    parser = _TextParser()
    parser.feed(content or "")
    parser.close()
    text = "".join(parser.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _links(content: str) -> list[str]:
    """hrefs of the links in ``content`` that are not mentions or hashtags."""
    out: list[str] = []

    class _Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {k: v or "" for k, v in attrs}
            classes = set(a.get("class", "").split())
            if tag == "a" and a.get("href") and not classes & {"mention", "hashtag"}:
                rel = set(a.get("rel", "").split())
                if "tag" not in rel and a["href"] not in out:
                    out.append(a["href"])

    parser = _Links()
    parser.feed(content or "")
    parser.close()
    return out


def _time(value: Any) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("no published time")
    dt = datetime.fromisoformat(value.strip())
    if dt.tzinfo is None:
        raise ValueError(f"time without zone: {value!r}")
    return dt.astimezone(UTC)


def visibility(activity: Mapping[str, Any]) -> str:
    """``public``, ``unlisted``, ``followers`` or ``direct``, from ``to``/``cc`` (FORMATS.md 5)."""

    def as_list(v: Any) -> list[str]:
        return [v] if isinstance(v, str) else [x for x in v or [] if isinstance(x, str)]

    obj = activity.get("object")
    source = obj if isinstance(obj, Mapping) and ("to" in obj or "cc" in obj) else activity
    to, cc = as_list(source.get("to")), as_list(source.get("cc"))
    if any(t in _PUBLIC for t in to):
        return "public"
    if any(c in _PUBLIC for c in cc):
        return "unlisted"
    if any(t.endswith("/followers") for t in to):
        return "followers"
    return "direct"


def _status_id(uri: str) -> str:
    m = re.search(r"/statuses/(\w+)", uri or "")
    if m:
        return m.group(1)
    if uri:
        return uri.rstrip("/").removesuffix("/activity")
    raise ValueError("no id")


def _account(uri: Any) -> str | None:
    if not isinstance(uri, str) or not uri:
        return None
    m = _STATUS_URI.match(uri)
    return f"{m.group(2)}@{m.group(1)}" if m else uri


def _strip(name: Any, mark: str) -> str:
    return str(name or "").strip().removeprefix(mark)


def _record(activity: Mapping[str, Any], name: str) -> dict[str, Any]:
    kind_of = activity.get("type")
    obj = activity.get("object")
    if kind_of == "Announce":
        target = obj if isinstance(obj, str) else (obj or {}).get("id", "")
        if not target:
            raise ValueError("boost without an object")
        return {
            "platform": PLATFORM,
            "post_id": _status_id(str(activity.get("id") or "")),
            "created_at": _time(activity.get("published")),
            "kind": "repost",
            "text": "",
            "url": target,
            "links": [target],
            "source_file": name,
        }
    if kind_of != "Create" or not isinstance(obj, Mapping):
        raise ValueError(f"activity type {kind_of!r}")
    content = obj.get("content")
    content_map = obj.get("contentMap") or {}
    if not isinstance(content_map, Mapping):
        content_map = {}
    if not isinstance(content, str):
        content = next(iter(content_map.values()), "")
    text = html_to_text(content)
    options = obj.get("oneOf") or obj.get("anyOf") or []
    if options:
        lines = [f"- {o.get('name')}" for o in options if isinstance(o, Mapping) and o.get("name")]
        text = "\n".join([text, *lines]).strip()
    if obj.get("summary"):
        text = f"CW: {html_to_text(str(obj['summary']))}\n\n{text}".strip()
    tags = [t for t in obj.get("tag") or [] if isinstance(t, Mapping)]
    attachments = [a for a in obj.get("attachment") or [] if isinstance(a, Mapping)]
    links = _links(content)
    for a in attachments:
        if a.get("type") == "Link" and a.get("href") and a["href"] not in links:
            links.append(a["href"])
    reply = obj.get("inReplyTo")
    return {
        "platform": PLATFORM,
        "post_id": _status_id(str(obj.get("id") or activity.get("id") or "")),
        "created_at": _time(obj.get("published") or activity.get("published")),
        "kind": "reply" if reply else "post",
        "text": text,
        "url": obj.get("url") if isinstance(obj.get("url"), str) else obj.get("id"),
        "reply_to": _account(reply),
        "mentions": [_strip(t.get("name"), "@") for t in tags if t.get("type") == "Mention"],
        "hashtags": [_strip(t.get("name"), "#") for t in tags if t.get("type") == "Hashtag"],
        "links": links,
        "media_count": sum(1 for a in attachments if a.get("type") in _MEDIA_TYPES),
        "source_file": name,
        # the toot's language as its author's client set it (contentMap's only key)
        "lang": next(iter(content_map)) if len(content_map) == 1 else None,
    }


class MastodonImporter:
    """Importer for Mastodon account archives (``outbox.json`` + ``actor.json``)."""

    name = PLATFORM
    signature = "Mastodon: archive-*.tar.gz with outbox.json and actor.json"
    label = "Mastodon"
    export = 'Preferences: "Import and export", "Request your archive"'
    layouts = (
        Layout(
            "archive-*.tar.gz (or its folder) with outbox.json and actor.json",
            ("outbox.json", "actor.json"),
        ),
    )

    def detect(self, archive: Archive) -> bool:
        """A Mastodon archive has ``outbox.json`` (and ``actor.json``) at its root."""
        return bool(archive.find(_OUTBOX) or archive.find(_ACTOR))

    def load(self, archive: Archive, *, include_likes: bool = False) -> pd.DataFrame:
        """Read every status and boost of ``outbox.json``.

        ``likes.json`` holds only the URIs of favourited statuses, with no time, so likes are
        not read even with ``include_likes``.

        Raises
        ------
        ArchiveFormatError
            When there is no ``outbox.json``, or it is not an ActivityStreams collection.
        """
        outbox = archive.find_one(_OUTBOX)
        if outbox is None:
            raise ArchiveFormatError(
                describe(
                    "a Mastodon archive with outbox.json",
                    f"only {', '.join(archive.names[:5]) or 'nothing'}",
                    "pass the whole archive-*.tar.gz Mastodon made (Settings > Import and export "
                    "> Request your archive)",
                    where=str(archive.path),
                )
            )
        data = load_json(archive, outbox)
        items = data.get("orderedItems") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise ArchiveFormatError(
                describe(
                    "an ActivityStreams OrderedCollection with orderedItems",
                    f"a JSON {type(data).__name__} without an orderedItems list",
                    "the file is damaged or not from a Mastodon archive; request a new archive",
                    where=archive.where(outbox),
                )
            )
        total = data.get("totalItems")
        if isinstance(total, int) and total != len(items):
            warnings.warn(
                AuditWarning(
                    f"{archive.where(outbox)}: totalItems says {total} statuses, the file holds "
                    f"{len(items)} activities; loaded what is there (Mastodon counts them "
                    "differently, and deleted or excluded statuses are not in the archive)."
                ),
                stacklevel=3,
            )
        skipped = Skipped(archive)
        records: list[dict[str, Any]] = []
        seen_visibility: dict[str, int] = {}
        for item in items:
            try:
                if not isinstance(item, Mapping):
                    raise TypeError("not a JSON object")
                record = _record(item, outbox)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                skipped.add(outbox, f"{type(exc).__name__}: {exc}"[:80])
                continue
            records.append(record)
            vis = visibility(item)
            seen_visibility[vis] = seen_visibility.get(vis, 0) + 1
        return finish(records, skipped, username=self._actor(archive), visibility=seen_visibility)

    @staticmethod
    def _actor(archive: Archive) -> str | None:
        name = archive.find_one(_ACTOR)
        if name is None:
            return None
        data = load_json(archive, name)
        if not isinstance(data, Mapping):
            return None
        user = data.get("preferredUsername")
        host = re.match(r"https?://([^/]+)/", str(data.get("id") or ""))
        if user and host:
            return f"{user}@{host.group(1)}"
        return user or None
