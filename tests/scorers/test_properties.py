"""Property tests: any text scores without error, in range, with consistent flags."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.scorers.oversharing import OVERSHARE_CATEGORIES
from audit.scorers.value import VALUE_CATEGORIES
from audit.scoring import score_posts

TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [
                "my",
                "boss",
                "is",
                "a",
                "jerk",
                "not",
                "great,",
                "another",
                "555-0101",
                "call",
                "me",
                "@sam",
                "hungover",
                "CVE-2024-1",
                "!!!",
                "WHY",
                "fix:",
                "https://x.io",
                "🍺",
            ]
        ),
        max_size=30,
    ).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(TEXT, min_size=1, max_size=5))
def test_any_text_scores_consistently(texts):
    scored = score_posts(pd.DataFrame({"text": texts}))
    for col in ("negativity", "overshare", "value", "risk"):
        assert scored[col].between(0, 1).all()
    for _, row in scored.iterrows():
        assert row["overshare_category"] in OVERSHARE_CATEGORIES
        assert row["value_category"] in VALUE_CATEGORIES
        assert row["is_overshare"] == (row["overshare_category"] != "none")
        assert row["is_value_add"] == (row["value_category"] != "none")
        assert row["targets_person"] <= row["is_negative"]
        assert pd.isna(row["target"]) != row["targets_person"]
        assert row["is_negative"] == any(f.startswith("negative:") for f in row["flags"])
        assert isinstance(row["why"], str) and row["why"]
