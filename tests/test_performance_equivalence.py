"""The fast paths of issue 5 change no result: each is compared with the straightforward way.

Corpus: the labelled posts of ``tests/data/labelled_posts.csv``, about 2,000 texts from the
benchmark generator (``benchmarks/make_archives.py``, fixed seed) and hand-written edge cases
(contractions, emoticons split by the tokenizer, ``(!)``, abbreviations, phone numbers with and
without cues, ``+``/``011`` prefixes, caps, links). No timing is asserted here (shared machines
are noisy): ``benchmarks/bench_audit.py`` measures speed.
"""

from __future__ import annotations

import os
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import audit.scoring as scoring
from audit.importers.twitter import _TIME_FORMATS, _parse_time
from audit.schema import posts_frame
from audit.scorers import _polarity, _text, _vader, negativity, oversharing
from audit.scorers._lexicon import Lexicon, load_lexicon, normalize
from tests.helpers import benchmark_generator

REPO = Path(__file__).resolve().parents[1]

EDGE_CASES = [
    "not good",
    "very good!",
    "isn't good",
    "I don't hate my boss",
    "wow (!) great",
    "so sad :( really",
    "so sad : ( really",
    "o . O what a day",
    "Mr. Smith is great. e.g. nice etc. awful",
    "U.S. is big... really!!",
    "good\n\nbad",
    "good\r\n\r\nEND-OF-SENTENCE bad :-)",
    "really not good",
    "not very good",
    "very very good",
    "\"quoted\" 'single' ‘curly’ “double” great",
    ":'( crying and : ' ( crying",
    "<3 ♥ love it",
    "terribly awesome, happily sad",
    "I'm not a happy camper, but it's ok!!!",
    "wow :) :D xD XD :P ;) :/ :\\ =( :c ;'(",
    "#stupid @karen_w awful!",
    "kind of good, sort of bad, barely fine",
    "yeah right, the bomb, kiss of death",
    "no problem at all",
    "least favourite day, at least it is sunny",
    "Call me at 555-0143 tonight",
    "my number is +44 20 7946 0958",
    "reach me on 011 44 20 7946 0958",
    "order #1234567890 shipped, tracking 9400111899223197428490",
    "text me 212-555-0143 or 2125550143",
    "read https://example.com/2125550143 and www.example.org/a",
    "during the day 3101041 rang",
    "my cell: (212) 555-0143 x12, fax 212x555x0144",
    "ring me later. 555 0143 212",
    "see crontab.guru and 12factor.net",
    "WHY IS THIS SO HARD AGAIN!!! My boss is a CLOWN",
    "ok",
    "",
    "   ",
    "😡😡 my ex is a liar 🤡",
]


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    labelled = pd.read_csv(
        REPO / "tests" / "data" / "labelled_posts.csv", dtype="str", keep_default_na=False
    )
    gen = benchmark_generator()
    rng = random.Random(11)
    generated = [gen.make_text(rng)[0] for _ in range(2000)]
    kinds = ["post", "reply", "comment", "repost"]
    texts = labelled["text"].tolist() + generated + EDGE_CASES
    n = len(texts)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    return pd.DataFrame(
        {
            "post_id": [f"p{i}" for i in range(n)],
            "text": texts,
            "kind": [
                labelled["kind"].iloc[i] if i < len(labelled) else kinds[i % 4] for i in range(n)
            ],
            "created_at": pd.Series(
                [start + timedelta(minutes=37 * i + (i % 7)) for i in range(n)]
            ).astype("datetime64[us, UTC]"),
            "media_count": [i % 5 == 0 for i in range(n)],
            "place": [None if i % 13 else "Lisbon" for i in range(n)],
            "mentions": [["karen_w"] if i % 11 == 0 else [] for i in range(n)],
            "links": [["https://example.com/x"] if i % 9 == 0 else [] for i in range(n)],
        }
    )


def _clauses(texts: list[str]) -> list[str]:
    return [c for t in texts for _, c in _text.clauses(t)]


