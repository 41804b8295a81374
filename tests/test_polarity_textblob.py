"""TextBlob polarity, re-implemented for speed (``audit/scorers/_polarity.py``), equals TextBlob.

As strong as VADER's equivalence (``tests/test_vader_fast.py``): every entry of TextBlob's own
lexicon (2,860 words and phrases) in the forms its rules treat differently (alone, intensified,
negated, in an adverb made from it, with "!" and emoticons, in a contrast), random mixes of
lexicon words, modifiers, negations and punctuation, and the real tweets of the external
evaluation sets. Compared with the real library to 1e-9.
"""

from __future__ import annotations

import csv
import random

import pytest
from textblob.en import sentiment

from audit.scorers import _polarity
from audit.scorers._text import negfix
from tests.helpers import shared_path

LEXICON = sorted(sentiment.keys())
MODIFIERS = ["very", "really", "extremely", "quite", "so", "too", "slightly", "most", "more"]
NEGATIONS = ["not", "never", "no", "n't", "don't", "isn't"]
MARKS = ["!", "!!", "!!!", "?", ".", ",", ":)", ":(", ":-(", ";)", ":'(", ":D", "...", "(!)"]


def _assert_equal(texts: list[str]) -> None:
    wrong = [t for t in texts if abs(_polarity.polarity(t) - sentiment(t)[0]) > 1e-9]
    assert not wrong, (len(wrong), wrong[:5])


def _adverb(word: str) -> str:
    """The -ly adverb TextBlob derives from an adjective ("deplorable" -> "deplorably")."""
    if word.endswith("le"):
        return word[:-2] + "ly"
    if word.endswith("y"):
        return word[:-1] + "ily"
    return word + "ly"


def test_every_lexicon_entry_in_every_form():
    assert len(LEXICON) == 2860
    texts = []
    for w in LEXICON:
        texts += [
            w,
            f"it is {w}",
            f"very {w}",
            f"not {w}",
            f"not very {w}",
            f"never really {w}!",
            f"{w}!!",
            f"{w} :)",
            f"{w} :(",
            f"{w}, but great",
            f"he behaved {_adverb(w)}",
            f"{w.upper()} {w}",
        ]
    _assert_equal(texts)
    # the lexicon and its rules really are exercised: most forms move the polarity
    assert sum(1 for t in texts[:1200] if sentiment(t)[0] != 0) > 600


def test_adverbs_from_adjectives():
    # the "-le -> -ly" rule: "deplorably" takes "deplorable"'s polarity
    adverbs = [f"he behaved {_adverb(w)}" for w in LEXICON if w.endswith("le")]
    assert len(adverbs) > 90
    _assert_equal(adverbs)
    assert sentiment("he behaved deplorably")[0] == pytest.approx(-0.6)


@pytest.mark.parametrize("seed", range(4))
def test_random_mixes(seed):
    rng = random.Random(seed)
    pieces = LEXICON + MODIFIERS + NEGATIONS + MARKS + ["the", "I", "my", "boss", "and", "but"]
    texts = [
        " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(2500)
    ]
    _assert_equal(texts + [negfix(t) for t in texts[:500]])


def _tweets() -> list[str]:
    s140 = shared_path("eval/external/testdata.manual.2009.06.14.csv")
    with s140.open(encoding="latin-1", newline="") as fh:
        texts = [row[5] for row in csv.reader(fh)]
    vader = shared_path("eval/external/vader_tweets_GroundTruth.txt")
    texts += [line.split("\t")[2] for line in vader.read_text("utf-8").splitlines() if line]
    return texts


def test_real_tweets_of_the_external_sets():
    tweets = _tweets()
    assert len(tweets) > 4500
    _assert_equal(tweets + [negfix(t) for t in tweets])
