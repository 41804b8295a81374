"""Helpers every importer shares: JSON and JS-wrapped JSON, skipped-record accounting, ids."""

from __future__ import annotations

import hashlib
import json
import warnings
from collections import Counter
from typing import Any

import pandas as pd

from ..archive import Archive
from ..errors import ArchiveFormatError, AuditWarning, describe
from ..schema import posts_frame

__all__ = ["Skipped", "finish", "load_js", "load_json", "stable_id"]


def _decode_error(archive: Archive, name: str, exc: json.JSONDecodeError, what: str) -> Exception:
    return ArchiveFormatError(
        describe(
            what,
            f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})",
            "the file is damaged or was edited; download the archive again",
            where=archive.where(name),
        )
    )


def load_json(archive: Archive, name: str) -> Any:
    """Parse a JSON member.

    Raises
    ------
    ArchiveFormatError
        Naming the member, the line and column, when it is not valid JSON.
    """
    text = archive.read_text(name)
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
    text = archive.read_text(name)
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


def stable_id(*parts: object) -> str:
    """A short, stable hex id from the given parts (for exports that have no ids).

    The parts are joined with a separator that cannot occur in them after JSON encoding, so
    ``("ab", "c")`` and ``("a", "bc")`` differ.
    """
    blob = json.dumps([str(p) for p in parts], ensure_ascii=False).encode("utf-8")
    return hashlib.blake2b(blob, digest_size=10).hexdigest()