def test_polarity_equals_textblob(corpus):
    from textblob import TextBlob
    from textblob.en import sentiment

    texts = corpus["text"].tolist()
    texts += [_text.negfix(t) for t in texts] + _clauses(texts)
    for t in texts:
        assert abs(_polarity.polarity(t) - sentiment(t)[0]) <= 1e-9, t
    for t in texts[:300]:  # the public API too, on a sample (it is the same code path)
        assert abs(_polarity.polarity(t) - TextBlob(t).sentiment.polarity) <= 1e-9, t


def test_polarity_shortcut_is_exact(corpus):
    texts = corpus["text"].tolist()
    texts += [_text.negfix(t) for t in texts] + _clauses(texts)
    skipped = 0
    for t in texts:
        if not _polarity.could_be_negative(t):
            skipped += 1
            assert _polarity.polarity(t) >= 0, t
        assert min(0.0, _polarity.negative_part(t)) == min(0.0, _polarity.polarity(t)), t
    assert skipped > len(texts) // 5  # the shortcut is taken, not just harmless


def test_vader_shortcuts_are_exact(corpus):
    texts = corpus["text"].tolist()
    for t in texts + _clauses(texts):
        c = _vader.compound(t)
        assert min(0.0, _vader.negative_part(t)) == min(0.0, c), t
        if not _vader.could_be_positive(t):
            assert c <= 0, t
        assert max(0.0, _vader.positive_part(t)) == max(0.0, c), t


@pytest.mark.parametrize(
    "name", ["negativity.toml", "oversharing.toml", "value.toml", "targets.toml"]
)
def test_lexicon_literal_gate_is_exact(corpus, name):
    lex = load_lexicon(name)
    full = Lexicon.__new__(Lexicon)
    full.__dict__.update(lex.__dict__)
    full._active_patterns = lambda present: lex._patterns  # type: ignore[method-assign]
    for t in corpus["text"]:
        low = normalize(t)
        assert lex.find(low) == full.find(low), t


def _plain_clause_breaks() -> re.Pattern[str]:
    """The clause breaks as first written (audit/scorers/_text.py has a faster form)."""
    from audit.scorers._lexicon import load_data

    contrast = _text._alternation(load_data("language.toml")["clauses"]["contrast"])
    return re.compile(rf"(?<=[.!?;…])\s+|\n+|\s+(?:{contrast})\s+|\s+[-–—]\s+", re.IGNORECASE)


@pytest.fixture
def straightforward(monkeypatch):
    """Switch every shortcut off: TextBlob itself, VADER on every clause, no gates."""
    from textblob.en import sentiment

    always = re.compile("")
    monkeypatch.setattr(_polarity, "polarity", lambda t: sentiment(t)[0])
    monkeypatch.setattr(_polarity, "could_be_negative", lambda t: True)
    monkeypatch.setattr(_vader, "negative_part", _vader.compound)
    monkeypatch.setattr(_vader, "could_be_positive", lambda t: True)
    monkeypatch.setattr(_vader, "positive_part", _vader.compound)
    monkeypatch.setattr(Lexicon, "_active_patterns", lambda self, present: self._patterns)
    monkeypatch.setattr(negativity, "_UPPER_PAIR", always)
    monkeypatch.setitem(oversharing._detectors(), "any_phone_cue", always)
    monkeypatch.setitem(oversharing._detectors(), "digit_run", always)
    monkeypatch.setitem(_text._patterns(), "url_hint", always)
    monkeypatch.setitem(_text._patterns(), "clause", _plain_clause_breaks())
    negativity._clause_sentiment.cache_clear()
    yield
    negativity._clause_sentiment.cache_clear()


