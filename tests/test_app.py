"""The interactive audit's widgets, headless: widget values in, grid, detail and files out.

No kernel and no browser: setting ``widget.value`` fires the observers, ``button.click()`` the
handlers, and :meth:`AuditApp.on_key` stands for a key press (ipyevents). The grid is read with
``get_visible_data()``, what ipydatagrid sends to the browser. The audit logic itself is tested
in ``test_app_state.py``; here: that the views show the state and drive it.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import papermill as pm
import pytest

from audit.app import AuditApp
from audit.app.views import MAX_ROWS
from tests.helpers import DATA_SAMPLES, REPO

SAMPLES = [DATA_SAMPLES / "twitter.zip", DATA_SAMPLES / "facebook.zip"]
NOTEBOOKS = REPO / "notebooks"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def app(tmp_path: Path) -> AuditApp:
    # the rules alone: the synthetic samples are written against them (the learned judgement
    # flags few of them), and these tests need flagged posts to filter and mark
    return AuditApp(SAMPLES, output_dir=tmp_path / "out", config={"rules_only": True},
                    browse_from=DATA_SAMPLES)


def grid(app: AuditApp) -> pd.DataFrame:
    return app.grid.get_visible_data()


def test_the_first_screen_explains_and_asks_for_archives(tmp_path: Path) -> None:
    app = AuditApp(output_dir=tmp_path / "out", config={"rules_only": True},
                   browse_from=DATA_SAMPLES)
    assert app.intro.layout.display is None and app.audit_view.layout.display == "none"
    for words in ("Everything stays on this computer", "Download an archive of your data",
                  "Request your archive", "repo.car"):
        assert html.escape(words) in app.intro.value
    assert app.status.value == "<b>[no archive loaded]</b>"
    assert grid(app).empty and app.recent.layout.display == "none"
    # the file browser: open it, add an archive, and the path is typed for you
    app.browse_button.click()
    assert app.browser.widget.layout.display is None
    labels = [label for label, _ in app.browser.entries.options]
    assert "twitter.zip" in labels and "facebook.zip" in labels
    app.browser.entries.value = (DATA_SAMPLES / "twitter.zip",)
    app.browser.add_button.click()
    app.browser.entries.value = (DATA_SAMPLES / "twitter.zip", DATA_SAMPLES / "facebook.zip")
    app.browser.add_button.click()  # several at once; twitter.zip is listed once
    assert app.archives.value == "\n".join(str(p) for p in SAMPLES)
    app.browser.where.value = str(tmp_path / "nowhere")
    assert "Cannot open" in app.browser.note.value
    assert app.browser.folder == DATA_SAMPLES.resolve()  # the listing stayed

    app.load_button.click()
    assert app.progress_label.value == "Done" and app.progress.value == 1.0
    assert app.intro.layout.display == "none" and app.audit_view.layout.display is None
    assert app.browser.widget.layout.display == "none"
    assert len(grid(app)) == len(app.filtered()) > 20
    # the archives are remembered for the next time
    again = AuditApp(output_dir=tmp_path / "out")
    assert again.recent.layout.display is None
    again.recent.value = again.recent.options[1][1]
    assert again.archives.value == "\n".join(str(p.resolve()) for p in SAMPLES)


def test_the_grid_shows_the_view(app: AuditApp) -> None:
    rows = app.filtered()
    shown = grid(app)
    zone = app.state.timezone_used
    assert zone == "Europe/Berlin"  # the X sample's own time zone
    assert list(shown.columns) == [f"date ({zone})", "platform", "kind", "text", "flags",
                                   "risk", "decision", "reason"]
    assert list(shown.index) == list(rows.index)
    top = rows.iloc[0]
    assert shown.iloc[0]["text"] == " ".join(top["text"].split())  # the words, not cut
    assert shown.iloc[0]["reason"] == top["reason"] and top["reason"]
    assert shown.iloc[0][f"date ({zone})"] == (
        top["created_at"].tz_convert(zone).strftime("%Y-%m-%d %H:%M")
    )
    assert f"{len(rows)} posts in the view" in app.table_note.value
    assert app.timeline_png.startswith(PNG) and plt.get_fignums() == []
    assert f"[flagged] {len(rows)} of {len(app.scored)} posts" in app.status.value
    # the riskiest post is selected and read in the pane beside the table
    assert app.state.selected == rows.index[0]
    assert app.grid.selections[0]["r1"] == 0
    assert html.escape(top["text"]) in app.detail.value
    assert html.escape(top["reason"]) in app.detail.value
    assert "technical evidence" in app.detail.value
    assert html.escape(top["evidence"]) in app.detail.value


def test_filters_drive_the_grid(app: AuditApp) -> None:
    first_png = app.timeline_png
    app.platform.value = "twitter"
    assert set(grid(app)["platform"]) == {"twitter"}
    assert app.state.filters.platform == "twitter"
    assert app.timeline_png != first_png
    assert "[platform=twitter]" in app.status.value
    app.search.value = "no post says zyzzyva"
    assert grid(app).empty and "No posts match these filters" in app.table_note.value
    assert app.state.selected is None and "Click a row" in app.detail.value
    assert all(b.disabled for b in app.decision_buttons.values())
    app.search.value = ""
    app.sort_by.value, app.descending.value = "date", False
    dates = app.filtered()["created_at"]
    assert dates.is_monotonic_increasing and list(grid(app).index) == list(dates.index)


def test_clicking_a_row_reads_the_post_with_its_neighbours(app: AuditApp) -> None:
    rows = app.filtered()
    label = rows.index[3]
    app._on_cell_click({"region": "body", "primary_key_row": label, "row": 3})
    assert app.state.selected == label
    row = rows.loc[label]
    assert html.escape(row["text"]) in app.detail.value
    neighbours = app.state.neighbours(label)
    others = [t for i, t in neighbours["text"].items() if i != label]
    assert others and all(html.escape(" ".join(t.split())[:60]) in app.detail.value
                          for t in others)
    assert f"post {label}" not in app.status.value
    assert "selected: " in app.status.value
    # the grid's own selection (arrow keys in the browser) selects too
    app._on_grid_selection({"new": [{"r1": 5, "r2": 5, "c1": 0, "c2": 7}]})
    assert app.state.selected == grid(app).index[5]


def test_keys_decide_and_move_on(app: AuditApp) -> None:
    rows = app.filtered()
    first, second, third = rows.index[:3]
    app.on_key({"key": "d", "type": "keydown"})
    assert app.state.scored.at[first, "decision"] == "delete"
    assert app.state.selected == second  # on to the next post
    assert grid(app).at[first, "decision"] == "delete"
    assert "delete: 1" in app.summary.value
    app.on_key({"key": "k"})
    assert app.state.scored.at[second, "decision"] == "keep" and app.state.selected == third
    app.on_key({"key": "d", "ctrlKey": True})  # a browser shortcut, not ours
    assert app.state.scored.at[third, "decision"] == "undecided"
    app.on_key({"key": "ArrowUp"})
    assert app.state.selected == second
    app.on_key({"key": "u"})
    assert app.state.scored.at[second, "decision"] == "undecided"
    app.select(0)
    app.on_key({"key": "n"})  # not a problem: it leaves the flagged view
    assert first not in app.filtered().index and first not in grid(app).index
    assert app.state.selected == rows.index[1]
    assert dict(app.decisions.counts()) == {"keep": 0, "delete": 0, "not-a-problem": 1}
    app.on_key({"key": "j"})
    assert app.state.selected == rows.index[2]


def test_buttons_mark_the_selected_post(app: AuditApp) -> None:
    label = app.select(2)
    app.decision_buttons["keep"].click()
    assert app.state.scored.at[label, "decision"] == "keep"
    app.select(2)
    assert app.decision_buttons["keep"].button_style == "success"
    assert app.decision_buttons["delete"].button_style == ""


def test_export_buttons_write_and_offer_the_files(app: AuditApp, tmp_path: Path) -> None:
    app.export_buttons["tweets.js"].click()
    assert "No X post is marked delete" in app.export_message.value
    twitter = app.filtered()[app.filtered()["platform"] == "twitter"].index[0]
    app.state.select(twitter)
    app.decision_buttons["delete"].click()
    app.export_buttons["delete-list"].click()
    path = tmp_path / "out" / "delete-list.csv"
    assert path.exists() and f"1 post in {path}" in app.export_message.value
    link = re.search(r"href='data:text/csv;base64,([^']+)'", app.export_message.value)
    assert link and base64.b64decode(link.group(1)) == path.read_bytes()
    assert "download='delete-list.csv'" in app.export_message.value
    app.export_buttons["tweets.js"].click()
    assert (tmp_path / "out" / "tweets-to-delete.js").exists()
    assert "1 tweet in" in app.export_message.value


def test_a_load_error_replaces_the_table(app: AuditApp, tmp_path: Path) -> None:
    assert len(grid(app)) > 0
    missing = tmp_path / "missing.zip"
    app.archives.value = str(missing)
    app.load_button.click()
    assert grid(app).empty and app.audit_view.layout.display == "none"
    assert "audit-error" in app.message.value and "Could not load: " in (
        app.message.value
    )
    assert "Traceback" not in app.message.value
    assert app.status.value == "<b>[no archive loaded]</b>"
    assert app.progress_label.value == "Failed"


def test_settings_panel(app: AuditApp) -> None:
    assert app.threshold_sliders["negativity"].value == 0.5  # rules: the rules' thresholds
    n_before = len(app.filtered())
    app.timezone.value = "Mars/Olympus"
    app.apply_button.click()
    assert "Settings not applied" in app.message.value and len(app.filtered()) == n_before
    app.timezone.value = "America/New_York"
    app.threshold_sliders["negativity"].value = 0.9
    app.apply_button.click()
    assert "Settings applied" in app.message.value
    assert app.state.thresholds == {"negativity": 0.9}
    assert "date (America/New_York)" in grid(app).columns
    assert len(app.filtered()) < n_before
    assert app.threshold_sliders["negativity"].value == 0.9


def test_many_posts_are_capped_in_the_grid(app: AuditApp, monkeypatch) -> None:
    monkeypatch.setattr("audit.app.views.MAX_ROWS", 10)
    app.category.value = "all"
    assert len(grid(app)) == 10 and len(app.filtered()) == len(app.scored)
    assert "the 10 riskiest shown" in app.table_note.value
    assert MAX_ROWS == 5_000


def test_hide_other_people_switch(app: AuditApp) -> None:
    texts = " ".join(app.filtered()["text"])
    handles = {h for h in re.findall(r"@\w+", texts)} - {"@sample_dev"}
    assert handles
    assert "negative, targeted (Kevin)" in set(grid(app)["flags"])  # a name the finder knows
    app.hide_people.value = True
    assert not any("Kevin" in flags for flags in grid(app)["flags"])
    shown = " ".join(grid(app)["text"]) + app.detail.value
    assert "@person" in shown
    assert not any(re.search(rf"{re.escape(h)}\b", shown) for h in handles)
    app.hide_people.value = False
    assert any(re.search(rf"{re.escape(h)}\b", " ".join(grid(app)["text"])) for h in handles)


@pytest.mark.parametrize("name", ["00_audit_app.ipynb", "01_interactive_audit.ipynb"])
def test_the_notebooks_run_and_stay_thin(name: str, tmp_path: Path) -> None:
    notebook = NOTEBOOKS / name
    result = tmp_path / "executed.ipynb"
    parameters = (
        {"archives": [str(p) for p in SAMPLES], "output_dir": str(tmp_path / "interactive")}
        if name.startswith("01") else {}
    )
    pm.execute_notebook(
        str(notebook), str(result), parameters=parameters, kernel_name="python3",
        cwd=str(tmp_path if name.startswith("00") else NOTEBOOKS), progress_bar=False,
        execution_timeout=120,
    )
    nb = nbformat.read(result, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1  # the app displayed itself
    if name.startswith("01"):
        assert outputs[-1]["data"]["text/plain"] == "{'keep': 0, 'delete': 0, 'not-a-problem': 0}"
    source = nbformat.read(notebook, as_version=4)
    code = [c for c in source.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert not any("def " in c.source or "class " in c.source for c in code)
    assert source.metadata.kernelspec.name == "python3"


def test_the_platform_choice_is_passed_to_the_loader(app: AuditApp) -> None:
    assert ("X / Twitter", "twitter") in app.platform_choice.options
    app.archives.value = str(SAMPLES[0])
    app.platform_choice.value = "facebook"  # not what the archive is: said in words
    app.load_button.click()
    assert "Could not load: " in app.message.value and grid(app).empty
    app.platform_choice.value = "twitter"
    app.load_button.click()
    assert app.state.error is None and set(grid(app)["platform"]) == {"twitter"}


def test_keys_follow_the_tables_own_sort_and_filter(app: AuditApp) -> None:
    rows = app.filtered()
    # the browser sorted the grid by a column header: it reports the rows it shows, in order
    shown = [4, 2, 0, 1]
    app.grid._visible_rows = shown
    app.select(0)
    assert app.state.selected == rows.index[4]
    app.on_key({"key": "ArrowDown"})
    assert app.state.selected == rows.index[2]
    app.on_key({"key": "d"})  # marks the post on screen, and moves on in the same order
    assert app.state.scored.at[rows.index[2], "decision"] == "delete"
    assert app.state.selected == rows.index[0]
    # a post hidden by the grid's own filter is never marked from the keyboard
    app.state.select(rows.index[3])
    app.on_key({"key": "k"})
    assert app.state.scored.at[rows.index[3], "decision"] == "undecided"
    assert "hidden by the table&#x27;s column filter" in app.message.value
    app.grid._visible_rows = []
    app.on_key({"key": "u"})  # undo: the delete is taken back, its post selected again
    assert app.state.scored.at[rows.index[2], "decision"] == "undecided"
    assert app.state.selected == rows.index[2]
