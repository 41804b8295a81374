"""The lang column's parts: tags as exported, offline detection, and what is assessed.

Written against the survivors of the mutation run (tests/README.md): each assertion pins one
boundary of ``audit/language.py``.
"""

from __future__ import annotations

import pytest

from audit.language import (
    MIN_LETTERS,
    MIN_WORDS_OTHER,
    describe_languages,
    detect,
    fill,
    is_assessed,
    normalize_tag,
)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("en", "en"),
        ("EN", "en"),
        (" en ", "en"),
        ("en-GB", "en"),
        ("en_GB", "en"),
        ("pt-BR", "pt"),
        ("in", "id"),  # retired codes X still writes
        ("iw", "he"),
        ("fil", "tl"),  # a 639-2 code with a 639-1 twin
        ("ckb", "und"),  # a 639-2 code without one
        ("qme", "und"),  # X: media only
        ("zxx", "und"),
        ("und", "und"),
        ("x1", "und"),
        ("english", "und"),
    ],
)
def test_normalize_tag(raw, code):
    assert normalize_tag(raw) == code


@pytest.mark.parametrize("raw", [None, "", "   ", 5, ["en"]])
def test_no_tag_means_detect(raw):
    assert normalize_tag(raw) is None


def test_detect_keeps_the_order_and_passes_over_empty_texts():
    texts = ["", None, "this is an english sentence about my work", "   ",
             "Я больше не работаю в этой компании"]
    assert detect(texts) == ["und", "und", "en", "und", "ru"]


def test_short_english_is_english_short_other_languages_are_unknown():
    # fewer than MIN_WORDS_OTHER words: English is accepted, any other guess stays 'und'
    assert MIN_WORDS_OTHER == 4
    assert detect(["thanks everyone", "see you tomorrow"]) == ["en", "en"]
    assert detect(["Guten Morgen zusammen", "Я люблю тебя"]) == ["und", "und"]
    assert detect(["merci beaucoup mes amis", "Я люблю тебя очень сильно"]) == ["fr", "ru"]


def test_too_few_letters_is_unknown():
    assert MIN_LETTERS == 4
    assert detect(["lol", "🙂🙂🙂", "123 456", "@dave https://x.com/a #ok"]) == ["und"] * 4


def test_links_and_handles_are_not_read_as_words():
    text = "@mitarbeiter https://www.spiegel.de/wirtschaft/unternehmen see you tomorrow"
    assert detect([text]) == ["en"]


def test_fill_detects_only_where_there_is_no_tag():
    texts = ["merci beaucoup mes amis", "merci beaucoup mes amis", "see you tomorrow"]
    assert fill(["de", None, None], texts) == ["de", "fr", "en"]


def test_assessed_languages():
    assert is_assessed("en") and is_assessed("und")
    assert not is_assessed("ru") and not is_assessed("de")


def test_describe_languages():
    assert describe_languages([("ru", 1200), ("uk", 800)]) == "Russian (1,200), Ukrainian (800)"
    counts = [("ru", 5), ("uk", 4), ("de", 3), ("xx", 2), ("fr", 1), ("es", 1)]
    assert describe_languages(counts) == (
        "Russian (5), Ukrainian (4), German (3), xx (2), other languages (2)"
    )