def _assert_same(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    for col in scoring.SCORED_COLUMNS:
        a, b = fast[col].tolist(), slow[col].tolist()
        if col in ("negativity", "overshare", "value", "risk"):
            assert np.allclose(a, b, rtol=0, atol=1e-9), col
        else:
            diff = [
                i
                for i, (x, y) in enumerate(zip(a, b, strict=True))
                if x != y and not (x != x and y != y)  # missing targets are NaN on both sides
            ]
            assert not diff, (col, [(fast["text"].iloc[i], a[i], b[i]) for i in diff[:3]])


def test_score_posts_fast_equals_straightforward(corpus, request):
    negativity._clause_sentiment.cache_clear()
    fast = scoring.score_posts(corpus, workers=1, rules_only=True)
    fast_model = scoring.score_posts(corpus, workers=1)
    request.getfixturevalue("straightforward")
    slow = scoring.score_posts(corpus, workers=1, rules_only=True)
    _assert_same(fast, slow)
    # the rules flag enough of these posts for the comparison to mean something
    assert fast["is_negative"].sum() > 50 and fast["is_overshare"].sum() > 50
    # and the learned judgement, which reads the rules' results, is the same on both paths
    _assert_same(fast_model, scoring.score_posts(corpus, workers=1))


@pytest.mark.parametrize("clean", [False, True], ids=["forked", "clean processes"])
def test_parallel_equals_serial(corpus, monkeypatch, clean):
    serial = scoring.score_posts(corpus, workers=1)
    monkeypatch.setattr(scoring, "CHUNK_ROWS", 257)  # many chunks, so every worker gets some
    monkeypatch.setattr(scoring, "CLEAN_WORKERS_MIN_ROWS", 0 if clean else 10**9)
    parallel = scoring.score_posts(corpus, workers=3)
    pd.testing.assert_frame_equal(parallel, serial)


def test_parse_time_fast_path_equals_strptime():
    rng = random.Random(3)
    for _ in range(500):
        t = datetime(2006, 3, 21, tzinfo=UTC) + timedelta(seconds=rng.randrange(700_000_000))
        s = t.strftime(_TIME_FORMATS[0])
        slow = datetime.strptime(s, _TIME_FORMATS[0]).astimezone(UTC)
        assert _parse_time(s) == slow == t
        assert _parse_time(s).tzinfo is slow.tzinfo


def test_posts_frame_times_equal_to_datetime():
    rows = [
        {
            "platform": "x",
            "post_id": str(i),
            "kind": "post",
            "source_file": "f",
            "created_at": datetime(2020, 1, 1, tzinfo=UTC) + timedelta(microseconds=977 * i**3),
        }
        for i in range(200)
    ]
    frame = posts_frame(rows)
    expected = pd.Series(pd.to_datetime([r["created_at"] for r in rows], utc=True))
    assert frame["created_at"].tolist() == sorted(expected.tolist())
    assert str(frame["created_at"].dtype) == "datetime64[us, UTC]"


def test_required_literals_are_needed_by_every_match():
    from audit.scorers._lexicon import load_data, required_literals

    for name in ("negativity.toml", "oversharing.toml", "value.toml", "targets.toml"):
        for table in load_data(name)["groups"].values():
            for pattern in table.get("patterns", []):
                sets = required_literals(pattern) or []
                rx = re.compile(pattern)
                for text in EDGE_CASES:
                    for m in rx.finditer(normalize(text)):
                        for lits in sets:  # every set has a member inside the whole text
                            assert any(lit in normalize(text) for lit in lits), (pattern, text, m)


def test_progress_is_silent_when_nobody_watches(capsys):
    from audit._progress import progress_bar

    assert progress_bar(10**6, None, "scoring") is None  # pytest's stderr is not a terminal
    assert progress_bar(10**6, False, "scoring") is None
    scoring.score_posts(pd.DataFrame({"text": ["ok"] * 10}), progress=None)
    assert capsys.readouterr().err == ""


def test_phone_gates_are_exact(monkeypatch):
    """Random phone-like texts: the cue and digit-run gates never hide a number."""
    from audit.config import load_config

    params = load_config(None).thresholds["overshare"]
    rng = random.Random(7)
    cues = ["call me", "text", "ring", "during", "hotel", "my cell", "whatsapp", "tel.", "fax"]
    cues += ["contact me", "recontact me", "context", "(call)"]
    seps = ["", " ", "-", ".", "x", " - ", "/", "(", ") ", "  ", "_"]
    words = ["see", "the", "https://example.net/", "order", "#", "+", "011", "ext", "at", "."]
    texts = []
    for _ in range(2500):
        parts = []
        for _ in range(rng.randint(1, 6)):
            r = rng.random()
            if r < 0.3:
                parts.append(rng.choice(cues))
            elif r < 0.55:
                parts.append(rng.choice(words))
            else:
                block = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 4)))
                for _ in range(rng.randint(0, 3)):
                    block += rng.choice(seps) + "".join(
                        rng.choice("23456789") for _ in range(rng.randint(1, 4))
                    )
                parts.append(block)
        texts.append(" ".join(parts))
    gated = [oversharing._pii(t, normalize(t), params) for t in texts]
    always = re.compile("")
    monkeypatch.setitem(oversharing._detectors(), "any_phone_cue", always)
    monkeypatch.setitem(oversharing._detectors(), "digit_run", always)
    full = [oversharing._pii(t, normalize(t), params) for t in texts]
    assert gated == full
    assert sum(1 for found in full if any("phone" in what for _, what in found)) > 100


