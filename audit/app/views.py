"""The interactive audit: an ipywidgets app to filter, read and decide on flagged posts.

In a notebook::

    from audit.app import AuditApp
    app = AuditApp(["twitter.zip", "facebook.zip"], output_dir="audit-output")
    app                                   # displays the app

The app loads archives (:func:`audit.load_archives`), scores them
(:func:`audit.scoring.score_posts`) with the user's "not a problem" ledger, and shows the flagged
posts riskiest first: filters (platform, flag category, kind, dates, minimum risk, text search),
a paged sortable table with the reason for every flag, a timeline of the filtered posts, the full
text of a selected post, and keep / delete / not-a-problem buttons. Decisions are written to
``<output_dir>/decisions.json`` (atomic, owner-only) on every click and reloaded on start.

Everything is testable without a kernel or a browser: set ``widget.value``, call
``button.click()``, and read :meth:`AuditApp.filtered`, :meth:`AuditApp.page_rows` and
:attr:`AuditApp.decisions`. The table and detail are ``HTML`` widgets and the timeline is an
``Output`` widget whose ``outputs`` are set directly (a PNG rendered from a matplotlib ``Figure``),
so the app needs neither pyplot nor a running kernel to produce its views, and leaves no figure
open.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import io
import math
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from .config import ScoringConfig, load_config
from .decisions import DECISIONS, Decisions
from .errors import AuditError
from .loading import load_archives
from .plots import flag_class, posts_per_month
from .privacy import PeopleMasker
from .scorers.oversharing import OVERSHARE_CATEGORIES
from .scorers.value import VALUE_CATEGORIES
from .scoring import SCORED_COLUMNS, score_posts
from .summary import not_assessed_sentence
from .timezones import user_timezone

__all__ = ["SORT_KEYS", "AuditApp"]

#: sort-by choices of the table and the column each one sorts on.
SORT_KEYS: dict[str, str] = {
    "risk": "risk",
    "date": "created_at",
    "negativity": "negativity",
    "overshare": "overshare",
    "value": "value",
}
_ALL = "all"
_ANY_FLAG = "any flag"
_TEXT_WIDTH = 90
_DECISION_LABELS = {
    "keep": "keep",
    "delete": "delete",
    "not-a-problem": "not a problem",
    "undecided": "undo",
}
_CSS = """<style>
.audit-table {border-collapse: collapse; font-size: 12px; line-height: 1.35; width: 100%;}
.audit-table th {text-align: left; border-bottom: 2px solid #888; padding: 3px 6px;}
.audit-table td {vertical-align: top; border-bottom: 1px solid #ddd; padding: 3px 6px;}
.audit-table td.text {max-width: 32em;}
.audit-table td.why {max-width: 30em; color: #444;}
.audit-table td.risk {text-align: right; font-variant-numeric: tabular-nums;}
.audit-detail {font-size: 13px; line-height: 1.4;}
.audit-detail .full-text {white-space: pre-wrap; border-left: 3px solid #bbb; padding-left: 8px;}
</style>"""


def _category_options() -> list[tuple[str, str]]:
    options = [
        ("any flag (negative, overshare, value-add)", _ANY_FLAG),
        ("all posts", _ALL),
        ("negative", "negative"),
        ("negative, targeting a person", "targeted"),
        ("overshare: any", "overshare"),
    ]
    options += [(f"overshare: {c}", f"overshare:{c}") for c in OVERSHARE_CATEGORIES if c != "none"]
    options.append(("value-add: any", "value"))
    options += [(f"value-add: {c}", f"value:{c}") for c in VALUE_CATEGORIES if c != "none"]
    return options


def _as_paths(archives: str | Path | Iterable[str | Path] | None) -> list[str]:
    if archives is None:
        return []
    if isinstance(archives, str | Path):
        return [str(archives)]
    return [str(a) for a in archives]


def _short(text: str, width: int = _TEXT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _category(row: pd.Series) -> str:
    """The flags of one scored row in words, most serious first."""
    parts = []
    if row["is_negative"]:
        target = row["target"]
        if row["targets_person"]:
            who = f" ({target})" if isinstance(target, str) and target else ""
            parts.append(f"negative, targeted{who}")
        else:
            parts.append("negative")
    if row["is_overshare"]:
        parts.append(f"overshare:{row['overshare_category']}")
    if row["is_value_add"]:
        parts.append(f"value:{row['value_category']}")
    return "; ".join(parts) or "no flag"


def _when(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%d %H:%M") if isinstance(ts, pd.Timestamp) else ""


class AuditApp:
    """Interactive audit of social-media archives (ipywidgets 8).

    Parameters
    ----------
    archives : str, Path or list of them, optional
        Archives to load at start (zip, tar.gz or extracted folder). They can also be typed into
        the app, one per line, and loaded with the *Load* button.
    output_dir : str or Path
        Where ``decisions.json`` lives; decisions found there are loaded at start.
    config : ScoringConfig, mapping, str, Path or None
        Scoring configuration passed to :func:`audit.scoring.score_posts`; the "not a problem"
        decisions are added to its ledger.
    page_size : int
        Rows per table page.

    Attributes
    ----------
    decisions : Decisions
        The user's keep / delete / not-a-problem marks (saved on every change).
    posts : DataFrame or None
        The loaded posts table.
    scored : DataFrame or None
        The scored posts plus a ``decision`` column.
    widget : ipywidgets.VBox
        The app; also shown by ``display(app)`` or by ``app`` as a cell's last expression.

    Examples
    --------
    >>> app = AuditApp("data_samples/twitter.zip", output_dir="audit-output")  # doctest: +SKIP
    >>> app.platform.value = "twitter"                                        # doctest: +SKIP
    >>> app.filtered()[["created_at", "risk", "why"]].head()                  # doctest: +SKIP
    """

    def __init__(
        self,
        archives: str | Path | Sequence[str | Path] | None = None,
        output_dir: str | Path = "audit-output",
        config: ScoringConfig | dict[str, Any] | str | Path | None = None,
        page_size: int = 20,
    ) -> None:
        self.output_dir = Path(output_dir)
        self.page_size = int(page_size)
        self.page = 0
        self.posts: pd.DataFrame | None = None
        self.scored: pd.DataFrame | None = None
        self._quiet = False
        self._messages: list[str] = []
        self._problems: list[str] = []  # setup problems, shown until the app is rebuilt
        self.timeline_png = b""
        self._timeline_key: tuple[Any, ...] | None = None
        self._build_widgets(_as_paths(archives))
        self._config: ScoringConfig | None = None
        try:
            self._config = load_config(config)
        except AuditError as exc:
            self._problems.append(f"Configuration not used: {exc}")
        self.decisions = self._load_decisions()
        if self._config is not None and _as_paths(archives):
            self.load(_as_paths(archives))
        else:
            self._show_messages()
            self._refresh(timeline=True)

    # -- construction -----------------------------------------------------------------------
    def _build_widgets(self, paths: list[str]) -> None:
        wide = {"description_width": "initial"}
        self.title = widgets.HTML("<h3 style='margin:4px 0'>Footprint audit</h3>")
        self.archives = widgets.Textarea(
            value="\n".join(paths),
            placeholder="archive paths, one per line (zip, tar.gz or extracted folder)",
            description="Archives",
            layout=widgets.Layout(width="60%", height="4.5em"),
        )
        self.timezone = widgets.Text(
            placeholder="the archive's, else UTC",
            description="Time zone",
            tooltip="IANA name (Europe/Berlin) or X's (Kyiv): hours for late-night posting",
            layout=widgets.Layout(width="18em"),
        )
        self.load_button = widgets.Button(description="Load", icon="folder-open", tooltip="Load")
        self.hide_people = widgets.Checkbox(
            value=False,
            description="Hide other people",
            tooltip="show others' @handles and names as @person1, [name2] (to share the screen)",
            indent=False,
        )
        self.hide_people.observe(lambda _c: self._refresh(timeline=False), names="value")
        self._masker: PeopleMasker | None = None
        self.load_button.on_click(lambda _b: self.load())
        self.message = widgets.HTML()

        self.platform = widgets.Dropdown(options=[_ALL], value=_ALL, description="Platform")
        self.kind = widgets.Dropdown(options=[_ALL], value=_ALL, description="Kind")
        self.category = widgets.Dropdown(
            options=_category_options(),
            value=_ANY_FLAG,
            description="Flag",
            layout=widgets.Layout(width="24em"),
        )
        self.decision_filter = widgets.Dropdown(
            options=[_ALL, "undecided", *DECISIONS], value=_ALL, description="Decision"
        )
        self.date_from = widgets.DatePicker(description="From", value=None)
        self.date_to = widgets.DatePicker(description="To", value=None)
        self.min_risk = widgets.FloatSlider(
            value=0.0,
            min=0.0,
            max=1.0,
            step=0.05,
            description="Min risk",
            continuous_update=False,
            readout_format=".2f",
        )
        self.search = widgets.Text(
            placeholder="words in the post", description="Search", continuous_update=False
        )
        self.sort_by = widgets.Dropdown(
            options=list(SORT_KEYS), value="risk", description="Sort by"
        )
        self.descending = widgets.Checkbox(value=True, description="descending", indent=False)
        self.prev_button = widgets.Button(description="◀ previous", tooltip="previous page")
        self.next_button = widgets.Button(description="next ▶", tooltip="next page")
        self.prev_button.on_click(lambda _b: self.turn_page(-1))
        self.next_button.on_click(lambda _b: self.turn_page(+1))
        self.page_label = widgets.Label()
        self.table = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.timeline = widgets.Output(layout=widgets.Layout(width="100%"))

        self.post = widgets.Dropdown(
            options=[], description="Post", layout=widgets.Layout(width="70%"), style=wide
        )
        self.detail = widgets.HTML()
        self.decision_buttons: dict[str, widgets.Button] = {}
        for decision, label in _DECISION_LABELS.items():
            button = widgets.Button(description=label, tooltip=f"mark the selected post: {label}")
            button.on_click(lambda _b, d=decision: self.mark(d))
            self.decision_buttons[decision] = button
        self.summary = widgets.HTML()
        self.status = widgets.HTML()

        for control in (
            self.platform,
            self.kind,
            self.category,
            self.decision_filter,
            self.date_from,
            self.date_to,
            self.min_risk,
            self.search,
        ):
            control.observe(self._on_filter, names="value")
        self.sort_by.observe(self._on_sort, names="value")
        self.descending.observe(self._on_sort, names="value")
        self.post.observe(self._on_select, names="value")

        self.widget = widgets.VBox(
            [
                self.title,
                widgets.HBox(
                    [
                        self.archives,
                        widgets.VBox([self.timezone, self.load_button, self.hide_people]),
                    ]
                ),
                self.message,
                widgets.HBox([self.platform, self.kind, self.category, self.decision_filter]),
                widgets.HBox([self.date_from, self.date_to, self.min_risk, self.search]),
                self.status,
                self.timeline,
                widgets.HBox(
                    [
                        self.sort_by,
                        self.descending,
                        self.prev_button,
                        self.page_label,
                        self.next_button,
                    ]
                ),
                self.table,
                self.post,
                self.detail,
                widgets.HBox(list(self.decision_buttons.values())),
                self.summary,
            ],
            layout=widgets.Layout(width="100%"),
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.widget._repr_mimebundle_(**kwargs)

    # -- decisions and scoring -------------------------------------------------------------
    @property
    def decisions_path(self) -> Path:
        """The decisions file: ``<output_dir>/decisions.json``."""
        return self.output_dir / "decisions.json"

    def _load_decisions(self) -> Decisions:
        try:
            return Decisions(self.decisions_path)
        except AuditError as exc:
            self._problems.append(f"Decisions not loaded, marking is off until fixed: {exc}")
            for button in self.decision_buttons.values():
                button.disabled = True
            return Decisions()

    def _scoring_config(self) -> ScoringConfig:
        base = self._config if self._config is not None else load_config(None)
        typed = self.timezone.value.strip()
        return dataclasses.replace(
            base,
            not_a_problem=base.not_a_problem | self.decisions.not_a_problem(),
            # a time zone typed in the app wins over the config's and the archive's
            timezone=user_timezone(typed, where="Time zone") if typed else base.timezone,
        )

    def _score(self, posts: pd.DataFrame) -> pd.DataFrame:
        scored = score_posts(posts, config=self._scoring_config())
        scored["decision"] = self.decisions.column(scored)
        return scored

    # -- actions -----------------------------------------------------------------------------
    def load(self, archives: str | Path | Sequence[str | Path] | None = None) -> bool:
        """Load and score archives (the *Load* button); errors are shown in the app.

        Parameters
        ----------
        archives : str, Path or list of them, optional
            What to load; by default the paths typed in the archives box, one per line.

        Returns
        -------
        bool
            True when the archives were loaded; on an error the previous table stays.
        """
        if archives is None:
            paths = [line.strip() for line in self.archives.value.splitlines() if line.strip()]
        else:
            paths = _as_paths(archives)
            self.archives.value = "\n".join(paths)
        self._messages = []
        ok = False
        if not paths:
            self._messages.append("Type the path of at least one archive, one per line.")
        elif self._config is None:
            self._messages.append("Fix the scoring configuration first.")
        else:
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    posts = load_archives(paths).reset_index(drop=True)
                    scored = self._score(posts)
            except AuditError as exc:
                self._messages.append(f"Could not load: {exc}")
            else:
                self.posts, self.scored, ok = posts, scored, True
                self._masker = None  # built again, from the new table, when asked for
                coverage = not_assessed_sentence(scored)
                if coverage:
                    self._messages.append(coverage)
                self._messages += [f"note: {w.message}" for w in caught[:5]]
                if len(caught) > 5:
                    self._messages.append(f"… and {len(caught) - 5} more notes")
                self._reset_filters()
        self._show_messages(error=not ok)
        self._refresh(timeline=True)
        return ok

    def _reset_filters(self) -> None:
        assert self.scored is not None
        self._quiet = True
        try:
            self.platform.options = [_ALL, *sorted(self.scored["platform"].dropna().unique())]
            self.platform.value = _ALL
            self.kind.options = [_ALL, *sorted(self.scored["kind"].dropna().unique())]
            self.kind.value = _ALL
            self.date_from.value = None
            self.date_to.value = None
            if not self.scored.empty:
                first, last = self.scored["created_at"].min(), self.scored["created_at"].max()
                for picker in (self.date_from, self.date_to):
                    picker.min, picker.max = first.date(), last.date()
            self.page = 0
        finally:
            self._quiet = False

    def turn_page(self, step: int) -> None:
        """Go ``step`` pages forward (negative: back), within the pages there are."""
        self.page = min(max(0, self.page + step), self.n_pages() - 1)
        self._refresh(timeline=False)

    def mark(self, decision: str) -> None:
        """Mark the selected post and save the decisions file at once.

        Parameters
        ----------
        decision : str
            ``"keep"``, ``"delete"``, ``"not-a-problem"``, or ``"undecided"`` to remove a mark.
            Posts marked not a problem are re-scored with the ledger, so they lose their flags.
        """
        idx = self.post.value
        if self.scored is None or idx is None or idx not in self.scored.index:
            self._messages = ["Select a post first."]
            self._show_messages(error=True)
            self._set_status()
            return
        platform = str(self.scored.loc[idx, "platform"])
        post_id = str(self.scored.loc[idx, "post_id"])
        before = self.decisions.get(platform, post_id)
        try:
            self.decisions.mark(platform, post_id, decision)
            self.decisions.save(self.decisions_path)
        except (AuditError, OSError) as exc:
            self.decisions.mark(platform, post_id, before)
            self._messages = [f"Decision not saved: {exc}"]
            self._show_messages(error=True)
            self._set_status()
            return
        self._messages = []
        self._show_messages()
        if decision == "not-a-problem" and before != "not-a-problem":
            self._rescore([idx])
        elif before == "not-a-problem" and decision != "not-a-problem":
            # the row's burst context lives in its neighbours: score the whole table again
            assert self.posts is not None
            self.scored = self._score(self.posts)
        else:
            self.scored.loc[idx, "decision"] = self.decisions.get(platform, post_id)
        self._refresh(timeline=decision == "not-a-problem" or before == "not-a-problem", keep=idx)

    def _rescore(self, index: list[Any]) -> None:
        """Score some rows again with the current ledger and put them back in place."""
        assert self.posts is not None and self.scored is not None
        fresh = self._score(self.posts.loc[index])
        order = self.scored.index
        self.scored = pd.concat([self.scored.drop(index=index), fresh]).reindex(order)

    # -- filtering ---------------------------------------------------------------------------
    def _mask(self, scored: pd.DataFrame) -> pd.Series:
        mask = pd.Series(True, index=scored.index)
        if self.platform.value != _ALL:
            mask &= scored["platform"] == self.platform.value
        if self.kind.value != _ALL:
            mask &= scored["kind"] == self.kind.value
        if self.decision_filter.value != _ALL:
            mask &= scored["decision"] == self.decision_filter.value
        category = self.category.value
        if category == _ANY_FLAG:
            # the default view: what still needs a look; dismissed posts leave it even when
            # they keep a value-add flag (score_posts keeps those for ledger posts)
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
        if self.date_from.value is not None:
            start = pd.Timestamp(self.date_from.value, tz="UTC")
            mask &= scored["created_at"] >= start
        if self.date_to.value is not None:
            end = pd.Timestamp(self.date_to.value, tz="UTC") + pd.Timedelta(days=1)
            mask &= scored["created_at"] < end
        if self.min_risk.value > 0:
            mask &= scored["risk"] >= self.min_risk.value
        query = self.search.value.strip()
        if query:
            mask &= scored["text"].str.contains(query, case=False, regex=False)
        return mask

    def filtered(self) -> pd.DataFrame:
        """The posts after the filters, in the table's order.

        Returns
        -------
        DataFrame
            Scored rows (with ``decision``) that pass every filter, sorted by the sort-by key
            (ties: newest first); empty when nothing is loaded.
        """
        if self.scored is None:
            return pd.DataFrame(columns=[*SCORED_COLUMNS, "decision"])
        rows = self.scored.loc[self._mask(self.scored)]
        key = SORT_KEYS[self.sort_by.value]
        ascending = not self.descending.value
        if key == "created_at":
            return rows.sort_values(key, ascending=ascending, kind="stable")
        return rows.sort_values([key, "created_at"], ascending=[ascending, False], kind="stable")

    def n_pages(self, rows: pd.DataFrame | None = None) -> int:
        """How many table pages the filtered posts fill (at least 1)."""
        n = len(self.filtered() if rows is None else rows)
        return max(1, math.ceil(n / self.page_size))

    def page_rows(self, rows: pd.DataFrame | None = None) -> pd.DataFrame:
        """The rows of the current table page (a slice of :meth:`filtered`)."""
        rows = self.filtered() if rows is None else rows
        start = self.page * self.page_size
        return rows.iloc[start : start + self.page_size]

    # -- callbacks ---------------------------------------------------------------------------
    def _on_filter(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        self.page = 0
        self._refresh(timeline=True)

    def _on_sort(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        self.page = 0
        self._refresh(timeline=False)

    def _on_select(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        self._show_detail()
        self._set_status()

    # -- rendering ---------------------------------------------------------------------------
    def _refresh(self, timeline: bool, keep: Any = None) -> None:
        """Redraw everything that depends on the filters; the status goes last."""
        rows = self.filtered()
        self.page = min(self.page, self.n_pages(rows) - 1)
        page = self.page_rows(rows)
        if timeline:
            self._draw_timeline(rows)
        self._draw_table(page, len(rows))
        self.page_label.value = f"page {self.page + 1} of {self.n_pages(rows)}"
        self.prev_button.disabled = self.page == 0
        self.next_button.disabled = self.page >= self.n_pages(rows) - 1
        self._fill_selector(page, keep)
        self._show_detail()
        self._show_summary()
        self._set_status(len(rows))

    def _draw_table(self, page: pd.DataFrame, n: int) -> None:
        if self.scored is None:
            self.table.value = (
                "<p><i>No archive loaded: type its path above and press Load.</i></p>"
            )
            return
        if page.empty:
            self.table.value = "<p><i>No posts match these filters.</i></p>"
            return
        head = ("#", "date (UTC)", "platform", "kind", "text", "flags", "risk", "decision", "why")
        lines = [_CSS, "<table class='audit-table'><thead><tr>"]
        lines += [f"<th>{h}</th>" for h in head]
        lines.append("</tr></thead><tbody>")
        first = self.page * self.page_size
        for pos, (_idx, row) in enumerate(page.iterrows(), start=first + 1):
            cells = (
                ("n", str(pos)),
                ("date", _when(row["created_at"])),
                ("platform", row["platform"]),
                ("kind", row["kind"]),
                ("text", _short(self._shown(row["text"]))),
                ("category", _category(row)),
                ("risk", f"{row['risk']:.2f}"),
                ("decision", row["decision"]),
                ("why", self._shown(row["why"])),
            )
            tds = "".join(f"<td class='{c}'>{html.escape(str(v))}</td>" for c, v in cells)
            lines.append(f"<tr>{tds}</tr>")
        view = f"{n} post{'' if n == 1 else 's'} in the view"
        lines.append(f"</tbody></table><p style='font-size:11px'>{view}</p>")
        self.table.value = "".join(lines)

    def _draw_timeline(self, rows: pd.DataFrame) -> None:
        """Posts per month of the filtered rows, as a PNG in the timeline Output widget."""
        if self.scored is None:
            self.timeline.outputs = ()
            self.timeline_png = b""
            self._timeline_key = None
            return
        key = (tuple(rows.index), tuple(flag_class(rows)))
        if key == self._timeline_key:
            return
        self._timeline_key = key
        ax = posts_per_month(rows, title=f"Posts per month, by flag ({len(rows)} posts)")
        fig = ax.figure
        fig.set_size_inches(10, 2.6)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=90)
        self.timeline_png = buffer.getvalue()
        self.timeline.outputs = (
            {
                "output_type": "display_data",
                "data": {
                    "image/png": base64.b64encode(self.timeline_png).decode("ascii"),
                    "text/plain": f"<timeline of {len(rows)} posts>",
                },
                "metadata": {},
            },
        )

    def _fill_selector(self, page: pd.DataFrame, keep: Any = None) -> None:
        first = self.page * self.page_size
        options = []
        for pos, (idx, row) in enumerate(page.iterrows(), start=first + 1):
            day = _when(row["created_at"])[:10]
            text = _short(self._shown(row["text"]), 60)
            options.append((f"{pos}. {day} {row['platform']}: {text}", idx))
        current = keep if keep is not None else self.post.value
        values = [v for _, v in options]
        self._quiet = True
        try:
            self.post.options = options
            self.post.value = current if current in values else (values[0] if values else None)
        finally:
            self._quiet = False

    def _show_detail(self) -> None:
        idx = self.post.value
        if self.scored is None or idx is None or idx not in self.scored.index:
            self.detail.value = ""
            for button in self.decision_buttons.values():
                button.button_style = ""
            return
        row = self.scored.loc[idx]
        url = row["url"] if isinstance(row.get("url"), str) else ""
        link = (
            f"<a href='{html.escape(url)}' target='_blank' rel='noopener noreferrer'>"
            f"{html.escape(url)}</a>"
            if url
            else "<i>no permalink in the export</i>"
        )
        flags = ", ".join(row["flags"]) or "none"
        decision = row["decision"]
        self.detail.value = (
            "<div class='audit-detail'>"
            f"<div class='full-text'>{html.escape(self._shown(row['text'])) or '<i>(no text)</i>'}"
            "</div>"
            f"<b>{html.escape(row['platform'])} {html.escape(row['kind'])}</b>, "
            f"{_when(row['created_at'])} UTC, id {html.escape(str(row['post_id']))}<br>"
            f"<b>url</b>: {link}<br>"
            f"<b>flags</b>: {html.escape(flags)}<br>"
            f"<b>risk</b> {row['risk']:.2f} · negativity {row['negativity']:.2f} · "
            f"overshare {row['overshare']:.2f} · value {row['value']:.2f}<br>"
            f"<b>why</b>: {html.escape(self._shown(row['why']))}<br>"
            f"<b>decision</b>: {html.escape(decision)}</div>"
        )
        styles = {"keep": "success", "delete": "danger", "not-a-problem": "info"}
        for name, button in self.decision_buttons.items():
            button.button_style = styles.get(name, "") if name == decision else ""

    def _shown(self, text: str) -> str:
        """A text as the app shows it: other people hidden when *Hide other people* is on."""
        if not self.hide_people.value or self.scored is None:
            return text
        if self._masker is None:  # from the whole table: the same placeholders on every page
            owners = [self.scored.attrs.get("username") or "",
                      *(self.scored.attrs.get("usernames") or [])]
            base = self._config.watch_words if self._config is not None else ()
            self._masker = PeopleMasker(self.scored, owners, base)
        shown = self._masker(text)
        return shown if isinstance(shown, str) else text

    def _show_summary(self) -> None:
        counts = self.decisions.counts()
        parts = " · ".join(f"{_DECISION_LABELS[d]}: {counts[d]}" for d in DECISIONS)
        where = html.escape(str(self.decisions_path))
        self.summary.value = f"<b>Decisions</b> {parts} <small>({where})</small>"

    def _show_messages(self, error: bool = False) -> None:
        messages = self._problems + self._messages
        if not messages:
            self.message.value = ""
            return
        colour = "#a40000" if error or self._problems else "#555"
        items = "".join(f"<div>{html.escape(m)}</div>" for m in messages)
        self.message.value = f"<div style='color:{colour}' class='audit-message'>{items}</div>"

    def _active_filters(self) -> list[str]:
        active = []
        for name, control in (
            ("platform", self.platform),
            ("kind", self.kind),
            ("decision", self.decision_filter),
        ):
            if control.value != _ALL:
                active.append(f"{name}={control.value}")
        if self.category.value != _ANY_FLAG:
            active.append(f"flag={self.category.value}")
        if self.date_from.value is not None:
            active.append(f"from={self.date_from.value}")
        if self.date_to.value is not None:
            active.append(f"to={self.date_to.value}")
        if self.min_risk.value > 0:
            active.append(f"risk>={self.min_risk.value:.2f}")
        if self.search.value.strip():
            active.append(f"search={self.search.value.strip()!r}")
        return active

    def _set_status(self, n: int | None = None) -> None:
        """The one-line status; every callback updates it last (UI tests wait on it)."""
        if self.scored is None:
            self.status.value = "<b>[no archive loaded]</b>"
            return
        n = len(self.filtered()) if n is None else n
        filters = ", ".join(self._active_filters()) or "flagged"
        selected = self.post.value
        sel = f" · post {selected} selected" if selected is not None else ""
        self.status.value = (
            f"<b>[{html.escape(filters, quote=False)}] {n} of {len(self.scored)} posts</b>"
            f" · sorted by {self.sort_by.value} · page {self.page + 1} of "
            f"{max(1, math.ceil(n / self.page_size))}{sel}"
        )

    # -- conveniences ------------------------------------------------------------------------
    def select(self, position: int) -> Any:
        """Select the ``position``-th row of the current page (0-based); returns its index."""
        value = self.post.options[position][1]
        self.post.value = value
        return value

    def set_date_range(self, start: dt.date | None, end: dt.date | None) -> None:
        """Set both date pickers with one refresh (``None``: open-ended)."""
        self._quiet = True
        try:
            self.date_from.value, self.date_to.value = start, end
        finally:
            self._quiet = False
        self._on_filter({})
