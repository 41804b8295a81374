"""The interactive audit's state without widgets: load, filter, select, decide, export, settings.

Expectations come from an independent ``score_posts`` run on the same samples, so the tests
follow the scorers' tuning instead of hard-coding scores.
"""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pandas as pd
import pytest

import audit
from audit.app import AuditState
from audit.app.start import list_folder
from audit.app.state import EXPORTS, flag_words, local_time
from audit.model import load_judgement
from audit.scoring import score_posts
from tests.helpers import DATA_SAMPLES

SAMPLES = [DATA_SAMPLES / "twitter.zip", DATA_SAMPLES / "facebook.zip"]
RULES = {"rules_only": True}  # the synthetic samples are written against the rules


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return score_posts(audit.load_archives(SAMPLES).reset_index(drop=True), rules_only=True)


@pytest.fixture
def state(tmp_path: Path) -> AuditState:
    s = AuditState(tmp_path / "out", RULES)
    assert s.load(SAMPLES), s.error
    return s


def flagged(scored: pd.DataFrame) -> pd.Series:
    return scored["is_negative"] | scored["is_overshare"] | scored["is_value_add"]


def keys(rows: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(rows["platform"], rows["post_id"], strict=True))


def test_the_default_view_is_flagged_posts_riskiest_first(state: AuditState, reference) -> None:
    rows = state.filtered()
    assert keys(rows) == keys(reference[flagged(reference)]) and len(rows) > 20
    assert rows["risk"].is_monotonic_decreasing
    assert state.status() == f"[flagged] {len(rows)} of {len(reference)} posts · sorted by risk"
    assert state.selected is None and not state.decisions_path.exists()


def test_filters(state: AuditState, reference) -> None:
    f = state.filters
    f.platform = "twitter"
    assert keys(state.filtered()) == keys(
        reference[flagged(reference) & (reference["platform"] == "twitter")]
    )
    f.platform, f.category = "all", "overshare:pii"
    pii = reference[reference["is_overshare"] & (reference["overshare_category"] == "pii")]
    assert len(pii) >= 1 and keys(state.filtered()) == keys(pii)
    f.category = "targeted"
    targeted = reference[reference["is_negative"] & reference["targets_person"]]
    assert len(targeted) >= 1 and keys(state.filtered()) == keys(targeted)
    f.category, f.kind = "all", "comment"
    assert keys(state.filtered()) == keys(reference[reference["kind"] == "comment"])
    f.kind, f.category = "all", "any flag"
    f.date_from, f.date_to = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    in_2019 = reference[flagged(reference) & (reference["created_at"].dt.year == 2019)]
    assert len(in_2019) >= 2 and keys(state.filtered()) == keys(in_2019)
    assert state.status().startswith("[from=2019-01-01, to=2019-12-31]")
    f.date_from = f.date_to = None
    f.min_risk = 0.5
    assert keys(state.filtered()) == keys(reference[flagged(reference) & (reference.risk >= 0.5)])
    f.min_risk, f.search = 0.0, "TEQUILA"
    found = state.filtered()
    assert len(found) >= 1 and found["text"].str.lower().str.contains("tequila").all()
    assert "search='TEQUILA'" in state.status()
    f.search, f.sort_by, f.descending = "", "date", False
    assert state.filtered()["created_at"].is_monotonic_increasing
    assert keys(state.filtered()) == keys(reference[flagged(reference)])


def test_a_selected_post_comes_with_its_neighbours(state: AuditState) -> None:
    rows = state.filtered()
    label = rows.index[0]
    assert state.select(label) and state.selected_row()["post_id"] == rows.iloc[0]["post_id"]
    around = state.neighbours(label, n=2)
    platform = state.scored.at[label, "platform"]
    same = state.scored[state.scored["platform"] == platform].sort_values("created_at")
    at = list(same.index).index(label)
    assert list(around.index) == list(same.index[max(0, at - 2) : at + 3])
    assert around["created_at"].is_monotonic_increasing
    # the status names the post in words, never by its internal index
    status = state.status()
    when = local_time(rows.iloc[0]["created_at"], state.timezone_used)
    assert status.endswith(f"selected: {platform} {rows.iloc[0]['kind']} of {when}")
    assert f"post {label}" not in status
    assert not state.select("no such post") and state.selected is None