def test_polarity_gate_with_links_is_exact():
    """Random mixes of links, emoticon pieces and words: the gate never hides a negative."""
    rng = random.Random(5)
    pieces = [
        "https://x.com/a",
        "https://x.com/bad-news",
        "http://y.org/q?a=b",
        "https://z.io/x):",
        "https://z.io/:(",
        "(https://x.com/a)",
        ":",
        "(",
        "/",
        "'",
        "=",
        ">",
        "[",
        "-",
        "c",
        "s",
        "not",
        "good",
        "bad",
        "wow",
        "!",
        ".",
        '"',
        "’",
        "n't",
        "don't",
        "\n",
        ";",
        "{",
        "<",
        "\\",
        "(!)",
        "...",
        "http://a.b/x>:[",
        "https://q.r/''(",
    ]
    texts = []
    for _ in range(12000):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 8))]
        texts.append("".join(p + rng.choice(["", " ", "  "]) for p in parts))
    negatives = 0
    for t in texts:
        p = _polarity.polarity(t)
        negatives += p < 0
        if not _polarity.could_be_negative(t):
            assert p >= 0, t
    assert negatives > 500


@pytest.mark.parametrize(
    "name", ["negativity.toml", "oversharing.toml", "value.toml", "targets.toml"]
)
def test_lexicon_literal_gate_is_exact_on_random_word_mixes(name):
    """Texts mixed from the lexicons' own words: gated patterns find what all patterns find."""
    from audit.scorers._lexicon import load_data, required_literals

    vocab: set[str] = set()
    for table in load_data(name)["groups"].values():
        for term in table.get("terms", []):
            vocab.update(term.rstrip("*").split())
        for pattern in table.get("patterns", []):
            vocab.update(w for w in re.findall(r"[a-z']+", pattern) if len(w) > 1)
            for literals in required_literals(pattern) or []:  # whole phrases: "took credit"
                vocab.update(lit.strip() for lit in literals if lit.strip())
    words = [*sorted(vocab), "1", "12", "2024", "3rd", "@bob", "!", ".", ",", ":", "'", "the"]
    lex = load_lexicon(name)
    full = Lexicon.__new__(Lexicon)
    full.__dict__.update(lex.__dict__)
    full._active_patterns = lambda present: lex._patterns  # type: ignore[method-assign]
    terms_only = Lexicon.__new__(Lexicon)
    terms_only.__dict__.update(lex.__dict__)
    terms_only._active_patterns = lambda present: []  # type: ignore[method-assign]
    rng = random.Random(13)
    by_patterns = 0
    for _ in range(6000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(2, 14)))
        if rng.random() < 0.3:
            text = text.replace(" ", rng.choice(["", ", ", ". ", "  "]), rng.randint(0, 3))
        low = normalize(text)
        expected = full.find(low)
        assert lex.find(low) == expected, text
        by_patterns += expected != terms_only.find(low)
    assert by_patterns > 20  # the patterns do match in these texts


