"""The one-pass VADER compound (``audit.scorers._vader``) equals vaderSentiment's, float for float.

Every check compares :func:`audit.scorers._vader.compound` with
``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]`` by ``==`` and checks that the
gates (:func:`~audit.scorers._vader.negative_part`, ``could_be_negative``, ``could_be_positive``)
agree with the compound.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest
from vaderSentiment import vaderSentiment as vs

from audit.scorers import _vader
from audit.scorers._text import clauses
from tests.helpers import REPO, benchmark_generator, shared_path

EDGE_CASES = [
    # empty, blank, punctuation only, tiny tokens
    "",
    " ",
    "   \n\t ",
    ".",
    "...",
    "!",
    "?",
    "!!!!!",
    "???",
    "?!",
    "!?!?!?",
    "a",
    "ok",
    "no",
    "I",
    "OK!",
    "no!",
    "?good?",
    "'good'",
    "(good)",
    '"bad"',
    "--bad--",
    "b.a.d",
    "a! b? c.",
    # plain words, punctuation emphasis
    "good",
    "The book was good.",
    "good!",
    "good!!",
    "good!!!!",
    "good!!!!!!!!",
    "bad!!!!!",
    "good?",
    "good??",
    "bad???",
    "bad????",
    "good?!",
    "good ?!?!",
    "good! bad? great!!! awful??",
    # negations: NEGATE words, n't, "no" rules, three words back
    "not good",
    "NOT good",
    "Not bad at all",
    "isn't good",
    "I don't hate my boss",
    "DON'T like it",
    "doesn't hurt",
    "mayn't good",  # contains "n't" but is not in NEGATE
    "MAYN'T good",
    "they WOULDN'T'VE liked it",
    "wouldn't really recommend a bad film",
    "aint bad",
    "uh-uh good",
    "not that very good",
    "never really that good",
    "nothing good",
    "without good",
    "no good",
    "no problem",
    "no no good",
    "no",
    "No way",
    "no, good",
    "it was no good",
    "no idea good",
    "no bad or good",
    "no bad nor good",
    "no x or good",
    "no x y or good",
    "good no",
    "no love no hate",
    # never so / this, without doubt
    "never so good",
    "never this good",
    "Sentiment analysis has never been this good!",
    "Sentiment analysis has never been good.",
    "it is so good",
    "I like this good thing",
    "she was this happy",
    "never so very good",
    "never this bad",
    "without doubt good",
    "without doubt a good idea",
    "Without a doubt, excellent idea.",
    "without any doubt excellent",
    "without a doubt good",
    # least
    "at least good",
    "At least it isn't a horrible book.",
    "the very least good",
    "least good",
    "the least good idea",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    # boosters, dampeners, kind of / sort of, distance damping
    "very good",
    "very very good",
    "extremely bad",
    "really really really bad",
    "so so good",
    "very nice very bad",
    "barely good",
    "hardly bad",
    "kinda good",
    "kind of good",
    "it was kind of good",
    "The book was only kind of good.",
    "sort of good",
    "it was sort of bad",
    "it was just enough good",
    "kind",
    "kind of",
    "so kind",
    "very kind of you",
    "she is kind",
    "a kind of magic",
    "kind-of good",
    "sort-of bad",
    "Today only kinda sux! But I'll get by, lol",
    "more good",
    "most bad",
    "total fail",
    # ALL CAPS with and without the cap differential
    "GOOD",
    "GOOD BAD",
    "THIS IS GOOD",
    "this is GOOD",
    "VERY good",
    "very GOOD",
    "VERY GOOD movie",
    "VERY BAD movie!",
    "REALLY bad",
    "not GOOD at all",
    "NO GOOD",
    "no GOOD",
    "KIND OF GOOD ok",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "Today SUX!",
    "I LOVE it",
    "i love it",
    "I love IT",
    "HAPPY",
    "Happy Happy",
    # but, including repeated valences
    "good but bad",
    "good but good",
    "good good but bad bad",
    "happy happy but sad good happy",
    "bad bad bad but bad",
    "but good",
    "good but",
    "good BUT bad",
    "good but but bad",
    "nice, but, nice",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "good nice but nice good but bad",
    "love hate love but hate love hate",
    # ... where halving or multiplying a valence by 1.5 makes it equal to a later one (nice 1.8,
    # jk 0.9, happy 2.7; love 3.2, ty 1.6): VADER then rewrites the earlier element again
    "nice but jk",
    "love but ty",
    "I love it but ty anyway",
    "but nice happy",
    "nice nice but jk jk",
    "nice jk but happy nice",
    # special cases and idioms
    "yeah right",
    "oh yeah right great",
    "well yeah right",
    "I am sure yeah right",
    "the bomb",
    "it was the bomb",
    "this party is the bomb",
    "the shit",
    "With VADER, sentiment analysis is the shit!",
    "a kiss of death",
    "it was the kiss of death",
    "this cake is to die for",
    "a dress to die for",
    "my beating heart",
    "the bus stop",
    "meet me at the bus stop",
    "bad ass",
    "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!",
    "not such a badass after all",
    "the the bomb bomb",
    "kiss kiss of death",
    "yeah right yeah right",
    # emoticons and emoji, with and without spaces
    ":)",
    ":(",
    ":-)",
    ":-(",
    "<3",
    ":D",
    "XD",
    ";)",
    "(:",
    "Make sure you :) or :D today!",
    "so sad :( really",
    "so sad : ( really",
    "😀",
    "😀😀",
    " 😀 ",
    "good😀",
    "😀good",
    "good 😀 bad",
    "good😀bad",
    "😀 😡",
    "I ❤️ it",
    "I ❤ it",
    "❤️❤️❤️",
    "☺️",
    "🙂🙂🙂!!",
    "😡!!!",
    "not 😀",
    "no 😀",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "🔛",
    "⬆",
    "hi 👋🏽 there",
    "🏳️‍🌈 pride",
    # unicode
    "café good",
    "naïve but bad",
    "ΣΟΦΟΣ good",
    "İstanbul is great",
    "İİ! good",
    "ＧＯＯＤ",
    "good\u00a0day bad",
    "good\u2028bad",
    "good\u3000bad",
    "don’t like it",
    "can’t stand it",
    "“great”",
    "good…",
    "Ich bin überrascht zu sehen, wie erstaunlich nützlich VADER ist!",
    "我很惊讶地看到VADER是如此有用!",
    "Я удивлен, как удивительно полезно!",
    # long texts
    " ".join(["It was one of the worst movies I've seen, despite good reviews."] * 30),
    "It was one of the worst movies I've seen, despite good reviews. Unbelievably bad acting!! "
    "Poor direction. VERY poor production. The movie was bad. Very bad movie. VERY BAD movie!",
    "good " * 200,
    "bad but " * 50 + "good",
]


@pytest.fixture(scope="module")
def analyzer() -> vs.SentimentIntensityAnalyzer:
    return vs.SentimentIntensityAnalyzer()


def _assert_exact(analyzer: vs.SentimentIntensityAnalyzer, texts: list[str]) -> None:
    """The fast compound equals VADER's for every text, and the gates agree with it."""
    assert texts
    diffs = []
    for t in texts:
        want = analyzer.polarity_scores(t)["compound"]
        got = _vader.compound(t)
        if got != want or type(got) is not float:
            diffs.append((t, want, got))
            continue
        if min(0.0, _vader.negative_part(t)) != min(0.0, got):
            diffs.append((t, want, ("negative_part", _vader.negative_part(t))))
        if not _vader.could_be_negative(t) and got < 0:
            diffs.append((t, want, "could_be_negative is False"))
        if not _vader.could_be_positive(t) and got > 0:
            diffs.append((t, want, "could_be_positive is False"))
        if max(0.0, _vader.positive_part(t)) != max(0.0, got):
            diffs.append((t, want, ("positive_part", _vader.positive_part(t))))
    assert not diffs, f"{len(diffs)} of {len(texts)} texts differ, first: {diffs[:5]}"


