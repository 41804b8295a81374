"""Plain-language reasons (issue 16): the ``reason`` and ``evidence`` columns and ``why``.

Every flag has a sentence that quotes the user's own words exactly as written (never the
lower-cased or masked copy the rules read), every comparison of a score with its threshold reads
true at the digits shown, counts have the right plural, and the two new columns come out of every
scoring path (rules, learned model, forked and clean workers), the exports and the masks.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import audit
from audit import scoring
from audit.model.apply import said
from audit.scorers import _reasons as reasons
from audit.scorers._text import plural, quote, versus
from tests.helpers import sample_archives

TEXT_COLUMNS = ("why", "reason", "evidence")


def score(text: str, config: Any = None, rules_only: bool = True, **columns: Any) -> pd.Series:
    frame = pd.DataFrame({"text": [text], **{k: [v] for k, v in columns.items()}})
    return audit.score_posts(frame, config, rules_only=rules_only).iloc[0]


_QUOTE = re.compile(r"(?<![A-Za-z])'(.+?)'(?![A-Za-z])|\"(.+?)\"")


def quotes_of(reason: str) -> list[str]:
    """The quoted pieces of a reason (what must be the user's own words)."""
    return [a or b for a, b in _QUOTE.findall(reason)]


def assert_quotes_are_the_users(reason: str, text: str, place: str | None = None) -> None:
    found = quotes_of(reason)
    for q in found:
        q = q.removesuffix("…")  # a long quote is cut at a word break
        assert q in text or q == place, f"{q!r} is not in {text!r}"


@pytest.fixture(scope="module")
def samples() -> dict[str, pd.DataFrame]:
    posts = audit.load_archives(sample_archives())
    return {
        "rules": audit.score_posts(posts, rules_only=True),
        "model": audit.score_posts(posts),
    }


# -- one sentence per category, with the user's words --------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "words", "columns"),
    [
        # negativity: aimed at a person (insults first) and general
        (
            "My Manager is a CLUELESS clown, I am done with this",
            "Calls your manager 'CLUELESS' and 'clown' and writes 'done with this'",
            ["CLUELESS", "clown", "done with this"],
            {},
        ),
        (
            "@Dave_K you are a Liar and everyone knows it",
            "Calls @Dave_K 'Liar'",
            ["Liar"],
            {},
        ),
        (
            "Honestly The Worst release process I have ever seen. Infuriating.",
            "Says 'The Worst' and 'Infuriating': negative in tone.",
            ["The Worst", "Infuriating"],
            {},
        ),
        # oversharing, every category
        ("So HUNGOVER after the bar crawl, never again", "Mentions drinking", ["HUNGOVER"], {}),
        ("got so Baked before the family dinner lol", "Mentions drugs", ["so Baked"], {}),
        (
            "Tinder date went great, didn't leave his place until noon",
            "Talks about dating or sex",
            ["Tinder", "didn't leave his place"],
            {},
        ),
        (
            "diagnosed with Depression last month, upping my meds again",
            "Talks about health",
            ["Depression"],
            {},
        ),
        (
            "$38k in Credit Card Debt and my credit score is a joke",
            "Talks about money",
            ["$38k in Credit Card Debt"],
            {},
        ),
        (
            "Two Weeks In Mexico starting tomorrow, the house will be empty",
            "Says where you are or that your home is empty",
            ["Two Weeks In"],
            {},
        ),
        (
            "Between us, Layoffs Are Coming next month and it's not public yet",
            "Mentions confidential work matters",
            ["Between us"],
            {},
        ),
        ("onlyfans link in bio", "Describes a revealing photo", ["onlyfans"], {}),
        ("Text me at 555-0142, my number changed", "Shares a phone number", ["555-0142"], {}),
        (
            "my personal email is Jane.Doe.Home@example.com",
            "Shares an e-mail address",
            ["Jane.Doe.Home@example.com"],
            {},
        ),
        (
            "Yard sale today at 4410 Maple Grove Drive, come by",
            "Shares a street address",
            ["4410 Maple Grove Drive"],
            {},
        ),
        (
            "DOB 03/14/1990, why does every form need it",
            "Shares a birth date",
            ["DOB 03/14/1990"],
            {},
        ),
        # value-add, every category
        (
            "Heads up: CVE-2024-3094 is being actively exploited. Patch Now.",
            "Shares a security notice",
            ["Heads up", "CVE-2024-3094"],
            {},
        ),
        (
            "We're Hiring two backend engineers, fully remote. DM me!",
            "Shares a job or opportunity",
            ["Hiring two backend", "DM me"],
            {},
        ),
        (
            "Just passed my AWS Solutions Architect Certification!",
            "Shares a career milestone",
            ["Certification"],
            {},
        ),
        (
            "Great Writeup on B-tree indexes: https://example.org/btree",
            "Shares an article or write-up",
            ["Great Writeup"],
            {},
        ),
        (
            "TIL: git worktree checks out two branches at once. Use it instead of stashing.",
            "Teaches something useful",
            ["TIL"],
            {},
        ),
        (
            "@kim_codes use `git rebase -i HEAD~3` to squash them, then force-push",
            "Answers someone's question",
            ["then"],
            {"kind": "reply"},
        ),
    ],
)
def test_each_category_has_a_sentence_with_the_users_exact_words(text, start, words, columns):
    row = score(text, **columns)
    reason = row["reason"]
    assert reason.startswith(start), reason
    for w in words:
        assert f"'{w}'" in reason, (w, reason)
    assert_quotes_are_the_users(reason, text)
    assert reason.endswith(".") and reason[0].isupper()
    # why is the reason, then the evidence (rule, terms, score and threshold)
    assert row["why"] == f"{reason} Evidence: {row['evidence']}"
    assert row["evidence"] and " > " in row["evidence"]