def _random_texts(pieces: list[str], n: int, seed: int, most: int = 12) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, most))) for _ in range(n)]


def _same_search_results(plain: re.Pattern[str], fast: re.Pattern[str], texts: list[str]) -> int:
    """Assert that both patterns match the same texts; return how many matched."""
    matched = 0
    for t in texts:
        expected = bool(plain.search(t))
        assert bool(fast.search(t)) == expected, t
        matched += expected
    return matched


def test_clause_breaks_equal_the_plain_pattern(corpus):
    """The fast clause pattern splits exactly where the plain alternation does."""
    fast = _text._patterns()["clause"]
    plain = _plain_clause_breaks()
    assert fast.pattern != plain.pattern
    pieces = [
        *" \n\t\r.!?;…-–—,abtuBUT",
        " but ",
        " But ",
        " - ",
        ".\n",
        "\n\n",
        " pero ",
        "\u00a0",
    ]
    texts = corpus["text"].tolist() + _random_texts(pieces, 100_000, seed=17)
    splits = 0
    for t in texts:
        expected = [m.span() for m in plain.finditer(t)]
        assert [m.span() for m in fast.finditer(t)] == expected, t
        splits += bool(expected)
    assert splits > 50_000


@pytest.mark.parametrize("words", [1, 2, 3, 4])
def test_caps_pattern_equals_the_straightforward_form(corpus, words):
    from audit.scorers.immediacy import caps_pattern

    word = r"\b[A-Z][A-Z'’]+\b"
    plain = re.compile(rf"(?:{word}[\s,.!?:;-]+){{{words - 1},}}{word}")
    fast = re.compile(caps_pattern(words))
    pieces = [*"AB'’ ,.!-:;?aé_1Ü\n", "ABC ", "DE'F ", "OK", "Éa"]
    texts = corpus["text"].tolist() + _random_texts(pieces, 60_000, seed=words, most=20)
    assert _same_search_results(plain, fast, texts) > 200


def test_lexicon_set_finds_what_each_lexicon_finds(corpus):
    """One pass of the merged automaton gives each lexicon exactly its own hits."""
    from audit.scorers._lexicon import load_lexicons

    names = ("negativity.toml", "value.toml", "oversharing.toml", "targets.toml")
    merged = load_lexicons(names)
    pieces = [" ", ". ", "my boss", "is a", "jerk", "liar", "hiring", "cve-2024-1234", "drunk"]
    texts = corpus["text"].tolist() + _random_texts(pieces, 5_000, seed=23)
    found = 0
    for t in texts:
        low = normalize(t)
        each = [load_lexicon(name).find(low) for name in names]
        assert merged.find(low) == each, t
        found += sum(map(bool, each))
    assert found > 5_000


def _digit_texts(corpus: pd.DataFrame, n: int, seed: int) -> list[str]:
    pieces = [*"0123456789 -_.,/#aAbB\n", "٣", "０", "12 ", " 5th Ave ", " Main St ", "555-12-3456"]
    pieces += ["born on ", "dob: ", "date of birth ", "4/17/1987", "April 17, 1987", "b-day "]
    pieces += [
        "CARD ",
        "WHY ",
        "SO ",
        "ANGRY",
        "WHY SO ",
        "MAD! ",
        "x",
        "@",
        "ab@cd.ef",
        " @bob",
        "a@",
    ]
    return corpus["text"].tolist() + _random_texts(pieces, n, seed=seed, most=14)


