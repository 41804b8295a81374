"""The interactive audit's state, as plain Python: archives, settings, filters, selection,
decisions and exports.

:class:`AuditState` is what the app's views (:mod:`audit.app.views`, in JupyterLab or Voilà)
bind to, and what the tests drive without widgets::

    state = AuditState("audit-output")
    state.load(["twitter.zip"])
    state.filters.platform = "twitter"
    rows = state.filtered()
    state.select(rows.index[0])
    state.mark("delete")
    state.export("delete-list")          # audit-output/delete-list.csv

Every action returns what happened and leaves a message in words in :attr:`AuditState.messages`
(errors in :attr:`AuditState.error`); nothing raises for a user's mistake.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .._io import write_private
from ..config import ScoringConfig, load_config
from ..decisions import DECISIONS, Decisions
from ..errors import AuditError, app_message
from ..exports import decision_list, flagged_csv, tweets_js_for_deletion
from ..loading import load_archives
from ..model import load_judgement
from ..privacy import PeopleMasker
from ..scorers._text import plural
from ..scorers.oversharing import OVERSHARE_CATEGORIES
from ..scorers.value import VALUE_CATEGORIES
from ..scoring import SCORED_COLUMNS, score_posts
from ..summary import display_timezone, not_assessed_sentence
from ..timezones import user_timezone

__all__ = [
    "ALL",
    "ANY_FLAG",
    "EXPORTS",
    "SORT_KEYS",
    "THRESHOLDS",
    "AuditState",
    "Filters",
    "category_options",
    "flag_words",
]

#: sort-by choices and the column each one sorts on.
SORT_KEYS: dict[str, str] = {
    "risk": "risk",
    "date": "created_at",
    "negativity": "negativity",
    "overshare": "overshare",
    "value": "value",
}
ALL = "all"
ANY_FLAG = "any flag"
#: the thresholds the settings can change: config table -> (the model's flag, label).
THRESHOLDS: dict[str, tuple[str, str]] = {
    "negativity": ("negative", "negative posts"),
    "overshare": ("overshare", "oversharing"),
    "value": ("value_add", "value-add"),
}
#: what :meth:`AuditState.export` writes: name -> (file name, what it is, in words).
EXPORTS: dict[str, tuple[str, str]] = {
    "delete-list": ("delete-list.csv", "the posts you marked delete"),
    "keep-list": ("keep-list.csv", "the posts you marked keep"),
    "tweets.js": ("tweets-to-delete.js", "your X posts marked delete, for deletion tools"),
    "flagged": ("flagged.csv", "every negative or oversharing post, with its reason"),
    "report": ("report.html", "the HTML report of these archives"),
}
_APP_FILE = "app.json"
_RECENT = 8


def category_options() -> list[tuple[str, str]]:
    """The flag filter's choices as ``(label, value)``."""
    options = [
        ("any flag", ANY_FLAG),
        ("all posts", ALL),
        ("negative", "negative"),
        ("negative, targeting a person", "targeted"),
        ("overshare: any", "overshare"),
    ]
    options += [(f"overshare: {c}", f"overshare:{c}") for c in OVERSHARE_CATEGORIES if c != "none"]
    options.append(("value-add: any", "value"))
    options += [(f"value-add: {c}", f"value:{c}") for c in VALUE_CATEGORIES if c != "none"]
    return options


def flag_words(row: Mapping[str, Any]) -> str:
    """The flags of one scored row in words, most serious first (``"no flag"`` when none)."""
    parts = []
    if row["is_negative"]:
        target = row["target"]
        if row["targets_person"]:
            who = f" ({target})" if isinstance(target, str) and target else ""
            parts.append(f"negative, targeted{who}")
        else:
            parts.append("negative")
    if row["is_overshare"]:
        category = row["overshare_category"]
        parts.append(f"oversharing ({_PLAIN.get(category, category)})")
    if row["is_value_add"]:
        category = row["value_category"]
        parts.append(f"adds value ({_PLAIN.get(category, category)})")
    flags = row.get("flags")
    if not parts and flags is not None and any(str(f).startswith("immediacy:") for f in flags):
        parts.append("heat of the moment")  # late at night, a burst: a sign, not a verdict
    return "; ".join(parts) or "no flag"


#: category codes in the words of the table and the reading pane
_PLAIN = {"pii": "personal details", "work-confidential": "work secrets",
          "opportunity": "an opportunity", "answer": "an answer", "article": "an article"}


