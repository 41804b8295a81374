"""Helpers every importer shares: JSON and JS-wrapped JSON, skipped-record accounting, ids.

JSON is parsed by ``orjson`` straight from the member's bytes (about twice as fast as ``json``
on the decoded text, and no decoded copy of a 100 MB file). Wherever the two could differ, the
file is read exactly as before with ``json``: when orjson rejects it (invalid JSON, which then
gets ``json``'s message, invalid UTF-8, lone surrogate escapes, NaN, Infinity, numbers too big
for a double, nesting deeper than 1024) and when it holds an integer literal of 19 digits or
more, which orjson would turn into a float.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import orjson
import pandas as pd

from ..archive import Archive
from ..errors import ArchiveFormatError, AuditWarning, describe
from ..schema import _EPOCH, _MICROSECOND, POSTS_COLUMNS, posts_frame, posts_from_columns

__all__ = [
    "Columns",
    "Skipped",
    "finish",
    "finish_columns",
    "load_js",
    "load_json",
    "parse_js",
    "stable_id",
]


def _decode_error(archive: Archive, name: str, exc: json.JSONDecodeError, what: str) -> Exception:
    return ArchiveFormatError(
        describe(
            what,
            f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})",
            "the file is damaged or was edited; download the archive again",
            where=archive.where(name),
        )
    )


# Bytes that may come just before a JSON number ("[", ",", ":", "-", whitespace) become "x",
# digits "d", anything else "q": an integer literal of 19 digits or more (beyond orjson's 64-bit
# integers, which it would read as a float) shows as "x" and 19 "d". Digits inside strings
# (ids, links) follow a quote, a slash or a letter and do not match; the few that follow a
# space only send the file to the json module.
_NUMBER_CONTEXT = bytes(
    ord("d") if b in b"0123456789" else ord("x") if b in b"[,:- \t\n\r" else ord("q")
    for b in range(256)
)
_LONG_INTEGER = b"x" + b"d" * 19
_BOM = b"\xef\xbb\xbf"
_MISSING: Any = object()
_ASCII_SPACE = frozenset(b" \t\n\r\x0b\x0c")  # what bytes.strip() removes


def _orjson(data: bytes, start: int, end: int) -> Any:
    """``data[start:end]`` parsed by orjson, or ``_MISSING`` where json could read it otherwise."""
    context = data.translate(_NUMBER_CONTEXT)
    if _LONG_INTEGER in context or context.startswith(_LONG_INTEGER[1:], start):
        return _MISSING
    del context
    try:
        return orjson.loads(memoryview(data)[start:end])
    except orjson.JSONDecodeError:
        return _MISSING


def load_json(archive: Archive, name: str) -> Any:
    """Parse a JSON member.

    Raises
    ------
    ArchiveFormatError
        Naming the member, the line and column, when it is not valid JSON.
    """
    data = archive.read_bytes(name)
    value = _orjson(data, 3 if data.startswith(_BOM) else 0, len(data))
    if value is not _MISSING:
        return value
    text = archive.decode_text(name, data)
    if not text.strip():
        raise ArchiveFormatError(
            describe(
                "a JSON file",
                "an empty file",
                "the download was cut short; download the archive again",
                where=archive.where(name),
            )
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _decode_error(archive, name, exc, "a JSON file") from None


def load_js(archive: Archive, name: str) -> Any:
    """Parse a member holding one JavaScript assignment of a JSON value.

    X archives wrap every data file as ``window.YTD.<name>.part<N> = [ ... ]`` (the name changes
    between generations), ``manifest.js`` as ``window.__THAR_CONFIG = { ... }`` and Grailbird as
    ``Grailbird.data.tweets_2013_01 =`` followed by the array on the next line. Everything before
    the first ``[`` or ``{`` is dropped, which covers all of these and the 2019 layout that puts
    the first element on the prefix line; hard-coded prefix lengths and "drop the first line"
    both break on one generation or another (FORMATS.md 1.3). A trailing ``;`` is allowed.

    Raises
    ------
    ArchiveFormatError
        When no JSON value follows the prefix, or it is followed by anything but ``;``.
    """
    return parse_js(archive, name, archive.read_bytes(name))


def parse_js(archive: Archive, name: str, data: bytes) -> Any:
    """:func:`load_js` on the bytes of member ``name``, already read.

    Raises
    ------
    ArchiveFormatError
        As :func:`load_js`.
    """
    value = _js_fast(data)
    if value is not _MISSING:
        return value
    text = archive.decode_text(name, data)
    starts = [i for i in (text.find("["), text.find("{")) if i >= 0]
    if not starts:
        if not text.strip():
            return []
        raise ArchiveFormatError(
            describe(
                "a JavaScript file of the form `window.YTD.<name>.part0 = [ ... ]`",
                f"no JSON array or object (starts with {text[:40]!r})",
                "the file is damaged or not from an X archive; download the archive again",
                where=archive.where(name),
            )
        )
    start = min(starts)
    try:
        value, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise _decode_error(archive, name, exc, "a JavaScript-wrapped JSON value") from None
    rest = text[end:].strip().rstrip(";").strip()
    if rest:
        raise ArchiveFormatError(
            describe(
                "one JSON value after the `=`",
                f"extra text after it: {rest[:40]!r}",
                "the file is damaged; download the archive again",
                where=archive.where(name),
            )
        )
    return value


def _js_fast(data: bytes) -> Any:
    """The value of a JS-wrapped file by orjson, or ``_MISSING`` (then ``json`` reads the text).

    The prefix is everything before the first ``[`` or ``{`` (ASCII, so the same cut as on the
    decoded text, and it must be UTF-8 too); trailing whitespace and ``;`` are cut off the end.
    """
    starts = [i for i in (data.find(b"["), data.find(b"{")) if i >= 0]
    if not starts:
        return _MISSING
    start = min(starts)
    try:
        data[:start].decode("utf-8")
    except UnicodeDecodeError:
        return _MISSING
    end = len(data)
    while end > start and data[end - 1] in _ASCII_SPACE:
        end -= 1
    while end > start and data[end - 1] == 0x3B:  # ;
        end -= 1
    while end > start and data[end - 1] in _ASCII_SPACE:
        end -= 1
    return _orjson(data, start, end)


class Skipped:
    """Counts records an importer could not use, per file and reason, and reports them once.

    A malformed record in an otherwise good file must never crash the load nor vanish silently:
    it is counted here, and :meth:`warn` emits one :class:`~audit.errors.AuditWarning` per file
    that names the file, the count and the reasons.
    """

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.counts: dict[str, Counter[str]] = {}

    def add(self, name: str, reason: str) -> None:
        """Count one skipped record of member ``name``."""
        self.counts.setdefault(name, Counter())[reason] += 1

    def add_error(self, name: str, exc: BaseException) -> None:
        """Count one record of member ``name`` that raised ``exc`` while being read."""
        self.add(name, f"{type(exc).__name__}: {exc}"[:80])

    @property
    def total(self) -> int:
        """How many records were skipped in all."""
        return sum(sum(c.values()) for c in self.counts.values())

    def as_dict(self) -> dict[str, int]:
        """``{member: count}`` for the load report."""
        return {name: sum(c.values()) for name, c in self.counts.items()}

    def warn(self) -> None:
        """Emit one AuditWarning per file with skipped records."""
        for name, reasons in self.counts.items():
            n = sum(reasons.values())
            detail = "; ".join(f"{r} ({k})" for r, k in reasons.most_common())
            warnings.warn(
                AuditWarning(
                    f"{self.archive.where(name)}: skipped {n} malformed "
                    f"record{'s' if n != 1 else ''}: {detail}. The rest of the file was loaded."
                ),
                stacklevel=5,
            )


def finish(records: list[dict[str, Any]], skipped: Skipped, **attrs: Any) -> pd.DataFrame:
    """The end of every importer's ``load``: one table from the records.

    Keeps the first record of each ``(platform, post_id)`` (exports repeat posts, and one post
    can sit in two files), reports the skipped records once per file, builds the posts table and
    records ``duplicates``, ``skipped`` and the given archive facts in ``DataFrame.attrs``
    (``timezone`` defaults to None).
    """
    unique = list({(r["platform"], r["post_id"]): r for r in records}.values())
    skipped.warn()
    df = posts_frame(unique)
    df.attrs.update(
        {
            "timezone": None,
            **attrs,
            "duplicates": len(records) - len(unique),
            "skipped": skipped.as_dict(),
        }
    )
    return df


_LIST_COLUMNS = ("mentions", "hashtags", "links")


class Columns:
    """Posts-table columns filled row by row: one list per column, not one dict per row.

    A million posts as dicts take about 650 bytes each on top of their values; as columns, 8
    bytes per value. ``data`` maps every column of :data:`audit.schema.POSTS_COLUMNS` to its
    values, a missing value being None (as a missing key of a record): ``created_at`` holds
    int64 microseconds since 1970-01-01 UTC in an ``array('q')``, the list columns hold one
    list per row, owned by the row, and every other column holds raw values that
    :func:`audit.schema.posts_from_columns` converts exactly as :func:`~audit.schema.posts_frame`
    converts records.
    """

    __slots__ = ("data",)

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = (
            data
            if data is not None
            else {c: array("q") if c == "created_at" else [] for c in POSTS_COLUMNS}
        )

    def __len__(self) -> int:
        return len(self.data["post_id"])

    @staticmethod
    def row_of(record: Mapping[str, Any]) -> tuple[Any, ...]:
        """One importer record as a row: its values in column order, converted as above.

        ``created_at`` must be an aware datetime (what every importer gives); it becomes
        microseconds exactly as :func:`~audit.schema.posts_frame` converts it.
        """
        created = record.get("created_at")
        if not (isinstance(created, datetime) and created.tzinfo is not None):
            raise TypeError(f"created_at is not an aware datetime: {created!r}")
        return tuple(
            (created - _EPOCH) // _MICROSECOND
            if c == "created_at"
            else list(record.get(c) or ())  # as posts_frame: each row its own list
            if c in _LIST_COLUMNS
            else record.get(c)
            for c in POSTS_COLUMNS
        )

    @classmethod
    def from_rows(cls, rows: list[tuple[Any, ...]]) -> Columns:
        """Columns from rows (tuples of values in column order, as :meth:`row_of` gives)."""
        columns = cls()
        if rows:
            for values, column in zip(columns.data.values(), zip(*rows, strict=True), strict=True):
                values.extend(column)
        return columns

    def append_record(self, record: Mapping[str, Any]) -> None:
        """Add one importer record (see :meth:`row_of`)."""
        for values, value in zip(self.data.values(), self.row_of(record), strict=True):
            values.append(value)

    def extend(self, other: Columns) -> None:
        """Append the rows of ``other``."""
        for c, values in self.data.items():
            values.extend(other.data[c])

    def take(self, rows: Sequence[int]) -> Columns:
        """A new Columns with only the given rows, in the given order."""
        out = {}
        for c, values in self.data.items():
            picked = [values[i] for i in rows]
            out[c] = array("q", picked) if c == "created_at" else picked
        return Columns(out)


def finish_columns(columns: Columns, skipped: Skipped, **attrs: Any) -> pd.DataFrame:
    """:func:`finish` for rows held as :class:`Columns` (emptied on the way).

    The same table, attrs and warnings as :func:`finish` on the same rows as records: of rows
    that share ``(platform, post_id)``, the values of the last one are kept, at the place of
    the first (what ``{key: record}`` does in :func:`finish`).
    """
    n = len(columns)
    keys = zip(columns.data["platform"], columns.data["post_id"], strict=True)
    last = {key: i for i, key in enumerate(keys)}
    if len(last) < n:
        columns = columns.take(list(last.values()))
    unique = len(last)
    del last
    skipped.warn()
    df = posts_from_columns(columns.data)
    df.attrs.update(
        {
            "timezone": None,
            **attrs,
            "duplicates": n - unique,
            "skipped": skipped.as_dict(),
        }
    )
    return df


def stable_id(*parts: object) -> str:
    """A short, stable hex id from the given parts (for exports that have no ids).

    The parts are joined with a separator that cannot occur in them after JSON encoding, so
    ``("ab", "c")`` and ``("a", "bc")`` differ.
    """
    blob = json.dumps([str(p) for p in parts], ensure_ascii=False).encode("utf-8")
    return hashlib.blake2b(blob, digest_size=10).hexdigest()