def test_category_names_the_flag_kind():
    assert score("So HUNGOVER after the bar crawl")["reason"].endswith(
        ": oversharing about alcohol."
    )
    assert score("Text me at 555-0142, my number changed")["reason"].endswith(
        ": personal details."
    )
    assert score("Heads up: CVE-2024-3094 is being actively exploited. Patch Now.")[
        "reason"
    ].endswith(": adds value.")
    assert score("my manager is a useless clown")["reason"].endswith(
        ": negative about a person."
    )


def test_card_and_social_security_numbers_are_not_repeated_in_the_reason():
    row = score("my card is 4111 1111 1111 1111 exp 09/27, ssn 078-05-1120")
    assert row["overshare_category"] == "pii"
    assert row["reason"].startswith("Shares a card number and a social security number")
    assert "4111" not in row["reason"] and "078-05" not in row["reason"]


def test_check_in_and_coordinates_are_named():
    row = score("Two weeks in Portugal, house sitter starts Monday", place="Lisbon Airport",
                lat=38.77, lon=-9.13)
    assert row["reason"] == (
        "Says where you are or that your home is empty ('Two weeks in' and 'house sitter'), "
        "with a check-in at 'Lisbon Airport' and exact coordinates: oversharing your whereabouts."
    )


def test_immediacy_sentence_quotes_the_shouting_and_says_the_hour():
    posts = pd.DataFrame(
        {
            "text": ["WHO DEPLOYS ON A FRIDAY AT 5PM!!! ugh", "fine", "fine again"],
            "created_at": pd.to_datetime(
                ["2024-03-01 03:10", "2024-03-01 03:12", "2024-03-01 03:14"], utc=True
            ),
        }
    )
    row = audit.score_posts(posts, rules_only=True).iloc[0]
    assert "Posted at 3 am, in a burst of posts minutes apart, shouts in capitals " in row["reason"]
    assert "('WHO DEPLOYS ON A FRIDAY AT 5PM') with '!!!': signs of writing" in row["reason"]
    alone = audit.score_posts(posts, rules_only=True).iloc[1]
    assert alone["reason"] == (
        "Posted at 3 am, in a burst of posts minutes apart: signs of writing in the heat of the "
        "moment."
    )


@pytest.mark.parametrize(
    ("hour", "said_as"), [(0, "midnight"), (1, "1 am"), (11, "11 am"), (12, "noon"), (23, "11 pm")]
)
def test_hours_read_as_people_say_them(hour, said_as):
    assert reasons.hour_phrase(hour) == said_as
    assert reasons.immediacy_sentence(hour, False, None, None) == (
        f"Posted at {said_as}: a sign of writing in the heat of the moment."
    )


