"""The package's error and warning types.

Every error the package raises is an :class:`AuditError`. Messages follow one pattern: *what* was
read (the file, and the member inside an archive), what was *expected*, what was *found*, and
how to *fix* it, so a user never needs a traceback to act on one.
"""

from __future__ import annotations

__all__ = [
    "ArchiveFormatError",
    "AuditError",
    "AuditWarning",
    "SchemaError",
    "UnknownArchiveError",
]


class AuditError(Exception):
    """Root of every error raised by :mod:`audit`."""


class UnknownArchiveError(AuditError):
    """The path is not an archive any importer recognises."""


class ArchiveFormatError(AuditError):
    """A file inside a recognised archive cannot be read (corrupt, wrong format, wrong encoding)."""


class SchemaError(AuditError):
    """A table does not match the posts schema (raised at the importer boundary)."""


class AuditWarning(UserWarning):
    """Something was skipped or looks odd, but the load went on (bad records, count mismatches)."""


def describe(expected: str, got: str, fix: str, where: str = "") -> str:
    """Build an error message in the package's expected / got / fix form.

    Parameters
    ----------
    expected : str
        What the package needed.
    got : str
        What it found instead.
    fix : str
        What the user can do about it.
    where : str, optional
        The file (and archive member) concerned, put first when given.

    Returns
    -------
    str
        One message, e.g. ``"data/tweets.js: expected ...; got ...; fix: ..."``.
    """
    head = f"{where}: " if where else ""
    return f"{head}expected {expected}; got {got}. Fix: {fix}"
