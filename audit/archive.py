"""Uniform, read-only access to an export: a zip, a tar.gz, a single file, or a folder.

Importers never open files themselves: they ask an :class:`Archive` for member names and
contents. That keeps three promises in one place:

- the user's input is never modified (zip members are read in place, never extracted);
- junk that macOS and unzip tools add (``__MACOSX/``, ``._*`` files, ``.DS_Store``) is invisible,
  and so are member names that try to escape the archive (``..`` parts, absolute paths);
- every read error names the archive and the member, in the package's expected / got / fix form;
- hostile input stays cheap: a member larger than :data:`MAX_MEMBER_BYTES`, a compression ratio
  above :data:`MAX_RATIO` (a zip bomb), or more than :data:`MAX_TOTAL_BYTES` read from one
  archive ends in a clear error after reading at most that much, in bounded memory.

Member names are POSIX paths relative to the archive root. A folder wrapped in one extra
directory (``twitter-2024/data/tweets.js``) needs no special case: importers find files by their
path *suffix*, as real exports move files between folders from one year to the next.
"""

from __future__ import annotations

import re
import tarfile
import zipfile
import zlib
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath
from typing import IO

from .errors import ArchiveFormatError, AuditError, describe, problem

__all__ = [
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "Archive",
    "looks_like",
    "not_readable",
    "open_archive",
]

#: the largest single file read from an archive (X splits tweets.js at about 100 MB).
MAX_MEMBER_BYTES = 1 << 30
#: the most an audit reads from one archive in all (media files are never read).
MAX_TOTAL_BYTES = 8 << 30
#: the highest compression ratio accepted for members over 1 MiB: JSON compresses about 5 to
#: 20 times; zip bombs compress 1000 times and more.
MAX_RATIO = 200
_CHUNK = 1 << 20

_JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def _is_junk(name: str) -> bool:
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts:
        return True
    if parts[0] == "__MACOSX":
        return True
    base = parts[-1]
    return base.startswith("._") or base in _JUNK_NAMES


# What a file of each kind is called in messages, and how to get a good copy.
_KINDS = {
    "zip": ("a readable zip file (damaged or not a zip)", "download the archive again from the "
            "platform; if it came in several parts, pass every part"),
    "tar": ("a readable .tar.gz file (damaged or not a tar.gz)", "download the archive again "
            "from the platform"),
    "zip member": ("readable (the zip is damaged here)", "download the archive again"),
    "tar member": ("readable (the tar.gz is damaged here)", "download the archive again"),
}
# Suffixes that promise a kind of file; one whose bytes are not that kind is damaged.
_ZIP_SUFFIXES = (".zip",)
_TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")


