"""VADER compound scores, built once, with a shortcut for clauses that cannot score below zero.

The negativity scorer only uses ``min(0, compound)`` of each clause (and ``compound <= -x`` with
``x > 0``), so a clause whose compound is certainly not negative can be given 0.0 without running
VADER, and every result stays exactly the same. VADER (``vaderSentiment`` 3.3.2, read in the
installed package) can only produce a negative sum when one of its tokens (whitespace split, edge
punctuation stripped, lower-cased) is:

- a lexicon word with a valence of 0 or below;
- a negation (VADER's ``NEGATE`` list, or any word containing ``n't``), which flips a positive
  word; ``least``, which does too;
- a dampening booster ("barely", "kind of", ...), which can pull a small positive valence below
  zero; the first word of a special idiom with a negative value ("yeah right");

or when the text is not ASCII (emoji are translated into words first). Anything else (a
positive valence, boosted, capitalised, "but"-weighted, exclamation-amplified) stays at or above
zero. :func:`negative_part` therefore runs VADER only on clauses with one of those tokens; the word
sets are read from the installed package at run time, and
``tests/test_performance_equivalence.py`` checks the shortcut against plain VADER on a corpus.
"""

from __future__ import annotations

import string
from functools import cache
from typing import Any

__all__ = ["compound", "negative_part"]

_STRIP = string.punctuation


@cache
def _vader() -> tuple[Any, frozenset[str]]:
    """VADER's analyzer (constructed once) and the tokens that can make a compound negative."""
    from vaderSentiment import vaderSentiment as vs

    analyzer = vs.SentimentIntensityAnalyzer()
    risky = {w for w, v in analyzer.lexicon.items() if v <= 0}
    risky |= {w.lower() for w in vs.NEGATE}
    risky.add("least")
    risky |= {k.split()[0] for k, v in vs.BOOSTER_DICT.items() if v < 0}
    risky |= {k.split()[0] for k, v in vs.SPECIAL_CASES.items() if v < 0}
    return analyzer, frozenset(risky)


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


def could_be_negative(text: str) -> bool:
    """Whether VADER's compound of ``text`` can be below zero (False means it is >= 0).

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    if not text.isascii():
        return True
    risky = _vader()[1]
    for token in text.lower().split():
        if token in risky or "n't" in token or token.strip(_STRIP) in risky:
            return True
    return False


def negative_part(text: str) -> float:
    """``min(0, compound)`` of a text, exactly, running VADER only when it can be negative.

    Parameters
    ----------
    text : str

    Returns
    -------
    float
        VADER's compound when it is negative, else 0.0 (or the compound itself when VADER ran).
    """
    return compound(text) if could_be_negative(text) else 0.0
