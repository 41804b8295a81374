"""VADER compound scores, built once, with a shortcut for clauses that cannot score below zero.

The negativity scorer only uses ``min(0, compound)`` of each clause (and ``compound <= -x`` with
``x > 0``), so a clause whose compound is certainly not negative can be given 0.0 without running
VADER, and every result stays exactly the same. VADER (``vaderSentiment`` 3.3.2, read in the
installed package) can only produce a negative sum when one of its tokens (whitespace split, edge
punctuation stripped, lower-cased) is:

- a lexicon word with a valence of 0 or below;
- a negation (VADER's ``NEGATE`` list, ``no``, or any word containing ``n't``), which flips a
  positive word; ``least``, which does too;
- a dampening booster ("barely", "kind of", ...), which can pull a small positive valence below
  zero; the first word of a special idiom with a negative value ("yeah right");

read after VADER's own translation of emoji into words ("😡" -> "enraged face"). Anything else (a
positive valence, boosted, capitalised, "but"-weighted, exclamation-amplified) stays at or above
zero. :func:`negative_part` therefore runs VADER only on clauses with one of those tokens. The
mirror image holds for positive compounds (:func:`could_be_positive`), which lets the negativity
scorer skip the whole-post compound when it cannot reach its "clearly positive" cut. The word sets
are read from the installed package at run time, and ``tests/test_performance_equivalence.py``
checks the shortcuts against plain VADER on a corpus.
"""

from __future__ import annotations

import string
from functools import cache
from typing import Any

__all__ = ["compound", "could_be_negative", "could_be_positive", "negative_part"]

_STRIP = string.punctuation


@cache
def _vader() -> tuple[Any, frozenset[str], frozenset[str]]:
    """VADER's analyzer (built once) and the tokens that can make a compound negative/positive.

    The sets are mirror images: a sign flip needs a negation (or ``least``), a dampener can
    cross zero in either direction, and a special idiom sets its own value.
    """
    from vaderSentiment import vaderSentiment as vs

    analyzer = vs.SentimentIntensityAnalyzer()
    # "no" before a word scales it by VADER's negation factor, as NEGATE words and "least" do
    flips = {w.lower() for w in vs.NEGATE} | {"least", "no"}
    flips |= {k.split()[0] for k, v in vs.BOOSTER_DICT.items() if v < 0}
    negative = {w for w, v in analyzer.lexicon.items() if v <= 0} | flips
    negative |= {k.split()[0] for k, v in vs.SPECIAL_CASES.items() if v < 0}
    positive = {w for w, v in analyzer.lexicon.items() if v >= 0} | flips
    positive |= {k.split()[0] for k, v in vs.SPECIAL_CASES.items() if v > 0}
    return analyzer, frozenset(negative), frozenset(positive)


def compound(text: str) -> float:
    """VADER's compound score of a text (the analyzer is built once).

    Parameters
    ----------
    text : str

    Returns
    -------
    float
        ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``.
    """
    return _vader()[0].polarity_scores(text)["compound"]


def _as_vader_reads(text: str) -> str:
    """The text VADER scores: each emoji replaced by its description (as VADER does), stripped."""
    if text.isascii():
        return text
    emojis = _vader()[0].emojis
    out: list[str] = []
    prev_space = True
    for ch in text:
        description = emojis.get(ch)
        if description is not None:
            if not prev_space:
                out.append(" ")
            out.append(description)
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out)


def _could_be(text: str, risky: frozenset[str]) -> bool:
    for token in _as_vader_reads(text).lower().split():
        if token in risky or "n't" in token or token.strip(_STRIP) in risky:
            return True
    return False


def could_be_negative(text: str) -> bool:
    """Whether VADER's compound of ``text`` can be below zero (False means it is >= 0).

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    return _could_be(text, _vader()[1])


def could_be_positive(text: str) -> bool:
    """Whether VADER's compound of ``text`` can be above zero (False means it is <= 0).

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    return _could_be(text, _vader()[2])


def negative_part(text: str) -> float:
    """A stand-in for VADER's compound with the same negative part, run only when it can be < 0.

    Parameters
    ----------
    text : str

    Returns
    -------
    float
        VADER's compound when it can be negative (then VADER runs), else 0.0; either way
        ``min(0, result) == min(0, compound(text))``.
    """
    return compound(text) if could_be_negative(text) else 0.0
