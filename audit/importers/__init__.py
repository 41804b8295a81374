"""The importer registry: one importer per platform, each with ``detect`` and ``load``.

An importer is an object with

- ``name``: the platform, as it appears in the ``platform`` column;
- ``signature``: one line saying what its archives look like (shown when nothing matched);
- ``detect(archive) -> bool``: cheap, by signature files only;
- ``load(archive, *, include_likes=False) -> DataFrame``: the posts table
  (:func:`audit.schema.posts_frame`), with any archive-level facts in ``DataFrame.attrs``
  (``timezone``, ``username``, ``skipped``); likes (kind ``like``) only when asked for.

New platforms call :func:`register`; :func:`audit.load_archive` consults the registry in the
order of registration.
"""

from __future__ import annotations

from typing import Protocol

import pandas as pd

from ..archive import Archive
from ..errors import AuditError, describe

__all__ = ["Importer", "get_importer", "importers", "register"]


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


# Registration order is detection order.
from . import bluesky, facebook, instagram, linkedin, mastodon, reddit, twitter  # noqa: E402

register(twitter.TwitterImporter())
register(facebook.FacebookImporter())
register(instagram.InstagramImporter())
register(linkedin.LinkedInImporter())
register(mastodon.MastodonImporter())
register(bluesky.BlueskyImporter())
register(reddit.RedditImporter())