def test_several_flags_most_serious_first_value_last():
    row = score(
        "my manager is a useless clown, call me at 555-0142. Patch now: CVE-2024-3094 #security"
    )
    sentences = row["reason"].split(". ")
    assert sentences[0].startswith("Calls your manager 'useless' and 'clown'")
    assert sentences[1].startswith("Shares a phone number ('555-0142')")
    assert sentences[-1].startswith("Shares a security notice") and len(sentences) == 3
    # the order follows what each flag adds to risk: a weaker overshare goes after
    w = audit.config.load_config(None).thresholds["risk"]
    n, o, _ = reasons.risk_parts(
        type("N", (), {"score": 0.99, "targets_person": True})(),
        type("O", (), {"score": 0.6})(),
        0,
        w,
    )
    assert n > o


def test_no_flag_has_no_reason_and_why_says_no_flags():
    row = score("Lovely walk by the river this morning")
    assert (row["reason"], row["evidence"], row["why"]) == ("", "", "no flags")


def test_a_post_not_flagged_keeps_why_it_was_not():
    row = score("My dad passed away last night. Worst day of my life.")
    assert not row["is_negative"]
    if row["evidence"]:  # damped sad news: the evidence alone, no sentence
        assert row["reason"] == "" and row["why"] == row["evidence"]
        assert row["evidence"].startswith("not negative:")


# -- the blanked quote (Tequila) ------------------------------------------------------------------


def test_the_clause_quoted_is_the_users_not_the_masked_copy():
    # "shots" is masked before sentiment (a positive-sense word: "great shots"), and the most
    # negative clause used to be quoted from that masked copy: 'Tequila       till 3am ...'
    text = "Tequila shots till 3am with the crew 🍻 totally wasted #fridaynight"
    row = score(text)
    assert row["is_negative"]
    assert "Tequila       till" not in row["evidence"] + row["why"]
    assert f"'{text}'" in row["evidence"]
    assert "'Tequila shots', '🍻' and 'wasted'" in row["reason"]
    assert_quotes_are_the_users(row["reason"], text)


@pytest.mark.parametrize(
    "text",
    [
        "This killer feature is broken again, worst release ever, so sad and angry",
        "Sick shots from the gig, but the venue was a miserable disgusting dump",
        "kill -9 did nothing, the whole box is dead and I hate this awful setup",
    ],
)
def test_no_quote_has_blanks_the_text_does_not_have(text):
    row = score(text)
    for column in TEXT_COLUMNS:
        for q in quotes_of(row[column]):
            if "  " in q:
                assert q in text, (column, q)


def test_long_or_multi_line_quotes_are_a_prefix_of_the_users_words():
    long = "Set statement_cache_capacity to 0 on the pool options, or switch PgBouncer to session"
    cut = reasons.excerpt(long)
    assert cut.endswith("…") and long.startswith(cut.removesuffix("…")) and len(cut) <= 61
    assert reasons.listing(["WHO DEPLOYS\nON FRIDAY"]) == "'WHO DEPLOYS…'"
    assert reasons.quoted(": keep a 'things' list") == "\"keep a 'things' list\""
    assert reasons.quoted("We're hiring,") == "'We're hiring'"


# -- comparisons that read true -------------------------------------------------------------------

_COMPARISON = re.compile(r"\b([a-z]+) (-?\d+(?:\.\d+)?) (>=|<=|>|<) (-?\d+(?:\.\d+)?)")
_OPS = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}


def comparisons(text: str) -> list[tuple[str, float, str, float]]:
    return [(n, float(a), op, float(b)) for n, a, op, b in _COMPARISON.findall(text)]


def reads_true(text: str) -> bool:
    return all(_OPS[op](a, b) for _, a, op, b in comparisons(text))


@settings(max_examples=400, deadline=None)
@given(
    threshold=st.one_of(
        st.floats(1e-6, 1.0, allow_nan=False), st.integers(0, 10**6).map(lambda k: k / 10**6)
    ),
    delta=st.one_of(
        st.floats(-1e-3, 1e-3, allow_nan=False), st.sampled_from([0.0, 1e-9, -1e-9, 5e-5])
    ),
    strict=st.booleans(),
)
def test_versus_always_reads_true(threshold, delta, strict):
    score = round(min(1.0, max(0.0, threshold + delta)), 4)
    shown = versus("negativity", score, threshold, strict=strict)
    (name, a, op, b), = comparisons(shown)
    assert name == "negativity" and _OPS[op](a, b), shown
    assert op == ((">" if score > threshold else "<=") if strict else
                  (">=" if score >= threshold else "<"))
    assert len(shown.split()[1].split(".")[1]) >= 2  # two decimals at least


