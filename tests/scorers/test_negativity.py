"""Negativity and its target: what must be flagged and what must not."""

from __future__ import annotations

import pytest

from audit.scorers.negativity import score_negativity, watch_patterns

from .conftest import *  # noqa: F403  (fixtures)


def _neg(text: str, thresholds, **kw):
    return score_negativity([text], params=thresholds["negativity"], **kw)[0]


# --- flags ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my boss is a total jerk",  # insult TextBlob misses
        "this printer is garbage and I hate it",  # venting at a thing
        "ugh, fml. worst week ever",  # slang both libraries miss
        "Thanks for nothing, airline. Four hours on hold.",  # sarcasm idiom
        "Great, another all-day meeting. Love that for me.",  # sarcasm idioms
        "The build broke again. Very cool. Very normal.",  # ironic praise fragments
        "why is every update slower than the last. why. WHY is nobody fixing this",
    ],
)
def test_flags_negative_posts(text, thresholds):
    r = _neg(text, thresholds)
    assert r.is_negative, r
    assert r.score > thresholds["negativity"]["threshold"]
    assert r.flags[0].startswith("negative:")
    assert f"> {thresholds['negativity']['threshold']:.2f}" in r.why


@pytest.mark.parametrize(
    "text",
    [
        "This new editor has a killer feature: multi-cursor search.",  # positive sense
        "this hack is sick, saved me an hour",  # slang praise
        "If the server hangs, kill -9 the process and restart it.",  # technical
        "Not bad at all, never disappointed by this band.",  # negation
        "I hate to say it but this tutorial is great.",  # praise despite "hate"
        "We said goodbye to my grandfather today. Rest in peace.",  # sad news
        "Spent 3 hours on a CORS error. Fix: set the header on the proxy, not the app.",
        "Coffee, sunshine and a good book. Perfect Sunday.",
        "Drink water, sleep eight hours, call your mom.",
        "",
    ],
)
def test_does_not_flag_harmless_posts(text, thresholds):
    r = _neg(text, thresholds)
    assert not r.is_negative, r
    assert r.flags == ()
    assert r.target is None


def test_textblob_negation_is_fixed(thresholds):
    # TextBlob alone scores "I don't hate my boss" strongly negative (SCORING_NOTES §0.3)
    r = _neg("I don't hate my boss, he is fine", thresholds)
    assert not r.is_negative


def test_negated_insult_is_ignored(thresholds):
    assert not _neg("my coworker is not a jerk at all, he is lovely", thresholds).is_negative


def test_fix_framing_softens_but_not_insults(thresholds):
    mild = _neg("4 hours of permission denied errors. The fix was the SELinux context.", thresholds)
    harsh = _neg("these docs are garbage. the fix was to read the source.", thresholds)
    assert not mild.is_negative
    assert harsh.is_negative


def test_score_is_in_unit_interval(thresholds):
    for text in ["", "ok", "I HATE YOU YOU ARE A LIAR AND A CLOWN!!!", "love it"]:
        assert 0.0 <= _neg(text, thresholds).score <= 1.0


# --- target ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("my manager is useless, I hate working for him", "my manager"),
        ("@karen_w you're a clown and a liar", "@karen_w"),
        ("my ex is a liar and a cheat", "my ex"),
        ("the landlord still hasn't fixed the heating. worst landlord ever", "landlord"),
        ("Classic Dave. Late again and blaming everyone else, what a jerk", "Dave"),
        ("honestly you're such a hypocrite, unbelievable", "you're such a"),
    ],
)
def test_finds_the_target(text, target, thresholds):
    r = _neg(text, thresholds)
    assert r.is_negative and r.targets_person
    assert r.target == target
    assert r.flags == ("negative:targeted",)
    assert f"target '{target}'" in r.why


@pytest.mark.parametrize(
    "text",
    [
        "this printer is garbage",  # a thing
        "Monday traffic is the worst, I hate this commute",  # no person
        "April showers ruined the picnic, worst weather ever",  # a month is not a name
    ],
)
def test_negative_without_a_person_is_not_targeted(text, thresholds):
    r = _neg(text, thresholds)
    assert r.is_negative
    assert not r.targets_person
    assert r.target is None
    assert r.flags == ("negative:general",)


def test_positive_mention_of_a_person_is_not_targeted(thresholds):
    r = _neg("my manager is amazing, best boss ever", thresholds)
    assert not r.is_negative and not r.targets_person


def test_watch_words_make_a_target(thresholds):
    text = "Initech is run by clowns, I hate it here"
    plain = _neg(text, thresholds)
    watched = _neg(text, thresholds, watch_words=["Initech"])
    assert plain.is_negative and not plain.targets_person
    assert watched.target == "Initech"
    assert "watch-list" in watched.why


def test_helpful_reply_does_not_target_the_addressee(thresholds):
    text = "@sam_dev the docs for this are garbage. use the --force flag instead."
    r = _neg(text, thresholds, kinds=["reply"], helpful=[True])
    assert r.is_negative  # contempt for the docs
    assert not r.targets_person


def test_repost_source_is_not_a_target(thresholds):
    r = _neg("RT @news: this weather is the worst, I hate it", thresholds)
    assert r.is_negative and not r.targets_person


def test_watch_patterns_match_whole_words_only():
    [(word, rx)] = watch_patterns(["Ann"])
    assert word == "Ann"
    assert rx.search("thanks ann!") and not rx.search("annual report")
