"""The learned judgement applied to a chunk of scored posts: the rules' results in, verdicts out.

The rule scorers run first (their results are the model's evidence); then, for each post the
audit can read, :func:`judge_chunk` replaces the rules' negativity, oversharing and value-add
results with the models' verdicts, each with a reason that quotes the words that moved the model
most and the rules' own reason where the rules agreed. The plain reason
(:mod:`audit.scorers._reasons`) quotes the user's own words: the rules' where the rules found
the same flag, else the model's words found back in the text, as written. Two rule verdicts
stand without the model, because they are exact and the labelled corpus has too few of them to
learn from: personal identifiers (e-mail addresses, phone, card and ID numbers, street addresses,
birth dates) and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from functools import lru_cache
from typing import Any

from ..scorers._text import versus
from ..scorers.negativity import NegativityResult
from ..scorers.oversharing import OvershareResult
from ..scorers.value import ValueResult
from . import Judgement
from .features import rule_features

__all__ = ["judge_chunk", "post_features", "said"]

#: oversharing categories whose rule verdict stands (exact detectors, too rare to learn)
EXACT_OVERSHARE = frozenset({"pii"})


def _quoted(words: Sequence[str]) -> str:
    return ", ".join(f"'{w}'" for w in words)


def _reason(
    model: Judgement, ids: list[int], head: str, p: float, threshold: float, *columns: str
) -> tuple[str, list[str]]:
    """``head (model p >= threshold): 'word', ...``: the words that moved the first of the
    model ``columns`` that has any, and those words (the model's terms)."""
    why = f"{head} ({versus('model', p, threshold, strict=False)})"
    for column in columns:
        words = model.top_terms(ids, column)
        if words:
            return f"{why}: {_quoted(words)}", words
    return why, []


# what the placeholders of the model's terms stand for in a text (audit.model.features.terms)
_PLACEHOLDERS = {
    "<@>": r"[@＠]\w+",
    "<num>": r"\d+",
    "<url>": r"(?:https?://|www\.)\S+",
}


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str] | None:
    """Where a model term (a word, a bigram, "!!!", an emoji) is in a lower-cased text."""
    parts = []
    for word in term.split(" "):
        if word == "<censored>":
            continue  # it follows its own "f***", already in the term
        if word.startswith("<") or word.startswith("url:"):
            if word not in _PLACEHOLDERS:
                return None
            parts.append(_PLACEHOLDERS[word])
        else:
            parts.append(re.escape(word))
    if not parts:
        return None
    # the tokens of a bigram are apart by what the tokenizer skips (spaces, punctuation)
    return re.compile(r"(?<![a-z0-9])" + r"[^a-z0-9]{0,12}?".join(parts) + r"(?![a-z0-9])")


def said(text: str, low: str, terms: Sequence[str]) -> tuple[str, ...]:
    """The user's own words behind the model's terms: each term found in the lower-cased text
    and quoted from the text as written (terms not found are left out).

    Examples
    --------
    >>> said("You are an IDIOT!!!", "you are an idiot!!!", ["idiot", "idiot !!!"])
    ('IDIOT', 'IDIOT!!!')
    """
    out = []
    for term in terms:
        rx = _term_pattern(term)
        m = rx.search(low) if rx is not None else None
        if m is not None and m.end() > m.start():
            out.append(text[m.start() : m.end()])
    return tuple(out)


def post_features(
    neg: Any,
    ovr: Any,
    val: Any,
    late: bool,
    shouting: bool,
    kind: str | None,
    n_links: int,
    media: float,
    low: str,
) -> list[float]:
    """One post's rule evidence as the models read it (the same in training and at run time).

    ``neg``, ``ovr`` and ``val`` are the rules' results (or anything with their fields).
    """
    return rule_features(
        neg.score,
        neg.is_negative,
        neg.targets_person,
        ovr.score,
        ovr.category,
        val.score,
        val.category,
        late,
        shouting,
        kind in ("reply", "comment"),
        bool(n_links) or "http" in low,
        "@" in low,
        bool(media) and media == media,  # NaN is no media
        len(low.split()),
    )