def _as_paths(archives: str | Path | Iterable[str | Path] | None) -> list[str]:
    if archives is None:
        return []
    if isinstance(archives, str | Path):
        return [str(archives)]
    return [str(a) for a in archives]


@dataclasses.dataclass
class Filters:
    """What the table shows: every field is one filter of the app (defaults: flagged posts,
    riskiest first)."""

    platform: str = ALL
    kind: str = ALL
    category: str = ANY_FLAG
    decision: str = ALL
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    min_risk: float = 0.0
    search: str = ""
    sort_by: str = "risk"
    descending: bool = True

    def mask(self, scored: pd.DataFrame, timezone: str = "UTC") -> pd.Series:
        """The rows of ``scored`` (with its ``decision`` column) that pass every filter; dates
        are days on the clock of ``timezone`` (the one the table shows)."""
        mask = pd.Series(True, index=scored.index)
        if self.platform != ALL:
            mask &= scored["platform"] == self.platform
        if self.kind != ALL:
            mask &= scored["kind"] == self.kind
        if self.decision != ALL:
            mask &= scored["decision"] == self.decision
        category = self.category
        if category == ANY_FLAG:
            # what still needs a look: dismissed posts leave it even when they keep a value-add
            # flag (score_posts keeps those for ledger posts)
            flagged = scored["is_negative"] | scored["is_overshare"] | scored["is_value_add"]
            mask &= flagged & (scored["decision"] != "not-a-problem")
        elif category == "negative":
            mask &= scored["is_negative"]
        elif category == "targeted":
            mask &= scored["is_negative"] & scored["targets_person"]
        elif category == "overshare":
            mask &= scored["is_overshare"]
        elif category == "value":
            mask &= scored["is_value_add"]
        elif category.startswith("overshare:"):
            mask &= scored["is_overshare"] & (scored["overshare_category"] == category[10:])
        elif category.startswith("value:"):
            mask &= scored["is_value_add"] & (scored["value_category"] == category[6:])
        if self.date_from is not None:
            mask &= scored["created_at"] >= pd.Timestamp(self.date_from).tz_localize(timezone)
        if self.date_to is not None:
            end = pd.Timestamp(self.date_to + dt.timedelta(days=1)).tz_localize(timezone)
            mask &= scored["created_at"] < end
        if self.min_risk > 0:
            mask &= scored["risk"] >= self.min_risk
        query = self.search.strip()
        if query:
            mask &= scored["text"].str.contains(query, case=False, regex=False)
        return mask

    def active(self) -> list[str]:
        """The filters that differ from the defaults, in words (``["platform=twitter"]``)."""
        active = [
            f"{name}={value}"
            for name, value in (
                ("platform", self.platform), ("kind", self.kind), ("decision", self.decision)
            )
            if value != ALL
        ]
        if self.category != ANY_FLAG:
            active.append(f"flag={self.category}")
        if self.date_from is not None:
            active.append(f"from={self.date_from}")
        if self.date_to is not None:
            active.append(f"to={self.date_to}")
        if self.min_risk > 0:
            active.append(f"risk>={self.min_risk:.2f}")
        if self.search.strip():
            active.append(f"search={self.search.strip()!r}")
        return active


#: progress callback: (what is happening, in words; fraction done 0..1)
Progress = Callable[[str, float], None]


