"""Plot helpers draw on a given Axes, leave pyplot alone, and survive empty tables; masking."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import audit
from audit import plots
from audit.privacy import MASKED_COLUMNS, PEOPLE_COLUMNS, mask_frame, mask_people, mask_text
from tests.helpers import sample_archives

PLOTS = [
    plots.posts_per_month,
    plots.risk_over_time,
    plots.category_breakdown,
    plots.negative_hour_weekday,
    plots.value_vs_risk_by_year,
]


@pytest.fixture(scope="module")
def scored():
    return audit.score_posts(audit.load_archives(sample_archives()), rules_only=True)


@pytest.mark.parametrize("plot", PLOTS, ids=lambda f: f.__name__)
def test_draws_on_the_given_axes_and_opens_no_pyplot_figure(scored, plot):
    before = plt.get_fignums()
    ax = Figure().add_subplot()
    assert plot(scored, ax=ax) is ax
    assert ax.get_title()
    assert plots.figure_html(plot(scored)).startswith('<img alt="figure" src="data:image/png')
    assert plt.get_fignums() == before


@pytest.mark.parametrize("plot", PLOTS, ids=lambda f: f.__name__)
def test_empty_table_draws_an_empty_chart(scored, plot):
    ax = plot(scored.iloc[:0])
    assert ax.get_title()


def test_posts_per_month_stacks_every_post(scored):
    ax = plots.posts_per_month(scored)
    heights = sum(p.get_height() for p in ax.patches)
    assert heights == len(scored)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "negative, targeted" and "no flag" in labels


def test_flag_class_precedence():
    frame = pd.DataFrame(
        {
            "is_negative": [True, True, False, False, False],
            "targets_person": [True, False, False, False, False],
            "is_overshare": [True, True, True, False, False],
            "is_value_add": [True, True, True, True, False],
        }
    )
    assert plots.flag_class(frame).tolist() == [
        "negative, targeted",
        "negative",
        "overshare",
        "value-add",
        "no flag",
    ]


def test_hour_weekday_uses_local_time():
    frame = pd.DataFrame(
        {"created_at": pd.to_datetime(["2024-01-01 01:30"], utc=True), "is_negative": [True]}
    )
    ax = plots.negative_hour_weekday(frame, timezone="Asia/Tokyo")  # 10:30 Monday in Tokyo
    grid = np.asarray(ax.images[0].get_array())
    assert grid[0, 10] == 1 and grid.sum() == 1
    assert "Asia/Tokyo" in ax.get_title()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call me at 555-0142 or mail sam@example.org", "call me at [phone] or mail [email]"),
        ("text me +44 7700 900123", "text me [phone]"),
        ("upload from 203.0.113.7", "upload from [ip]"),
        ("I live at 42 Baker Street, come by", "I live at [address], come by"),
        ("card 4111 1111 1111 1111", "card [number]"),
        ("at 38.7742, -9.1342 now", "at [coordinates] now"),
        # not identifiers: versions, years, prices, short numbers stay
        ("version 10.2.3 in 2019-2020 costs $5, ticket #48213", None),
    ],
)
def test_mask_text(text, expected):
    assert mask_text(text) == (text if expected is None else expected)


def test_mask_frame_copies_and_blanks_coordinates(scored):
    masked = mask_frame(scored)
    assert masked["lat"].isna().all() and scored["lat"].notna().any()
    assert not masked["text"].str.contains("555-0187", regex=False).any()
    assert scored["text"].str.contains("555-0187", regex=False).any()  # input untouched


def test_mask_frame_hides_identifiers_in_reason_and_evidence(scored):
    assert {"reason", "evidence"} <= set(MASKED_COLUMNS) and {"reason", "evidence"} <= set(
        PEOPLE_COLUMNS
    )
    for column in ("reason", "evidence", "why"):
        assert scored[column].str.contains("555-0187", regex=False).any(), column
    masked = mask_frame(scored)
    for column in ("reason", "evidence", "why"):
        assert not masked[column].str.contains("555-01", regex=False).any(), column
    assert masked["reason"].str.contains("Shares a phone number ('[phone]')", regex=False).any()
    assert str(masked["reason"].dtype) == "str"


def test_mask_people_hides_handles_and_names_in_reason_and_evidence():
    posts = pd.DataFrame(
        {
            "text": ["@dave_k you are a useless clown", "Kevin, you are an idiot", "nice day"],
            "created_at": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"], utc=True),
        }
    )
    scored = audit.score_posts(posts, rules_only=True)
    assert scored.loc[0, "reason"] == (
        "Calls @dave_k 'useless' and 'clown': negative about a person."
    )
    assert "target '@dave_k' by mention" in scored.loc[0, "evidence"]
    assert scored.loc[1, "reason"].startswith("Calls Kevin 'idiot'")
    masked = mask_people(scored)
    for column in ("reason", "evidence", "why"):
        joined = " ".join(masked[column])
        assert "dave_k" not in joined and "Kevin" not in joined, column
    assert masked.loc[0, "reason"] == (
        "Calls @person1 'useless' and 'clown': negative about a person."
    )
    assert masked.loc[1, "reason"].startswith("Calls [name1] 'idiot'")
    # the rule's name is not taken for someone's handle
    assert "target '@person1' by mention" in masked.loc[0, "evidence"]
    assert "@person2" not in " ".join(masked["evidence"])


def test_risk_over_time_draws_the_mean_and_highest_risk_per_month(scored):
    ax = plots.risk_over_time(scored)
    highest, mean = ax.lines  # drawn in this order
    read = scored[audit.language.assessed_mask(scored)]
    local = read["created_at"].dt.tz_convert(scored.attrs["timezone"]).dt.tz_localize(None)
    months = local.dt.to_period("M")
    span = (months.max() - months.min()).n + 1
    assert len(mean.get_xdata()) == len(highest.get_xdata()) == span  # every month, gaps too
    assert np.count_nonzero(~np.isnan(mean.get_ydata())) == months.nunique()
    assert np.isclose(np.nanmax(highest.get_ydata()), read["risk"].max())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["riskiest post", "average"]


def _posts(times: list[str], **columns: object) -> pd.DataFrame:
    n = len(times)
    frame = pd.DataFrame(
        {
            "post_id": [str(i) for i in range(n)],
            "platform": "twitter",
            "created_at": pd.to_datetime(times, utc=True),
            "risk": np.linspace(0.2, 0.8, n),
            "is_negative": True,
            "targets_person": False,
            "is_overshare": False,
            "is_value_add": False,
            "lang": "en",
        }
    )
    return frame.assign(**columns)


def test_risk_lines_break_over_months_without_posts():
    # posts in Jan 2016, Feb 2016 and Jun 2019 only: no line across the three empty years
    frame = _posts(["2016-01-10", "2016-02-10", "2019-06-10"])
    for line in plots.risk_over_time(frame).lines:
        x = pd.to_datetime(line.get_xdata())
        y = np.asarray(line.get_ydata(), dtype=float)
        assert len(x) == 42 and x[0] == pd.Timestamp("2016-01-01")  # Jan 2016 .. Jun 2019
        assert x[-1] == pd.Timestamp("2019-06-01")
        assert not np.isnan(y[[0, 1, 41]]).any()
        assert np.isnan(y[2:41]).all()  # the gap: NaN, which matplotlib does not join
        assert line.get_marker() not in (None, "None", "")  # a month alone still shows


def _integers(values) -> bool:
    return all(float(v).is_integer() for v in values)


def test_count_axes_and_colour_bar_have_integer_ticks(scored):
    one = _posts(["2024-01-01 02:00"])  # one negative post: a colour bar from 0 to 1
    for frame, top in ((one, 1), (_posts(["2024-01-01 02:00"] * 3), 3)):
        ax = plots.negative_hour_weekday(frame)
        bar = ax.figure.axes[-1]  # the colour bar's axes
        lo, hi = bar.get_ylim()
        ticks = [t for t in bar.get_yticks() if lo - 1e-9 <= t <= hi + 1e-9]
        assert ticks and _integers(ticks), ticks
        assert hi == top and 0 in ticks and top in ticks
    for ax, axis in (
        (plots.value_vs_risk_by_year(scored), "y"),
        (plots.before_after(scored, set()), "y"),
        (plots.posts_per_month(scored), "y"),
        (plots.category_breakdown(scored), "x"),
    ):
        ticks = ax.get_yticks() if axis == "y" else ax.get_xticks()
        assert _integers(ticks), (ax.get_title(), ticks)


def test_category_breakdown_has_a_bar_per_category(scored):
    ax = plots.category_breakdown(scored)
    over = scored.loc[scored["is_overshare"], "overshare_category"].value_counts()
    value = scored.loc[scored["is_value_add"], "value_category"].value_counts()
    assert sorted(p.get_width() for p in ax.patches) == sorted([*over, *value])
    labels = {t.get_text() for t in ax.get_yticklabels()}
    assert labels == {f"overshare: {c}" for c in over.index} | {f"value: {c}" for c in value.index}


def test_value_vs_risk_by_year_counts_both_per_year(scored):
    ax = plots.value_vs_risk_by_year(scored)
    years = sorted(scored["created_at"].dt.year.unique())
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in years]
    heights = [p.get_height() for p in ax.patches]
    assert sum(heights[: len(years)]) == int(scored["is_value_add"].sum())
    risky = scored["is_negative"] | scored["is_overshare"]
    assert sum(heights[len(years) :]) == int(risky.sum())


def test_posts_per_month_leaves_room_for_the_legend_and_reads_one_month(scored):
    ax = plots.posts_per_month(scored)
    tallest = max(p.get_y() + p.get_height() for p in ax.patches)
    assert ax.get_ylim()[1] == pytest.approx(tallest * 1.3)  # the legend sits above the bars
    first = scored["created_at"].iloc[0]
    one = scored[(scored["created_at"].dt.year == first.year)
                 & (scored["created_at"].dt.month == first.month)]
    ax = plots.posts_per_month(one)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    month = one["created_at"].iloc[0].strftime("%Y-%m")
    assert month in labels and all(len(t) == 7 for t in labels if t)  # months, not days
    plt.close("all")
