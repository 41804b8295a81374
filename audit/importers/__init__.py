"""The importer registry: one importer per platform, each with ``detect`` and ``load``.

An importer is an object with

- ``name``: the platform, as it appears in the ``platform`` column;
- ``signature``: one line saying what its archives look like (shown when a named platform's
  files are missing);
- optionally ``label`` (the platform as people write it), ``export`` (where the platform offers
  the download) and ``layouts`` (:class:`Layout`: each accepted layout, with member names that
  ``detect`` recognises, checked by the tests): :func:`formats_text` lists them, for
  ``python -m audit --help-formats``;
- optionally ``damaged(archive) -> str | None``: the message for a file that has this
  platform's name but not its content (a ``.car`` that is not a CAR), asked when nothing matched;
- ``detect(archive) -> bool``: cheap, by signature files only;
- ``load(archive, *, include_likes=False) -> DataFrame``: the posts table
  (:func:`audit.schema.posts_frame`), with any archive-level facts in ``DataFrame.attrs``
  (``timezone``, ``username``, ``skipped``); likes (kind ``like``) only when asked for.

New platforms call :func:`register`; :func:`audit.load_archive` consults the registry in the
order of registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from ..archive import Archive
from ..errors import AuditError, describe

__all__ = ["Importer", "Layout", "formats_text", "get_importer", "importers", "register"]


@dataclass(frozen=True)
class Layout:
    """One layout of a platform's export that its importer accepts.

    Parameters
    ----------
    text : str
        The layout in words, for people: which files, which years.
    files : tuple of str
        Member names of a minimal example that ``detect`` recognises (the tests lay them out and
        check that detection picks this platform, so the words cannot drift from the code).
    """

    text: str
    files: tuple[str, ...]


class Importer(Protocol):
    """What the registry needs from an importer."""

    name: str
    signature: str

    def detect(self, archive: Archive) -> bool:
        """Whether the archive looks like this platform's export."""
        ...

    def load(self, archive: Archive, *, include_likes: bool = False) -> pd.DataFrame:
        """Read every post of the archive into a posts table (likes only when asked for)."""
        ...


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    """Add an importer to the registry (replacing one of the same name) and return it."""
    _REGISTRY[importer.name] = importer
    return importer


def importers() -> list[Importer]:
    """All registered importers, in registration order."""
    return list(_REGISTRY.values())


def get_importer(name: str) -> Importer:
    """The importer for platform ``name``.

    Raises
    ------
    AuditError
        When no importer of that name is registered.
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        raise AuditError(
            describe(
                f"a platform in {sorted(_REGISTRY)}",
                repr(name),
                "pass one of those names, or platform=None to detect it",
            )
        ) from None


def formats_text() -> str:
    """What every registered importer accepts, generated from the registry.

    Returns
    -------
    str
        For each platform: its name (the ``--platform`` / ``platform=`` value), where the export
        is requested, and each accepted layout with its files.
    """
    lines = [
        "Archives footprint audit reads: the zip as downloaded, a .tar.gz, a single exported "
        "file, or the extracted folder.",
    ]
    for imp in importers():
        label = getattr(imp, "label", imp.name)
        export = getattr(imp, "export", "")
        lines += ["", f"{imp.name}: {label}" + (f" ({export})" if export else "")]
        layouts = getattr(imp, "layouts", ())
        lines += [f"  - {layout.text}" for layout in layouts] or [f"  - {imp.signature}"]
    return "\n".join(lines)


# Registration order is detection order.
from . import bluesky, facebook, instagram, linkedin, mastodon, reddit, twitter  # noqa: E402

register(twitter.TwitterImporter())
register(facebook.FacebookImporter())
register(instagram.InstagramImporter())
register(linkedin.LinkedInImporter())
register(mastodon.MastodonImporter())
register(bluesky.BlueskyImporter())
register(reddit.RedditImporter())