def test_decisions_are_saved_at_once_and_reloaded(state: AuditState, tmp_path: Path) -> None:
    rows = state.filtered()
    first, second = rows.index[:2]
    assert not state.mark("delete")  # nothing selected
    assert state.error == "Select a post first (click a row of the table)."
    assert state.mark("delete", first) and state.mark("keep", second)
    path = tmp_path / "out" / "decisions.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text(encoding="utf-8"))
    one, two = rows.loc[first], rows.loc[second]
    assert {k: v["decision"] for k, v in saved["decisions"].items()} == {
        f"{one['platform']}:{one['post_id']}": "delete",
        f"{two['platform']}:{two['post_id']}": "keep",
    }
    assert state.scored.at[first, "decision"] == "delete"
    assert len(state.filtered()) == len(rows)  # keep and delete do not change the view
    state.filters.decision = "delete"
    assert list(state.filtered().index) == [first]
    assert not state.mark("maybe", first) and "Unknown decision 'maybe'" in state.error

    again = AuditState(tmp_path / "out", RULES)
    again.load(SAMPLES)
    assert dict(again.decisions.counts()) == {"keep": 1, "delete": 1, "not-a-problem": 0}
    assert again.mark("undecided", first)
    assert again.scored.at[first, "decision"] == "undecided"
    assert len(json.loads(path.read_text(encoding="utf-8"))["decisions"]) == 1


def test_not_a_problem_is_scored_again(state: AuditState, reference) -> None:
    state.filters.category = "negative"
    label = state.filtered().index[0]
    assert state.mark("not-a-problem", label)
    assert label not in state.filtered().index
    row = state.scored.loc[label]
    assert not row["is_negative"] and row["risk"] == 0.0
    others = state.scored.drop(index=label)
    pd.testing.assert_series_equal(others["risk"], reference.drop(index=label)["risk"])
    assert state.mark("undecided", label)
    assert state.scored.at[label, "risk"] == reference.at[label, "risk"]


def test_a_failed_load_empties_the_table(state: AuditState, tmp_path: Path) -> None:
    missing = tmp_path / "missing.zip"
    assert not state.load([missing])
    assert state.scored is None and state.filtered().empty and state.selected is None
    assert state.error.startswith(f"Could not load: {missing}: ")
    assert str(missing) in state.error and state.error.count("Fix:") == 1
    assert state.status() == "[no archive loaded]"
    assert not state.load(["  "]) and "at least one archive" in state.error
    assert state.load(SAMPLES[:1]) and state.error is None
    assert set(state.scored["platform"]) == {"twitter"}


def test_a_damaged_decisions_file_turns_marking_off(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "decisions.json").write_text("{not json", encoding="utf-8")
    state = AuditState(out, RULES)
    assert state.problems and state.problems[0].startswith("Decisions not loaded")
    assert state.load(SAMPLES) and len(state.filtered()) > 0
    assert not state.mark("delete", state.filtered().index[0])
    assert "Marking is off" in state.error
    assert (out / "decisions.json").read_text(encoding="utf-8") == "{not json"


