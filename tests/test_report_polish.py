"""The batch report's finish (issue 16, part 3), on one report rendered for the whole module.

The report is that of the bundled samples (``data_samples/*.zip``) and one more X archive with a
post a browser used to spill over its neighbours: a 200-letter word and a 170-character URL, with
a phone number (an exact rule: flagged whatever the learned judgement says), posted at 02:30 UTC.
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pandas as pd
import pytest

import audit
from audit.inventory import inventory_html
from audit.report import flagged_tables, run_report
from audit.summary import posts_html, summarize
from tests.helpers import DATA_SAMPLES, lay_out, missing, tweet, ytd

LONG_WORD = "a" * 200
LONG_URL = "https://example.org/" + "b" * 150
LONG_ID = "990000000000000001"
ZONE = "Europe/Berlin"  # account-timezone.js of the X sample: the first zone any archive records


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> list:
    root = tmp_path_factory.mktemp("long")
    text = f"call me at 555-0199 {LONG_WORD} {LONG_URL}"
    long = lay_out(
        root, {"data/tweets.js": ytd("tweets", [tweet(LONG_ID, text, "2024-05-01T02:30:00")])},
        "zip",
    )
    return [*sorted(DATA_SAMPLES.glob("*.zip")), long]


@pytest.fixture(scope="module")
def page(archives, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    return run_report(archives, out).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scored(archives) -> pd.DataFrame:
    return audit.score_posts(audit.load_archives(archives))


def _rows(page: str) -> list[str]:
    """Every post row of the page's posts tables."""
    return re.findall(r"<tr data-post=.*?</tr>", page, re.S)


def _cell(row: str, name: str) -> str:
    match = re.search(rf'<td class="{name}">(.*?)</td>', row, re.S)
    assert match, (name, row[:300])
    return match.group(1)


def _style(page: str) -> str:
    return re.search(r"<style>(.*?)</style>", page, re.S).group(1).strip()


# 1. no pilcrows --------------------------------------------------------------------------------
def test_headings_have_no_anchor_marks(page):
    assert "¶" not in page and "&#182;" not in page and "&para;" not in page
    assert "anchor-link" not in page
    assert re.search(r"<h2[^>]*>Summary</h2>", page)  # the headings themselves are still there


# 2. long words wrap inside their cell ------------------------------------------------------------
def test_the_stylesheet_wraps_long_words_in_every_table_cell(page):
    css = re.sub(r"/\*.*?\*/", "", _style(page), flags=re.S)  # without the comments
    rule = re.search(r"([^{}]*)\{\s*overflow-wrap:\s*anywhere;[^}]*\}", css)
    assert rule, "no overflow-wrap: anywhere rule"
    selectors = {s.strip() for s in rule.group(1).split(",")}
    assert {"table.audit-table td", ".output_html td", "table.audit-table th"} <= selectors
    # every table of the report is one those selectors reach
    tables = re.findall(r"<table[^>]*>", page)
    assert len(tables) >= 6
    assert all('class="audit-table' in t or "dataframe" in t for t in tables), tables
    # the long word is in the page, whole, in a text cell (wrapped by the browser, not cut)
    (row,) = [r for r in _rows(page) if LONG_ID in r]
    assert LONG_WORD in _cell(row, "text")


