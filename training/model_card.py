"""The model card: what the shipped judgement was trained on and how well it does, in figures.

``python -m training.model_card`` (also the last step of ``make model``) measures the shipped
files through ``audit.score_posts`` on every labelled set, side by side with the rules alone and
plain VADER and TextBlob, and writes ``audit/model/MODEL_CARD.md`` and the figures into
``audit/model/judgement.json`` (``tests/test_model.py`` recomputes them and compares).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from . import corpus, evaluate, sources

MODEL_DIR = sources.REPO / "audit" / "model"
DEV_EVAL = "../shared/eval/dev_eval.csv"
HOLDOUT = "tests/data/holdout_posts.csv"


def labelled_sets() -> dict[str, pd.DataFrame]:
    """Every labelled set the card reports, by name."""
    real = corpus.labelled("corpus")
    real = real[real["label_language"] == ""]
    return {
        "real dev": real[real["label_split"] == "dev"].reset_index(drop=True),
        "real test": real[real["label_split"] == "test"].reset_index(drop=True),
        "real exports": corpus.labelled("samples"),
        "written holdout": corpus.written([HOLDOUT]),
        "shared dev_eval": corpus.written([DEV_EVAL]),
        "written training sets": corpus.written(),
    }


def measure(sets: dict[str, pd.DataFrame] | None = None) -> dict[str, dict[str, dict]]:
    """``{set: {judge: figures}}`` for every set and judge."""
    sets = sets if sets is not None else labelled_sets()
    return {
        name: {judge: evaluate.figures(frame, fn(frame)) for judge, fn in evaluate.JUDGES.items()}
        for name, frame in sets.items()
    }


def _f(x: float) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.2f}"


def _table(results: dict[str, dict[str, dict]], judges: tuple[str, ...]) -> list[str]:
    lines = [
        "| set | judge | negative P / R / F1 | targets person P / R / F1 | overshare P / R / F1 "
        "| value-add P / R / F1 | overshare cat. | value cat. | false flags |",
        "|---|---|---|---|---|---|---:|---:|---:|",
    ]
    for name, by_judge in results.items():
        for judge in judges:
            f = by_judge[judge]
            cells = [
                f"{_f(f[k + ' precision'])} / {_f(f[k + ' recall'])} / {_f(f[k + ' f1'])}"
                for k in ("negative", "targets_person", "overshare", "value_add")
            ]
            lines.append(
                f"| {name} ({f['posts']}) | {judge} | {' | '.join(cells)} | "
                f"{_f(f['overshare_category accuracy'])} | {_f(f['value_category accuracy'])} | "
                f"{f['false-flag rate']:.1%} |"
            )
    return lines


def _markdown(frame: pd.DataFrame) -> list[str]:
    head = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    return [head, rule, *("| " + " | ".join(map(str, r)) + " |" for r in frame.to_numpy())]


def write_card(out: Path = MODEL_DIR) -> None:
    """Measure, store the figures in judgement.json and write MODEL_CARD.md."""
    sets = labelled_sets()
    results = measure(sets)
    exports = evaluate.per_export(sets["real exports"], evaluate.model_judge(sets["real exports"]))
    meta_path = out / "judgement.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["figures"] = {
        name: {judge: {k: (None if isinstance(v, float) and math.isnan(v) else v)
                       for k, v in figs.items()} for judge, figs in by.items()}
        for name, by in results.items()
    }
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    t = meta["training"]
    card = [
        "# Model card: the learned judgement",
        "",
        f"Trained {t['date']} by `make model` (`training/train.py`, {t['seconds']} s, "
        "deterministic) from `../shared`. Files: `judgement.npz` (numpy arrays, loaded with "
        "`allow_pickle=False`), `judgement.json` (names, thresholds, these figures).",
        "",
        "## Data",
        "",
        f"- **Rubric models**: the labelled corpus of real posts (`training/labels/corpus.csv`, "
        f"`training/README.md`), English posts of its *train* split ({t['corpus']['train']:,}); "
        f"regularisation and thresholds chosen on its *dev* split ({t['corpus']['dev']:,}); the "
        f"*test* split ({t['corpus']['test']:,}) and the real exports were never used for a "
        "choice.",
        "- **Public-label models**: "
        + ", ".join(f"{n} ({c:,} posts)" for n, c in t["public_posts"].items())
        + " (TweetEval and GoEmotions in `../shared/train`; every post of the labelled corpus "
        "left out).",
        "",
        "## Features",
        "",
        f"- word unigrams and bigrams seen in at least {t['min_df']} texts "
        f"({meta['vocabulary_size']:,} kept after pruning), links as `<url>` with their host "
        "and path words, @handles as `<@>`, numbers as `<num>`, censored words, emoji;",
        f"- the rules' evidence ({len(meta['rule_features'])} features: "
        + ", ".join(meta["rule_features"][:4])
        + ", ...);",
        f"- the {len(meta['public_models'])} public-label probabilities.",
        "",
        "Logistic regressions (scikit-learn, liblinear; categories multinomial). Regularisation "
        "C per signal: " + ", ".join(f"{k} {v}" for k, v in t["regularisation"].items()) + ".",
        "",
        "## Thresholds (precision first)",
        "",
        f"Each flag's threshold is the one with the best F1 among those reaching precision "
        f"{t['precision_target']:.2f} on the dev split ({t['value_precision_target']:.2f} for "
        "value-add, which is praise, not a problem) with a recall of at least 0.05 (else the "
        "best F0.5): "
        + ", ".join(f"{k} {v}" for k, v in meta["thresholds"].items())
        + ". Whom a post targets is learnt on negative posts and judged on posts flagged "
        "negative. Personal identifiers (e-mail addresses, phone, card and ID numbers) stay "
        "exact rules.",
        "",
        "## Figures",
        "",
        "P / R / F1 per flag; category accuracy on posts both labelled and flagged with the "
        "signal; false flags: share of posts labelled neither negative nor overshare that get "
        "either flag. `model` is the audit as shipped; `rules` the rules alone; `vader` and "
        "`textblob` plain sentiment (negative only).",
        "",
        *_table(results, tuple(evaluate.JUDGES)),
        "",
        "Precision per real export (right / flagged, model):",
        "",
        *_markdown(exports),
        "",
        "## Limits",
        "",
        "- English only; posts in other languages are not assessed.",
        "- Trained on TweetEval and GoEmotions posts and two X timelines: other platforms' "
        "styles (LinkedIn, long Facebook posts) are less well covered.",
        "- Precision first: most flags the rules raised on real posts were wrong, so the model "
        "flags far fewer posts and misses many the rubric calls negative, oversharing or "
        "valuable. A post without a flag is not a clean bill.",
        "",
    ]
    (out / "MODEL_CARD.md").write_text("\n".join(card), encoding="utf-8")


if __name__ == "__main__":
    write_card()
