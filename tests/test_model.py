"""The learned judgement (issue 15): the shipped files, their figures, reasons and settings.

The figures are recomputed from ``../shared`` (the labelled real posts) and compared with the
model card's; the model is retrained into a temporary folder and compared with the shipped
files, so a change to the rules or the features that is not followed by ``make model`` fails
here.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import audit
from audit.model import BINARY, load_judgement
from audit.model.features import terms
from tests.helpers import REPO, shared_path

MODEL = REPO / "audit" / "model"


def _needs_shared() -> None:
    shared_path("train")  # the labelled posts' texts
    shared_path("samples")


def test_shipped_files_are_data_not_code():
    npz = MODEL / "judgement.npz"
    assert npz.stat().st_size < 5_000_000  # "a few MB at most"
    with np.load(npz, allow_pickle=False) as arrays:  # no pickle anywhere in it
        assert set(arrays.files) == {"vocabulary", "word_weights", "rule_weights",
                                     "public_weights"}
        terms = bytes(arrays["vocabulary"]).decode("utf-8").split("\n")
        assert terms[0] == "<bias>" and len(terms) == len(arrays["word_weights"])
    meta = json.loads((MODEL / "judgement.json").read_text(encoding="utf-8"))
    assert set(meta["thresholds"]) == set(BINARY)
    assert all(0.5 <= t < 1 for t in meta["thresholds"].values())
    card = (MODEL / "MODEL_CARD.md").read_text(encoding="utf-8")
    for heading in ("## Data", "## Features", "## Thresholds", "## Figures", "## Limits"):
        assert heading in card


def test_figures_match_the_model_card():
    _needs_shared()
    from training import model_card

    meta = json.loads((MODEL / "judgement.json").read_text(encoding="utf-8"))
    sets = model_card.labelled_sets()
    for name in ("real test", "real exports", "real dev"):
        from training.evaluate import figures, model_judge

        got = figures(sets[name], model_judge(sets[name]))
        want = meta["figures"][name]["model"]
        for key, value in want.items():
            if value is None:
                assert math.isnan(got[key]), (name, key)
            else:
                assert got[key] == pytest.approx(value, abs=1e-9), (name, key)


def test_retraining_gives_the_shipped_model(tmp_path):
    _needs_shared()
    pytest.importorskip("sklearn", reason="training needs scikit-learn (requirements.txt)")
    from training.train import train

    train(tmp_path, log=lambda *_: None)
    with np.load(MODEL / "judgement.npz") as shipped, np.load(tmp_path / "judgement.npz") as new:
        assert bytes(new["vocabulary"]) == bytes(shipped["vocabulary"])
        for key in ("word_weights", "rule_weights", "public_weights"):
            np.testing.assert_allclose(new[key], shipped[key], atol=1e-4)
    shipped_meta = json.loads((MODEL / "judgement.json").read_text(encoding="utf-8"))
    new_meta = json.loads((tmp_path / "judgement.json").read_text(encoding="utf-8"))
    assert new_meta["thresholds"] == pytest.approx(shipped_meta["thresholds"], abs=1e-3)


def test_a_clear_insult_is_flagged_with_the_words_and_the_target():
    posts = pd.DataFrame({"text": ["@dave you are a lying idiot and everyone knows it"]})
    row = audit.score_posts(posts).iloc[0]
    assert row["is_negative"] and row["targets_person"] and row["target"] == "@dave"
    assert row["evidence"].startswith("negative about a person (model 0.9")
    assert "'idiot'" in row["why"] and "target @dave" in row["why"]
    assert row["negativity"] >= load_judgement().thresholds["negative"]


def test_everyday_posts_are_not_flagged():
    posts = pd.DataFrame(
        {"text": ["Lovely walk by the river this morning", "thanks a lot for the ride home!",
                  "ugh, caught a cold again", "Post mortem of yesterday's outage is up"]}
    )
    scored = audit.score_posts(posts)
    assert not scored["is_negative"].any() and not scored["is_overshare"].any()
    assert (scored["why"] == "no flags").all()


def test_the_account_owner_is_never_a_target():
    posts = pd.DataFrame({"text": ["@dave you are a lying idiot and everyone knows it"]})
    posts.attrs["username"] = "Dave"
    row = audit.score_posts(posts).iloc[0]
    assert row["is_negative"] and row["targets_person"]
    assert pd.isna(row["target"])  # "aimed at someone", never the author
    assert "aimed at someone" in row["why"]


def test_the_users_threshold_replaces_the_models():
    posts = pd.DataFrame({"text": ["@dave you are a lying idiot and everyone knows it"]})
    assert not audit.score_posts(posts, {"thresholds": {"negativity": {"threshold": 0.999}}})[
        "is_negative"
    ].item()


def test_rules_only_and_no_model_file_judge_by_the_rules(monkeypatch):
    posts = pd.DataFrame({"text": ["my manager is a useless clown", "Lovely walk today"]})
    rules = audit.score_posts(posts, rules_only=True)
    assert rules["is_negative"].tolist() == [True, False]
    pd.testing.assert_frame_equal(audit.score_posts(posts, {"rules_only": True}), rules)
    from audit import scoring

    monkeypatch.setattr(scoring, "load_judgement", lambda: None)  # a package without the files
    pd.testing.assert_frame_equal(audit.score_posts(posts), rules)


def test_runtime_features_equal_the_training_features():
    _needs_shared()
    from training import corpus
    from training.train import rule_rows

    frame = corpus.labelled("corpus", ["dev"]).iloc[:300]
    posts = frame.drop(columns=[c for c in frame.columns if c.startswith("label_")])
    rules = audit.score_posts(posts, rules_only=True)
    scored = audit.score_posts(posts)
    model = load_judgement()
    from audit.scorers._lexicon import normalize

    offline = model.predict([normalize(t) for t in posts["text"]], rule_rows(rules))
    read = audit.language.assessed_mask(scored).to_numpy()
    np.testing.assert_allclose(
        scored["negativity"].to_numpy()[read],
        np.round(offline.probability["negative"], 4)[read],
        atol=1e-4,
    )


def test_terms_are_words_bigrams_and_link_hosts():
    got = terms("shut up @dave!! f*** https://www.github.com/how-to")
    assert got[:9] == ["shut", "up", "<@>", "!!", "f***", "<censored>", "<url>", "github.com",
                       "url:how"]
    assert "shut up" in got


def test_figures_beat_the_rules_on_false_flags():
    # what the model card records: on the real test split the model raises far fewer false
    # flags than the rules did, at precision at least as high for every problem flag
    meta = json.loads((Path(MODEL) / "judgement.json").read_text(encoding="utf-8"))
    test = meta["figures"]["real test"]
    assert test["model"]["false-flag rate"] <= 0.05 < test["rules"]["false-flag rate"]
    for flag in ("negative", "targets_person", "overshare"):
        assert test["model"][f"{flag} precision"] > test["rules"][f"{flag} precision"]
