"""Text helpers of the scorers, at their boundaries (from the mutation run, tests/README.md)."""

from __future__ import annotations

from audit.scorers._text import clauses, negated_before, negfix


def test_negfix_reads_curly_apostrophes():
    assert negfix("I won’t go") == "I will not go"
    assert negfix("I can’t") == "I can not"
    assert negfix("I dont hate it") == "I do not hate it"
    assert negfix("plain text") == "plain text"


def test_clauses_drop_blank_pieces():
    assert clauses("ok.  \n\n  fine") == [(0, "ok."), (9, "fine")]
    assert clauses("Bad. \n \n") == [(0, "Bad.")]


def test_negation_is_looked_for_in_the_30_characters_before_a_word():
    near = "not very very very very very  jerk"  # "not" starts 30 characters before
    assert negated_before(near, near.index("jerk"))
    far = "not very very very very very   jerk"  # 31: out of reach
    assert far.index("jerk") == 31 and not negated_before(far, 31)