def test_the_archives_loaded_are_remembered(state: AuditState, tmp_path: Path) -> None:
    expected = [str(p.resolve()) for p in SAMPLES]
    assert state.recent_paths() == [expected]
    other = AuditState(tmp_path / "out", RULES)
    assert other.load(SAMPLES[:1])
    assert other.recent_paths() == [[expected[0]], expected]  # newest first, no duplicates
    saved = tmp_path / "out" / "app.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    saved.write_text("[broken", encoding="utf-8")
    assert other.recent_paths() == []


def test_exports(state: AuditState, reference, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert state.export("tweets.js") is None
    assert state.error == "No X post is marked delete: nothing to write."
    rows = state.filtered()
    tweet = rows[rows["platform"] == "twitter"].index[0]
    post = rows[rows["platform"] == "facebook"].index[0]
    state.mark("delete", tweet)
    state.mark("keep", post)
    deleted = pd.read_csv(state.export("delete-list"), dtype=str)
    assert list(deleted["post_id"]) == [state.scored.at[tweet, "post_id"]]
    assert state.messages == [f"1 post in {out / 'delete-list.csv'}"]
    kept = pd.read_csv(state.export("keep-list"), dtype=str)
    assert list(kept["post_id"]) == [state.scored.at[post, "post_id"]]
    js = state.export("tweets.js").read_text(encoding="utf-8")
    assert js.startswith("window.YTD.tweets.part0 = ")
    tweets = json.loads(js.split("=", 1)[1])
    assert [t["tweet"]["id_str"] for t in tweets] == [state.scored.at[tweet, "post_id"]]
    flagged_rows = pd.read_csv(state.export("flagged"), dtype=str)
    expected = reference[reference["is_negative"] | reference["is_overshare"]]
    assert set(flagged_rows["post_id"]) == set(expected["post_id"])
    assert state.export("pdf") is None and "Unknown export 'pdf'" in state.error
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["app.json", "decisions.json", *(EXPORTS[k][0] for k in
                                         ("delete-list", "keep-list", "tweets.js", "flagged"))]
    )
    empty = AuditState(tmp_path / "empty")
    assert empty.export("flagged") is None and empty.error == "Load an archive first."


def test_the_html_report_export(state: AuditState) -> None:
    label = state.filtered().index[0]
    state.mark("delete", label)
    path = state.export("report")
    assert path is not None, state.error
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Footprint" in page
    assert state.messages == [f"report written to {path}"]


def test_settings(state: AuditState, reference) -> None:
    n_before = len(state.filtered())
    assert not state.apply_settings(timezone="Mars/Olympus")
    assert state.error.startswith("Settings not applied: ") and "Time zone" in state.error
    assert state.timezone == "" and len(state.filtered()) == n_before
    assert not state.apply_settings(thresholds={"negativity": 1.5})
    assert "0..1" in state.error and state.thresholds == {}
    assert state.apply_settings(timezone="Kyiv", thresholds={"negativity": 0.95})
    assert state.timezone_used == "Europe/Kyiv"
    assert state.threshold("negativity") == 0.95
    negative = state.scored["is_negative"]
    assert negative.sum() < reference["is_negative"].sum()
    assert (state.scored.loc[negative, "negativity"] > 0.95).all()
    assert state.messages[0].startswith("Settings applied: time zone Kyiv; thresholds negativity")


def test_thresholds_shown_are_the_ones_used(tmp_path: Path) -> None:
    learned = AuditState(tmp_path / "a")
    model = load_judgement()
    assert model is not None
    assert learned.threshold("negativity") == pytest.approx(model.thresholds["negative"])
    assert learned.threshold("value") == pytest.approx(model.thresholds["value_add"])
    rules = AuditState(tmp_path / "b", RULES)
    assert rules.threshold("overshare") == 0.5
    mine = AuditState(tmp_path / "c", {"thresholds": {"overshare": {"threshold": 0.7}}})
    assert mine.threshold("overshare") == 0.7


def test_words_for_flags_and_times(state: AuditState) -> None:
    targeted = state.scored[state.scored["targets_person"] & state.scored["is_negative"]].iloc[0]
    assert flag_words(targeted).startswith(f"negative, targeted ({targeted['target']})")
    unflagged = state.scored[~flagged(state.scored)]
    clean = unflagged[unflagged["flags"].map(len) == 0].iloc[0]
    assert flag_words(clean) == "no flag"
    hasty = clean.to_dict() | {"flags": ["immediacy:late-night"]}
    assert flag_words(hasty) == "heat of the moment"
    ts = pd.Timestamp("2020-01-01 23:30", tz="UTC")
    assert local_time(ts, "Europe/Berlin") == "2020-01-02 00:30"
    assert local_time(pd.NaT, "UTC") == ""


def test_the_file_browser_lists_folders_and_archives(tmp_path: Path) -> None:
    for name in ("b.zip", "A.tar.gz", "c.car", "notes.txt", ".hidden.zip"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "export").mkdir()
    (tmp_path / ".cache").mkdir()
    folders, archives = list_folder(tmp_path)
    assert [p.name for p in folders] == ["export"]
    assert [p.name for p in archives] == ["A.tar.gz", "b.zip", "c.car"]
    with pytest.raises(OSError):
        list_folder(tmp_path / "nope")


def test_errors_name_the_app_controls_not_options(tmp_path: Path) -> None:
    single = tmp_path / "tweets-renamed.js"
    single.write_text("window.YTD.tweets.part0 = []", encoding="utf-8")
    state = AuditState(tmp_path / "out", RULES)
    assert not state.load([single])
    assert "name its platform with the platform choice beside Load" in state.error
    assert "platform=" not in state.error and "--platform" not in state.error
    assert state.error.count("Fix:") == 1
    # the platform named: the loader reads the archive as that platform's (or says why not)
    assert state.load(SAMPLES[:1], platform="twitter") and len(state.scored) > 0
    assert not state.load(SAMPLES[:1], platform="facebook")
    assert state.error.startswith(f"Could not load: {SAMPLES[0]}: ")
    assert "Facebook" in state.error


def test_undo_takes_the_last_marks_back_in_turn(state: AuditState) -> None:
    first, second = state.filtered().index[:2]
    assert not state.undo() and state.error == "Nothing to undo."
    state.mark("keep", first)
    state.mark("delete", first)
    state.mark("not-a-problem", second)
    assert second not in state.filtered().index
    assert state.undo() and state.selected == second
    assert state.scored.at[second, "decision"] == "undecided" and second in state.filtered().index
    assert state.undo() and state.scored.at[first, "decision"] == "keep"
    assert state.undo() and state.scored.at[first, "decision"] == "undecided"
    assert not state.undo()
    assert len(state.decisions) == 0


def test_undoing_not_a_problem_puts_the_row_back_without_scoring_all(
    state: AuditState, reference, monkeypatch
) -> None:
    label = state.filtered().index[0]
    state.mark("not-a-problem", label)
    sizes = []
    score = state._score
    monkeypatch.setattr(state, "_score", lambda posts, **kw: sizes.append(len(posts))
                        or score(posts, **kw))
    assert state.undo()
    assert sizes == []  # nothing scored again: the row from before the mark came back
    assert state.scored.at[label, "risk"] == reference.at[label, "risk"]
    assert state.scored.at[label, "flags"] == reference.at[label, "flags"]
    assert state.scored.at[label, "decision"] == "undecided"
    state.mark("not-a-problem", label)
    state.mark("keep", label)  # a change of mind, not an undo: the table is scored again
    assert sizes == [1, len(reference)]


def test_dates_are_days_on_the_clock_the_table_shows(state: AuditState) -> None:
    zone = state.timezone_used
    local = state.scored["created_at"].dt.tz_convert(zone)
    shifted = state.scored[local.dt.date != state.scored["created_at"].dt.date]
    assert len(shifted) >= 1  # posted around midnight: another day in UTC
    label = shifted.index[0]
    day = local[label].date()
    state.filters.category = "all"
    state.filters.date_from = state.filters.date_to = day
    rows = state.filtered()
    assert label in rows.index
    assert (rows["created_at"].dt.tz_convert(zone).dt.date == day).all()


def test_the_report_export_uses_the_apps_settings(state: AuditState, monkeypatch) -> None:
    seen = {}

    def fake_report(paths, path, **kwargs):
        seen.update(paths=paths, **kwargs)
        Path(path).write_text("<!DOCTYPE html>", encoding="utf-8")
        return Path(path)

    monkeypatch.setattr("audit.report.run_report", fake_report)
    state.platform = "twitter"
    state.apply_settings(thresholds={"overshare": 0.7})
    assert state.export("report") is not None
    assert seen["parameters"]["platform"] == "twitter"
    assert seen["parameters"]["rules_only"] is True
    assert seen["parameters"]["overshare_threshold"] == 0.7
    assert "negativity_threshold" not in seen["parameters"]  # the rules' default: not passed


def test_every_load_error_speaks_of_the_apps_controls(tmp_path: Path) -> None:
    import pickle
    import zipfile

    from audit.errors import AuditError, app_message

    mixed = tmp_path / "mixed"
    for sample in SAMPLES:  # X's and Facebook's files in one folder
        with zipfile.ZipFile(sample) as archive:
            archive.extractall(mixed)
    state = AuditState(tmp_path / "out", RULES)
    assert not state.load([mixed])
    assert "several platforms (twitter, facebook)" in state.error
    assert "or name one with the platform choice beside Load" in state.error
    assert "platform=" not in state.error and "--platform" not in state.error
    with pytest.raises(AuditError) as caught:
        audit.load_archives([mixed])
    again = pickle.loads(pickle.dumps(caught.value))  # from a worker process: forms kept
    assert app_message(again) == app_message(caught.value) != str(caught.value)
