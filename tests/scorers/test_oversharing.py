"""Oversharing and its category: what must be flagged and what must not."""

from __future__ import annotations

import pytest

from audit.scorers.oversharing import OVERSHARE_CATEGORIES, score_oversharing

from .conftest import *  # noqa: F403  (fixtures)


def _ovr(text: str, thresholds, **kw):
    columns = {k: [v] for k, v in kw.items()}  # one post: each column is a 1-element list
    return score_oversharing([text], params=thresholds["overshare"], **columns)[0]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("so hungover after the bar crawl, never again", "alcohol"),
        ("three bottles of wine deep and it's only 8pm", "alcohol"),
        ("got so baked before the family dinner lol", "drugs"),
        ("first time trying shrooms at the campsite", "drugs"),
        ("Tinder date went great, didn't leave his place until noon", "dating"),
        ("diagnosed with depression last month, upping my meds again", "health"),
        ("$38k in credit card debt and my credit score is a joke", "finance"),
        ("Two weeks in Mexico starting tomorrow, the house will be empty", "location"),
        ("home alone all weekend, parents in Vegas", "location"),
        ("Between us, layoffs are coming next month and it's not public yet", "work-confidential"),
        ("Text me at 555-0142, my number changed", "pii"),
        ("my personal email is jane.doe.home@example.com", "pii"),
        ("Yard sale today at 4410 Maple Grove Drive, come by", "pii"),
        ("dob 03/14/1990, why does every form need it", "pii"),
        ("onlyfans link in bio", "revealing"),
    ],
)
def test_flags_overshare_with_category(text, category, thresholds):
    r = _ovr(text, thresholds)
    assert r.is_overshare, r
    assert r.category == category
    assert r.flags == (f"overshare:{category}",)
    assert f"overshare ({category})" in r.why
    assert r.score > thresholds["overshare"]["threshold"]


@pytest.mark.parametrize(
    "text",
    [
        "Drink water and get some sleep before the exam",
        "Cold brew and a quiet office. Best hour of the day.",
        "Bonfire on the beach with the whole team tonight",
        "Flu shots for the whole family today, done for the year",
        "Shot a video of the sunset from the pier",
        "This vacuum has amazing suction, picks up everything from the carpet",
        "Upgraded to version 10.2.3 and the build is 2x faster",
        "Prices went from $5 to $12 between 2019-2020",
        "Order #1234567890 still hasn't shipped",
        "The kids were high on sugar after the birthday party",
        "Payday! Whole office in a good mood",
        "Send applications to jobs@example.com, we are hiring two engineers",
        "Happy birthday to my best friend!",
        "Gate 12 at Terminal 3 is closed, walk to gate 14",
        "Born in the 90s, raised on cartoons",
        "Finally fixed the squeaky door hinge with some WD-40",
        "First snow of the season ❄️",
        "",
    ],
)
def test_innocent_posts_are_not_overshare(text, thresholds):
    r = _ovr(text, thresholds)
    assert not r.is_overshare, r
    assert r.category == "none"
    assert r.flags == ()


def test_phone_needs_context_or_validity(thresholds):
    # a fictional 555-01xx number (invalid for phonenumbers) counts only with a contact cue
    assert _ovr("call me on 555-0199 after 6", thresholds).category == "pii"
    assert not _ovr("room 555-0199 is booked", thresholds).is_overshare
    # a valid US number counts without a cue, but not as an order number
    assert _ovr("new cell (415) 555-2671 save it", thresholds).category == "pii"
    assert not _ovr("invoice 4155552671 was paid", thresholds).is_overshare


def test_card_numbers_need_luhn(thresholds):
    assert _ovr("card 4111 1111 1111 1111 exp 12/29", thresholds).category == "pii"
    assert not _ovr("tracking 4111 1111 1111 1112", thresholds).is_overshare


def test_revealing_needs_media_for_cue_words(thresholds):
    text = "bikini pics from the beach today"
    assert not _ovr(text, thresholds).is_overshare
    assert _ovr(text, thresholds, media_count=2).category == "revealing"


def test_id_document_with_photo_is_pii(thresholds):
    text = "got my new passport, photo page attached because I look great"
    assert not _ovr(text, thresholds).is_overshare
    assert _ovr(text, thresholds, media_count=1).category == "pii"


def test_check_in_alone_is_not_overshare_but_adds_to_location(thresholds):
    plain = "Mother's Day picnic with my favourite people"
    assert not _ovr(plain, thresholds, place="Lakeside Park").is_overshare
    away = "flying to Lisbon tomorrow, back in two weeks"
    assert not _ovr(away, thresholds).is_overshare
    assert _ovr(away, thresholds, place="Gate B12, JFK").category == "location"


def test_strongest_category_wins_and_all_are_named(thresholds):
    r = _ovr("Passed out drunk after the party, my ssn is 078-05-1120 lol", thresholds)
    assert r.category == "pii"
    assert "also alcohol" in r.why


def test_category_vocabulary_is_the_contract():
    assert OVERSHARE_CATEGORIES == (
        "alcohol",
        "drugs",
        "dating",
        "revealing",
        "pii",
        "health",
        "finance",
        "location",
        "work-confidential",
        "none",
    )


def test_digits_in_links_are_not_phone_numbers(thresholds):
    texts = [
        "Weekend plans: bread and tacos. https://dev.example.io/3102440",
        "great read www.example.com/2125550143 today",
    ]
    for r in score_oversharing(texts, params=thresholds["overshare"]):
        assert not r.is_overshare and "phone" not in r.why
    # the same numbers outside a link still count
    r = score_oversharing(
        ["call me at 212-555-0143 https://example.com/1"], params=thresholds["overshare"]
    )[0]
    assert r.is_overshare and "212-555-0143" in r.why
