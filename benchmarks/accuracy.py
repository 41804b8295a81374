"""Accuracy of the scorers on labelled posts (not a timed benchmark).

Usage::

    python benchmarks/accuracy.py [CSV ...] [--errors] [--rules-only]
    python benchmarks/accuracy.py --real      # real posts labelled by the rubric (the card)

Without arguments it reads ``../shared/eval/dev_eval.csv`` (beside the repository checkout) and
``tests/data/labelled_posts.csv`` when present. Each CSV has the columns of the rubric
(``../shared/eval/RUBRIC.md``): id, platform, kind, created_at, has_media, place, text, negative,
targets_person, overshare, overshare_category, value_add, value_category, notes.

For each file it prints precision, recall and F1 of ``is_negative``, ``targets_person``,
``is_overshare`` and ``is_value_add``; category accuracy for overshare and value (among rows whose
label is positive, the share whose predicted category equals the label); and the false-flag rate
(rows labelled neither negative nor overshare that we flag as either). ``--errors`` also lists the
rows we get wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from audit.scoring import SCORED_COLUMNS, score_posts  # noqa: E402

DEFAULTS = (
    REPO.parent / "shared" / "eval" / "dev_eval.csv",
    REPO / "tests" / "data" / "labelled_posts.csv",
)
FLAGS = (
    ("negative", "is_negative"),
    ("targets_person", "targets_person"),
    ("overshare", "is_overshare"),
    ("value_add", "is_value_add"),
)


def _truthy(series: pd.Series) -> pd.Series:
    return series.astype("str").str.strip().str.lower().isin(["1", "true", "yes", "y"])


def to_posts(labelled: pd.DataFrame) -> pd.DataFrame:
    """Map the rubric's columns to the posts schema the scorers read.

    Parameters
    ----------
    labelled : DataFrame
        Rows read from a labelled CSV.

    Returns
    -------
    DataFrame
        ``post_id``, ``platform``, ``kind``, ``created_at``, ``media_count``, ``place``, ``text``.
    """
    posts = pd.DataFrame(
        {
            "post_id": labelled["id"].astype("str"),
            "platform": labelled.get("platform", pd.Series("", index=labelled.index)).astype("str"),
            "text": labelled["text"].fillna("").astype("str"),
        }
    )
    if "kind" in labelled.columns:
        posts["kind"] = labelled["kind"].fillna("post").astype("str")
    if "created_at" in labelled.columns:
        posts["created_at"] = pd.to_datetime(labelled["created_at"], utc=True, errors="coerce")
    if "has_media" in labelled.columns:
        posts["media_count"] = _truthy(labelled["has_media"]).astype("int64")
    if "place" in labelled.columns:
        posts["place"] = labelled["place"].astype("str")
    return posts


def _prf(truth: pd.Series, pred: pd.Series) -> tuple[float, float, float, int]:
    tp = int((truth & pred).sum())
    fp = int((~truth & pred).sum())
    fn = int((truth & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, int(truth.sum())


def evaluate(
    labelled: pd.DataFrame, rules_only: bool = False
) -> tuple[dict[str, float], pd.DataFrame]:
    """Score labelled rows and compute the figures.

    Parameters
    ----------
    labelled : DataFrame
        Rows read from a labelled CSV.
    rules_only : bool
        Judge with the rules alone (``score_posts(..., rules_only=True)``).

    Returns
    -------
    (dict, DataFrame)
        Figures by name, and the scored frame (with the labels alongside).
    """
    scored = score_posts(to_posts(labelled), rules_only=rules_only)
    figures: dict[str, float] = {}
    for label, ours in FLAGS:
        truth = _truthy(labelled[label]).to_numpy()
        pred = scored[ours].to_numpy(dtype=bool)
        p, r, f, support = _prf(pd.Series(truth), pd.Series(pred))
        figures[f"{label}_precision"] = p
        figures[f"{label}_recall"] = r
        figures[f"{label}_f1"] = f
        figures[f"{label}_support"] = support
    for label, col, ours in (
        ("overshare", "overshare_category", "overshare_category"),
        ("value_add", "value_category", "value_category"),
    ):
        pos = _truthy(labelled[label]).to_numpy()
        want = labelled[col].astype("str").str.strip().to_numpy()[pos]
        got = scored[ours].astype("str").to_numpy()[pos]
        figures[f"{col}_accuracy"] = float((want == got).mean()) if len(want) else float("nan")
    clean = ~(_truthy(labelled["negative"]).to_numpy() | _truthy(labelled["overshare"]).to_numpy())
    flagged = scored["is_negative"].to_numpy(dtype=bool) | scored["is_overshare"].to_numpy(
        dtype=bool
    )
    figures["false_flag_rate"] = float(flagged[clean].mean()) if clean.any() else float("nan")
    figures["clean_rows"] = int(clean.sum())
    figures["rows"] = len(labelled)
    preds = scored.reset_index(drop=True)[list(SCORED_COLUMNS)].add_suffix("_pred")
    both = pd.concat([labelled.reset_index(drop=True), preds], axis=1)
    return figures, both


def _report(name: str, figures: dict[str, float]) -> str:
    lines = [f"{name}  ({figures['rows']} rows)"]
    for label, ours in FLAGS:
        lines.append(
            f"  {ours:<15} F1 {figures[f'{label}_f1']:.3f}   precision "
            f"{figures[f'{label}_precision']:.3f}   recall {figures[f'{label}_recall']:.3f}"
            f"   (positives {figures[f'{label}_support']})"
        )
    lines.append(f"  overshare_category accuracy {figures['overshare_category_accuracy']:.3f}")
    lines.append(f"  value_category accuracy     {figures['value_category_accuracy']:.3f}")
    lines.append(
        f"  false-flag rate {figures['false_flag_rate']:.3f} "
        f"(on {figures['clean_rows']} rows labelled neither negative nor overshare)"
    )
    return "\n".join(lines)


def _errors(both: pd.DataFrame) -> str:
    lines = []
    for _, row in both.iterrows():
        wrong = []
        for label, ours in FLAGS:
            if _truthy(pd.Series([row[label]])).iloc[0] != bool(row[f"{ours}_pred"]):
                wrong.append(f"{label}={row[label]} got {int(bool(row[f'{ours}_pred']))}")
        if _truthy(pd.Series([row["overshare"]])).iloc[0] and (
            row["overshare_category"] != row["overshare_category_pred"]
        ):
            wrong.append(f"cat {row['overshare_category']} got {row['overshare_category_pred']}")
        if _truthy(pd.Series([row["value_add"]])).iloc[0] and (
            row["value_category"] != row["value_category_pred"]
        ):
            wrong.append(f"vcat {row['value_category']} got {row['value_category_pred']}")
        if wrong:
            lines.append(
                f"{row['id']}: {'; '.join(wrong)}\n    {row['text'][:160]}\n    {row['why_pred']}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the accuracy report; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("csv", nargs="*", type=Path, help="labelled CSV files")
    parser.add_argument("--errors", action="store_true", help="list the rows we get wrong")
    parser.add_argument(
        "--real",
        action="store_true",
        help="the figures of the model card: real dev/test split, real exports, written sets; "
        "the audit as shipped beside the rules alone, plain VADER and TextBlob (needs ../shared)",
    )
    parser.add_argument("--rules-only", action="store_true", help="judge with the rules alone")
    args = parser.parse_args(argv)
    if args.real:
        from training import evaluate as judges
        from training import model_card

        sets = model_card.labelled_sets()
        sys.stdout.write("\n".join(model_card._table(model_card.measure(sets),
                                                      tuple(judges.JUDGES))) + "\n")
        exports = sets["real exports"]
        table = judges.per_export(exports, judges.model_judge(exports))
        sys.stdout.write("\nright / flagged per real export (the audit as shipped):\n")
        sys.stdout.write(table.to_string(index=False) + "\n")
        return 0
    paths = args.csv or [p for p in DEFAULTS if p.exists()]
    if not paths:
        sys.stderr.write("no labelled CSV found; pass one as an argument\n")
        return 2
    for path in paths:
        labelled = pd.read_csv(path, dtype="str", keep_default_na=False, na_values=[])
        labelled["place"] = labelled.get("place", pd.Series("", index=labelled.index)).replace(
            "", None
        )
        figures, both = evaluate(labelled, rules_only=args.rules_only)
        sys.stdout.write(_report(str(path), figures) + "\n")
        if args.errors:
            sys.stdout.write(_errors(both) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
