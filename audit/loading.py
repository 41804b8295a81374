"""``load_archive`` and ``load_archives``: from what the user downloaded to one posts table."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

import pandas as pd
from tqdm import tqdm

from .archive import Archive, SingleFileArchive, open_archive
from .errors import (
    ArchiveFormatError,
    AuditError,
    AuditWarning,
    UnknownArchiveError,
    describe,
    problem,
)
from .importers import Importer, get_importer, importers
from .schema import empty_posts, validate_posts
from .scorers._text import plural

__all__ = ["load_archive", "load_archives"]


# Other services' exports, by a file only they have: naming the service is the likeliest cause.
_OTHER_SERVICES = (
    ("a Google Takeout archive", re.compile(r"(?:^|/)(?:Takeout/|archive_browser\.html$)")),
    ("a TikTok export", re.compile(r"(?:^|/)user_data(?:_tiktok)?\.json$")),
    ("a Snapchat export", re.compile(r"(?:^|/)(?:memories_history|snap_history)\.(?:json|html)$")),
    ("a Discord data package", re.compile(r"(?:^|/)messages/index\.json$")),
    ("a Telegram export", re.compile(r"(?:^|/)export_results\.html$")),
    ("a WhatsApp chat export", re.compile(r"(?:^|/)_chat\.txt$|WhatsApp Chat")),
)
_ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")
_MEDIA_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".bmp", ".mp4", ".mov", ".m4v", ".webm"}
    | {".mp3", ".m4a", ".opus", ".aac", ".wav"}
)
_AS_DOWNLOADED = "pass the export as downloaded, or name its platform with {platform}"
_HELP = "audit.importers.formats_text() lists each platform's files"
_CLI_HELP = "python -m audit --help-formats lists each platform's files"
_APP_PLATFORM = "the platform choice beside Load"
_APP_HELP = "'Where to download your archives' says what each platform gives you"


def _likeliest_cause(archive: Archive) -> tuple[str, str]:
    """Why no importer recognised ``archive``: a phrase that follows its path, and the fix.

    The fix may hold ``{platform}``, for how the caller names a platform (``platform=...`` or
    ``--platform``).
    """
    names = archive.names
    if not names:
        return "is empty: it holds no files at all", "pass the export as downloaded"
    if isinstance(archive, SingleFileArchive):
        cause = "is a single file that no importer reads (not a zip, tar.gz, .car or posts file)"
        return cause, _AS_DOWNLOADED
    for service, rx in _OTHER_SERVICES:
        if any(rx.search(n) for n in names):
            cause = f"looks like {service}, which footprint audit does not read"
            return cause, "pass an export of one of the platforms it reads"
    inner = [n for n in names if n.lower().endswith(_ARCHIVE_SUFFIXES)]
    if inner:
        shown = ", ".join(inner[:2]) + (" ..." if len(inner) > 2 else "")
        cause = f"holds another archive ({shown}) instead of an export's files"
        return cause, "extract the inner archive and pass that one"
    if all(PurePosixPath(n).suffix.lower() in _MEDIA_SUFFIXES for n in names):
        cause = (
            f"holds only photos, videos or sound ({_few(names, 2)}), the media part of an "
            "export"
        )
        return cause, "pass the part of the export with the posts too"
    return f"holds no file any importer knows: {_few(names, 3)}", _AS_DOWNLOADED


def _few(names: list[str], n: int) -> str:
    """``"3 files: a, b, c"`` or, for more than ``n``, ``"12 files, e.g. a, b ..."``."""
    count = plural(len(names), "file")
    if len(names) <= n:
        return f"{count}: {', '.join(names)}"
    return f"{count}, e.g. {', '.join(names[:n])} ..."


def _detect(archive: Archive) -> Importer:
    found = [imp for imp in importers() if imp.detect(archive)]
    if len(found) == 1:
        return found[0]
    where = str(archive.path)
    if not found:
        for imp in importers():  # a file with a platform's name but not its content
            damaged = getattr(imp, "damaged", None)
            message = damaged(archive) if damaged is not None else None
            if message:
                raise ArchiveFormatError(message)
        cause, fix = _likeliest_cause(archive)
        raise UnknownArchiveError(
            problem(where, cause, f"{fix.format(platform='platform=...')} ({_HELP})"),
            cli=problem(where, cause, f"{fix.format(platform='--platform')} ({_CLI_HELP})"),
            app=problem(where, cause, f"{fix.format(platform=_APP_PLATFORM)} ({_APP_HELP})"),
        )
    names = ", ".join(imp.name for imp in found)
    cause = f"holds the files of several platforms ({names})"
    fix = "pass each platform's archive on its own, or name one with {}"
    raise UnknownArchiveError(
        problem(where, cause, fix.format("platform=...")),
        cli=problem(where, cause, fix.format("--platform")),
        app=problem(where, cause, fix.format(_APP_PLATFORM)),
    )


def _check_named(archive: Archive, importer: Importer) -> None:
    """A platform named by the user whose files are not there: say which names were looked for."""
    if importer.detect(archive):
        return
    shown = ", ".join(archive.names[:5]) or "no files at all"
    more = f" and {len(archive.names) - 5} more" if len(archive.names) > 5 else ""
    raise UnknownArchiveError(
        describe(
            f"the files of a {importer.signature}",
            (f"1 file, not with those names: {shown}" if len(archive.names) == 1 else
             f"{len(archive.names)} files, none of them with those names: {shown}{more}"),
            "pass the archive as downloaded, or put renamed files back under the names "
            "above",
            where=str(archive.path),
        )
    )


_EMPTY_FIX = (
    "check that this is the export with your posts (some exports come in several zips: "
    "pass them all)"
)
_ALLOW_EMPTY = "pass allow_empty=True to accept an empty result"


def _no_posts(archive: Archive, importer: Importer, allow_empty: bool) -> None:
    """No posts in an archive: an error (or, if allowed, a warning) that says what was read."""
    shown = ", ".join(archive.names[:5]) or "no files"
    head = (
        f"posts in a {importer.name} archive",
        f"none: the files read ({shown}) hold no posts, replies or comments",
    )
    where = str(archive.path)
    message = describe(*head, f"{_EMPTY_FIX}; {_ALLOW_EMPTY}", where=where)
    if not allow_empty:
        raise AuditError(message, cli=describe(*head, _EMPTY_FIX, where=where))
    warnings.warn(AuditWarning(message), stacklevel=3)


def load_archive(
    path: str | Path,
    platform: str | None = None,
    *,
    include_likes: bool = False,
    allow_empty: bool = False,
) -> pd.DataFrame:
    """Load one downloaded archive into the posts table.

    Parameters
    ----------
    path : str or Path
        The archive as downloaded (zip) or the folder it was extracted to. It is only read:
        nothing is extracted, written or changed.
    platform : str, optional
        A registered platform name (``"twitter"``, ``"facebook"``, ...); detected from the
        archive's files when omitted.
    include_likes : bool
        Also read what the person liked (kind ``like``), where the export has it: screening
        services judge likes too. Off by default.
    allow_empty : bool
        Return an empty table (with an AuditWarning) when the archive holds no posts, instead
        of raising: an empty result is never silent.

    Returns
    -------
    pandas.DataFrame
        One row per post, reply, repost, quote and comment, in the schema of
        :data:`audit.schema.POSTS_COLUMNS`, sorted by ``created_at``. ``DataFrame.attrs`` holds
        what the archive says about itself (``platform``, ``source``, ``username``, ``timezone``,
        ``skipped``).

    Raises
    ------
    AuditError
        When the path does not exist, is no supported archive (or not one of the platform
        named: the message lists the file names looked for), a file in it is damaged, or it
        holds no posts at all; the message names the file and what to do.

    Warns
    -----
    AuditWarning
        When malformed records were skipped (file and count are named) or the archive's own
        inventory disagrees with what is there.

    Examples
    --------
    >>> import audit
    >>> posts = audit.load_archive("data_samples/twitter.zip")
    >>> sorted(posts["kind"].unique())
    ['post', 'quote', 'reply', 'repost']
    """
    with open_archive(path) as archive:
        if platform:
            importer = get_importer(platform)
            _check_named(archive, importer)
        else:
            importer = _detect(archive)
        try:
            posts = importer.load(archive, include_likes=include_likes)
        except AuditError:
            raise
        except (
            KeyError,
            TypeError,
            ValueError,
            AttributeError,
            IndexError,
            OverflowError,
            RecursionError,
        ) as exc:
            # The safety net under the importers' own checks: a file of a shape nobody has
            # seen must still end in a message, not a traceback from deep inside a parser.
            raise ArchiveFormatError(
                describe(
                    f"files in the shape of a {importer.name} export",
                    f"a shape the importer cannot read ({type(exc).__name__}: {exc})"[:300],
                    "check that the archive is unmodified; if it is, please report this with "
                    "the platform and export date (not the file: it holds your posts)",
                    where=str(archive.path),
                )
            ) from exc
        attrs = dict(posts.attrs)
        validate_posts(posts, f"{importer.name} importer on {archive.path}")
        if posts.empty:
            _no_posts(archive, importer, allow_empty)
    posts.attrs = {**attrs, "platform": importer.name, "source": str(path)}
    return posts


def load_archives(
    paths: str | Path | Iterable[str | Path],
    progress: bool | None = False,
    *,
    include_likes: bool = False,
    allow_empty: bool = False,
    platform: str | None = None,
) -> pd.DataFrame:
    """Load several archives into one de-duplicated timeline.

    Overlapping exports (this year's and last year's archive, Facebook's export split over
    several zips, X and Facebook together) become one table: rows with the same ``platform``
    and ``post_id`` are kept once (the first archive given wins).

    Parameters
    ----------
    paths : str, Path or iterable of them
        Archives as for :func:`load_archive` (a single path is one archive).
    progress : bool or None
        Show a progress bar over the archives on stderr (``None``: only on a terminal).
    include_likes : bool
        As for :func:`load_archive`.
    allow_empty : bool
        As for :func:`load_archive`: an archive without posts among others is skipped with a
        warning; no posts at all is an error unless this is True.
    platform : str, optional
        The platform of every archive (as for :func:`load_archive`); detected when None.

    Returns
    -------
    pandas.DataFrame
        The posts table, sorted by ``created_at``. ``attrs["sources"]`` lists the archives, and
        ``attrs["timezone"]`` is the first timezone any archive recorded.

    Raises
    ------
    AuditError
        When ``paths`` is empty, or an archive cannot be read. A zip with no posts files at all
        (e.g. the media-only part of a split Facebook export) is skipped with an AuditWarning
        as long as another archive has posts.
    """
    paths = [paths] if isinstance(paths, str | Path) else list(paths)
    if not paths:
        raise AuditError(
            describe("at least one archive path", "an empty list", "pass the archives to audit")
        )
    frames: list[pd.DataFrame] = []
    unrecognised: list[tuple[Path | str, AuditError]] = []
    disable = None if progress is None else not progress  # None: tqdm decides (a terminal)
    empty: list[str] = []
    for p in tqdm(paths, desc="loading", unit="archive", disable=disable):
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", AuditWarning)
                frame = load_archive(
                    p, platform, include_likes=include_likes, allow_empty=True
                )
        except UnknownArchiveError as exc:
            unrecognised.append((p, exc))
            continue
        for w in caught:  # pass the others on; an empty archive is judged below, with the rest
            if not (frame.empty and str(w.message).startswith(str(p))):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        if frame.empty:
            empty.append(str(p))
        frames.append(frame)
    if not frames:
        raise unrecognised[0][1]
    for p, _exc in unrecognised:
        warnings.warn(
            AuditWarning(f"{p}: no posts files of any supported platform in it; skipped."),
            stacklevel=2,
        )
    if len(empty) == len(frames):
        head = ("posts in the archives given", f"none in {', '.join(empty)}")
        fix = "check that these are the exports with your posts"
        message = describe(*head, f"{fix}; {_ALLOW_EMPTY}")
        if not allow_empty:
            raise AuditError(message, cli=describe(*head, fix))
        warnings.warn(AuditWarning(message), stacklevel=2)
    else:
        for p in empty:
            warnings.warn(AuditWarning(f"{p}: no posts in this archive; skipped."), stacklevel=2)
    nonempty = [f for f in frames if len(f)]
    merged = pd.concat(nonempty, ignore_index=True) if nonempty else empty_posts()
    merged = merged.drop_duplicates(["platform", "post_id"], keep="first")
    merged = merged.sort_values(
        ["created_at", "platform", "post_id"], kind="stable", ignore_index=True
    )
    timezones = [f.attrs.get("timezone") for f in frames if f.attrs.get("timezone")]
    merged.attrs = {
        "sources": [str(p) for p in paths],
        "platforms": sorted({f.attrs["platform"] for f in frames}),
        "timezone": timezones[0] if timezones else None,
        # the account owner's names on each platform: never a target of their own posts
        "usernames": sorted({f.attrs["username"] for f in frames if f.attrs.get("username")}),
    }
    return validate_posts(merged, "load_archives")