def not_readable(where: str | Path, kind: str, detail: object) -> ArchiveFormatError:
    """The error for a file that is not the readable archive (or member) it claims to be.

    Parameters
    ----------
    where : str or Path
        The file, or ``archive!member``.
    kind : str
        ``"zip"``, ``"tar"``, ``"zip member"`` or ``"tar member"``.
    detail : object
        What the reader said (an exception or a phrase), shown after the cause, shortened.

    Returns
    -------
    ArchiveFormatError
        ``"x.zip is not a readable zip file (damaged or not a zip): <detail>. Fix: ..."``.
    """
    what, fix = _KINDS[kind]
    if isinstance(detail, BaseException):
        detail = str(detail) or type(detail).__name__
    detail = " ".join(str(detail).split())[:100]
    return ArchiveFormatError(problem(str(where), f"is not {what}: {detail}", fix))


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
        self._read_total = 0

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

    def size(self, name: str) -> int | None:
        """The size in bytes the archive declares for one member (nothing is read), or None."""
        return None

    def read_text(self, name: str) -> str:
        """Return one member decoded as UTF-8 (a leading byte-order mark is dropped).

        Raises
        ------
        ArchiveFormatError
            When the member is not valid UTF-8.
        """
        return self.decode_text(name, self.read_bytes(name))

    def decode_text(self, name: str, data: bytes) -> str:
        """Decode ``data``, the bytes of member ``name``, as :meth:`read_text` does.

        Raises
        ------
        ArchiveFormatError
            When the bytes are not valid UTF-8.
        """
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

    def _too_big(self, name: str, what: str) -> ArchiveFormatError:
        return ArchiveFormatError(
            describe(
                "an archive of the size social-media exports have",
                what,
                "check that this is the archive the platform sent; if it is, report the sizes "
                "to the project",
                where=self.where(name),
            )
        )

    def _read_stream(self, name: str, stream: IO[bytes], declared: int | None) -> bytes:
        """Read a member in chunks, stopping at the member and archive caps."""
        if declared is not None and declared > MAX_MEMBER_BYTES:
            raise self._too_big(
                name, f"a member of {declared:,} bytes (the cap is {MAX_MEMBER_BYTES:,})"
            )
        chunks: list[bytes] = []
        size = 0
        # the declared size in one read (a 100 MB member in one buffer, not 100 joined ones),
        # then chunks for anything beyond it; the caps are checked after each read all the same
        want = max(declared or 0, _CHUNK)
        while chunk := stream.read(want):
            want = _CHUNK
            size += len(chunk)
            self._read_total += len(chunk)
            if size > MAX_MEMBER_BYTES:
                raise self._too_big(name, f"more than {MAX_MEMBER_BYTES:,} bytes in one member")
            if self._read_total > MAX_TOTAL_BYTES:
                raise self._too_big(name, f"more than {MAX_TOTAL_BYTES:,} bytes in all")
            chunks.append(chunk)
        return b"".join(chunks)

    def _read_file(self, name: str, fs_path: Path) -> bytes:
        """Read a file from disk with the same caps as archive members."""
        try:
            with fs_path.open("rb") as stream:
                return self._read_stream(name, stream, fs_path.stat().st_size)
        except OSError as exc:
            raise ArchiveFormatError(
                describe(
                    "a readable file",
                    f"{type(exc).__name__}: {exc.strerror or exc}",
                    "check the file's permissions",
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
        return self._read_file(name, self.path / name)

    def size(self, name: str) -> int | None:
        try:
            return (self.path / name).stat().st_size
        except OSError:
            return None


class ZipArchive(Archive):
    """An export still in its zip file; members are read in place, never extracted."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            # (a damaged header can claim a zip version or feature Python does not know)
            detail = f"it is cut short or its index is damaged ({exc})"
            raise not_readable(path, "zip", detail) from None
        self._infos = {i.filename: i for i in infos if not i.is_dir() and not _is_junk(i.filename)}
        self._names = sorted(self._infos)

    def size(self, name: str) -> int | None:
        info = self._infos.get(name)
        return None if info is None else info.file_size

    def read_bytes(self, name: str) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise KeyError(name)
        if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise self._too_big(name, f"a compression ratio of {ratio}:1 (a zip bomb?)")
        try:
            with self._zip.open(info) as stream:
                return self._read_stream(name, stream, info.file_size)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            NotImplementedError,
            RuntimeError,
            ValueError,
        ) as exc:
            raise not_readable(self.where(name), "zip member", exc) from None

    def close(self) -> None:
        self._zip.close()


class TarArchive(Archive):
    """A tar archive (Mastodon exports are ``.tar.gz``); regular members are read in place."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        try:
            self._tar = tarfile.open(path, mode="r:*")  # noqa: SIM115 - closed by close()
            members = self._tar.getmembers()
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise not_readable(path, "tar", exc) from None
        # Links and devices are never followed: only regular files are members.
        self._members = {
            m.name.removeprefix("./"): m
            for m in members
            if m.isfile() and not _is_junk(m.name.removeprefix("./"))
        }
        self._names = sorted(self._members)

    def size(self, name: str) -> int | None:
        member = self._members.get(name)
        return None if member is None else member.size

    def read_bytes(self, name: str) -> bytes:
        member = self._members[name]
        try:
            stream = self._tar.extractfile(member)
            if stream is None:
                raise tarfile.TarError("not a regular file")
            with stream:
                return self._read_stream(name, stream, member.size)
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise not_readable(self.where(name), "tar member", exc) from None

    def close(self) -> None:
        self._tar.close()


class SingleFileArchive(Archive):
    """One exported file given on its own (a Bluesky ``repo.car``, an X ``tweets.js``).

    Its only member is the file's name, so importers detect it by name or content as usual.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._names = [path.name]

    def read_bytes(self, name: str) -> bytes:
        if name != self.path.name:
            raise KeyError(name)
        return self._read_file(name, self.path)

    def size(self, name: str) -> int | None:
        if name != self.path.name:
            return None
        try:
            return self.path.stat().st_size
        except OSError:
            return None

    def where(self, name: str) -> str:
        return str(self.path)

    def close(self) -> None:
        """Nothing stays open between reads."""


def open_archive(path: str | Path) -> Archive:
    """Open an export for reading: a zip, a tar(.gz), a folder, or a single exported file.

    Parameters
    ----------
    path : str or Path
        The archive as downloaded or the folder it was extracted to.

    Returns
    -------
    Archive
        Use it as a context manager, or call :meth:`Archive.close`.

    Raises
    ------
    AuditError
        When the path does not exist.
    ArchiveFormatError
        When it is a damaged zip or tar file, or an empty file.
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
    with p.open("rb") as fh:
        head = fh.read(512)
    if not head:
        raise ArchiveFormatError(
            describe(
                "an archive", "an empty file (0 bytes)", "download the archive again", where=str(p)
            )
        )
    if head.startswith(b"PK"):
        return ZipArchive(p)  # a damaged zip gets ZipArchive's clear error
    if (
        head.startswith(b"\x1f\x8b")
        or head[257:262] == b"ustar"
        or head.startswith((b"BZh", b"\xfd7zXZ"))
    ):
        return TarArchive(p)
    # a name that promises a zip or a tar.gz, with bytes that are neither: damaged, or a page
    # the browser saved under the archive's name
    lower = p.name.lower()
    if lower.endswith(_ZIP_SUFFIXES):
        raise not_readable(p, "zip", f"it holds {looks_like(head)}, not a zip")
    if lower.endswith(_TAR_SUFFIXES):
        raise not_readable(p, "tar", f"it holds {looks_like(head)}, not a tar.gz")
    return SingleFileArchive(p)


def looks_like(head: bytes) -> str:
    """What the first bytes of a file hold, in a few words, for messages."""
    text = head.lstrip()[:64].lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return "a web page (an error page saved instead of the download?)"
    if not head.strip(b"\x00"):
        return "only zero bytes"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3 or b"\x00" in head:  # (not a character cut at the end)
            return "unknown binary data"
    return "JSON text" if text.startswith((b"{", b"[")) else "plain text"
