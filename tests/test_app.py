"""The interactive audit app, headless: widget values in, filtered tables and decision files out.

No kernel and no browser: setting ``widget.value`` fires the observers and ``button.click()`` the
handlers. Expectations are computed from an independent ``score_posts`` run on the same samples,
so the tests follow the scorers' tuning instead of hard-coding scores.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import stat
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import papermill as pm
import pytest

import audit
from audit.app import AuditApp
from audit.scoring import score_posts
from tests.helpers import DATA_SAMPLES, REPO

SAMPLES = [DATA_SAMPLES / "twitter.zip", DATA_SAMPLES / "facebook.zip"]
NOTEBOOK = REPO / "notebooks" / "01_interactive_audit.ipynb"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    """The samples scored without the app (no ledger), by the rules alone as the app here."""
    return score_posts(audit.load_archives(SAMPLES).reset_index(drop=True), rules_only=True)


@pytest.fixture
def app(tmp_path: Path) -> AuditApp:
    # the rules alone: the synthetic samples are written against them, and these tests need
    # flagged posts to filter, page and mark (the learned judgement flags few of them)
    return AuditApp(SAMPLES, output_dir=tmp_path / "out", config={"rules_only": True})


def flagged(scored: pd.DataFrame) -> pd.Series:
    return scored["is_negative"] | scored["is_overshare"] | scored["is_value_add"]


def keys(rows: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(rows["platform"], rows["post_id"], strict=True))


def table_rows(app: AuditApp) -> int:
    return app.table.value.count("<tr>") - 1  # minus the header row


def test_default_view_is_flagged_posts_riskiest_first(app: AuditApp, reference) -> None:
    rows = app.filtered()
    expected = reference[flagged(reference)]
    assert len(expected) > 20  # the samples fill more than one page
    assert keys(rows) == keys(expected)
    assert rows["risk"].is_monotonic_decreasing
    assert rows["risk"].iloc[0] == expected["risk"].max()
    pd.testing.assert_frame_equal(app.page_rows(), rows.iloc[:20])
    assert app.page_label.value == f"page 1 of {-(-len(rows) // 20)}"
    assert app.prev_button.disabled and not app.next_button.disabled
    assert f"[flagged] {len(rows)} of {len(reference)} posts" in app.status.value
    # the table: our CSS class, one row per post of the page, riskiest text and reason shown
    assert "<table class='audit-table'>" in app.table.value
    assert table_rows(app) == 20
    top = rows.iloc[0]
    assert html.escape(" ".join(top["text"].split())[:40]) in app.table.value
    assert html.escape(top["why"]) in app.table.value
    # the timeline is a PNG of the filtered rows, and no pyplot figure was left open
    assert app.timeline_png.startswith(PNG)
    assert f"timeline of {len(rows)} posts" in app.timeline.outputs[0]["data"]["text/plain"]
    assert plt.get_fignums() == []
    # nothing is written before a decision is made
    assert not app.decisions_path.exists()
    assert dict(app.decisions.counts()) == {"keep": 0, "delete": 0, "not-a-problem": 0}


def test_filters_follow_the_widgets(app: AuditApp, reference) -> None:
    first_png = app.timeline_png
    app.platform.value = "twitter"
    rows = app.filtered()
    expected = reference[flagged(reference) & (reference["platform"] == "twitter")]
    assert keys(rows) == keys(expected) and len(rows) > 0
    assert set(rows["platform"]) == {"twitter"}
    assert f"[platform=twitter] {len(rows)} of {len(reference)} posts" in app.status.value
    assert app.timeline_png.startswith(PNG) and app.timeline_png != first_png
    assert f"timeline of {len(rows)} posts" in app.timeline.outputs[0]["data"]["text/plain"]

    app.platform.value = "all"
    app.category.value = "overshare:pii"
    pii = reference[reference["is_overshare"] & (reference["overshare_category"] == "pii")]
    assert len(pii) >= 1
    assert keys(app.filtered()) == keys(pii)

    app.category.value = "targeted"
    targeted = reference[reference["is_negative"] & reference["targets_person"]]
    assert keys(app.filtered()) == keys(targeted) and len(targeted) >= 1

    app.category.value = "all"
    app.kind.value = "comment"
    assert keys(app.filtered()) == keys(reference[reference["kind"] == "comment"])

    app.kind.value = "all"
    app.category.value = "any flag"
    app.set_date_range(dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    in_2019 = reference[flagged(reference) & (reference["created_at"].dt.year == 2019)]
    assert keys(app.filtered()) == keys(in_2019) and len(in_2019) >= 2
    assert "from=2019-01-01, to=2019-12-31" in app.status.value
    app.date_to.value = None
    later = reference[flagged(reference) & (reference["created_at"] >= "2019-01-01")]
    assert keys(app.filtered()) == keys(later)
    app.date_from.value = None

    app.min_risk.value = 0.5
    risky = reference[flagged(reference) & (reference["risk"] >= 0.5)]
    assert keys(app.filtered()) == keys(risky) and len(risky) >= 1
    assert (app.filtered()["risk"] >= 0.5).all()
    app.min_risk.value = 0.0

    app.search.value = "TEQUILA"
    found = app.filtered()
    assert len(found) >= 1
    assert found["text"].str.lower().str.contains("tequila").all()
    assert "search='TEQUILA'" in app.status.value

    app.search.value = "no post says zyzzyva"
    assert app.filtered().empty and app.page_rows().empty
    assert "No posts match these filters" in app.table.value
    assert app.post.value is None and app.detail.value == ""
    assert app.timeline_png.startswith(PNG)  # an empty, labelled chart
    assert f"] 0 of {len(reference)} posts" in app.status.value
    app.decision_buttons["delete"].click()  # nothing selected: a message, no decision
    assert "Select a post first" in app.message.value
    assert len(app.decisions) == 0 and not app.decisions_path.exists()
    assert plt.get_fignums() == []


def test_paging_and_sorting(app: AuditApp) -> None:
    rows = app.filtered()
    app.next_button.click()
    assert app.page == 1
    pd.testing.assert_frame_equal(app.page_rows(), rows.iloc[20:40])
    assert table_rows(app) == len(rows.iloc[20:40])
    assert app.page_label.value.startswith("page 2 of")
    assert not app.prev_button.disabled
    for _ in range(5):  # past the end stays on the last page
        app.next_button.click()
    assert app.page == app.n_pages() - 1 and app.next_button.disabled
    # the post selector lists the current page only
    assert [v for _, v in app.post.options] == list(app.page_rows().index)
    app.prev_button.click()
    assert app.page == app.n_pages() - 2

    app.sort_by.value = "date"
    by_date = app.filtered()
    assert app.page == 0  # a new order starts on the first page
    assert by_date["created_at"].is_monotonic_decreasing
    app.descending.value = False
    assert app.filtered()["created_at"].is_monotonic_increasing
    assert list(app.page_rows().index) == list(by_date.index[::-1][:20])
    assert "sorted by date" in app.status.value

    app.descending.value = True
    for key, column in (
        ("negativity", "negativity"),
        ("overshare", "overshare"),
        ("value", "value"),
    ):
        app.sort_by.value = key
        assert app.filtered()[column].is_monotonic_decreasing
    assert keys(app.filtered()) == keys(rows)  # sorting never changes what is shown


def test_selecting_a_post_shows_everything_about_it(app: AuditApp) -> None:
    app.platform.value = "twitter"
    idx = app.select(0)
    row = app.filtered().loc[idx]
    assert idx == app.page_rows().index[0]
    detail = app.detail.value
    assert html.escape(row["text"]) in detail  # full text, not shortened
    assert html.escape(row["url"]) in detail and row["url"].startswith("https://x.com/")
    for flag in row["flags"]:
        assert flag in detail
    assert html.escape(row["why"]) in detail
    assert f"post {idx} selected" in app.status.value
    app.select(1)
    assert html.escape(app.filtered().loc[app.post.value, "text"]) in app.detail.value


def test_decisions_are_saved_at_once_and_reloaded(app: AuditApp, tmp_path: Path) -> None:
    first = app.select(0)
    app.decision_buttons["delete"].click()
    second = app.select(1)
    app.decision_buttons["keep"].click()
    rows = app.filtered()
    one, two = rows.loc[first], rows.loc[second]

    path = tmp_path / "out" / "decisions.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == 1
    assert {k: v["decision"] for k, v in saved["decisions"].items()} == {
        f"{one['platform']}:{one['post_id']}": "delete",
        f"{two['platform']}:{two['post_id']}": "keep",
    }
    assert [p.name for p in path.parent.iterdir()] == ["decisions.json"]  # no temp files left
    assert one["decision"] == "delete" and two["decision"] == "keep"
    assert "delete: 1" in app.summary.value and "keep: 1" in app.summary.value
    assert ">delete</td>" in app.table.value and ">keep</td>" in app.table.value
    assert app.decision_buttons["keep"].button_style == "success"  # the selected post's mark
    assert app.post.value == second  # the selection stays on the marked post
    assert len(app.filtered()) == len(rows)  # keep and delete do not change the view

    app.decision_filter.value = "delete"
    assert list(app.filtered().index) == [first]

    again = AuditApp(SAMPLES, output_dir=tmp_path / "out", config={"rules_only": True})
    assert dict(again.decisions.counts()) == {"keep": 1, "delete": 1, "not-a-problem": 0}
    assert again.scored.loc[first, "decision"] == "delete"
    assert again.scored.loc[second, "decision"] == "keep"
    assert "delete: 1" in again.summary.value

    again.post.value = first
    again.decision_buttons["undecided"].click()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert {k: v["decision"] for k, v in saved["decisions"].items()} == {
        f"{two['platform']}:{two['post_id']}": "keep"
    }
    assert again.scored.loc[first, "decision"] == "undecided"


def test_not_a_problem_leaves_the_flagged_view(app: AuditApp, reference, tmp_path: Path) -> None:
    app.category.value = "negative"
    idx = app.select(0)
    row = app.filtered().loc[idx]
    assert row["is_negative"] and row["risk"] > 0.5
    n_before = len(app.filtered())

    app.decision_buttons["not-a-problem"].click()
    assert idx not in app.filtered().index
    assert len(app.filtered()) == n_before - 1
    app.category.value = "any flag"
    assert idx not in app.filtered().index
    rescored = app.scored.loc[idx]
    assert not rescored["is_negative"] and rescored["risk"] == 0.0
    assert "not a problem" in rescored["why"]
    assert app.decisions.not_a_problem() == {row["post_id"]}
    # every other row kept its scores
    others = app.scored.drop(index=idx)
    pd.testing.assert_series_equal(others["risk"], reference.drop(index=idx)["risk"])
    app.category.value = "all"
    assert app.filtered().loc[idx, "decision"] == "not-a-problem"

    # a new session scores the post with the ledger from decisions.json
    again = AuditApp(SAMPLES, output_dir=tmp_path / "out", config={"rules_only": True})
    assert idx not in again.filtered().index
    assert not again.scored.loc[idx, "is_negative"] and again.scored.loc[idx, "risk"] == 0.0

    # undoing the mark brings the post and its original scores back
    again.category.value = "all"
    again.decision_filter.value = "not-a-problem"
    assert again.select(0) == idx and len(again.filtered()) == 1
    again.decision_buttons["undecided"].click()
    assert again.filtered().empty  # it left the "not a problem" view
    again.category.value = "any flag"
    again.decision_filter.value = "all"
    assert idx in again.filtered().index
    assert again.scored.loc[idx, "risk"] == reference.loc[idx, "risk"]
    assert again.scored.loc[idx, "flags"] == reference.loc[idx, "flags"]


def test_a_bad_archive_shows_a_message_and_the_app_stays_usable(
    app: AuditApp, reference, tmp_path: Path
) -> None:
    before = app.filtered()
    missing = tmp_path / "missing.zip"
    app.archives.value = f"{missing}\n"
    app.load_button.click()
    assert "Could not load" in app.message.value
    assert html.escape(str(missing)) in app.message.value
    assert "Traceback" not in app.message.value
    assert keys(app.filtered()) == keys(before)  # the loaded table stays

    app.archives.value = "   \n"
    app.load_button.click()
    assert "at least one archive" in app.message.value

    app.archives.value = str(SAMPLES[0])
    app.load_button.click()
    # no error left over; only the note that the sample's German tweet was not assessed
    assert "Could not load" not in app.message.value
    assert "1 post (2%) was not assessed because it is in German (1)" in app.message.value
    assert app.platform.options == ("all", "twitter")
    assert set(app.filtered()["platform"]) == {"twitter"}

    not_an_archive = tmp_path / "notes.txt"
    not_an_archive.write_text("hello", encoding="utf-8")
    fresh = AuditApp([not_an_archive], output_dir=tmp_path / "fresh")
    assert "Could not load" in fresh.message.value
    assert fresh.filtered().empty and fresh.status.value == "<b>[no archive loaded]</b>"
    assert "No archive loaded" in fresh.table.value
    fresh.archives.value = "\n".join(str(p) for p in SAMPLES)
    fresh.load_button.click()
    assert "Could not load" not in fresh.message.value
    assert "4 posts (5%) were not assessed because they are in German (2), Spanish (2)" in (
        fresh.message.value
    )
    assert len(fresh.scored) == len(reference)


def test_a_damaged_decisions_file_is_reported_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "decisions.json").write_text("{not json", encoding="utf-8")
    app = AuditApp(SAMPLES, output_dir=out)
    assert "Decisions not loaded" in app.message.value
    assert all(b.disabled for b in app.decision_buttons.values())
    assert len(app.filtered()) > 0  # the audit itself still works
    app.load()  # the warning stays after another load
    assert "Decisions not loaded" in app.message.value
    assert (out / "decisions.json").read_text(encoding="utf-8") == "{not json"


def test_the_notebook_runs_under_papermill(tmp_path: Path) -> None:
    out_dir = tmp_path / "interactive"
    result = tmp_path / "executed.ipynb"
    pm.execute_notebook(
        str(NOTEBOOK),
        str(result),
        parameters={"archives": [str(p) for p in SAMPLES], "output_dir": str(out_dir)},
        kernel_name="python3",
        cwd=str(NOTEBOOK.parent),
        progress_bar=False,
        execution_timeout=120,
    )
    nb = nbformat.read(result, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1  # the app displayed itself
    assert outputs[-1]["data"]["text/plain"] == "{'keep': 0, 'delete': 0, 'not-a-problem': 0}"
    # the committed notebook is thin and clean
    source = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in source.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert not any("def " in c.source or "class " in c.source for c in code)
    assert source.metadata.kernelspec.name == "python3"


def test_hide_other_people_switch(app: AuditApp) -> None:
    texts = " ".join(app.filtered()["text"])
    handles = {h for h in re.findall(r"@\w+", texts)} - {"@sample_dev"}
    assert handles
    app.hide_people.value = True
    assert "@person" in app.table.value
    assert not any(re.search(rf"{re.escape(h)}\b", app.table.value) for h in handles)
    app.hide_people.value = False
    assert any(re.search(rf"{re.escape(h)}\b", app.table.value) for h in handles)
