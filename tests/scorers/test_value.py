"""Value-add and its category: what must be flagged and what must not."""

from __future__ import annotations

import pytest

from audit.scorers.value import VALUE_CATEGORIES, score_value

from .conftest import *  # noqa: F403  (fixtures)


def _val(text: str, thresholds, kind: str | None = None, kinds_known: bool = True, links=0):
    kinds = [kind] if kinds_known else None
    return score_value([text], params=thresholds["value"], kinds=kinds, n_links=[links])[0]


@pytest.mark.parametrize(
    ("text", "kind", "category"),
    [
        ("Heads up: CVE-2024-3094 is being actively exploited. Patch now.", "post", "security"),
        ("Turn on 2FA for your email today, phishing texts are everywhere", "post", "security"),
        ("We're hiring two backend engineers, fully remote. DM me!", "post", "opportunity"),
        (
            "@ana_dev @li_ops the summer internship just opened, you should apply",
            "post",
            "opportunity",
        ),
        ("The call for papers for PyCon closes Friday, submit your talk!", "post", "opportunity"),
        ("Just passed my AWS Solutions Architect certification!", "post", "milestone"),
        ("Passed the CKAD after two attempts, so relieved", "post", "milestone"),
        (
            "Excited to share I'm starting as Staff Engineer at Contoso on Monday. New role!",
            "post",
            "milestone",
        ),
        ("Great writeup on B-tree indexes: https://example.org/btree", "post", "article"),
        (
            "TIL: git worktree checks out two branches at once. Use it instead of stashing.",
            "post",
            "educational",
        ),
        (
            "@kim_codes use `git rebase -i HEAD~3` to squash them, then force-push",
            "reply",
            "answer",
        ),
    ],
)
def test_flags_value_with_category(text, kind, category, thresholds):
    r = _val(text, thresholds, kind)
    assert r.is_value_add, r
    assert r.category == category
    assert r.flags == (f"value:{category}",)
    assert f"adds value ({category})" in r.why


@pytest.mark.parametrize(
    "text",
    [
        "Corn on the cob and sprinklers. Summer done right :)",
        "lol same",
        "Had the best tacos of my life today",
        "Monday again. Coffee first.",
        "This city is a scam, $12 for a salad",
        "I passed the bakery on my way home and bought way too much bread",
        "Job hunting is exhausting, nobody replies",
        "Updated my phone wallpaper, cute right?",
        "",
    ],
)
def test_plain_posts_add_no_value(text, thresholds):
    r = _val(text, thresholds, "post")
    assert not r.is_value_add, r
    assert r.category == "none" and r.flags == ()


def test_answer_needs_a_reply_when_kind_is_known(thresholds):
    text = "use COUNT(DISTINCT user_id), not COUNT(*). you're counting events, not users."
    assert _val(text, thresholds, "reply").category == "answer"
    assert _val(text, thresholds, "post").category != "answer"


def test_teaching_reply_is_an_answer(thresholds):
    text = "@rae tip: lower the DNS TTL a day before the migration, then raise it back"
    assert _val(text, thresholds, "reply").category == "answer"
    assert _val(text, thresholds, "post").category == "educational"


def test_article_words_without_link_are_weak(thresholds):
    assert not _val("this tool is free", thresholds, "post").is_value_add
    assert (
        _val("this tool is free https://x.example/tool", thresholds, "post").category == "article"
    )


def test_mentions_alone_are_not_an_opportunity(thresholds):
    assert not _val("@a @b @c see you all tonight", thresholds, "post").is_value_add


def test_category_vocabulary_is_the_contract():
    assert VALUE_CATEGORIES == (
        "educational",
        "security",
        "answer",
        "article",
        "opportunity",
        "milestone",
        "none",
    )
