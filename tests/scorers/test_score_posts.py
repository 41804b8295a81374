"""score_posts: columns, dtypes, immutability, explanations, risk, ledger, timezone."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import pytest

from audit import scoring
from audit.errors import AuditError
from audit.scoring import SCORED_COLUMNS

from .conftest import *  # noqa: F403  (fixtures)

# The rules alone: these tests pin the mechanics (columns, ledger, thresholds, watch-words, risk)
# on the rules' flags; the learned judgement has its own tests (tests/test_model.py).
score_posts = partial(scoring.score_posts, rules_only=True)


@pytest.fixture
def posts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "post_id": ["1", "2", "3", "4"],
            "platform": ["twitter"] * 4,
            "kind": ["post", "post", "reply", "post"],
            "created_at": pd.to_datetime(
                ["2024-05-01 02:15", "2024-05-01 12:00", "2024-05-02 12:00", "2024-05-03 12:00"],
                utc=True,
            ),
            "text": [
                "my manager is useless, I hate working for him",
                "Text me at 555-0142 for the spare tickets",
                "@kim use `git stash -u` to keep untracked files too",
                "Lovely walk by the river this morning",
            ],
            "media_count": [0, 0, 0, 1],
            "mentions": [[], [], ["kim"], []],
        }
    )


def test_adds_the_design_columns_with_dtypes(posts):
    scored = score_posts(posts)
    assert list(scored.columns) == [*posts.columns, *SCORED_COLUMNS]
    assert scored["negativity"].dtype == "float64" and scored["risk"].dtype == "float64"
    for col in ("is_negative", "targets_person", "is_overshare", "is_value_add"):
        assert scored[col].dtype == bool
    for col in ("target", "overshare_category", "value_category", "why"):
        assert pd.api.types.is_string_dtype(scored[col])
    assert all(isinstance(f, list) for f in scored["flags"])
    for col in ("negativity", "overshare", "value", "risk"):
        assert scored[col].between(0, 1).all()


def test_scores_each_signal(posts):
    scored = score_posts(posts).set_index("post_id")
    row = scored.loc["1"]
    assert row["is_negative"] and row["targets_person"] and row["target"] == "my manager"
    assert row["flags"] == ["negative:targeted", "immediacy:late-night"]
    assert "negative about a person" in row["why"] and "posted at 02:xx" in row["why"]
    assert scored.loc["2", "overshare_category"] == "pii"
    assert scored.loc["2", "flags"] == ["overshare:pii"]
    assert scored.loc["3", "value_category"] == "answer"
    quiet = scored.loc["4"]
    assert not quiet["is_negative"] and not quiet["is_overshare"]
    assert quiet["flags"] == [] and quiet["why"] == "no flags"
    assert pd.isna(quiet["target"]) and quiet["overshare_category"] == "none"


def test_risk_orders_problems_first(posts):
    scored = score_posts(posts).set_index("post_id")
    assert scored.loc["1", "risk"] > scored.loc["2", "risk"] > scored.loc["4", "risk"]
    assert scored.loc["1", "risk"] > 0.5
    assert scored.loc["4", "risk"] < 0.1


def test_never_mutates_its_input(posts):
    before = posts.copy(deep=True)
    score_posts(posts)
    pd.testing.assert_frame_equal(posts, before)


def test_text_only_frame_and_missing_text():
    frame = pd.DataFrame({"text": ["you are a liar and a clown", None, np.nan, 42]})
    scored = score_posts(frame)
    assert scored["is_negative"].tolist() == [True, False, False, False]
    assert scored["negativity"].notna().all()  # missing text scores as "", never NaN
    assert scored.loc[1, "why"] == "no flags"


def test_string_dtype_text_column():
    frame = pd.DataFrame({"text": pd.array(["ugh I hate this", pd.NA], dtype="str")})
    assert score_posts(frame)["is_negative"].tolist() == [True, False]


def test_empty_frame():
    scored = score_posts(pd.DataFrame({"text": pd.Series([], dtype="str")}))
    assert len(scored) == 0 and list(scored.columns) == ["text", *SCORED_COLUMNS]


def test_frame_without_text_raises_audit_error():
    with pytest.raises(AuditError, match="expected a 'text' column") as info:
        score_posts(pd.DataFrame({"body": ["hi"]}))
    assert "Fix:" in str(info.value)
    with pytest.raises(AuditError, match="DataFrame"):
        score_posts(["not", "a", "frame"])  # type: ignore[arg-type]


def test_rescoring_replaces_scored_columns(posts):
    once = score_posts(posts)
    twice = score_posts(once)
    assert list(twice.columns) == list(once.columns)
    pd.testing.assert_frame_equal(once, twice)


def test_ledger_clears_problem_flags(posts):
    scored = score_posts(posts, {"not_a_problem": ["1", "2"]}).set_index("post_id")
    for pid in ("1", "2"):
        row = scored.loc[pid]
        assert not row["is_negative"] and not row["is_overshare"] and not row["targets_person"]
        assert row["flags"] == [] and row["risk"] == 0.0
        assert row["overshare_category"] == "none"
        assert "marked not a problem" in row["why"]
    assert scored.loc["1", "negativity"] > 0.5  # the score itself is kept
    assert scored.loc["3", "flags"] == ["value:answer"]


def test_ledger_file(posts, tmp_path):
    (tmp_path / "ok.txt").write_text("# reviewed\n1\n", encoding="utf-8")
    (tmp_path / "audit.toml").write_text('not_a_problem_file = "ok.txt"\n', encoding="utf-8")
    scored = score_posts(posts, tmp_path / "audit.toml").set_index("post_id")
    assert scored.loc["1", "flags"] == []
    assert scored.loc["2", "flags"] == ["overshare:pii"]


def test_timezone_from_config_then_attrs_then_utc(posts):
    frame = posts.iloc[[0]].copy()  # 02:15 UTC
    assert "immediacy:late-night" in score_posts(frame).iloc[0]["flags"]
    frame.attrs["timezone"] = "Europe/Berlin"  # 04:15 local: still late
    assert "immediacy:late-night" in score_posts(frame).iloc[0]["flags"]
    frame.attrs["timezone"] = "America/New_York"  # 22:15 local: not late
    assert "immediacy:late-night" not in score_posts(frame).iloc[0]["flags"]
    # the config wins over the archive's timezone, and the scored table says which was used
    # (the report's plots read it: the user's choice wins there too)
    scored = score_posts(frame, {"timezone": "UTC"})
    assert "immediacy:late-night" in scored.iloc[0]["flags"]
    assert scored.attrs["timezone"] == "UTC"
    assert frame.attrs["timezone"] == "America/New_York"  # the input is not changed


def test_immediacy_alone_never_makes_a_post_negative():
    frame = pd.DataFrame(
        {
            "text": ["GOING TO THE BEACH TODAY!!!"] * 3,
            "created_at": pd.to_datetime(
                ["2024-05-01 02:00", "2024-05-01 02:03", "2024-05-01 02:06"], utc=True
            ),
        }
    )
    scored = score_posts(frame)
    assert not scored["is_negative"].any()
    assert set(scored.iloc[0]["flags"]) == {
        "immediacy:late-night",
        "immediacy:burst",
        "immediacy:caps",
        "immediacy:exclaim",
    }
    assert (scored["risk"] > 0).all() and (scored["risk"] <= 0.25).all()


def test_watch_words_from_config():
    frame = pd.DataFrame({"text": ["Globex is run by clowns, I'm so done"]})
    plain = score_posts(frame).iloc[0]
    assert plain["is_negative"] and not plain["targets_person"]
    scored = score_posts(frame, {"watch_words": ["Globex"]}).iloc[0]
    assert scored["target"] == "Globex" and scored["flags"] == ["negative:targeted"]


def test_threshold_override_changes_flags():
    frame = pd.DataFrame({"text": ["this printer is garbage"]})
    assert score_posts(frame).iloc[0]["is_negative"]
    strict = score_posts(frame, {"thresholds": {"negativity": {"threshold": 0.99}}})
    assert not strict.iloc[0]["is_negative"]


def test_geotag_and_links_columns_are_used():
    frame = pd.DataFrame(
        {
            "text": ["away until the 14th, the place is all mine... not", "worth a read"],
            "lat": [40.7, np.nan],
            "lon": [-74.0, np.nan],
            "links": [[], ["https://example.org/post"]],
        }
    )
    scored = score_posts(frame)
    assert scored.loc[0, "overshare_category"] == "location"
    assert "exact coordinates" in scored.loc[0, "why"]
    assert scored.loc[1, "value_category"] == "article"


def test_duplicate_index_and_odd_column_types():
    frame = pd.DataFrame(
        {
            "text": ["you liar", "home alone all week", "ok"],
            "created_at": ["2024-05-01T02:00:00+00:00", None, "not a date"],
            "kind": ["reply", None, "post"],
            "media_count": [True, None, "2"],
            "mentions": [np.array(["bob"]), None, float("nan")],
            "place": [None, float("nan"), ""],
        },
        index=[5, 5, 5],
    )
    scored = score_posts(frame)
    assert list(scored.index) == [5, 5, 5]
    assert scored["is_negative"].tolist() == [True, False, False]
    assert scored["target"].iloc[0] == "@bob"
    assert scored["overshare_category"].tolist() == ["none", "location", "none"]
    assert "immediacy:late-night" in scored["flags"].iloc[0]
