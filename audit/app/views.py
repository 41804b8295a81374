"""The interactive audit's widgets (ipywidgets 8, ipydatagrid, ipyevents), bound to
:class:`audit.app.state.AuditState`.

The same :class:`AuditApp` runs in JupyterLab (``make lab``) and as a standalone page under
Voilà (``make app``). The views hold no audit logic: every control sets the state and redraws.

Everything is testable without a browser: set ``widget.value``, call ``button.click()`` or
:meth:`AuditApp.on_key`, and read :attr:`AuditApp.state`. The timeline is an ``Output`` widget
whose ``outputs`` are set directly (a PNG from a matplotlib ``Figure``), so no pyplot figure is
left open.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd
from ipydatagrid import DataGrid, TextRenderer
from ipyevents import Event

from ..config import ScoringConfig
from ..decisions import DECISIONS
from ..importers import importers
from ..plots import flag_class, posts_per_month
from ..scorers._text import plural
from .start import INTRO_HTML, FileBrowser
from .state import (
    ALL,
    EXPORTS,
    SORT_KEYS,
    THRESHOLDS,
    AuditState,
    _as_paths,
    category_options,
    flag_words,
    local_time,
)

__all__ = ["KEYS", "AuditApp"]

#: keyboard shortcuts over the table and reading pane: key -> decision; ``u`` undoes the last mark
KEYS: dict[str, str] = {"k": "keep", "d": "delete", "n": "not-a-problem"}
_DECISION_LABELS = {"keep": "keep (k)", "delete": "delete (d)",
                    "not-a-problem": "not a problem (n)"}
_STYLES = {"keep": "success", "delete": "danger", "not-a-problem": "info"}
#: the grid shows at most this many rows (the riskiest); more would slow the browser down
MAX_ROWS = 5_000
# what is flagged and why first; the post itself is read whole in the pane beside the table
_GRID_COLUMNS = ("date", "risk", "decision", "flags", "reason", "text", "platform", "kind")
_WIDTHS = {"date": 122, "risk": 42, "decision": 84, "flags": 170, "reason": 380, "text": 280,
           "platform": 72, "kind": 64}
_WRAP = widgets.Layout(display="flex", flex_flow="row wrap", align_items="center",
                       width="100%", grid_gap="4px 12px")
_CSS = """<style>
.audit-detail {font-size: 13px; line-height: 1.4; overflow-wrap: anywhere;}
.audit-detail .full-text {white-space: pre-wrap; border-left: 3px solid #bbb; padding-left: 8px;
  margin-bottom: 6px;}