@pytest.fixture(scope="module")
def browser_page(page, tmp_path_factory):
    from pathlib import Path

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        missing("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs python playwright")
    path = tmp_path_factory.mktemp("browser") / "report.html"
    path.write_text(page, encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            blocked: list[str] = []
            tab.route(
                "**/*",
                lambda route: route.continue_()
                if route.request.url.startswith(("file:", "data:"))
                else (blocked.append(route.request.url), route.abort()),
            )
            tab.goto(path.as_uri())
            yield tab
            assert not blocked
        finally:
            browser.close()


def test_no_cell_spills_over_its_neighbour_in_a_browser(browser_page):
    spills = browser_page.evaluate(
        """() => [...document.querySelectorAll('td, th')]
            .filter(c => c.scrollWidth > c.clientWidth + 1)
            .map(c => c.textContent.slice(0, 40))"""
    )
    assert spills == []
    too_wide = browser_page.evaluate(
        """() => { const main = document.querySelector('main.report').getBoundingClientRect();
            return [...document.querySelectorAll('table')]
              .filter(t => t.getBoundingClientRect().right > main.right + 1).length; }"""
    )
    assert too_wide == 0
    # the long word's cell is as wide as its column, and the cell after it starts after it
    left_of_next = browser_page.evaluate(
        f"""() => {{ const row = document.querySelector('tr[data-post="twitter:{LONG_ID}"]');
            const text = row.querySelector('td.text').getBoundingClientRect();
            const next = row.querySelector('td.risk').getBoundingClientRect();
            return [text.right, next.left, row.querySelector('td.text').offsetHeight]; }}"""
    )
    assert left_of_next[0] <= left_of_next[1] + 0.5
    assert left_of_next[2] > 60  # wrapped onto several lines


# 3. every time names its zone, the zone of the reasons -------------------------------------------
def test_times_say_their_zone_and_agree_with_the_reasons(page):
    heads = re.findall(r'<th class="posted">([^<]*)</th>', page)
    assert heads and set(heads) == {f"posted ({ZONE})"}
    assert page.count('<table class="audit-table audit-posts">') == len(heads)
    assert f"Times are {ZONE} time, the clock the late-night reasons read." in page
    assert f"year ({ZONE})" in page  # by platform and year
    (row,) = [r for r in _rows(page) if LONG_ID in r]
    assert _cell(row, "posted") == "2024-05-01 04:30"  # 02:30 UTC, summer time in Berlin
    # wherever a reason names a local hour, it is the hour the row shows
    late = [r for r in _rows(page) if "xx local time" in r]
    assert len(late) >= 5
    for r in late:
        hour = _cell(r, "posted").split()[1][:2]
        assert f"posted at {hour}:xx local time" in r, r[:400]


def test_the_charts_name_their_zone(page):
    alts = re.findall(r'<img alt="([^"]*)"', page)
    assert alts  # the zone is drawn into the images; see tests/test_plots_privacy.py
    scored = audit.score_posts(audit.load_archives([DATA_SAMPLES / "twitter.zip"]))
    from audit import plots

    assert ZONE in plots.negative_hour_weekday(scored).get_title()
    assert ZONE in plots.posts_per_month(scored).get_xlabel()
    assert ZONE in plots.risk_over_time(scored).get_xlabel()
    assert ZONE in plots.value_vs_risk_by_year(scored).get_xlabel()


# 4. no before/after chart without decisions --------------------------------------------------
def test_before_after_is_a_sentence_without_decisions(page):
    section = page.split("Before and after deleting the marked posts", 1)[1].split("<h2", 1)[0]
    assert "No decisions yet: mark posts in the app or pass --decisions to see before/after." in (
        section
    )
    assert "<img" not in section
    assert 'alt="flagged posts per year, before and after deleting"' not in page


# 7. each post once ------------------------------------------------------------------------------
def test_each_post_is_listed_once(page, scored):
    ids = Counter(re.findall(r'<tr data-post="([^"]+)"', page))
    assert ids and max(ids.values()) == 1, ids.most_common(3)
    assert "Riskiest posts" not in page  # the summary's table would repeat the sections
    flagged = scored[scored["is_negative"] | scored["is_overshare"] | scored["is_value_add"]]
    assert {f"{p}:{i}" for p, i in zip(flagged["platform"], flagged["post_id"], strict=True)} <= (
        set(ids)
    )
    # the riskiest posts (the summary's top ten) that the page shows, it shows once
    worst = summarize(scored).worst
    shown = [f"{p}:{i}" for p, i in zip(worst["platform"], worst["post_id"], strict=True)]
    assert [ids[s] for s in shown if s in ids] == [1] * len([s for s in shown if s in ids])
    assert len([s for s in shown if s in ids]) >= 6


def test_a_post_with_two_flags_is_in_its_most_serious_section_only():
    rows = pd.DataFrame(
        {
            "platform": "twitter",
            "post_id": ["1", "2"],
            "created_at": pd.to_datetime(["2024-01-01 12:00", "2024-01-02 12:00"], utc=True),
            "kind": "post",
            "text": ["my boss is a useless idiot, call me at 555-0142", "lunch"],
        }
    )
    scored = audit.score_posts(rows, rules_only=True)
    assert scored.loc[0, "is_negative"] and scored.loc[0, "is_overshare"]
    html = flagged_tables(scored)
    assert html.count('data-post="twitter:1"') == 1
    assert re.search(r"aimed at a person: 1</h3>", html) and "Oversharing: 0</h3>" in html


# 8. the inventory looks like the report ------------------------------------------------------
def test_inventory_wears_the_report_stylesheet(page, archives):
    posts = audit.load_archives(archives)
    inventory = inventory_html(posts, [a.name for a in archives])
    assert _style(inventory) == _style(page)
    assert '<main class="report">' in inventory and '<main class="report">' in page
    assert inventory.count('<table class="dataframe audit-table">') == 2
    assert f"Dates and years are {ZONE} time" in inventory
    assert "<footer>" in inventory and "<script" not in inventory


# reason and evidence ----------------------------------------------------------------------------
def _frame(**extra: object) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "created_at": pd.to_datetime(["2024-01-01 02:00"], utc=True),
            "platform": ["twitter"],
            "post_id": ["7"],
            "kind": ["post"],
            "text": ["Kevin is clueless"],
            "risk": [0.8],
            "why": ["Calls Kevin 'clueless'. Evidence: negative 0.90 > 0.50"],
            "url": [None],
            **{k: [v] for k, v in extra.items()},
        }
    )


def test_reason_first_and_evidence_smaller_when_the_columns_exist():
    page = posts_html(_frame(reason="Calls Kevin 'clueless'.", evidence="negative 0.90 > 0.50"))
    assert '<div class="reason">Calls Kevin &#x27;clueless&#x27;.</div>' in page
    assert '<div class="evidence">negative 0.90 &gt; 0.50</div>' in page
    assert page.index('class="reason"') < page.index('class="evidence"')
    assert "Evidence:" not in page  # not the joined why as well


def test_why_alone_before_the_columns_exist():
    page = posts_html(_frame())
    why = _cell(re.search(r"<tr data-post=.*?</tr>", page, re.S).group(0), "why")
    assert unescape(why) == "Calls Kevin 'clueless'. Evidence: negative 0.90 > 0.50"
    assert 'class="reason"' not in page


def test_masked_why_is_never_undone_by_an_unmasked_reason():
    # masking that covers why but not the new columns: the page falls back to the masked why
    frame = _frame(reason="Calls Kevin 'clueless'.", evidence="negative 0.90 > 0.50")
    frame["why"] = frame["why"].str.replace("Kevin", "[name1]")
    page = posts_html(frame)
    assert "Kevin" not in _cell(page, "why")
    assert "[name1]" in page and 'class="reason"' not in page


def test_report_shows_reasons_apart_when_scoring_gives_them(page, scored):
    if "reason" not in scored.columns:
        assert 'class="reason"' not in page
        return
    reasons = re.findall(r'<div class="reason">(.*?)</div>', page)
    assert len(reasons) >= 5
    assert all("Evidence:" not in r for r in reasons)
