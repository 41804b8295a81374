"""Regression floors on labelled posts (figures from benchmarks/accuracy.py, set a little lower).

``tests/data/labelled_posts.csv`` is the repository's own labelled set (same rubric as the shared
dev set). The shared dev set is read from ``../shared/eval/dev_eval.csv`` beside the checkout and
the test is skipped when that folder is absent. Nothing here touches the network.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from tests.helpers import shared_path

REPO = Path(__file__).resolve().parents[2]
OWN = REPO / "tests" / "data" / "labelled_posts.csv"
HOLDOUT = REPO / "tests" / "data" / "holdout_posts.csv"
DEV = "eval/dev_eval.csv"  # in ../shared

# floors a little below the measured figures (see the README / issue 3 report). Both sets hold a
# few Spanish, French and German posts labelled by meaning; since issue 14 the audit does not
# judge languages it cannot read ("not assessed"), so those count as misses here: targets and
# value categories of the dev set dropped by 0.03-0.04, the own set's value category by 0.03.
FLOORS = {
    "own": {
        "negative_f1": 0.81,
        "targets_person_f1": 0.81,
        "overshare_f1": 0.94,
        "value_add_f1": 0.85,
        "overshare_category_accuracy": 0.94,
        "value_category_accuracy": 0.82,
    },
    "dev": {
        "negative_f1": 0.85,
        "targets_person_f1": 0.84,
        "overshare_f1": 0.95,
        "value_add_f1": 0.91,
        "overshare_category_accuracy": 0.94,
        "value_category_accuracy": 0.86,
    },
    # the written held-out set, never tuned on (measured: 0.593, 0.647, 0.838, 0.646, 0.738,
    # 0.481): the honest figure for the rules on posts written apart from them
    "holdout": {
        "negative_f1": 0.57,
        "targets_person_f1": 0.62,
        "overshare_f1": 0.81,
        "value_add_f1": 0.62,
        "overshare_category_accuracy": 0.71,
        "value_category_accuracy": 0.46,
    },
}
# false-flag caps just above the measured rates (0.042, 0.022, 0.072)
MAX_FALSE_FLAG = {"own": 0.05, "dev": 0.03, "holdout": 0.08}


def _accuracy_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_accuracy", REPO / "benchmarks" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _figures(path: Path) -> dict[str, float]:
    labelled = pd.read_csv(path, dtype="str", keep_default_na=False)
    labelled["place"] = labelled["place"].replace("", None)
    # the rules alone: these written sets pin the rules (the shipped judgement, learnt from real
    # posts, is measured on real ones in tests/test_model.py and the model card)
    figures, _ = _accuracy_module().evaluate(labelled, rules_only=True)
    return figures


@pytest.mark.parametrize("name", ["own", "dev", "holdout"])
def test_labelled_set_floors(name):
    path = {"own": OWN, "holdout": HOLDOUT}.get(name) or shared_path(DEV)
    figures = _figures(path)
    low = {k: round(figures[k], 3) for k, floor in FLOORS[name].items() if figures[k] < floor}
    assert not low, f"below the floor on {path.name}: {low}"
    assert figures["false_flag_rate"] <= MAX_FALSE_FLAG[name]
