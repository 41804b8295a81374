"""Bluesky / AT Protocol repositories: ``repo.car`` (``../shared/FORMATS.md`` section 6).

"Export my data" downloads the account's repository as a CARv1 file: a DAG-CBOR header
``{version: 1, roots: [commit CID]}`` followed by blocks. The CAR is decoded with ``libipld``
(``decode_car``; no network code is involved). The record keys (``<collection>/<rkey>``) live
only in the Merkle Search Tree, so :func:`walk_mst` walks it from the commit's ``data`` root:
a node is ``{l: CID|null, e: [{p, k, v, t}]}``, where each entry's key is the first ``p`` bytes
of the previous key plus ``k``, ``v`` is the record and ``t`` the subtree of keys that sort after
it; ``l`` holds the keys before the first entry.

Rows:

- ``app.bsky.feed.post`` -> ``reply`` when ``reply`` is set, else ``quote`` when the embed is
  ``app.bsky.embed.record`` or ``recordWithMedia``, else ``post`` (X's precedence: reply > quote).
  ``reply_to`` is the DID of the parent post's author. ``media_count`` counts the images of an
  images embed (also inside recordWithMedia) and 1 for a video. ``links`` are the ``#link``
  facets and an external embed's ``uri`` (plus the quoted post's permalink for quotes);
  ``mentions`` the ``#mention`` facets' DIDs; ``hashtags`` the ``#tag`` facets and ``tags``.
  Facet offsets are UTF-8 *byte* offsets: the text shown for a link (often shortened, as
  ``github.com/aazsamir/lib...``) is replaced by the full URI by those byte offsets.
- ``app.bsky.feed.repost`` -> ``repost`` (text ``""``, ``url``/``links`` = the reposted post).
- ``app.bsky.feed.like`` -> ``like``, only with ``include_likes=True`` (the liked text is not in
  the repository: text ``""``, ``url``/``links`` = the liked post).

``post_id`` is the record's AT-URI ``at://<did>/<collection>/<rkey>`` (rkeys are unique only
within a collection). A post's ``url`` is ``https://bsky.app/profile/<did>/post/<rkey>``.
``created_at`` is the record's ``createdAt``, which the client sets (importers can backdate it).
Every record in a repository is public: there is no visibility to derive.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from ..archive import Archive, looks_like
from ..errors import ArchiveFormatError, describe, problem
from . import Layout
from ._common import Skipped, finish

__all__ = ["BlueskyImporter", "permalink", "walk_mst"]

PLATFORM = "bluesky"

_CAR = r"[^/]+\.car"
_NOT_A_CAR = "is not a readable Bluesky .car file (damaged or not a CAR)"
_CAR_FIX = "export your data again (Bluesky: Settings, Export my data) and pass the new .car file"
_POST = "app.bsky.feed.post"
_REPOST = "app.bsky.feed.repost"
_LIKE = "app.bsky.feed.like"
_QUOTES = {"app.bsky.embed.record", "app.bsky.embed.recordWithMedia"}


def _varint(data: bytes, pos: int = 0) -> tuple[int, int]:
    value = shift = 0
    while pos < len(data) and shift < 64:
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return value, pos
        shift += 7
    raise ValueError("bad varint")


def looks_like_car(head: bytes) -> bool:
    """Whether ``head`` starts like a CARv1 file: a varint length and a CBOR map with
    ``roots`` and ``version`` (checked on the bytes; nothing is decoded)."""
    try:
        length, pos = _varint(head[:10])
    except ValueError:
        return False
    header = head[pos : pos + length]
    return (
        0 < length < 1 << 16
        and header[:1] in (b"\xa2", b"\xa1", b"\xa3")
        and b"roots" in header[:64]
        and b"version" in header
    )


def walk_mst(blocks: Mapping[bytes, Any], root: bytes) -> Iterator[tuple[str, bytes]]:
    """Yield ``(key, record CID)`` for every entry of the MST below ``root``, in key order.

    Parameters
    ----------
    blocks : mapping
        CID bytes -> decoded block, as :func:`libipld.decode_car` returns them.
    root : bytes
        The commit's ``data`` CID.

    Notes
    -----
    Missing nodes (a partial export) are skipped, and a node seen twice is not walked again,
    so a damaged or hostile file cannot loop.
    """
    seen: set[bytes] = set()
    stack: list[tuple[str, Any]] = [("node", root)]
    while stack:
        what, value = stack.pop()
        if what == "key":
            yield value
            continue
        if value in seen or not isinstance(blocks.get(value), Mapping):
            continue
        seen.add(value)
        node = blocks[value]
        todo: list[tuple[str, Any]] = []
        if node.get("l"):
            todo.append(("node", node["l"]))
        key = b""
        for entry in node.get("e") or []:
            key = key[: int(entry.get("p") or 0)] + bytes(entry.get("k") or b"")
            todo.append(("key", (key.decode("utf-8", "replace"), entry.get("v"))))
            if entry.get("t"):
                todo.append(("node", entry["t"]))
        stack.extend(reversed(todo))


def permalink(at_uri: str) -> str | None:
    """``at://<did>/app.bsky.feed.post/<rkey>`` -> ``https://bsky.app/profile/<did>/post/<rkey>``.

    Other collections (feeds, lists) get their bsky.app page where it exists, else None.
    """
    parts = (at_uri or "").removeprefix("at://").split("/")
    if len(parts) != 3 or not all(parts):
        return None
    did, collection, rkey = parts
    page = {
        _POST: "post",
        "app.bsky.feed.generator": "feed",
        "app.bsky.graph.list": "lists",
    }.get(collection)
    return f"https://bsky.app/profile/{did}/{page}/{rkey}" if page else None


def _time(value: Any) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("no createdAt")
    dt = datetime.fromisoformat(value.strip())
    if dt.tzinfo is None:
        raise ValueError(f"createdAt without zone: {value!r}")
    return dt.astimezone(UTC)


def _subject_uri(record: Mapping[str, Any]) -> str:
    subject = record.get("subject")
    uri = subject.get("uri") if isinstance(subject, Mapping) else None
    if not isinstance(uri, str) or not uri:
        raise ValueError("no subject uri")
    return uri


def _text_with_links(text: str, facets: list[Mapping[str, Any]]) -> str:
    """Replace each ``#link`` facet's visible text by its URI, by UTF-8 byte offsets."""
    raw = text.encode("utf-8")
    spans: list[tuple[int, int, str]] = []
    for facet in facets:
        index = facet.get("index") or {}
        start, end = index.get("byteStart"), index.get("byteEnd")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(raw)):
            continue
        for feature in facet.get("features") or []:
            if isinstance(feature, Mapping) and feature.get("$type", "").endswith("#link"):
                uri = str(feature.get("uri") or "")
                if uri:
                    spans.append((start, end, uri))
    last = len(raw) + 1
    for start, end, uri in sorted(spans, reverse=True):
        if end <= last:  # overlapping facets: keep the first one only
            raw = raw[:start] + uri.encode("utf-8") + raw[end:]
            last = start
    return raw.decode("utf-8", "replace")


