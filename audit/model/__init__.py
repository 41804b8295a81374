"""The learned judgement: linear models trained on real posts labelled by the rubric.

``make model`` (``training/train.py``) trains them from ``../shared`` and writes two files here:
``judgement.npz`` (numpy arrays, read with ``allow_pickle=False``: no pickle, no code) and
``judgement.json`` (names, thresholds and the figures of the model card, ``MODEL_CARD.md``).
Nothing is downloaded; the package works without ``../shared``.

How a chunk of posts is judged (:meth:`Judgement.predict`):

1. every post's terms (:func:`audit.model.features.terms`) are looked up in one vocabulary;
   each term has a weight per model, and a post's word score per model is the sum over its
   distinct terms (term 0, ``<bias>``, is in every post and holds the intercepts);
2. the **public-label models** (offensive, hate, irony, anger, ...) turn their word scores into
   probabilities;
3. each **rubric model** (negative, targets a person, overshare, value-add) adds to its word score
   the weighted rule evidence (:data:`~audit.model.features.RULE_FEATURES`) and the public-label
   probabilities; a sigmoid gives its probability, compared with the threshold chosen on the dev
   split (precision first);
4. the **category models** (overshare and value-add categories) do the same with one score per
   category and take the highest.

The terms that moved a model most for a post (:meth:`Judgement.top_terms`) are what a flag's
reason quotes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from ..errors import AuditError, describe
from .features import RULE_FEATURES, terms

__all__ = ["BINARY", "MODEL_LANGUAGES", "Judgement", "Prediction", "load_judgement"]

BINARY = ("negative", "targets_person", "overshare", "value_add")
#: the languages the model learnt from (other languages are judged by their rules alone)
MODEL_LANGUAGES = frozenset({"en"})


@dataclass(frozen=True)
class Prediction:
    """The models' verdict on a chunk of posts (arrays of one row per post)."""

    probability: dict[str, np.ndarray]  # BINARY name -> probability
    flagged: dict[str, np.ndarray]  # BINARY name -> bool, probability >= threshold
    overshare_category: list[str]
    value_category: list[str]
    term_ids: list[list[int]]