.audit-detail .reason {font-size: 14px; margin: 6px 0;}
.audit-detail details {color: #555; font-size: 12px;}
.audit-detail .neighbour {color: #666; font-size: 12px; border-left: 3px solid #eee;
  padding-left: 6px; margin: 3px 0;}
.audit-intro {max-width: 60em; font-size: 13px;}
.audit-error {color: #a40000; font-weight: bold; padding: 12px 0;}
.audit-download a {color: #0b57d0; text-decoration: underline; font-weight: bold;}
</style>"""


class AuditApp:
    """Interactive audit of social-media archives.

    Parameters
    ----------
    archives : str, Path or list of them, optional
        Archives to load at start; without them the app opens on its first screen (what it
        does, where to download archives, a path field and a file browser).
    output_dir : str or Path
        Where ``decisions.json``, the exports and the remembered paths live.
    config : ScoringConfig, mapping, str, Path or None
        Scoring configuration (:func:`audit.config.load_config`).
    browse_from : str or Path, optional
        The folder the file browser opens on (the home folder by default).

    Attributes
    ----------
    state : AuditState
        Everything the app knows (archives, filters, selection, decisions), without widgets.
    widget : ipywidgets.VBox
        The app; ``display(app)`` or ``app`` as a cell's last expression shows it.
    """

    def __init__(
        self,
        archives: str | Path | Sequence[str | Path] | None = None,
        output_dir: str | Path = "audit-output",
        config: ScoringConfig | dict[str, Any] | str | Path | None = None,
        browse_from: str | Path | None = None,
    ) -> None:
        self.state = AuditState(output_dir, config)
        self._quiet = False
        self._rows = pd.DataFrame()
        self._n = 0  # posts in the view at the last redraw
        self.timeline_png = b""
        self._timeline_key: tuple[Any, ...] | None = None
        self._build(_as_paths(archives), browse_from)
        if _as_paths(archives):
            self.load(_as_paths(archives))
        else:
            self._redraw(timeline=True)

    # -- shortcuts to the state ------------------------------------------------------------
    @property
    def decisions(self) -> Any:
        """The user's marks (:class:`audit.decisions.Decisions`)."""
        return self.state.decisions

    @property
    def decisions_path(self) -> Path:
        """``<output_dir>/decisions.json``."""
        return self.state.decisions_path

    @property
    def scored(self) -> pd.DataFrame | None:
        """The scored posts with their ``decision`` (None before a load)."""
        return self.state.scored

    def filtered(self) -> pd.DataFrame:
        """The posts after the filters, in the table's order."""
        return self.state.filtered()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.widget._repr_mimebundle_(**kwargs)

    # -- construction ----------------------------------------------------------------------
    def _build(self, paths: list[str], browse_from: str | Path | None) -> None:
        initial = {"description_width": "initial"}
        self.title = widgets.HTML(_CSS + "<h2 style='margin:4px 0'>Footprint audit</h2>")
        # first screen: the archives
        self.intro = widgets.HTML(INTRO_HTML)
        self.archives = widgets.Textarea(
            value="\n".join(paths),
            placeholder="the path of each archive, one per line (or pick them with Browse)",
            layout=widgets.Layout(width="auto", height="4.5em"),
        )
        self.load_button = widgets.Button(
            description="Load", button_style="primary", tooltip="Load"
        )
        self.browse_button = widgets.Button(description="Browse…")
        self.recent = widgets.Dropdown(
            options=[("recent archives…", "")], value="", layout={"width": "22em"}
        )
        self.platform_choice = widgets.Dropdown(
            options=[("platform: detect", ""), *((i.label, i.name) for i in importers())],
            value="", layout={"width": "16em"},
            tooltip="for files that were renamed: say which platform they come from",
        )
        self.browser = FileBrowser(browse_from or Path.home(), self._add_path)
        self.browser.widget.layout.display = "none"
        self.progress = widgets.FloatProgress(
            value=0.0, min=0.0, max=1.0, layout=widgets.Layout(width="20em", display="none")
        )
        self.progress_label = widgets.Label()
        self.load_button.on_click(lambda _b: self.load())
        self.browse_button.on_click(lambda _b: self._toggle_browser())
        self.recent.observe(self._on_recent, names="value")
        self.message = widgets.HTML()
        self.start = widgets.VBox(
            [
                self.intro,
                widgets.HTML("<b>Your archives</b>"),
                self.archives,
                widgets.Box(
                    [self.load_button, self.browse_button, self.platform_choice, self.recent,
                     self.progress,
                     self.progress_label],
                    layout=_WRAP,
                ),
                self.browser.widget,
            ],
            layout=widgets.Layout(width="100%"),
        )
        # settings
        self.timezone = widgets.Text(
            placeholder="from the archive, else UTC",
            description="Time zone",
            tooltip="IANA name (Europe/Berlin) or X's (Kyiv): the hours of 'late-night' posts",
            style=initial,
            layout=widgets.Layout(width="20em"),
        )
        self.threshold_sliders = {
            table: widgets.FloatSlider(
                value=0.5, min=0.05, max=0.99, step=0.01, readout_format=".2f",
                description=f"flag {label} above", style=initial,
                continuous_update=False, layout=widgets.Layout(width="28em"),
            )
            for table, (_flag, label) in THRESHOLDS.items()
        }
        self.hide_people = widgets.Checkbox(
            value=False, description="Hide other people", indent=False,
            tooltip="show others' @handles and names as @person1, [name2] (to share the screen)",
        )
        self.apply_button = widgets.Button(description="Apply settings")
        self.apply_button.on_click(lambda _b: self.apply_settings())
        self.hide_people.observe(self._on_hide, names="value")
        settings = widgets.VBox(
            [
                widgets.HTML("<small>Higher thresholds: fewer flags, fewer false ones. The "
                             "time zone sets what counts as a late-night post.</small>"),
                widgets.Box([self.timezone, *self.threshold_sliders.values()], layout=_WRAP),
                widgets.Box([self.hide_people, self.apply_button], layout=_WRAP),
            ]
        )
        self.settings = widgets.Accordion(children=[settings], titles=("Settings",),
                                          selected_index=None)
        self._sync_sliders()
        # filters
        self.platform = widgets.Dropdown(options=[ALL], value=ALL, description="Platform",
                                         layout={"width": "15em"})
        self.kind = widgets.Dropdown(options=[ALL], value=ALL, description="Kind",
                                     layout={"width": "13em"})
        self.category = widgets.Dropdown(options=category_options(), value="any flag",
                                         description="Flag", layout={"width": "24em"})
        self.decision_filter = widgets.Dropdown(options=[ALL, "undecided", *DECISIONS],
                                                value=ALL, description="Decision",
                                                layout={"width": "14em"})
        self.date_from = widgets.DatePicker(description="From", layout={"width": "16em"})
        self.date_to = widgets.DatePicker(description="To", layout={"width": "16em"})
        self.min_risk = widgets.FloatSlider(
            value=0.0, min=0.0, max=1.0, step=0.05, description="Min risk",
            continuous_update=False, readout_format=".2f", layout={"width": "22em"},
        )
        self.search = widgets.Text(placeholder="words, then Enter", description="Search",
                                   continuous_update=False, layout={"width": "16em"})
        self.sort_by = widgets.Dropdown(options=list(SORT_KEYS), value="risk",
                                        description="Sort by", layout={"width": "13em"})
        self.descending = widgets.Checkbox(value=True, description="descending", indent=False,
                                           layout={"width": "8em"})
        for control in (self.platform, self.kind, self.category, self.decision_filter,
                        self.date_from, self.date_to, self.min_risk, self.search,
                        self.sort_by, self.descending):
            control.observe(self._on_filter, names="value")
        self.filters = widgets.Box(
            [self.platform, self.kind, self.category, self.decision_filter, self.date_from,
             self.date_to, self.min_risk, self.search, self.sort_by, self.descending],
            layout=_WRAP,
        )
        self.status = widgets.HTML()
        self.timeline = widgets.Output(layout=widgets.Layout(width="100%"))
        # the table and the reading pane
        self.grid = DataGrid(
            pd.DataFrame(columns=list(_GRID_COLUMNS)),
            selection_mode="row",
            header_visibility="column",
            base_row_size=24,
            column_widths=dict(_WIDTHS),
            default_renderer=TextRenderer(text_wrap=False),
            layout=widgets.Layout(height="460px", width="100%"),
        )
        self.grid.on_cell_click(self._on_cell_click)
        self.grid.observe(self._on_grid_selection, names="selections")
        self.table_note = widgets.HTML()
        self.detail = widgets.HTML()
        self.decision_buttons: dict[str, widgets.Button] = {}
        for decision, label in _DECISION_LABELS.items():
            button = widgets.Button(description=label, tooltip=f"mark the selected post: {label}",
                                    layout={"width": "auto"})
            button.on_click(lambda _b, d=decision: self.mark(d))
            self.decision_buttons[decision] = button
        self.undo_button = widgets.Button(description="undo last (u)", layout={"width": "auto"},
                                          tooltip="take the last decision back")
        self.undo_button.on_click(lambda _b: self.undo())
        self.reading = widgets.VBox(
            [widgets.Box([*self.decision_buttons.values(), self.undo_button], layout=_WRAP),
             self.detail],
            layout=widgets.Layout(flex="2 1 340px", min_width="300px", padding="0 0 0 8px"),
        )
        self.table_box = widgets.VBox(
            [self.grid, self.table_note], layout=widgets.Layout(flex="3 1 520px", min_width="0")
        )
        self.body = widgets.Box(
            [self.table_box, self.reading],
            layout=widgets.Layout(display="flex", flex_flow="row wrap", align_items="flex-start",
                                  width="100%"),
        )
        self.keys = Event(source=self.body, watched_events=["keydown"])
        self.keys.on_dom_event(self.on_key)
        # exports
        self.export_buttons = {
            what: widgets.Button(description=f"{name}", tooltip=about,
                                 layout={"width": "auto"})
            for what, (name, about) in EXPORTS.items()
        }
        for what, button in self.export_buttons.items():
            button.on_click(lambda _b, w=what: self.export(w))
        self.export_message = widgets.HTML()
        self.summary = widgets.HTML()
        self.audit_view = widgets.VBox(
            [
                self.filters, self.status, self.timeline, self.body,
                widgets.HTML("<b>Exports</b> <small>(written to the output folder)</small>"),
                widgets.Box(list(self.export_buttons.values()), layout=_WRAP),
                self.export_message, self.summary,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.widget = widgets.VBox(
            [self.title, self.start, self.message, self.settings, self.audit_view],
            layout=widgets.Layout(width="100%", max_width="1600px"),
        )
        self.widget.add_class("audit-app")
        self.grid.add_class("audit-grid")
        self.reading.add_class("audit-reading")
        self._fill_recent()

    # -- first screen ----------------------------------------------------------------------
    def _add_path(self, path: str) -> None:
        lines = [line for line in self.archives.value.splitlines() if line.strip()]
        if path not in lines:
            self.archives.value = "\n".join([*lines, path])

    def _toggle_browser(self) -> None:
        box = self.browser.widget.layout
        box.display = None if box.display == "none" else "none"

    def _fill_recent(self) -> None:
        recent = self.state.recent_paths()
        self._quiet = True
        try:
            self.recent.options = [("recent archives…", "")] + [
                (", ".join(Path(p).name for p in entry), "\n".join(entry)) for entry in recent
            ]
            self.recent.value = ""
        finally:
            self._quiet = False
        self.recent.layout.display = None if recent else "none"

    def _on_recent(self, change: dict[str, Any]) -> None:
        if change["new"] and not self._quiet:
            self.archives.value = change["new"]

    def _report(self, what: str, done: float) -> None:
        self.progress.layout.display = None
        self.progress.value = done
        self.progress.bar_style = {"Done": "success", "Failed": "danger"}.get(what, "info")
        self.progress_label.value = what + ("…" if done < 1 else "")

    # -- actions ---------------------------------------------------------------------------
    def load(self, archives: str | Path | Sequence[str | Path] | None = None) -> bool:
        """Load and score archives (the *Load* button): the typed paths by default.

        Returns
        -------
        bool
            True when they loaded; on an error the table is replaced by the error in words.
        """
        if archives is None:
            paths = [line.strip() for line in self.archives.value.splitlines() if line.strip()]
        else:
            paths = _as_paths(archives)
            self.archives.value = "\n".join(paths)
        self.load_button.disabled = True
        self.export_message.value = ""  # the last archives' exports
        self.state.timezone = self.timezone.value.strip()  # the settings' time zone, as typed
        try:
            ok = self.state.load(
                paths, progress=self._report, platform=self.platform_choice.value or None
            )
        finally:
            self.load_button.disabled = False
        if ok:
            self._reset_filters()
            self._fill_recent()
            self.browser.widget.layout.display = "none"
        self._redraw(timeline=True)
        return ok

    def apply_settings(self) -> bool:
        """Apply the settings panel (time zone, thresholds that were moved) and score again."""
        changed = {
            table: slider.value
            for table, slider in self.threshold_sliders.items()
            if round(slider.value, 2) != round(self.state.threshold(table), 2)
        }
        ok = self.state.apply_settings(self.timezone.value, changed)
        self._sync_sliders()
        self._redraw(timeline=True, keep=True)
        return ok

    def _sync_sliders(self) -> None:
        for table, slider in self.threshold_sliders.items():
            slider.value = round(self.state.threshold(table), 2)

    def mark(self, decision: str) -> bool:
        """Mark the selected post (and save at once), then move on to the next post, in the
        order the table shows (its own column sort and filter included)."""
        shown = self._visible()
        current = self.state.selected
        if current is not None and current not in shown:
            self.state.messages = []
            self.state.error = "The selected post is hidden by the table's column filter: " \
                "click a post you can see."
            self._show_messages()
            return False
        at = shown.get_loc(current) if current in shown else -1
        after = list(shown[at + 1 :])
        ok = self.state.mark(decision)
        rows = self.state.filtered()
        if ok:
            remaining = rows.index
            nxt = next((label for label in after if label in remaining), None)
            if nxt is not None:
                self.state.select(nxt)
            elif current not in remaining:
                self.state.select(remaining[-1] if len(remaining) else None)
        # a flag may have gone or come back: the timeline's cache key skips an unchanged chart
        self._redraw(timeline=True, keep=True, rows=rows)
        return ok

    def undo(self) -> bool:
        """Take the last decision back and show that post again."""
        ok = self.state.undo()
        self._redraw(timeline=True, keep=True)
        return ok

    def _visible(self) -> pd.Index:
        """The posts in the table's own order (after its column sort and filter)."""
        return self.grid.get_visible_data().index

    def export(self, what: str) -> Path | None:
        """Write one export (a key of :data:`audit.app.state.EXPORTS`) and offer it."""
        slow = " (the report takes a few seconds)" if what == "report" else ""
        self.export_message.value = f"<i>Writing {html.escape(EXPORTS[what][0])}…{slow}</i>"
        path = self.state.export(what)
        if path is None:
            error = html.escape(self.state.error or "")
            self.export_message.value = f"<span class='audit-error'>{error}</span>"
            return None
        data = path.read_bytes()
        link = ""
        if len(data) <= 20_000_000:  # a browser download of the same bytes
            mime = {"csv": "text/csv", "js": "text/javascript", "html": "text/html"}
            kind = mime.get(path.suffix.lstrip("."), "application/octet-stream")
            link = (
                f" <a download='{html.escape(path.name)}' "
                f"href='data:{kind};base64,{base64.b64encode(data).decode('ascii')}'>"
                f"download {html.escape(path.name)}</a>"
            )
        note = html.escape("; ".join(self.state.messages))
        self.export_message.value = f"<span class='audit-download'>Saved: {note}.{link}</span>"
        return path

    def on_key(self, event: dict[str, Any]) -> None:
        """A key pressed over the table or reading pane: ``k`` keep, ``d`` delete, ``n`` not a
        problem, ``u`` undo the last one, ``j`` / ``↓`` next post, ``↑`` previous."""
        if event.get("ctrlKey") or event.get("metaKey") or event.get("altKey"):
            return
        key = str(event.get("key", ""))
        if key.lower() in KEYS:
            self.mark(KEYS[key.lower()])
        elif key.lower() == "u":
            self.undo()
        elif key in ("j", "ArrowDown", "ArrowUp"):
            self.move(-1 if key == "ArrowUp" else 1)

    def move(self, step: int) -> None:
        """Select the post ``step`` rows further down the table as it shows (its own column
        sort and filter included)."""
        shown = self._visible()
        if shown.empty:
            return
        at = shown.get_loc(self.state.selected) if self.state.selected in shown else -1
        self.select(min(max(0, at + step), len(shown) - 1))

    def select(self, position: int) -> Any:
        """Select the ``position``-th row of the table as it shows (0-based); returns the post's
        label."""
        label = self._visible()[position]
        self.state.select(label)
        self._show_detail()
        self._highlight()
        self._set_status()
        return label

    # -- callbacks -------------------------------------------------------------------------
    def _on_filter(self, _change: dict[str, Any]) -> None:
        if self._quiet:
            return
        f = self.state.filters
        f.platform, f.kind, f.category = self.platform.value, self.kind.value, self.category.value
        f.decision = self.decision_filter.value
        f.date_from, f.date_to = self.date_from.value, self.date_to.value
        f.min_risk, f.search = float(self.min_risk.value), self.search.value
        f.sort_by, f.descending = self.sort_by.value, bool(self.descending.value)
        self._redraw(timeline=True, keep=True)

    def _on_hide(self, change: dict[str, Any]) -> None:
        self.state.hide_people = bool(change["new"])
        self._redraw(timeline=False, keep=True)

    def _on_cell_click(self, cell: dict[str, Any]) -> None:
        label = cell.get("primary_key_row")
        if cell.get("region") == "body" and label in self._rows.index:
            self.state.select(label)
            self._show_detail()
            self._set_status()

    def _on_grid_selection(self, change: dict[str, Any]) -> None:
        if self._quiet or not change["new"]:
            return
        visible = self.grid.get_visible_data()
        row = change["new"][-1].get("r1")
        if isinstance(row, int) and 0 <= row < len(visible):
            label = visible.index[row]
            if label != self.state.selected and label in self._rows.index:
                self.state.select(label)
                self._show_detail()
                self._set_status()

    def _reset_filters(self) -> None:
        scored = self.state.scored
        assert scored is not None
        self._quiet = True
        try:
            self.platform.options = [ALL, *sorted(scored["platform"].dropna().unique())]
            self.kind.options = [ALL, *sorted(scored["kind"].dropna().unique())]
            for control, value in ((self.platform, ALL), (self.kind, ALL),
                                   (self.category, "any flag"), (self.decision_filter, ALL),
                                   (self.date_from, None), (self.date_to, None),
                                   (self.min_risk, 0.0), (self.search, ""),
                                   (self.sort_by, "risk"), (self.descending, True)):
                control.value = value
            if not scored.empty:
                first, last = scored["created_at"].min(), scored["created_at"].max()
                for picker in (self.date_from, self.date_to):
                    picker.min, picker.max = first.date(), last.date()
        finally:
            self._quiet = False

    # -- drawing ---------------------------------------------------------------------------
    def _redraw(
        self, timeline: bool, keep: bool = False, rows: pd.DataFrame | None = None
    ) -> None:
        """Redraw what depends on the state (``rows``: the filtered posts, when known); the
        status line goes last (UI tests wait on it)."""
        loaded = self.state.scored is not None
        self.start.layout.display = None
        self.intro.layout.display = "none" if loaded else None
        self.audit_view.layout.display = None if loaded else "none"
        self._show_messages()
        rows = self.state.filtered() if rows is None else rows
        self._n = len(rows)
        self._rows = rows.iloc[:MAX_ROWS]
        if not keep or self.state.selected not in self._rows.index:
            self.state.select(self._rows.index[0] if len(self._rows) else None)
        if timeline:
            self._draw_timeline(rows)
        self._draw_grid(len(rows))
        self._show_detail()
        self._show_summary()
        self._set_status(len(rows))

    def _draw_grid(self, n: int) -> None:
        zone = self.state.timezone_used
        if self.state.scored is None or self._rows.empty:
            frame = pd.DataFrame(columns=list(_GRID_COLUMNS))
        else:
            frame = self._grid_frame()
        frame.index.name = "post"
        frame.columns = [f"date ({zone})" if c == "date" else c for c in frame.columns]
        widths = {(f"date ({zone})" if k == "date" else k): v for k, v in _WIDTHS.items()}
        self._quiet = True
        try:
            self.grid.column_widths = widths
            self.grid.data = frame
            self._highlight()
        finally:
            self._quiet = False
        self._note(n)

    def _grid_frame(self) -> pd.DataFrame:
        """The grid's cells, in one pass over the rows (no per-row Series: 5,000 rows stay
        quick to redraw after every key)."""
        rows, shown = self._rows, self.state.shown
        records = rows[["is_negative", "targets_person", "target", "is_overshare",
                        "overshare_category", "is_value_add", "value_category", "flags"]]
        dates = rows["created_at"].dt.tz_convert(self.state.timezone_used)
        return pd.DataFrame(
            {
                "date": dates.dt.strftime("%Y-%m-%d %H:%M"),
                "platform": rows["platform"].astype(str),
                "kind": rows["kind"].astype(str),
                "text": [" ".join(shown(t).split()) for t in rows["text"]],
                "flags": [shown(flag_words(r)) for r in records.to_dict("records")],
                "risk": rows["risk"].round(2),
                "decision": rows["decision"].astype(str),
                "reason": [shown(r) for r in rows["reason"]],
            },
            index=rows.index,
        )

    def _note(self, n: int) -> None:
        if self.state.scored is None:
            self.table_note.value = ""
        elif n == 0:
            self.table_note.value = "<p><i>No posts match these filters.</i></p>"
        else:
            shown = f"the {MAX_ROWS:,} riskiest shown; narrow the filters to see the others. "
            self.table_note.value = (
                f"<small>{n:,} post{'' if n == 1 else 's'} in the view. "
                f"{shown if n > MAX_ROWS else ''}Click a row to read it; over the table, keys "
                "<b>k</b> keep, <b>d</b> delete, <b>n</b> not a problem, <b>u</b> undo, "
                "<b>↓</b>/<b>↑</b> next/previous. Click a column header to sort or filter it."
                "</small>"
            )

    def _highlight(self) -> None:
        """Select the current post's row in the grid (as the grid shows it now)."""
        label = self.state.selected
        visible = self.grid.get_visible_data()
        self._quiet = True
        try:
            if label in visible.index:
                row = visible.index.get_loc(label)
                self.grid.select(row, 0, row, len(visible.columns) - 1, clear_mode="all")
            else:
                self.grid.clear_selection()
        finally:
            self._quiet = False

    def _draw_timeline(self, rows: pd.DataFrame) -> None:
        """Posts per month of the filtered rows, as a PNG in the timeline Output widget."""
        if self.state.scored is None or rows.empty:
            self.timeline.outputs = ()
            self.timeline_png, self._timeline_key = b"", None
            return
        key = (tuple(rows.index), tuple(flag_class(rows)))
        if key == self._timeline_key:
            return
        self._timeline_key = key
        n = len(rows)
        title = f"Posts per month, by flag ({plural(n, 'post')})"
        ax = posts_per_month(rows, title=title)
        fig = ax.figure
        fig.set_size_inches(10, 2.4)
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

    def _show_detail(self) -> None:
        row = self.state.selected_row()
        for name, button in self.decision_buttons.items():
            button.disabled = row is None or not self.state.decisions_enabled
            button.button_style = (
                _STYLES.get(name, "") if row is not None and name == row["decision"] else ""
            )
        if row is None:
            self.detail.value = "<div class='audit-detail'><i>Click a row to read it.</i></div>"
            return
        shown = self.state.shown
        zone = self.state.timezone_used
        url = row["url"] if isinstance(row.get("url"), str) else ""
        link = (
            f"<a href='{html.escape(url)}' target='_blank' rel='noopener noreferrer'>"
            "open on the platform</a>" if url else "<i>no link in the export</i>"
        )
        evidence = row["evidence"]
        details = (
            f"<details><summary>technical evidence</summary>{html.escape(shown(evidence))}"
            f"<br>risk {row['risk']:.2f} · negativity {row['negativity']:.2f} · overshare "
            f"{row['overshare']:.2f} · value {row['value']:.2f}</details>"
        )
        neighbours = []
        for label, other in self.state.neighbours(self.state.selected).iterrows():
            if label == self.state.selected:
                continue
            text = " ".join(shown(other["text"]).split()) or "(no text)"
            text = text if len(text) <= 160 else text[:159] + "…"
            neighbours.append(
                f"<div class='neighbour'>{local_time(other['created_at'], zone)}: "
                f"{html.escape(text)}</div>"
            )
        self.detail.value = (
            "<div class='audit-detail'>"
            f"<b>{html.escape(str(row['platform']))} {html.escape(str(row['kind']))}</b>, "
            f"{local_time(row['created_at'], zone)} ({html.escape(zone)}) · {link}"
            f"<div class='full-text'>{html.escape(shown(row['text'])) or '<i>(no text)</i>'}"
            "</div>"
            f"<div class='reason'><b>{html.escape(shown(flag_words(row)))}</b>"
            f"{': ' + html.escape(shown(row['reason'])) if row['reason'] else ''}</div>{details}"
            f"<b>decision</b>: {html.escape(str(row['decision']))}"
            + (f"<div><b>just before and after</b>{''.join(neighbours)}</div>"
               if neighbours else "")
            + "</div>"
        )

    def _show_summary(self) -> None:
        counts = self.state.decisions.counts()
        parts = " · ".join(f"{d}: {counts[d]}" for d in DECISIONS)
        where = html.escape(str(self.state.decisions_path))
        self.summary.value = f"<b>Decisions</b> {parts} <small>(saved in {where})</small>"

    def _show_messages(self) -> None:
        state = self.state
        problems = [html.escape(p) for p in state.problems]
        lines = [*problems, *(html.escape(m) for m in state.messages)]
        error = f"<div class='audit-error'>{html.escape(state.error)}</div>" if state.error else ""
        colour = "#a40000" if problems else "#555"
        body = "".join(f"<div>{line}</div>" for line in lines)
        self.message.value = (
            f"{error}<div style='color:{colour}' class='audit-message'>{body}</div>"
            if error or lines else ""
        )

    def _set_status(self, n: int | None = None) -> None:
        n = self._n if n is None else n  # the count of the last redraw: no filtering per key
        self.status.value = f"<b>{html.escape(self.state.status(n), quote=False)}</b>"

    # -- conveniences ----------------------------------------------------------------------
    def set_date_range(self, start: dt.date | None, end: dt.date | None) -> None:
        """Set both date pickers with one redraw (``None``: open-ended)."""
        self._quiet = True
        try:
            self.date_from.value, self.date_to.value = start, end
        finally:
            self._quiet = False
        self._on_filter({})
