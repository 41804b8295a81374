"""summarize(): numbers, recommendations and renderings of a scored footprint."""

from __future__ import annotations

import pandas as pd
import pytest

import audit
from audit.decisions import Decisions
from audit.summary import summarize
from tests.helpers import sample_archives


@pytest.fixture(scope="module")
def scored():
    # the rules alone: the synthetic samples are written against them (see tests/test_model.py)
    return audit.score_posts(audit.load_archives(sample_archives()), rules_only=True)


def test_counts_match_the_scored_table(scored):
    s = summarize(scored)
    assert s.total == len(scored) == 80
    assert s.counts["negative"] == int(scored["is_negative"].sum())
    assert s.counts["targeted"] == int((scored["is_negative"] & scored["targets_person"]).sum())
    assert s.counts["oversharing"] == int(scored["is_overshare"].sum())
    assert s.counts["value-add"] == int(scored["is_value_add"].sum())
    assert s.headline().startswith("80 posts audited (2015-08-09 to 2025-06-27): ")
    table = s.by_platform_year
    assert table["posts"].sum() == 80
    assert set(table.index.get_level_values("platform")) == {"facebook", "twitter"}
    assert table.drop(columns="posts").stack().between(0, 1).all()


def test_worst_posts_are_the_riskiest(scored):
    s = summarize(scored, top=5)
    assert len(s.worst) == 5
    assert s.worst["risk"].tolist() == sorted(scored["risk"], reverse=True)[:5]


def test_recommendations_name_the_manager_and_categories(scored):
    recs = summarize(scored).recommendations
    text = " | ".join(recs)
    assert "criticises your manager: delete or archive it." in text
    assert "share personal identifiers" in text and "delete them now" in text


def test_recommendation_when_opportunities_stopped():
    rows = pd.DataFrame(
        {
            "platform": "twitter",
            "post_id": [str(i) for i in range(4)],
            "created_at": pd.to_datetime(
                ["2019-01-01", "2019-02-01", "2023-01-01", "2024-01-01"], utc=True
            ),
            "kind": "post",
            "text": [
                "We're hiring, DM me",
                "We are hiring an SRE in Lyon, apply at https://jobs.example/42",
                "lunch",
                "more lunch",
            ],
        }
    )
    scored = audit.score_posts(rows, rules_only=True)
    assert scored["value_category"].tolist()[:2] == ["opportunity", "opportunity"]
    recs = summarize(scored).recommendations
    assert any(
        "You shared 2 posts of opportunities" in r and "in 2019 and none since" in r for r in recs
    )


def test_before_after_counts_with_decisions(scored, tmp_path):
    flagged = scored[scored["is_negative"] | scored["is_overshare"]]
    d = Decisions(tmp_path / "decisions.json")
    for pid in flagged["post_id"].head(3):
        d.mark(flagged.set_index("post_id").loc[pid, "platform"], pid, "delete")
    s = summarize(scored, d)
    assert s.flagged_after_delete == len(flagged) - 3
    assert s.decisions["delete"] == 3
    assert f"flagged posts left after deleting: {len(flagged) - 3} of {len(flagged)}" in (
        s.to_markdown()
    )


def test_renderings(scored):
    s = summarize(scored)
    page = s.to_html()
    assert page == s._repr_html_()
    assert "<script" not in page
    assert "my manager is a useless clown" in page and "<h3>Riskiest posts</h3>" in page
    assert "my manager is a useless clown" not in s.to_html(riskiest=False)  # the report's
    md = s.to_markdown()
    assert md.startswith("# Footprint audit\n\n80 posts audited")
    assert "## What to do" in md and "## Riskiest posts (dates in Europe/Berlin time)" in md


def test_before_after_figure_only_when_posts_are_marked_delete(scored, tmp_path):
    # two equal bars say nothing: without a post marked delete, a sentence says what to do
    alt = '<img alt="flagged posts per year, before and after deleting"'
    page = summarize(scored).to_html()
    assert alt not in page
    assert (
        "No decisions yet: mark posts in the app or pass --decisions to see before/after."
        in page
    )
    d = Decisions(tmp_path / "decisions.json")
    first = scored[scored["is_negative"]].iloc[0]
    d.mark(first["platform"], first["post_id"], "keep")
    kept = summarize(scored, d).to_html()
    assert alt not in kept and "None of your 1 decision is a delete: mark posts" in kept
    d.mark(first["platform"], first["post_id"], "delete")
    marked = summarize(scored, d)
    page = marked.to_html()
    assert alt in page and "data:image/png;base64," in page
    assert marked.before_after_sentence() == ""
    flagged = int((scored["is_negative"] | scored["is_overshare"]).sum())
    assert f"flagged posts left after deleting: {flagged - 1} of {flagged}." in page
    assert alt not in summarize(scored, ["not-a-post-here"]).to_html()