def test_digit_led_patterns_equal_their_plain_forms(corpus):
    """Patterns rewritten to start with their first digit or capital match as first written."""
    det = oversharing._detectors()
    suffixes = "|".join(
        re.escape(s) for s in oversharing.load_data("oversharing.toml")["pii"]["street_suffixes"]
    )
    pairs = {
        "card": (r"\b\d(?:[ -]?\d){12,18}\b", oversharing._CARD_RE),
        "long": (r"\b\d{6,}\b", oversharing._LONG_NUMBER_RE),
        "ssn": (r"\b\d{3}-\d{2}-\d{4}\b", oversharing._SSN_RE),
        "street": (
            rf"\b\d{{1,6}}\s+(?:[A-Z][\w'.-]*\s+){{1,4}}(?:{suffixes})\b(?!-)",
            det["street"],
        ),
        "caps run": (r"\b[A-Z]{2,}\b(?:[\s,.!?]+\b[A-Z]{2,}\b){2,}", negativity._CAPS_RUN),
        "caps word": (r"\b[A-Z]{4,}\b", negativity._CAPS_WORD),
    }
    texts = _digit_texts(corpus, 60_000, seed=29)
    for name, (plain, fast) in pairs.items():
        rx = re.compile(plain)
        matched = 0
        for t in texts:
            expected = [m.span() for m in rx.finditer(t)]
            assert [m.span() for m in fast.finditer(t)] == expected, (name, t)
            matched += bool(expected)
        assert matched > 100, name


def test_word_start_alternation_equals_plain_form(corpus):
    from audit.scorers._lexicon import load_data

    cues = load_data("oversharing.toml")["pii"]["birth_cues"]
    words = [*cues, "a", "ab", "abc", "b", "_x", "ba"]
    plain = re.compile(
        r"\b(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"
    )
    fast = re.compile(_text.word_start(words))
    assert fast.pattern != plain.pattern
    pieces = [*words, " ", "x", "1", "_", "-", ".", "é"]
    matched = 0
    for t in [normalize(x) for x in _digit_texts(corpus, 0, 0)] + _random_texts(
        pieces, 60_000, seed=31
    ):
        expected = [m.span() for m in plain.finditer(t)]
        assert [m.span() for m in fast.finditer(t)] == expected, t
        matched += bool(expected)
    assert matched > 10_000
    # the birth-date detector built with it finds what the plain form finds
    det = oversharing._detectors()
    birth = re.compile(
        r"\b(?:"
        + "|".join(map(re.escape, sorted(cues, key=len, reverse=True)))
        + r")"
        + det["birth"].pattern[len(_text.word_start(cues)) :]
    )
    found = 0
    for t in _digit_texts(corpus, 60_000, seed=37):
        low = normalize(t)
        expected = [m.span() for m in birth.finditer(low)]
        assert [m.span() for m in det["birth"].finditer(low)] == expected, t
        found += bool(expected)
    assert found > 100


def test_email_hint_is_needed_by_every_address(corpus):
    texts = _digit_texts(corpus, 60_000, seed=41)
    emails = 0
    for t in texts:
        if oversharing._EMAIL_RE.search(t):
            emails += 1
            assert oversharing._EMAIL_HINT.search(t), t
    assert emails > 1_000


def test_digit_counts_equal_regex_counts(corpus):
    texts = _digit_texts(corpus, 20_000, seed=43)
    for t in texts:  # str.count for ASCII texts; "\\d" also matches "٣" and "０"
        assert oversharing.count_digits(t) == len(re.findall(r"\d", t)), t
        if t.isascii():
            assert len(re.findall(r"\d", normalize(t))) == oversharing.count_digits(t), t


def test_negfix_bare_pattern_equals_plain_form(corpus):
    """'shouldnt' -> 'should not': the look-behind form rewrites exactly as the plain one."""
    from audit.scorers._lexicon import load_data

    words = load_data("language.toml")["negation"]["bare"]
    plain = re.compile(rf"\b({_text._alternation(words)})nt\b", re.IGNORECASE)
    fast = _text._patterns()["bare"]
    pieces = [*words, *(w.upper() for w in words), "nt", "NT", "Nt", "n't", " ", "x", "_", "1", "é"]
    texts = corpus["text"].tolist() + _random_texts(pieces, 100_000, seed=53, most=8)
    changed = 0
    for t in texts:
        expected = plain.sub(r"\1 not", t)
        assert fast.sub(" not", t) == expected, t
        changed += expected != t
    assert changed > 500


