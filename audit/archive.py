"""Uniform, read-only access to an export: a zip file or an extracted folder.

Importers never open files themselves: they ask an :class:`Archive` for member names and
contents. That keeps three promises in one place:

- the user's input is never modified (zip members are read in place, never extracted);
- junk that macOS and unzip tools add (``__MACOSX/``, ``._*`` files, ``.DS_Store``) is invisible,
  and so are member names that try to escape the archive (``..`` parts, absolute paths);
- every read error names the archive and the member, in the package's expected / got / fix form.

Member names are POSIX paths relative to the archive root. A folder wrapped in one extra
directory (``twitter-2024/data/tweets.js``) needs no special case: importers find files by their
path *suffix*, as real exports move files between folders from one year to the next.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath

from .errors import ArchiveFormatError, AuditError, UnknownArchiveError, describe

__all__ = ["Archive", "open_archive"]

_JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def _is_junk(name: str) -> bool:
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts:
        return True
    if parts[0] == "__MACOSX":
        return True
    base = parts[-1]
    return base.startswith("._") or base in _JUNK_NAMES


class Archive(ABC):
    """An export opened for reading; see :func:`open_archive`.

    Parameters
    ----------
    path : Path
        The zip file or folder the user gave.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._names: list[str] = []

    # -- listing ---------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        """All readable member names (files only), sorted."""
        return self._names

    def find(self, pattern: str) -> list[str]:
        """Members whose path ends with a match of ``pattern``.

        Parameters
        ----------
        pattern : str
            A regular expression matched against the end of the path, starting at a folder
            boundary: ``"data/tweets\\.js"`` matches ``data/tweets.js`` and
            ``wrapper/data/tweets.js`` but not ``data/old-tweets.js``.

        Returns
        -------
        list of str
            Matching members, sorted.
        """
        rx = re.compile(rf"(?:^|/)(?:{pattern})$")
        return [n for n in self._names if rx.search(n)]

    def find_one(self, pattern: str) -> str | None:
        """The shortest member path matching ``pattern`` (see :meth:`find`), or None."""
        found = self.find(pattern)
        return min(found, key=lambda n: (n.count("/"), n)) if found else None

    # -- reading ---------------------------------------------------------------------------
    @abstractmethod
    def read_bytes(self, name: str) -> bytes:
        """Return the raw bytes of one member."""

    def read_text(self, name: str) -> str:
        """Return one member decoded as UTF-8 (a leading byte-order mark is dropped).

        Raises
        ------
        ArchiveFormatError
            When the member is not valid UTF-8.
        """
        data = self.read_bytes(name)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ArchiveFormatError(
                describe(
                    "a UTF-8 text file",
                    f"bytes that are not UTF-8 at offset {exc.start}",
                    "use the file exactly as the platform exported it (do not re-save it "
                    "in another encoding)",
                    where=self.where(name),
                )
            ) from None

    def where(self, name: str) -> str:
        """Human-readable location of a member, for messages: ``archive.zip!data/tweets.js``."""
        return f"{self.path}!{name}" if name else str(self.path)

    @abstractmethod
    def close(self) -> None:
        """Release the underlying file, if any."""

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path} ({len(self._names)} files)>"


class FolderArchive(Archive):
    """An export that was already extracted to a folder."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        names = []
        for p in path.rglob("*"):
            if p.is_file():
                rel = p.relative_to(path).as_posix()
                if not _is_junk(rel):
                    names.append(rel)
        self._names = sorted(names)

    def close(self) -> None:
        """Nothing to release for a folder."""

    def read_bytes(self, name: str) -> bytes:
        try:
            return (self.path / name).read_bytes()
        except OSError as exc:
            raise ArchiveFormatError(
                describe(
                    "a readable file",
                    f"{type(exc).__name__}: {exc.strerror or exc}",
                    "check the file's permissions",
                    where=self.where(name),
                )
            ) from None


class ZipArchive(Archive):
    """An export still in its zip file; members are read in place, never extracted."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ArchiveFormatError(
                describe(
                    "a complete zip file",
                    f"a damaged or truncated zip ({exc})",
                    "download the archive again; if it came in several parts, pass every part",
                    where=str(path),
                )
            ) from None
        self._names = sorted(
            i.filename for i in self._zip.infolist() if not i.is_dir() and not _is_junk(i.filename)
        )

    def read_bytes(self, name: str) -> bytes:
        try:
            return self._zip.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise ArchiveFormatError(
                describe(
                    "an intact zip member",
                    f"a damaged member ({type(exc).__name__}: {exc})",
                    "download the archive again",
                    where=self.where(name),
                )
            ) from None

    def close(self) -> None:
        self._zip.close()


def open_archive(path: str | Path) -> Archive:
    """Open a zip file or an extracted folder for reading.

    Parameters
    ----------
    path : str or Path
        The archive as downloaded (zip) or the folder it was extracted to.

    Returns
    -------
    Archive
        Use it as a context manager, or call :meth:`Archive.close`.

    Raises
    ------
    AuditError
        When the path does not exist.
    UnknownArchiveError
        When it is neither a folder nor a zip file.
    ArchiveFormatError
        When it is a damaged zip file.
    """
    p = Path(path).expanduser()
    if not p.exists():
        raise AuditError(
            describe(
                "an archive (zip file or extracted folder)",
                "nothing at that path",
                "check the path; download your archive from the platform's settings first",
                where=str(p),
            )
        )
    if p.is_dir():
        return FolderArchive(p)
    if zipfile.is_zipfile(p):
        return ZipArchive(p)
    with p.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK"):
        return ZipArchive(p)  # damaged zip: ZipArchive raises the clear error
    raise UnknownArchiveError(
        describe(
            "a zip file or an extracted folder",
            f"a file that is neither (it starts with {head[:4]!r})",
            "pass the archive exactly as downloaded, or the folder you extracted it to",
            where=str(p),
        )
    )