def test_versus_uses_two_decimals_when_they_suffice():
    assert versus("value", 0.88, 0.5) == "value 0.88 > 0.50"
    assert versus("negativity", 0.5012, 0.5) == "negativity 0.501 > 0.500"
    assert versus("negativity", 0.5001, 0.5) == "negativity 0.5001 > 0.5000"
    assert versus("negativity", 0.35, 0.5) == "negativity 0.35 <= 0.50"


@pytest.mark.parametrize("delta", [1e-3, 2e-4, 1e-4, 5e-5])
@pytest.mark.parametrize(
    ("table", "text"),
    [
        ("negativity", "my manager is a useless clown"),
        ("overshare", "So hungover after the bar crawl, never again"),
        ("value", "Heads up: CVE-2024-3094 is being actively exploited. Patch now."),
    ],
)
def test_scores_just_above_their_threshold_print_a_true_comparison(table, text, delta):
    column = {"negativity": "negativity", "overshare": "overshare", "value": "value"}[table]
    s = float(score(text)[column])
    row = score(text, {"thresholds": {table: {"threshold": s - delta}}})
    found = [c for c in comparisons(row["evidence"]) if c[0] == column]
    assert found and reads_true(row["evidence"]), row["evidence"]
    assert found[0][2] == ">" and found[0][1] > found[0][3]


@pytest.mark.parametrize("path", ["rules", "model"])
def test_every_comparison_in_the_samples_reads_true(samples, path):
    scored = samples[path]
    texts = scored["evidence"].tolist() + scored["why"].tolist()
    assert sum(len(comparisons(t)) for t in texts) > {"rules": 70, "model": 20}[path]
    assert all(reads_true(t) for t in texts), [t for t in texts if not reads_true(t)][:3]


# -- plurals ---------------------------------------------------------------------------------------


def test_plurals():
    assert plural(1, "word") == "1 word" and plural(2, "word") == "2 words"
    assert plural(1, "person", "people") == "1 person" and plural(3, "person", "people") == (
        "3 people"
    )
    assert reasons.listing(["a1", "b2", "c3", "d4"]) == "'a1', 'b2', 'c3' and 1 more word"
    assert reasons.listing(["a1", "b2", "c3", "d4", "e5"]) == "'a1', 'b2', 'c3' and 2 more words"
    assert quote(["a", "b", "c", "d", "e"]) == "'a', 'b', 'c', 'd' (+1 more word)"
    assert quote(["a", "b", "c", "d", "e", "f"]) == "'a', 'b', 'c', 'd' (+2 more words)"
    assert reasons.listing(["one"]) == "'one'"
    assert reasons.listing(["one", "two"]) == "'one' and 'two'"


@pytest.mark.parametrize("path", ["rules", "model"])
def test_no_singular_count_with_a_plural_noun_in_the_samples(samples, path):
    scored = samples[path]
    wrong = re.compile(r"(?<![\d.])1 (?:more )?(?:words|posts|people|signs)\b")
    for column in TEXT_COLUMNS:
        assert not scored[column].str.contains(wrong).any()
    if path == "rules":  # the PSA's five security cues
        assert scored["reason"].str.contains("and 2 more words").any()
        assert scored["evidence"].str.contains(r"\(\+1 more word\)").any()


# -- not assessed, ledger -------------------------------------------------------------------------


def test_not_assessed_sentence_and_why_keep_the_marker():
    row = score("Мой начальник полный идиот, ненавижу эту работу", lang="ru")
    assert row["reason"] == (
        "Not assessed: written in Russian (ru), a language the audit cannot read yet."
    )
    assert row["evidence"] == "not assessed: language ru"
    assert row["why"] == "not assessed: language ru"
    assert row["why"].startswith(scoring.NOT_ASSESSED)


def test_not_assessed_post_still_explains_what_needs_no_words():
    row = score("Звони: 212-555-0143", lang="ru")
    assert row["reason"] == (
        "Not assessed: written in Russian (ru), a language the audit cannot read yet. "
        "Shares a phone number ('212-555-0143'): personal details."
    )
    assert row["why"].startswith("not assessed: language ru. Shares a phone number")
    assert row["why"].endswith(f"Evidence: {row['evidence'].split('. ', 1)[1]}")


