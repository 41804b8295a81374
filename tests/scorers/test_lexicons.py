"""The lexicon data files: provenance headers, no unknown categories, and matcher behaviour."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from audit.scorers._lexicon import Lexicon, load_data, normalize
from audit.scorers._text import clauses, has_link, negated_before, negfix
from audit.scorers.oversharing import OVERSHARE_CATEGORIES
from audit.scorers.value import VALUE_CATEGORIES

FILES = [
    "negativity.toml",
    "targets.toml",
    "oversharing.toml",
    "value.toml",
    "thresholds.toml",
    "language.toml",
]


@pytest.mark.parametrize("name", FILES)
def test_every_data_file_states_provenance_and_licence(name):
    text = resources.files("audit").joinpath("lexicons", "en", name).read_text(encoding="utf-8")
    head = text[:1200].lower()
    assert "provenance:" in head and "licence:" in head
    assert "nrc" not in head  # research-only lexicon: never used
    tomllib.loads(text)  # valid TOML


@pytest.mark.parametrize(
    "name", ["negativity.toml", "targets.toml", "oversharing.toml", "value.toml"]
)
def test_patterns_compile_and_terms_are_lower_case(name):
    for group, table in load_data(name).get("groups", {}).items():
        for pattern in table.get("patterns", []):
            re.compile(pattern)
        for term in table.get("terms", []):
            assert term == normalize(term), (group, term)


def test_categories_are_the_design_vocabulary():
    over = {t["category"] for t in load_data("oversharing.toml")["groups"].values()}
    assert over - {""} <= set(OVERSHARE_CATEGORIES) - {"none"}
    assert set(load_data("oversharing.toml")["order"]["categories"]) == set(
        OVERSHARE_CATEGORIES
    ) - {"none"}
    value = {t["category"] for t in load_data("value.toml")["groups"].values()}
    assert value == set(VALUE_CATEGORIES) - {"none"}


def test_matcher_word_boundaries_prefixes_and_longest_match():
    lex = Lexicon(
        {
            "a": {"weight": 0.5, "terms": ["sick", "idiot*", "🍺"]},
            "b": {"weight": 0.9, "terms": ["sick of"], "patterns": [r"\bcve-\d{4}-\d+"]},
        }
    )
    hits = lex.find(normalize("I'm SICK of idiots drinking 🍺 over cve-2024-1234"))
    assert [(h.group, h.term) for h in hits] == [
        ("b", "sick of"),
        ("a", "idiots"[:5]),
        ("a", "🍺"),
        ("b", "cve-2024-1234"),
    ]
    assert hits[1].end - hits[1].start == len("idiots")
    assert lex.find("homesickness") == []  # no match inside a word
    assert lex.find("") == []


def test_normalize_keeps_length():
    for text in ["Don’t “quote” me", "İstanbul", ""]:
        assert len(normalize(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("I don't hate it", "I do not hate it"),
        ("it won’t work and I can't stop", "it will not work and I can not stop"),
        ("dont panic", "do not panic"),
        ("nothing to rewrite", "nothing to rewrite"),
    ],
)
def test_negfix_rewrites_contractions(text, fixed):
    assert negfix(text) == fixed


def test_text_helpers():
    split = [c for _, c in clauses("Tired. But fine!\nok - done")]
    assert split == ["Tired.", "But fine!", "ok", "done"]
    assert [c for _, c in clauses("bad day but feeling great")] == ["bad day", "feeling great"]
    low = "he is not really a jerk"
    assert negated_before(low, low.index("jerk"))
    assert not negated_before("he is a jerk", 8)
    assert has_link("see crontab.guru") and has_link("https://x.example/a")
    assert not has_link("version 10.2.3 is out")


def test_docstring_examples_run():
    import doctest

    import audit.config
    import audit.scorers.immediacy
    import audit.scorers.negativity
    import audit.scorers.oversharing
    import audit.scorers.value
    import audit.scoring

    for module in (
        audit.config,
        audit.scoring,
        audit.scorers.negativity,
        audit.scorers.oversharing,
        audit.scorers.value,
        audit.scorers.immediacy,
    ):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