def _post_record(record: Mapping[str, Any], did: str, rkey: str) -> dict[str, Any]:
    text = record.get("text")
    if not isinstance(text, str):
        raise TypeError("text is not a string")
    facets = [f for f in record.get("facets") or [] if isinstance(f, Mapping)]
    mentions: list[str] = []
    hashtags: list[str] = []
    links: list[str] = []

    def add(items: list[str], value: Any) -> None:
        if isinstance(value, str) and value and value not in items:
            items.append(value)

    for facet in facets:
        for feature in facet.get("features") or []:
            if not isinstance(feature, Mapping):
                continue
            ftype = str(feature.get("$type") or "")
            if ftype.endswith("#mention"):
                add(mentions, feature.get("did"))
            elif ftype.endswith("#link"):
                add(links, feature.get("uri"))
            elif ftype.endswith("#tag"):
                add(hashtags, feature.get("tag"))
    for tag in record.get("tags") or []:
        add(hashtags, tag)
    embed = record.get("embed") if isinstance(record.get("embed"), Mapping) else {}
    etype = embed.get("$type")
    media = embed.get("media") if etype == "app.bsky.embed.recordWithMedia" else embed
    media = media if isinstance(media, Mapping) else {}
    media_count = 0
    if str(media.get("$type")) == "app.bsky.embed.images":
        media_count = len(media.get("images") or [])
    elif str(media.get("$type")) == "app.bsky.embed.video":
        media_count = 1
    external = (media or embed).get("external")
    if isinstance(external, Mapping):
        add(links, external.get("uri"))
    reply = record.get("reply")
    reply_to = None
    if isinstance(reply, Mapping):
        parent = reply.get("parent") or reply.get("root") or {}
        parent_uri = str(parent.get("uri") or "") if isinstance(parent, Mapping) else ""
        reply_to = parent_uri.removeprefix("at://").split("/")[0] or None
    if etype in _QUOTES:
        quoted = embed.get("record") or {}
        if etype == "app.bsky.embed.recordWithMedia" and isinstance(quoted, Mapping):
            quoted = quoted.get("record") or {}
        uri = quoted.get("uri") if isinstance(quoted, Mapping) else None
        add(links, permalink(uri) if isinstance(uri, str) else None)
    kind = "reply" if reply else "quote" if etype in _QUOTES else "post"
    return {
        "platform": PLATFORM,
        "post_id": f"at://{did}/{_POST}/{rkey}",
        "created_at": _time(record.get("createdAt")),
        "kind": kind,
        "text": _text_with_links(text, facets),
        "url": f"https://bsky.app/profile/{did}/post/{rkey}",
        "reply_to": reply_to,
        "mentions": mentions,
        "hashtags": hashtags,
        "links": links,
        "media_count": media_count,
        "lang": _first_lang(record.get("langs")),
    }


