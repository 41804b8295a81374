"""Figures of a judge on labelled posts: the measure behind the model card and the README.

A *judge* maps a posts table to a scored table (``is_negative``, ``targets_person``,
``is_overshare``, ``is_value_add`` and the categories). Judges compared:

- ``model``: ``audit.score_posts`` as shipped (rules, then the learned judgement);
- ``rules``: ``audit.score_posts(..., rules_only=True)``;
- ``vader``: plain VADER, negative when the compound is at most -0.05 (nothing else flagged);
- ``textblob``: plain TextBlob polarity below 0 (nothing else flagged).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

import audit

FLAGS = (
    ("negative", "is_negative"),
    ("targets_person", "targets_person"),
    ("overshare", "is_overshare"),
    ("value_add", "is_value_add"),
)
Judge = Callable[[pd.DataFrame], pd.DataFrame]


def _posts(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in frame.columns if c.startswith("label_")])


def model_judge(frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", audit.AuditWarning)
        return audit.score_posts(_posts(frame))


def rules_judge(frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", audit.AuditWarning)
        return audit.score_posts(_posts(frame), rules_only=True)


def _sentiment_only(negative: np.ndarray, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "is_negative": negative,
            "targets_person": False,
            "is_overshare": False,
            "is_value_add": False,
            "overshare_category": "none",
            "value_category": "none",
        },
        index=index,
    )


def vader_judge(frame: pd.DataFrame) -> pd.DataFrame:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    compound = [analyzer.polarity_scores(t)["compound"] for t in frame["text"]]
    return _sentiment_only(np.asarray(compound) <= -0.05, frame.index)


def textblob_judge(frame: pd.DataFrame) -> pd.DataFrame:
    from textblob import TextBlob

    polarity = [TextBlob(t).sentiment.polarity for t in frame["text"]]
    return _sentiment_only(np.asarray(polarity) < 0, frame.index)


JUDGES: dict[str, Judge] = {
    "model": model_judge,
    "rules": rules_judge,
    "vader": vader_judge,
    "textblob": textblob_judge,
}


def figures(frame: pd.DataFrame, scored: pd.DataFrame) -> dict[str, float]:
    """Precision, recall and F1 of each flag, category accuracy and the false-flag rate.

    Category accuracy is measured on the posts both labelled and flagged with the signal ("when
    it flags, is the category right"); the false-flag rate on posts labelled neither negative
    nor overshare.
    """
    out: dict[str, float] = {"posts": len(frame)}
    for label, column in FLAGS:
        y = frame[f"label_{label}"].to_numpy() == 1
        p = scored[column].to_numpy(dtype=bool)
        tp, fp, fn = int((y & p).sum()), int((~y & p).sum()), int((y & ~p).sum())
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        out |= {f"{label} precision": precision, f"{label} recall": recall, f"{label} f1": f1,
                f"{label} flagged": int(p.sum()), f"{label} positives": int(y.sum())}
    for label, column in (("overshare", "overshare_category"), ("value_add", "value_category")):
        both = (frame[f"label_{label}"].to_numpy() == 1) & (
            scored[dict(FLAGS)[label]].to_numpy(dtype=bool)
        )
        right = frame[f"label_{column}"].to_numpy()[both] == scored[column].to_numpy()[both]
        out[f"{column} accuracy"] = float(right.mean()) if both.any() else float("nan")
    clean = (frame["label_negative"].to_numpy() == 0) & (frame["label_overshare"].to_numpy() == 0)
    flagged = scored["is_negative"].to_numpy(dtype=bool) | scored["is_overshare"].to_numpy(
        dtype=bool
    )
    out["false-flag rate"] = float(flagged[clean].mean()) if clean.any() else float("nan")
    return out


def per_export(frame: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """Precision of each flag per real export (``label_source``): flags, right, precision."""
    rows = []
    for source, part in frame.groupby("label_source"):
        s = scored.loc[part.index]
        row: dict[str, object] = {"export": source.removeprefix("samples/"), "posts": len(part)}
        for label, column in FLAGS:
            flagged = s[column].to_numpy(dtype=bool)
            right = int((flagged & (part[f"label_{label}"].to_numpy() == 1)).sum())
            row[label] = f"{right}/{int(flagged.sum())}"
        rows.append(row)
    return pd.DataFrame(rows)