def judge_chunk(
    model: Judgement,
    texts: Sequence[str],
    lows: Sequence[str],
    negative: list[NegativityResult],
    overshare: list[OvershareResult],
    value: list[ValueResult],
    late: Sequence[bool],
    shouting: Sequence[bool],
    kinds: Sequence[str | None] | None,
    n_links: Sequence[int] | None,
    media: Sequence[float] | None,
    skip: Container[int],
    owners: Container[str] = (),
    thresholds: dict[str, float] | None = None,
) -> None:
    """Replace the rules' results of every post not in ``skip`` by the models' verdicts.

    ``owners`` are the account owner's handles (never a target); ``thresholds`` replace the
    model's own (the user's ``--negativity-threshold`` and the like).
    """
    rows: list[int] = [i for i in range(len(texts)) if i not in skip]
    if not rows:
        return
    features = [
        post_features(
            negative[i],
            overshare[i],
            value[i],
            bool(late[i]),
            bool(shouting[i]),
            kinds[i] if kinds is not None else None,
            n_links[i] if n_links is not None else 0,
            media[i] if media is not None else 0.0,
            lows[i],
        )
        for i in rows
    ]
    verdict = model.predict([lows[i] for i in rows], features, thresholds)
    th = {**model.thresholds, **(thresholds or {})}
    for j, i in enumerate(rows):
        ids = verdict.term_ids[j]
        post = (texts[i], lows[i])
        negative[i] = _negativity(model, verdict, j, ids, negative[i], th, owners, post)
        overshare[i] = _overshare(model, verdict, j, ids, overshare[i], th, post)
        value[i] = _value(model, verdict, j, ids, value[i], th, post)


def _negativity(
    model: Judgement, verdict: Any, j: int, ids: list[int], rule: NegativityResult,
    th: dict[str, float], owners: Container[str], post: tuple[str, str],
) -> NegativityResult:
    p = float(verdict.probability["negative"][j])
    if not verdict.flagged["negative"][j]:
        return NegativityResult(round(p, 4), False, False, None, (), "")
    targeted = bool(verdict.flagged["targets_person"][j])
    about = " about a person" if targeted else ""
    why, words = _reason(model, ids, f"negative{about}", p, th["negative"], "negative")
    target = rule.target if targeted else None
    if target and target.lower().lstrip("@") in owners:  # the author is never their own target
        target = None
    if targeted:
        why += f"; target {target}" if target else "; aimed at someone"
    if rule.is_negative and rule.why:
        why += f"; rules: {rule.why}"
    flags = ("negative:targeted",) if targeted else ("negative:general",)
    if rule.is_negative and rule.quotes:  # the rules' words (insults first), as written
        quotes, insults = rule.quotes, rule.insults
    else:
        quotes, insults = said(*post, words), 0
    who = rule.who if target else ""
    return NegativityResult(
        round(p, 4), True, targeted, target, flags, why, quotes, who, insults
    )


def _overshare(
    model: Judgement, verdict: Any, j: int, ids: list[int], rule: OvershareResult,
    th: dict[str, float], post: tuple[str, str],
) -> OvershareResult:
    p = float(verdict.probability["overshare"][j])
    if rule.is_overshare and rule.category in EXACT_OVERSHARE:
        return rule  # exact evidence (an e-mail address is an e-mail address)
    if not verdict.flagged["overshare"][j]:
        return OvershareResult(round(p, 4), False, "none", (), "")
    category = verdict.overshare_category[j]
    why, words = _reason(model, ids, f"overshare ({category})", p, th["overshare"],
                         f"overshare:{category}", "overshare")
    if rule.is_overshare and rule.why:
        why += f"; rules: {rule.why}"
    if rule.is_overshare and rule.category == category:
        items = rule.items
    else:
        items = tuple(("", w) for w in said(*post, words))
    flags = (f"overshare:{category}",)
    return OvershareResult(round(p, 4), True, category, flags, why, items)


def _value(
    model: Judgement, verdict: Any, j: int, ids: list[int], rule: ValueResult,
    th: dict[str, float], post: tuple[str, str],
) -> ValueResult:
    p = float(verdict.probability["value_add"][j])
    if not verdict.flagged["value_add"][j]:
        return ValueResult(round(p, 4), False, "none", (), "")
    category = verdict.value_category[j]
    why, words = _reason(model, ids, f"adds value ({category})", p, th["value_add"],
                         f"value:{category}", "value_add")
    if rule.is_value_add and rule.why:
        why += f"; rules: {rule.why}"
    if rule.is_value_add and rule.category == category and rule.quotes:
        quotes = rule.quotes
    else:
        quotes = said(*post, words)
    return ValueResult(round(p, 4), True, category, (f"value:{category}",), why, quotes)