def _first_lang(langs: Any) -> str | None:
    """The first of a post's ``langs`` (BCP 47 tags its author's client set), if any."""
    if isinstance(langs, list) and langs and isinstance(langs[0], str):
        return langs[0]
    return None


def _subject_record(record: Mapping[str, Any], did: str, collection: str, rkey: str) -> dict:
    target = _subject_uri(record)
    url = permalink(target)
    return {
        "platform": PLATFORM,
        "post_id": f"at://{did}/{collection}/{rkey}",
        "created_at": _time(record.get("createdAt")),
        "kind": "repost" if collection == _REPOST else "like",
        "text": "",
        "url": url,
        "reply_to": target.removeprefix("at://").split("/")[0] or None,
        "links": [url or target],
    }


def _decode(archive: Archive, name: str) -> tuple[str, list[tuple[str, Mapping[str, Any]]]]:
    """``(did, [(key, record)])`` of one CAR member."""
    try:
        import libipld
    except ImportError:  # pragma: no cover - depends on the environment
        raise ArchiveFormatError(
            describe(
                "the libipld package to read Bluesky repositories",
                "it is not installed",
                "pip install libipld (it works offline; no network is used)",
                where=archive.where(name),
            )
        ) from None

    def damaged(got: str) -> ArchiveFormatError:
        return ArchiveFormatError(problem(archive.where(name), f"{_NOT_A_CAR}: {got}", _CAR_FIX))

    try:
        header, blocks = libipld.decode_car(archive.read_bytes(name))
    except (ValueError, TypeError, OverflowError, RuntimeError) as exc:
        raise damaged(f"it cannot be decoded ({str(exc)[:80]})") from None
    roots = header.get("roots") if isinstance(header, Mapping) else None
    commit = blocks.get(roots[0]) if isinstance(roots, list) and roots else None
    if not isinstance(commit, Mapping) or "data" not in commit:
        raise damaged("a CAR whose root block is not a repository commit")
    did = str(commit.get("did") or "")
    if not did.startswith("did:"):
        raise damaged(f"a commit without a DID ({did[:40]!r})")
    out = []
    for key, cid in walk_mst(blocks, commit["data"]):
        record = blocks.get(cid) if isinstance(cid, bytes) else None
        out.append((key, record))
    return did, out


class BlueskyImporter:
    """Importer for Bluesky repository exports (``repo.car``)."""

    name = PLATFORM
    signature = "Bluesky: a repo.car file (Settings > Export my data), alone or in a zip/folder"
    label = "Bluesky"
    export = 'Settings: "Export my data"'
    layouts = (
        Layout(
            "repo.car (any name ending .car), alone or in a zip or folder",
            ("repo.car",),
        ),
    )

    def detect(self, archive: Archive) -> bool:
        """A member ending in ``.car`` whose bytes start with a CARv1 header."""
        for name in archive.find(_CAR)[:5]:
            try:
                if looks_like_car(archive.read_bytes(name)[:256]):
                    return True
            except (OSError, KeyError):
                continue
        return False

    def damaged(self, archive: Archive) -> str | None:
        """The message for a ``.car`` member that does not start like a CAR file, or None.

        Asked when no importer recognised the archive: a file named like a Bluesky export with
        other bytes in it is most likely damaged (or another file renamed).
        """
        for name in archive.find(_CAR)[:5]:
            try:
                head = archive.read_bytes(name)[:512]
            except (OSError, KeyError):
                continue
            if not looks_like_car(head):
                return problem(
                    archive.where(name), f"{_NOT_A_CAR}: it holds {looks_like(head)}", _CAR_FIX
                )
        return None

    def load(self, archive: Archive, *, include_likes: bool = False) -> pd.DataFrame:
        """Read every post, reply, quote and repost (and like, when asked for) of the repo.

        Raises
        ------
        ArchiveFormatError
            When there is no CAR file, or it cannot be decoded as a repository.
        """
        cars = [n for n in archive.find(_CAR)]
        if not cars:
            raise ArchiveFormatError(
                describe(
                    "a Bluesky repository file (repo.car)",
                    f"no .car file among {', '.join(archive.names[:5]) or 'nothing'}",
                    "download it in Bluesky's Settings > Export my data and pass that file",
                    where=str(archive.path),
                )
            )
        skipped = Skipped(archive)
        records: list[dict[str, Any]] = []
        wanted = {_POST, _REPOST, *((_LIKE,) if include_likes else ())}
        usernames = []
        for name in cars:
            did, entries = _decode(archive, name)
            usernames.append(did)
            for key, record in entries:
                collection, _, rkey = key.partition("/")
                if collection not in wanted:
                    continue
                try:
                    if not isinstance(record, Mapping):
                        raise KeyError("record block missing from the CAR")
                    if collection == _POST:
                        row = _post_record(record, did, rkey)
                    else:
                        row = _subject_record(record, did, collection, rkey)
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    skipped.add_error(name, exc)
                    continue
                row["source_file"] = name
                records.append(row)
        return finish(records, skipped, username=usernames[0])