def _with_clauses(texts: list[str]) -> list[str]:
    return texts + [c for t in texts for _, c in clauses(t)]


def test_edge_cases(analyzer):
    _assert_exact(analyzer, EDGE_CASES)


@pytest.mark.parametrize("name", ["labelled_posts.csv", "tuning_posts.csv", "holdout_posts.csv"])
def test_labelled_posts_and_clauses(analyzer, name):
    frame = pd.read_csv(REPO / "tests" / "data" / name, dtype="str", keep_default_na=False)
    _assert_exact(analyzer, _with_clauses(frame["text"].tolist()))


def test_generated_posts_and_clauses(analyzer):
    gen = benchmark_generator()
    rng = random.Random(2024)
    _assert_exact(analyzer, _with_clauses([gen.make_text(rng)[0] for _ in range(3000)]))


def _random_texts(n: int, seed: int) -> list[str]:
    """Random mixes of lexicon words, boosters, negations, idiom words, punctuation, caps, emoji."""
    rng = random.Random(seed)
    lexicon = sorted(vs.SentimentIntensityAnalyzer().lexicon)
    words = rng.sample(lexicon, 400)
    words += ["good", "bad", "great", "love", "hate", "kind", "no", "doubt", "yeah", "bomb"]
    rules = [w for k in vs.BOOSTER_DICT for w in k.split()]
    rules += list(vs.NEGATE) + [w for k in vs.SPECIAL_CASES for w in k.split()]
    rules += [
        "no",
        "never",
        "so",
        "this",
        "without",
        "doubt",
        "least",
        "at",
        "very",
        "but",
        "or",
        "nor",
        "of",
        "don't",
        "isn't",
    ]
    fillers = ["i", "it", "was", "a", "is", "the", "my", "you", "that"]
    marks = ["!", "?", "!!", "???", "?!", "...", ",", ":)", ":(", ":-)", "<3", "'", "--", "😀"]
    emoji = ["😀", "😡", "❤️", "🙂", "💔", "😂"]
    texts = []
    for _ in range(n):
        tokens: list[str] = []
        for _ in range(rng.randint(1, 25)):
            r = rng.random()
            if r < 0.35:
                token = rng.choice(words)
            elif r < 0.7:
                token = rng.choice(rules)
            elif r < 0.85:
                token = rng.choice(fillers)
            elif r < 0.95:
                token = rng.choice(marks)
            else:
                token = rng.choice(emoji)
            r = rng.random()
            if r < 0.15:
                token = token.upper()
            elif r < 0.2:
                token = token.title()
            r = rng.random()
            if r < 0.15:
                token += rng.choice(["!", ",", ".", "?", "!!", "'", "...", "😀"])
            elif r < 0.2:
                token = rng.choice(["(", '"', "'", "¡"]) + token
            if tokens and rng.random() < 0.1:  # repeat a word: duplicate valences around "but"
                token = tokens[-1]
            tokens.append(token)
        seps = [rng.choice([" "] * 12 + ["", "  ", "\n"]) for _ in tokens]
        texts.append("".join(s + t for s, t in zip(seps, tokens, strict=True)))
    return texts