def test_times_are_shown_on_the_clock_of_the_reasons(scored):
    s = summarize(scored)
    assert scored.attrs["timezone"] == s.timezone == "Europe/Berlin"
    page = s.to_html()
    assert "Times are Europe/Berlin time, the clock the late-night reasons read." in page
    assert '<th class="posted">posted (Europe/Berlin)</th>' in page
    # the shown time is the UTC time moved to Berlin (never the UTC time labelled as local)
    stored = scored.set_index("post_id").loc[s.worst["post_id"].iloc[0], "created_at"]
    assert str(stored.tz) == "UTC"
    local = stored.tz_convert("Europe/Berlin").strftime("%Y-%m-%d %H:%M")
    assert f'<td class="posted">{local}</td>' in page
    assert f'<td class="posted">{stored:%Y-%m-%d %H:%M}</td>' not in page
    utc = summarize(_no_zone(scored))
    assert utc.timezone == "UTC" and "Times are UTC" in utc.to_html()
    assert '<th class="posted">posted (UTC)</th>' in utc.to_html()


def _no_zone(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.attrs = {k: v for k, v in frame.attrs.items() if k != "timezone"}
    return frame


def test_masked_summary_hides_identifiers(scored):
    plain = summarize(scored, top=40)
    masked = summarize(scored, top=40, mask_pii=True)
    assert "555-0187" in plain.to_markdown()
    assert "555-0187" not in masked.to_markdown() and "[phone]" in masked.to_markdown()
    assert "555-0187" not in masked.to_html()


def test_empty_table():
    empty = audit.score_posts(audit.load_archives(sample_archives()).iloc[:0])
    s = summarize(empty)
    assert s.headline() == "No posts to audit."
    assert s.recommendations == [] and s.trends == []
    assert "<div" in s.to_html()


def test_posts_html_escapes_and_keeps_line_breaks():
    from audit.summary import posts_html

    rows = pd.DataFrame(
        {
            "created_at": pd.to_datetime(["2024-01-01 02:00"], utc=True),
            "platform": ["reddit"],
            "kind": ["post"],
            "text": ["line one\n\n<b>line</b> & two"],
            "risk": [0.5],
            "why": ["a <reason>"],
            "url": ["https://www.reddit.com/r/x/1"],
        }
    )
    page = posts_html(rows)
    assert "line one<br><br>&lt;b&gt;line&lt;/b&gt; &amp; two" in page
    assert "\\n" not in page and "a &lt;reason&gt;" in page
    assert '<a href="https://www.reddit.com/r/x/1">link</a>' in page


def test_plurals_in_the_recommendations():
    import pandas as pd

    rows = pd.DataFrame(
        {
            "text": [f"@p{i} you are a useless idiot" for i in range(4)],
            "created_at": pd.to_datetime(["2024-01-01"] * 4, utc=True),
            "platform": "twitter",
            "post_id": [str(i) for i in range(4)],
        }
    )
    recs = audit.summarize(audit.score_posts(rows, rules_only=True)).recommendations
    # three people named, then "1 more post attacks ...", never "1 more post attack"
    assert "1 more post attacks other people: delete it." in recs
    rows = pd.concat([rows, rows.assign(post_id=lambda f: f["post_id"] + "b",
                                        text=lambda f: f["text"].str.replace("@p", "@q"))])
    recs = audit.summarize(audit.score_posts(rows, rules_only=True)).recommendations
    assert "5 more posts attack other people: delete them." in recs


def test_riskiest_posts_read_in_plain_words(scored):
    summary = summarize(scored)
    text = summary.to_markdown().split("## Riskiest posts")[1]
    top = summary.worst.iloc[0]
    assert top["reason"] and f"({top['reason']})" in text
    assert top["evidence"] not in text  # the technical part stays out of the summary
