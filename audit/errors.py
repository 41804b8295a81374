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
    "app_message",
    "cli_message",
    "describe",
    "problem",
]


class AuditError(Exception):
    """Root of every error raised by :mod:`audit`.

    Parameters
    ----------
    message : str
        The message, in the expected / got / fix form of :func:`describe` (one ``Fix:``).
    cli : str, optional
        The same message as the command line should say it, where the fix names something
        differently there (``--platform`` for ``platform=``, ``--help-formats``); see
        :func:`cli_message`.
    app : str, optional
        The same message as the interactive app should say it (its controls: the platform
        choice beside *Load*); see :func:`app_message`.
    """

    def __init__(
        self, message: str = "", *, cli: str | None = None, app: str | None = None
    ) -> None:
        super().__init__(message)
        self.cli = cli
        self.app = app

    def __reduce__(self) -> tuple:
        # keep the other forms across pickling (errors raised in worker processes)
        return (_rebuild, (type(self), str(self), self.cli, self.app))


def _rebuild(
    cls: type[AuditError], message: str, cli: str | None, app: str | None = None
) -> AuditError:
    return cls(message, cli=cli, app=app)


def cli_message(exc: AuditError) -> str:
    """The message of ``exc`` as the command line prints it (its ``cli`` form when it has one)."""
    return exc.cli or str(exc)


def app_message(exc: AuditError) -> str:
    """The message of ``exc`` as the interactive app shows it: its ``app`` form, else the
    command line's (which names no Python arguments), else the message."""
    return getattr(exc, "app", None) or cli_message(exc)


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


def problem(where: str, cause: str, fix: str) -> str:
    """Build a message that names the likeliest cause in one sentence, then one fix.

    For inputs that are not what they claim to be, where "expected X; got Y" would say less
    than the cause itself: ``"x.zip is not a readable zip file (damaged or not a zip): ...
    Fix: download it again"``.

    Parameters
    ----------
    where : str
        The file or folder concerned (may be empty).
    cause : str
        The cause, starting with a verb phrase (``"is not a readable zip file ..."``) when
        ``where`` is given.
    fix : str
        What the user can do about it.

    Returns
    -------
    str
        One line: ``"{where} {cause}. Fix: {fix}"``.
    """
    head = f"{where} " if where else ""
    return f"{head}{cause.rstrip('.')}. Fix: {fix}"