class Judgement:
    """The trained models, loaded from the package's data files."""

    def __init__(self, arrays: Any, meta: dict[str, Any]) -> None:
        self.meta = meta
        # the terms: one UTF-8 text, a term a line
        self.vocabulary: list[str] = bytes(arrays["vocabulary"]).decode("utf-8").split("\n")
        self.index = {t: i for i, t in enumerate(self.vocabulary)}
        words = np.asarray(arrays["word_weights"], dtype=np.float32)  # (V, K)
        self.rules = np.asarray(arrays["rule_weights"], dtype=np.float64)  # (R, K - P)
        self.public = np.asarray(arrays["public_weights"], dtype=np.float64)  # (P, K - P)
        self.public_names: list[str] = meta["public_models"]
        self.columns: list[str] = meta["columns"]  # names of the K word-weight columns
        self.thresholds: dict[str, float] = meta["thresholds"]
        self.overshare_classes: list[str] = meta["overshare_categories"]
        self.value_classes: list[str] = meta["value_categories"]
        if self.rules.shape[0] != len(RULE_FEATURES):
            raise AuditError(
                describe(
                    f"a model built for {len(RULE_FEATURES)} rule features",
                    f"{self.rules.shape[0]}",
                    "retrain the model with `make model`",
                    where="audit/model/judgement.npz",
                )
            )
        n_public = len(self.public_names)
        self._col = {name: i for i, name in enumerate(self.columns)}
        self._n_public = n_public
        # every post needs the public and binary columns; the category columns only posts that
        # get flagged (few): two contiguous blocks, gathered separately
        self._n_main = n_public + len(BINARY)
        self.words = np.ascontiguousarray(words[:, : self._n_main])
        self.category_words = np.ascontiguousarray(words[:, self._n_main :])
        self.all_words = words

    # -- scoring -------------------------------------------------------------------------------
    def term_ids(self, low: str) -> list[int]:
        """Vocabulary indices of a lower-cased text's terms (with 0, ``<bias>``), no repeats."""
        get = self.index.get
        ids = {0}
        ids.update(i for i in map(get, terms(low)) if i is not None)
        return list(ids)

    def predict(
        self,
        lows: Sequence[str],
        rule_rows: Sequence[Sequence[float]],
        thresholds: dict[str, float] | None = None,
    ) -> Prediction:
        """Judge a chunk of posts.

        Parameters
        ----------
        lows : sequence of str
            Lower-cased texts (``normalize``).
        rule_rows : sequence of sequences of float
            Each post's :func:`~audit.model.features.rule_features`.
        thresholds : dict, optional
            Thresholds to use instead of the model's (by BINARY name).
        """
        th = {**self.thresholds, **(thresholds or {})}
        ids = [self.term_ids(low) for low in lows]
        lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
        flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(lengths.sum()))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(ids) else lengths
        sums = (
            np.add.reduceat(self.words[flat], starts, axis=0)
            if len(ids)
            else np.zeros((0, self.words.shape[1]))
        )
        p, main = self._n_public, self._n_main
        public = _sigmoid(sums[:, :p].astype(np.float64))
        rules = np.asarray(rule_rows, dtype=np.float64).reshape(len(ids), len(RULE_FEATURES))
        k = main - p
        logits = sums[:, p:] + rules @ self.rules[:, :k] + public @ self.public[:, :k]
        probability = {name: _sigmoid(logits[:, k]) for k, name in enumerate(BINARY)}
        flagged = {name: probability[name] >= th[name] for name in BINARY}
        overshare = ["none"] * len(ids)
        value = ["none"] * len(ids)
        for kind, flag, classes, out in (
            ("overshare", "overshare", self.overshare_classes, overshare),
            ("value", "value_add", self.value_classes, value),
        ):
            rows = np.flatnonzero(flagged[flag]).tolist()
            if rows:
                best = self._classes(ids, rows, rules, public, kind, classes)
                for r, c in zip(rows, best, strict=True):
                    out[r] = c
        return Prediction(
            probability=probability,
            flagged=flagged,
            overshare_category=overshare,
            value_category=value,
            term_ids=ids,
        )

    def _classes(
        self,
        ids: list[list[int]],
        rows: list[int],
        rules: np.ndarray,
        public: np.ndarray,
        kind: str,
        classes: list[str],
    ) -> list[str]:
        """The highest-scoring category of each of the given posts."""
        cols = [self._col[f"{kind}:{c}"] for c in classes]
        words = self.category_words[:, [c - self._n_main for c in cols]]
        other = [c - self._n_public for c in cols]
        out = []
        for r in rows:
            logit = (
                words[ids[r]].sum(axis=0, dtype=np.float64)
                + rules[r] @ self.rules[:, other]
                + public[r] @ self.public[:, other]
            )
            out.append(classes[int(np.argmax(logit))])
        return out

    def top_terms(self, ids: Sequence[int], model: str, limit: int = 3) -> list[str]:
        """The terms of a post that pushed ``model`` (a BINARY name or ``overshare:<cat>``) up
        most, strongest first (unigrams inside a bigram already quoted are left out)."""
        col = self._col[model]
        scored = sorted(
            ((float(self.all_words[i, col]), self.vocabulary[i]) for i in ids if i), reverse=True
        )
        out: list[str] = []
        for weight, term in scored:
            if weight <= 0.05 or len(out) == limit:
                break
            parts = term.split(" ")
            if (
                len(term) < 2
                or term.startswith(("<", "url:"))
                or all(w in _FUNCTION_WORDS for w in parts)
            ):
                continue  # "you", "is a": true evidence, but no reason a person can read
            if any(term in kept.split(" ") for kept in out):
                continue
            out.append(term)
        return out


# words too common to quote as a reason on their own (they still count in the score)
_FUNCTION_WORDS = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "so", "of", "to", "in", "on", "at", "for", "with",
        "from", "by", "about", "as", "is", "are", "was", "were", "be", "been", "am", "i", "me",
        "my", "we", "our", "you", "your", "he", "she", "it", "its", "they", "them", "their", "this",
        "that", "these", "those", "there", "here", "do", "does", "did", "have", "has", "had", "not",
        "no", "just", "like", "what", "when", "who", "how", "all", "if", "then", "than", "too",
        "very", "<@>", "<url>", "<num>", "!!", "??", "rt",
    ]
)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


@cache
def load_judgement() -> Judgement | None:
    """The shipped model (loaded once per process), or None when the package has none."""
    folder = resources.files("audit").joinpath("model")
    npz, meta = folder.joinpath("judgement.npz"), folder.joinpath("judgement.json")
    if not (npz.is_file() and meta.is_file()):
        return None
    with resources.as_file(npz) as path, np.load(path, allow_pickle=False) as arrays:
        data = {k: arrays[k] for k in arrays.files}
    return Judgement(data, json.loads(meta.read_text(encoding="utf-8")))