def test_phone_cue_gate_equals_plain_form(corpus):
    from audit.scorers._lexicon import load_data

    cues = load_data("oversharing.toml")["pii"]["phone_context"]

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"

    short = alternation([c for c in cues if len(c) < 10])
    long = alternation([c for c in cues if len(c) >= 10])
    plain = re.compile(rf"(?:(?<!\w)(?:{short})|(?:{long}))\D{{0,70}}\d")
    fast = oversharing._detectors()["any_phone_cue"]
    pieces = [*cues, " ", "x", "_", "1", "555-0143", ".", "é", "a"]
    texts = [normalize(t) for t in corpus["text"]] + _random_texts(pieces, 60_000, seed=59, most=6)
    assert _same_search_results(plain, fast, texts) > 3_000


def test_text_signals_equal_a_column_search(corpus):
    """The caps and "!!!" flags searched per text (in the workers) are pandas' column search
    with the straightforward patterns, which the parent ran on the whole column before."""
    from audit.config import load_config
    from audit.scorers.immediacy import text_signals

    p = load_config(None).thresholds["immediacy"]
    n_caps, n_excl = int(p["caps_min_words"]), int(p["exclaim_min"])
    word = r"\b[A-Z][A-Z'’]+\b"
    pieces = [*"AB'’ ,.!?1-:;a\n", "!!", "?!", "ABC ", "WHY ", "OK", "Éa", "!1!"]
    texts = corpus["text"].tolist() + _random_texts(pieces, 30_000, seed=11, most=16)
    column = pd.Series([*texts, None, 3], dtype=object)
    caps, exclaim = text_signals(column.tolist(), params=p)
    plain_caps = column.str.contains(rf"(?:{word}[\s,.!?:;-]+){{{n_caps - 1},}}{word}")
    plain_excl = column.str.contains(rf"![!?1]{{{n_excl - 1},}}")
    assert caps == plain_caps.fillna(False).astype(bool).tolist()
    assert exclaim == plain_excl.fillna(False).astype(bool).tolist()
    assert 500 < sum(caps) < len(texts) and 500 < sum(exclaim) < len(texts)


# --- parallel scoring really runs in parallel -------------------------------------------------

_PIDS: list[str] = []  # the file the forked workers append their process ids to


def _recording_chunk(part):
    with open(_PIDS[0], "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()}\n")
    return scoring._score_part(scoring._SHARED["settings"], part)


def test_parallel_scoring_runs_in_several_processes(corpus, monkeypatch, tmp_path):
    pids = tmp_path / "pids.txt"
    _PIDS[:] = [str(pids)]
    monkeypatch.setattr(scoring, "_worker_chunk", _recording_chunk)
    monkeypatch.setattr(scoring, "CHUNK_ROWS", 257)
    monkeypatch.setattr(scoring, "CLEAN_WORKERS_MIN_ROWS", 10**9)  # forked workers
    parallel = scoring.score_posts(corpus, workers=3)
    seen = pids.read_text(encoding="utf-8").split()
    assert len(seen) == -(-len(corpus) // 257)  # every chunk went to a worker ...
    assert len(set(seen)) >= 2 and str(os.getpid()) not in seen  # ... in other processes
    pd.testing.assert_frame_equal(parallel, scoring.score_posts(corpus, workers=1))


def test_worker_count_uses_the_cores_for_large_inputs(monkeypatch):
    monkeypatch.setattr(scoring, "_cores", lambda: 4)
    assert scoring._worker_count(scoring.PARALLEL_MIN_ROWS, None) == 4
    assert scoring._worker_count(scoring.PARALLEL_MIN_ROWS - 1, None) == 1
    assert scoring._worker_count(3 * scoring.CHUNK_ROWS, 8) == 3  # never more than chunks
    assert scoring._worker_count(10, 1) == 1
