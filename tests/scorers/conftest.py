"""Fixtures for the scorer tests: default parameters and a one-call scorer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from audit.config import load_config
from audit.scoring import score_posts


@pytest.fixture(scope="session")
def thresholds() -> dict[str, dict[str, Any]]:
    """The package's default thresholds (``audit/lexicons/thresholds.toml``)."""
    return load_config(None).thresholds


@pytest.fixture
def score_one() -> Callable[..., pd.Series]:
    """Score a single post (text plus optional columns) and return its scored row."""

    def run(text: str, config: Any = None, **columns: Any) -> pd.Series:
        frame = pd.DataFrame({"text": [text], **{k: [v] for k, v in columns.items()}})
        # the rules alone: these tests pin what each rule flags (the learned judgement, which
        # reads the rules' results, has its own tests in tests/test_model.py)
        return score_posts(frame, config, rules_only=True).iloc[0]

    return run
