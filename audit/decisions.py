"""The user's decisions about posts: keep, delete, or not a problem.

Decisions are what the interactive audit produces and what exports and later audits consume:

- ``delete`` posts go on the delete-list (and, for X, into a filtered ``tweets.js``);
- ``keep`` posts go on the keep-list;
- ``not-a-problem`` posts feed the scorers' false-positive ledger: they are not flagged again.

They are stored as one small JSON file next to the audit output (``decisions.json``), written
atomically with owner-only permissions, and reloaded on start::

    {"version": 1,
     "decisions": {"twitter:1234": {"decision": "delete", "at": "2026-11-26T03:20:00+00:00"}}}

Keys are ``platform:post_id`` because post ids are unique only within a platform.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ._io import write_private
from .errors import AuditError, describe

__all__ = ["DECISIONS", "Decisions"]

#: the decision vocabulary; "undecided" is the absence of a decision.
DECISIONS = ("keep", "delete", "not-a-problem")
_VERSION = 1


def _key(platform: str, post_id: str) -> str:
    return f"{platform}:{post_id}"


class Decisions:
    """Keep / delete / not-a-problem marks, backed by a JSON file.

    Parameters
    ----------
    path : str or Path, optional
        The decisions file. When it exists it is loaded; :meth:`save` writes it. Without a path
        the decisions live in memory only.

    Raises
    ------
    AuditError
        When the file exists but is not a decisions file.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._marks: dict[str, dict[str, str]] = {}
        if self.path is not None and self.path.exists():
            self._load(self.path)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            marks = data["decisions"]
            if data.get("version") != _VERSION or not isinstance(marks, dict):
                raise ValueError("unknown version or layout")
            for key, entry in marks.items():
                if entry.get("decision") not in DECISIONS or ":" not in key:
                    raise ValueError(f"bad entry {key!r}")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AuditError(
                describe(
                    f"a decisions file (JSON, version {_VERSION})",
                    f"something else ({exc})",
                    "move the file away to start with no decisions, or pass another path",
                    where=str(path),
                )
            ) from None
        self._marks = {k: dict(v) for k, v in marks.items()}

    # -- marking ---------------------------------------------------------------------------
    def mark(self, platform: str, post_id: str, decision: str | None) -> None:
        """Record a decision for one post; ``None`` or ``"undecided"`` removes it.

        Raises
        ------
        AuditError
            For a decision outside :data:`DECISIONS`.
        """
        key = _key(platform, str(post_id))
        if decision in (None, "undecided"):
            self._marks.pop(key, None)
            return
        if decision not in DECISIONS:
            raise AuditError(
                describe(f"a decision in {DECISIONS}", repr(decision), "use one of those")
            )
        self._marks[key] = {
            "decision": decision,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }

    def get(self, platform: str, post_id: str) -> str:
        """The decision for one post, or ``"undecided"``."""
        entry = self._marks.get(_key(platform, str(post_id)))
        return entry["decision"] if entry else "undecided"

    def post_ids(self, decision: str) -> set[str]:
        """Post ids (without platform) with the given decision."""
        return {k.split(":", 1)[1] for k, v in self._marks.items() if v["decision"] == decision}

    def not_a_problem(self) -> frozenset[str]:
        """The false-positive ledger for :func:`audit.score_posts` (config ``not_a_problem``)."""
        return frozenset(self.post_ids("not-a-problem"))

    def column(self, posts: pd.DataFrame) -> pd.Series:
        """The decision of every row of a posts table (``"undecided"`` where none)."""
        keys = posts["platform"].astype(str) + ":" + posts["post_id"].astype(str)
        values = [self._marks[k]["decision"] if k in self._marks else "undecided" for k in keys]
        return pd.Series(values, index=posts.index, dtype="str", name="decision")

    def update(self, marks: Iterable[tuple[str, str, str | None]]) -> None:
        """Mark many posts: ``(platform, post_id, decision)`` triples."""
        for platform, post_id, decision in marks:
            self.mark(platform, post_id, decision)

    def counts(self) -> Mapping[str, int]:
        """How many posts carry each decision."""
        out = dict.fromkeys(DECISIONS, 0)
        for v in self._marks.values():
            out[v["decision"]] += 1
        return out

    def __len__(self) -> int:
        return len(self._marks)

    # -- saving ----------------------------------------------------------------------------
    def save(self, path: str | Path | None = None) -> Path:
        """Write the decisions atomically (owner-only permissions) and return the path.

        Raises
        ------
        AuditError
            When neither this object nor the call names a path.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise AuditError(describe("a path to save decisions to", "none", "pass save(path=...)"))
        payload = {"version": _VERSION, "decisions": dict(sorted(self._marks.items()))}
        write_private(target, json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
        self.path = target
        return target