def test_random_rule_combinations(analyzer):
    _assert_exact(analyzer, _random_texts(5000, seed=7))


def _external_texts(name: str) -> list[str]:
    path = shared_path(f"eval/external/{name}")
    if name.endswith(".txt"):  # id, score, text (tab-separated)
        lines = path.read_text(encoding="utf-8").splitlines()
        return [line.split("\t", 2)[2] for line in lines if line.count("\t") >= 2]
    if name.startswith("testdata"):  # Sentiment140: no header, the text is the last column
        frame = pd.read_csv(
            path, header=None, dtype="str", keep_default_na=False, encoding="latin-1"
        )
        return frame.iloc[:, -1].tolist()
    return pd.read_csv(path, dtype="str", keep_default_na=False)["tweet"].tolist()


@pytest.mark.parametrize(
    "name",
    [
        "vader_tweets_GroundTruth.txt",
        "testdata.manual.2009.06.14.csv",
        "davidson2017_labeled_data.csv",
    ],
)
def test_external_tweets(analyzer, name):
    _assert_exact(analyzer, _external_texts(name))


def test_lexicon_entries(analyzer):
    """Each lexicon entry alone, after "not", in caps, and before "but" with itself."""
    lexicon = sorted(analyzer.lexicon)
    texts = [
        form
        for w in lexicon
        for form in (w, f"not {w}", f"x {w.upper()}", f"{w} but {w} {w}", f"no {w}!")
    ]
    _assert_exact(analyzer, texts)


def test_emoji_entries(analyzer):
    """Every emoji VADER knows, alone, glued to words and repeated."""
    texts = [f"{e}" for e in analyzer.emojis] + [f"good{e}bad {e}{e}!" for e in analyzer.emojis]
    _assert_exact(analyzer, texts)