class AuditState:
    """Archives, settings, filters, selection, decisions and exports of one audit.

    Parameters
    ----------
    output_dir : str or Path
        Where ``decisions.json``, the exports and the remembered paths (``app.json``) live.
    config : ScoringConfig, mapping, str, Path or None
        Scoring configuration (:func:`audit.config.load_config`); the "not a problem"
        decisions are added to its ledger, the settings (time zone, thresholds) override it.

    Attributes
    ----------
    posts, scored : DataFrame or None
        The loaded posts, and the scored posts with a ``decision`` column.
    filters : Filters
        What :meth:`filtered` keeps.
    selected : index label or None
        The post shown in the detail pane.
    decisions : Decisions
        Keep / delete / not-a-problem marks, saved on every change.
    messages : list of str
        What the last action has to say (notes, warnings), in words.
    error : str or None
        The last action's error, in words; the table is empty after a failed load.
    problems : list of str
        Setup problems (a bad config or decisions file), shown until fixed.
    """

    def __init__(
        self,
        output_dir: str | Path = "audit-output",
        config: ScoringConfig | Mapping[str, Any] | str | Path | None = None,
    ) -> None:
        self.output_dir = Path(output_dir).expanduser().resolve()
        self.posts: pd.DataFrame | None = None
        self.scored: pd.DataFrame | None = None
        self.paths: list[str] = []
        self.platform: str | None = None  # the platform named at loading (renamed files)
        self.filters = Filters()
        self.selected: Any = None
        self.messages: list[str] = []
        self.error: str | None = None
        self.problems: list[str] = []
        self.hide_people = False
        self.timezone = ""  # typed by the user; "" = the config's, else the archive's, else UTC
        self.thresholds: dict[str, float] = {}  # table -> threshold the user set in the app
        self._masker: PeopleMasker | None = None
        # (post, its decision before each mark, its scored row when the mark scored it again)
        self._undo: list[tuple[Any, str, pd.DataFrame | None]] = []
        self._saved: pd.DataFrame | None = None  # the row an undo puts back
        self.config: ScoringConfig | None = None
        try:
            self.config = load_config(config)
        except AuditError as exc:
            self.problems.append(f"Configuration not used: {exc}")
        self.decisions_enabled = True
        try:
            self.decisions = Decisions(self.decisions_path)
        except AuditError as exc:
            self.problems.append(f"Decisions not loaded, marking is off until fixed: {exc}")
            self.decisions_enabled = False
            self.decisions = Decisions()

    # -- files -----------------------------------------------------------------------------
    @property
    def decisions_path(self) -> Path:
        """The decisions file: ``<output_dir>/decisions.json``."""
        return self.output_dir / "decisions.json"

    def recent_paths(self) -> list[list[str]]:
        """Archive sets loaded before (newest first), remembered in ``<output_dir>/app.json``."""
        try:
            data = json.loads((self.output_dir / _APP_FILE).read_text(encoding="utf-8"))
            recent = data.get("recent", []) if isinstance(data, dict) else []
        except (OSError, ValueError):
            return []
        return [
            [str(p) for p in entry]
            for entry in recent
            if isinstance(entry, list) and entry and all(isinstance(p, str) for p in entry)
        ][:_RECENT]

    def _remember(self, paths: list[str]) -> None:
        resolved = [str(Path(p).expanduser().resolve()) for p in paths]
        recent = [resolved, *(r for r in self.recent_paths() if r != resolved)][:_RECENT]
        try:
            write_private(self.output_dir / _APP_FILE, json.dumps({"recent": recent}, indent=1))
        except OSError as exc:  # remembering is a convenience: say so, go on
            self.messages.append(f"note: the archive paths were not remembered ({exc})")

    # -- settings and scoring --------------------------------------------------------------
    def scoring_config(self) -> ScoringConfig:
        """The configuration the next scoring uses: the config, the ledger, the settings.

        Raises
        ------
        AuditError
            When the time zone typed is not one (the message says what to type).
        """
        base = self.config if self.config is not None else load_config(None)
        thresholds = {table: dict(values) for table, values in base.thresholds.items()}
        for table, value in self.thresholds.items():
            thresholds[table]["threshold"] = float(value)
        typed = self.timezone.strip()
        return dataclasses.replace(
            base,
            thresholds=thresholds,
            not_a_problem=base.not_a_problem | self.decisions.not_a_problem(),
            timezone=user_timezone(typed, where="Time zone") if typed else base.timezone,
        )

    def threshold(self, table: str) -> float:
        """The threshold a flag uses now: the user's, else the learned model's, else the rules'.

        Parameters
        ----------
        table : str
            ``"negativity"``, ``"overshare"`` or ``"value"``.
        """
        if table in self.thresholds:
            return float(self.thresholds[table])
        base = self.config if self.config is not None else load_config(None)
        default = float(load_config(None).thresholds[table]["threshold"])
        given = float(base.thresholds[table]["threshold"])
        if given != default or base.rules_only:
            return given
        model = load_judgement()
        flag = THRESHOLDS[table][0]
        return float(model.thresholds[flag]) if model is not None else given

    @property
    def timezone_used(self) -> str:
        """The time zone of the table's dates and of "late-night" (IANA name): the one the
        scores were computed in (:func:`audit.summary.display_timezone`)."""
        return display_timezone(self.scored) if self.scored is not None else "UTC"

    def _score(self, posts: pd.DataFrame, progress: bool = False) -> pd.DataFrame:
        scored = score_posts(posts, config=self.scoring_config(), progress=progress)
        scored["decision"] = self.decisions.column(scored)
        return scored

    # -- actions ---------------------------------------------------------------------------
    def load(
        self,
        archives: str | Path | Sequence[str | Path],
        progress: Progress | None = None,
        tqdm_bars: bool = False,
        platform: str | None = None,
    ) -> bool:
        """Load and score archives. On an error the table is emptied and :attr:`error` says why.

        Parameters
        ----------
        archives : str, Path or list of them
            Archives (zip, tar.gz, CAR or an extracted folder).
        progress : callable, optional
            Called with (what is happening, fraction done) as loading goes on.
        tqdm_bars : bool
            Also show the loaders' and scorers' own progress bars (in a notebook: widgets).
        platform : str, optional
            The platform of every archive (for renamed files); detected when None.

        Returns
        -------
        bool
            True when the archives were loaded and scored.
        """
        paths = list(dict.fromkeys(p.strip() for p in _as_paths(archives) if p.strip()))
        self.messages, self.error = [], None
        report = progress or (lambda _what, _done: None)
        if not paths:
            self.error = "Give the path of at least one archive (a .zip, .tar.gz or .car file)."
        elif self.config is None:
            self.error = "Fix the scoring configuration first (see above)."
        if self.error:
            return False
        names = ", ".join(Path(p).name for p in paths)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                report(f"Reading {names}", 0.05)
                posts = load_archives(paths, progress=tqdm_bars, platform=platform)
                posts = posts.reset_index(drop=True)
                report(f"Scoring {len(posts):,} posts", 0.4)
                scored = self._score(posts, progress=tqdm_bars)
        except AuditError as exc:
            self.posts = self.scored = None  # never leave the previous table: it looks loaded
            self.selected, self._masker = None, None
            self.error = f"Could not load: {app_message(exc)}"
            report("Failed", 1.0)
            return False
        report("Done", 1.0)
        self.posts, self.scored, self.paths, self.platform = posts, scored, paths, platform
        self.selected, self._masker, self._undo = None, None, []
        self.filters = Filters()
        coverage = not_assessed_sentence(scored)
        if coverage:
            self.messages.append(coverage)
        self.messages += [f"note: {w.message}" for w in caught[:5]]
        if len(caught) > 5:
            self.messages.append(f"… and {len(caught) - 5} more notes")
        self._remember(paths)
        return True

    def apply_settings(
        self, timezone: str | None = None, thresholds: Mapping[str, float] | None = None
    ) -> bool:
        """Change the time zone and thresholds, and score the loaded posts again.

        Parameters
        ----------
        timezone : str, optional
            IANA (``Europe/Berlin``) or X's (``Kyiv``) name; ``""`` goes back to the archive's.
        thresholds : mapping, optional
            ``{"negativity": 0.7, ...}``: a flag is raised above its threshold (0..1).

        Returns
        -------
        bool
            False, with :attr:`error` set, when a value is not valid (nothing changes then).
        """
        self.messages, self.error = [], None
        old = (self.timezone, dict(self.thresholds))
        if timezone is not None:
            self.timezone = timezone.strip()
        for table, value in (thresholds or {}).items():
            if table not in THRESHOLDS or not 0.0 <= float(value) <= 1.0:
                self.error = (
                    f"Threshold {table}={value!r} not used: expected one of "
                    f"{', '.join(THRESHOLDS)} with a value in 0..1."
                )
                self.timezone, self.thresholds = old
                return False
            self.thresholds[table] = float(value)
        try:
            self.scoring_config()
        except AuditError as exc:
            self.error = f"Settings not applied: {exc}"
            self.timezone, self.thresholds = old
            return False
        if self.posts is not None:
            self.scored = self._score(self.posts)
            self._masker = None
        self.messages.append(
            f"Settings applied: time zone {self.timezone or 'from the archive'}; thresholds "
            + ", ".join(f"{t} {self.threshold(t):.2f}" for t in THRESHOLDS)
        )
        return True

    def filtered(self) -> pd.DataFrame:
        """The posts that pass the filters, sorted by ``filters.sort_by`` (ties: newest first).

        Returns
        -------
        DataFrame
            Scored rows with ``decision``; empty (with the scored columns) when nothing is loaded.
        """
        if self.scored is None:
            return pd.DataFrame(columns=[*SCORED_COLUMNS, "decision"])
        rows = self.scored.loc[self.filters.mask(self.scored, self.timezone_used)]
        key = SORT_KEYS[self.filters.sort_by]
        ascending = not self.filters.descending
        if key == "created_at":
            return rows.sort_values(key, ascending=ascending, kind="stable")
        return rows.sort_values([key, "created_at"], ascending=[ascending, False], kind="stable")

    def select(self, index: Any) -> bool:
        """Show the post with this index label in the detail pane (``None``: none)."""
        if index is None or self.scored is None or index not in self.scored.index:
            self.selected = None
            return False
        self.selected = index
        return True

    def selected_row(self) -> pd.Series | None:
        """The selected post's scored row, or None."""
        if self.scored is None or self.selected not in self.scored.index:
            return None
        return self.scored.loc[self.selected]

    def neighbours(self, index: Any, n: int = 2) -> pd.DataFrame:
        """The posts just before and after one post on the same platform (context for reading).

        Parameters
        ----------
        index : index label
            The post.
        n : int
            How many on each side.

        Returns
        -------
        DataFrame
            Up to ``2 * n + 1`` rows in time order, the post itself included.
        """
        if self.scored is None or index not in self.scored.index:
            return pd.DataFrame(columns=self.scored.columns if self.scored is not None else [])
        same = self.scored[self.scored["platform"] == self.scored.at[index, "platform"]]
        same = same.sort_values("created_at", kind="stable")
        at = same.index.get_loc(index)
        return same.iloc[max(0, at - n) : at + n + 1]

    def mark(self, decision: str, index: Any = None) -> bool:
        """Mark a post (the selected one by default) and save the decisions file at once.

        Parameters
        ----------
        decision : str
            ``"keep"``, ``"delete"``, ``"not-a-problem"``, or ``"undecided"`` to remove a mark.
            A post marked not a problem is scored again with the ledger and loses its flags.
        index : index label, optional
            The post; the selected one when None.

        Returns
        -------
        bool
            True when the decision was saved.
        """
        self.messages, self.error = [], None
        index = self.selected if index is None else index
        if not self.decisions_enabled:
            self.error = "Marking is off: the decisions file could not be read (see above)."
            return False
        if self.scored is None or index is None or index not in self.scored.index:
            self.error = "Select a post first (click a row of the table)."
            return False
        if decision not in (*DECISIONS, "undecided"):
            self.error = f"Unknown decision {decision!r}: expected one of {', '.join(DECISIONS)}."
            return False
        platform = str(self.scored.at[index, "platform"])
        post_id = str(self.scored.at[index, "post_id"])
        before = self.decisions.get(platform, post_id)
        try:
            self.decisions.mark(platform, post_id, decision)
            self.decisions.save(self.decisions_path)
        except (AuditError, OSError) as exc:
            self.decisions.mark(platform, post_id, before)
            self.error = f"Decision not saved: {exc}"
            return False
        saved = None
        if decision == "not-a-problem" and before != "not-a-problem":
            saved = self.scored.loc[[index]].copy()
            self._rescore([index])
        elif before == "not-a-problem" and decision != "not-a-problem":
            # an undo puts back the row as it was; otherwise the row's burst context lives in
            # its neighbours: score the whole table again
            if not self._restore(index):
                assert self.posts is not None
                self.scored = self._score(self.posts)
        else:
            self.scored.at[index, "decision"] = self.decisions.get(platform, post_id)
        self._undo.append((index, before, saved))
        return True

    def undo(self) -> bool:
        """Take the last mark back: the post gets its decision from before, and is selected.

        Returns
        -------
        bool
            False, with :attr:`error` set, when there is nothing to undo.
        """
        if not self._undo:
            self.messages, self.error = [], "Nothing to undo."
            return False
        index, before, saved = self._undo[-1]
        self._saved = saved  # what _restore puts back instead of scoring everything again
        try:
            if not self.mark(before, index):
                return False
        finally:
            self._saved = None
        del self._undo[-2:]  # the mark, and the undoing mark itself (not undone again)
        self.select(index)
        return True

    def _restore(self, index: Any) -> bool:
        """Put back the row an undone "not a problem" replaced (no rescoring of the table)."""
        saved = self._saved
        if saved is None or self.scored is None or list(saved.index) != [index]:
            return False
        saved = saved.copy()
        saved.loc[index, "decision"] = self.decisions.get(
            str(saved.at[index, "platform"]), str(saved.at[index, "post_id"])
        )
        order = self.scored.index
        self.scored = pd.concat([self.scored.drop(index=[index]), saved]).reindex(order)
        return True

    def _rescore(self, index: list[Any]) -> None:
        assert self.posts is not None and self.scored is not None
        fresh = self._score(self.posts.loc[index])
        order = self.scored.index
        self.scored = pd.concat([self.scored.drop(index=index), fresh]).reindex(order)

    def export(self, what: str, mask_pii: bool = False) -> Path | None:
        """Write one export into the output folder.

        Parameters
        ----------
        what : str
            A key of :data:`EXPORTS`: ``delete-list``, ``keep-list``, ``tweets.js``,
            ``flagged`` or ``report``.
        mask_pii : bool
            Mask personal identifiers (flagged CSV and report); other people are hidden when
            :attr:`hide_people` is on.

        Returns
        -------
        Path or None
            The file written, or None with :attr:`error` saying why.
        """
        self.messages, self.error = [], None
        if what not in EXPORTS:
            self.error = f"Unknown export {what!r}: expected one of {', '.join(EXPORTS)}."
            return None
        if self.scored is None:
            self.error = "Load an archive first."
            return None
        path = self.output_dir / EXPORTS[what][0]
        try:
            if what in ("delete-list", "keep-list"):
                decision = what.split("-")[0]
                decision_list(self.scored, self.decisions, decision, path)
                n = int((self.decisions.column(self.scored) == decision).sum())
                self.messages.append(f"{plural(n, 'post')} in {path}")
            elif what == "tweets.js":
                ids = self.scored.loc[
                    (self.scored["decision"] == "delete") & (self.scored["platform"] == "twitter"),
                    "post_id",
                ]
                if ids.empty:
                    self.error = "No X post is marked delete: nothing to write."
                    return None
                _, n = tweets_js_for_deletion(self.paths, ids, path)
                self.messages.append(f"{plural(n, 'tweet')} in {path}")
            elif what == "flagged":
                flagged_csv(self.scored, path, self.decisions, mask_pii, self.hide_people)
                self.messages.append(f"flagged posts in {path}")
            else:
                self._write_report(path, mask_pii)
        except AuditError as exc:
            self.error = f"{EXPORTS[what][0]} not written: {app_message(exc)}"
            return None
        except OSError as exc:
            self.error = f"{EXPORTS[what][0]} not written: {exc}"
            return None
        return path

    def _write_report(self, path: Path, mask_pii: bool) -> None:
        from ..report import run_report  # papermill and nbconvert: only when asked for

        parameters: dict[str, Any] = {
            "timezone": self.timezone or None,
            "platform": self.platform,
            "rules_only": bool(self.config is not None and self.config.rules_only),
        }
        if len(self.decisions):
            parameters["decisions_file"] = str(self.decisions_path.resolve())
        base, default = self.config or load_config(None), load_config(None)
        for table in THRESHOLDS:  # the thresholds the app uses: set here, or in the config
            given = self.thresholds.get(table, base.thresholds[table]["threshold"])
            if table in self.thresholds or given != default.thresholds[table]["threshold"]:
                parameters[f"{table}_threshold"] = float(given)
        run_report(
            self.paths, path, mask_pii=mask_pii, mask_people=self.hide_people,
            parameters=parameters,
        )
        self.messages.append(f"report written to {path}")

    # -- reading ---------------------------------------------------------------------------
    def shown(self, text: str) -> str:
        """A text as the app shows it: other people hidden when :attr:`hide_people` is on."""
        if not self.hide_people or self.scored is None or not isinstance(text, str):
            return text
        if self._masker is None:  # from the whole table: the same placeholders everywhere
            owners = [
                self.scored.attrs.get("username") or "",
                *(self.scored.attrs.get("usernames") or []),
            ]
            base = self.config.watch_words if self.config is not None else ()
            self._masker = PeopleMasker(self.scored, owners, base)
        shown = self._masker(text)
        return shown if isinstance(shown, str) else text

    def status(self, n: int | None = None) -> str:
        """One line: the filters, how many posts pass them, what is selected."""
        if self.scored is None:
            return "[no archive loaded]"
        n = len(self.filtered()) if n is None else n
        filters = ", ".join(self.filters.active()) or "flagged"
        line = f"[{filters}] {n} of {len(self.scored)} posts · sorted by {self.filters.sort_by}"
        row = self.selected_row()
        if row is not None:
            when = local_time(row["created_at"], self.timezone_used)
            line += f" · selected: {row['platform']} {row['kind']} of {when}"
        return line


def local_time(ts: Any, timezone: str) -> str:
    """A timestamp as ``YYYY-MM-DD HH:MM`` in a time zone (``""`` for a missing one)."""
    if not isinstance(ts, pd.Timestamp) or pd.isna(ts):
        return ""
    return ts.tz_convert(timezone).strftime("%Y-%m-%d %H:%M")