def test_language_without_a_name_is_given_by_its_code():
    assert reasons.not_assessed_sentence("tlh", {}) == (
        "Not assessed: written in the language coded 'tlh', a language the audit cannot read yet."
    )


def test_ledger_posts_say_the_user_marked_them():
    posts = pd.DataFrame(
        {
            "post_id": ["a", "b"],
            "text": ["my manager is a useless clown", "Heads up: phishing wave, never click"],
        }
    )
    scored = audit.score_posts(posts, {"not_a_problem": ["a", "b"]}, rules_only=True)
    assert scored.loc[0, "reason"] == "You marked this post not a problem."
    assert scored.loc[0, "why"] == (
        "You marked this post not a problem. Evidence: marked not a problem by the user "
        "(not_a_problem ledger)"
    )
    assert scored.loc[1, "reason"].startswith(
        "You marked this post not a problem. Shares a security notice ("
    )
    assert not scored["is_negative"].any() and scored.loc[1, "is_value_add"]


# -- the learned model's reasons -----------------------------------------------------------------


def test_model_words_are_quoted_as_the_user_wrote_them():
    text = "You Absolute IDIOT!!! Shut-Up @kev, 42 times"
    low = text.lower()
    assert said(text, low, ["idiot", "idiot !!!", "shut up", "<@> <num>", "absent"]) == (
        "IDIOT",
        "IDIOT!!!",
        "Shut-Up",
        "@kev, 42",
    )


def test_model_reason_quotes_the_rules_words_where_they_agree():
    row = score("@dave you are a lying idiot and everyone knows it", rules_only=False)
    assert row["reason"] == "Calls @dave 'idiot': negative about a person."
    assert row["evidence"].startswith("negative about a person (model 0.96 >= 0.85)")
    assert row["why"] == f"{row['reason']} Evidence: {row['evidence']}"


@pytest.mark.parametrize("path", ["rules", "model"])
def test_every_quote_in_the_samples_is_the_users_own_words(samples, path):
    scored = samples[path]
    flagged = scored[scored["flags"].map(len) > 0]
    assert len(flagged) > 10
    quoted = 0
    for row in flagged.itertuples():
        assert row.reason, row.text
        place = row.place if isinstance(row.place, str) else None
        assert_quotes_are_the_users(row.reason, row.text, place)
        quoted += bool(quotes_of(row.reason))
    assert quoted > {"rules": 30, "model": 5}[path]


# -- the columns in every path -----------------------------------------------------------------


def _check_columns(scored: pd.DataFrame) -> None:
    columns = list(scored.columns)
    assert columns[-3:] == ["why", "reason", "evidence"]
    for column in TEXT_COLUMNS:
        assert pd.api.types.is_string_dtype(scored[column].dtype), column
        assert str(scored[column].dtype) == "str"
        assert scored[column].map(type).eq(str).all()
    flagged = scored["flags"].map(len) > 0
    assert (scored.loc[flagged, "reason"] != "").all()
    assert (scored.loc[flagged, "evidence"] != "").all()
    quiet = ~flagged & (scored["evidence"] == "")
    assert (scored.loc[quiet, "why"] == "no flags").all()


@pytest.mark.parametrize("path", ["rules", "model"])
def test_columns_exist_with_str_dtype(samples, path):
    assert scoring.SCORED_COLUMNS[-3:] == ("why", "reason", "evidence")
    _check_columns(samples[path])


@pytest.mark.parametrize("clean", [False, True], ids=["forked", "clean"])
def test_parallel_workers_carry_the_new_columns(monkeypatch, clean):
    posts = audit.load_archives(sample_archives())
    corpus = pd.concat([posts] * 30, ignore_index=True)  # 30 chunks of 80 posts
    monkeypatch.setattr(scoring, "CHUNK_ROWS", 80)
    monkeypatch.setattr(scoring, "CLEAN_WORKERS_MIN_ROWS", 0 if clean else 10**9)
    parallel = audit.score_posts(corpus, workers=2)
    _check_columns(parallel)
    serial = audit.score_posts(corpus, workers=1)
    for column in TEXT_COLUMNS:
        assert parallel[column].tolist() == serial[column].tolist()
    assert (parallel["reason"] != "").sum() > 30 * 10
