"""Figures of a scored posts table (matplotlib).

Every function draws on the Axes it is given, or on a new figure when ``ax`` is None, and returns
the Axes. New figures are built with :class:`matplotlib.figure.Figure`, not pyplot, so nothing is
left open in pyplot's global state (display one with ``display(ax.figure)`` in a notebook). Empty
tables draw an empty, labelled chart with a "no posts" note instead of raising.

Months, years and hours are read on the clock of the late-night reasons
(:func:`audit.summary.display_timezone`: the table's ``attrs["timezone"]``, else UTC), and the
charts name it. Counts are whole numbers, so their axes have integer ticks only.
"""

from __future__ import annotations

import html
from base64 import b64encode
from collections.abc import Sequence
from io import BytesIO

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .language import assessed_mask
from .summary import display_timezone
from .timezones import local_times

__all__ = [
    "FLAG_CLASSES",
    "before_after",
    "category_breakdown",
    "figure_html",
    "flag_class",
    "negative_hour_weekday",
    "posts_per_month",
    "risk_over_time",
    "value_vs_risk_by_year",
]

#: the stacking order of :func:`posts_per_month`, most serious first, with their colours.
FLAG_CLASSES: dict[str, str] = {
    "negative, targeted": "#8b1a1a",
    "negative": "#e4572e",
    "overshare": "#7b4fa0",
    "value-add": "#3a9d5d",
    "no flag": "#c8c8c8",
}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _axes(ax: Axes | None, size: tuple[float, float] = (9, 3.2)) -> Axes:
    if ax is not None:
        return ax
    fig = Figure(figsize=size, layout="constrained")
    return fig.add_subplot()


def _empty(ax: Axes, title: str) -> Axes:
    ax.set_title(title)
    ax.text(0.5, 0.5, "no posts", ha="center", va="center", transform=ax.transAxes, color="grey")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def flag_class(scored: pd.DataFrame) -> pd.Series:
    """One class per post for colouring: the most serious flag it carries.

    Returns
    -------
    pandas.Series
        Values from :data:`FLAG_CLASSES` (negative, targeted > negative > overshare >
        value-add > no flag), aligned with ``scored``.
    """
    out = np.select(
        [
            scored["is_negative"] & scored["targets_person"],
            scored["is_negative"],
            scored["is_overshare"],
            scored["is_value_add"],
        ],
        list(FLAG_CLASSES)[:4],
        default="no flag",
    )
    return pd.Series(out, index=scored.index, dtype="str", name="flag_class")


def _month(created_at: pd.Series, timezone: str = "UTC") -> pd.Series:
    """Local month of each timestamp as a naive month-start Timestamp (no Period warnings)."""
    naive = local_times(created_at, timezone).dt.tz_localize(None)
    return naive.dt.to_period("M").dt.to_timestamp()


def _year(scored: pd.DataFrame) -> pd.Series:
    """The local year of each post."""
    return local_times(scored["created_at"], display_timezone(scored)).dt.year


def _counts_axis(axis: object) -> None:
    """Integer ticks only on an axis of counts (no 0.5 post)."""
    axis.set_major_locator(MaxNLocator(integer=True))  # type: ignore[attr-defined]


def posts_per_month(
    scored: pd.DataFrame, ax: Axes | None = None, title: str = "Posts per month, by flag"
) -> Axes:
    """Stacked bars: posts per month, coloured by their most serious flag.

    Parameters
    ----------
    scored : pandas.DataFrame
        Output of :func:`audit.score_posts`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.
    title : str
        The chart title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    if scored.empty:
        return _empty(ax, title)
    tz = display_timezone(scored)
    counts = (
        pd.DataFrame({"month": _month(scored["created_at"], tz), "cls": flag_class(scored)})
        .groupby(["month", "cls"])
        .size()
        .unstack("cls", fill_value=0)
        .reindex(columns=list(FLAG_CLASSES), fill_value=0)
    )
    months = pd.date_range(counts.index.min(), counts.index.max(), freq="MS")
    counts = counts.reindex(months, fill_value=0)
    bottom = np.zeros(len(counts))
    width = 25 if len(counts) < 120 else 28
    for cls, colour in FLAG_CLASSES.items():
        values = counts[cls].to_numpy()
        if values.any():
            ax.bar(counts.index, values, width=width, bottom=bottom, color=colour, label=cls)
        bottom += values
    ax.set_title(title)
    ax.set_ylabel("posts")
    ax.set_xlabel(f"month ({tz})")
    _counts_axis(ax.yaxis)
    ax.legend(loc="upper left", fontsize="small", frameon=False, ncols=5)
    ax.set_ylim(0, max(1.0, float(bottom.max())) * 1.3)  # headroom: the legend above the bars
    if len(counts) == 1:  # one month: a month either side, not a day-by-day axis
        month = counts.index[0]
        ax.set_xlim(month - pd.Timedelta(days=45), month + pd.Timedelta(days=45))
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    else:
        ax.margins(x=0.01)
    return ax


def risk_over_time(scored: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Career risk per month: the mean and the highest ``risk`` of the month's posts.

    Every month from the first post to the last has a point; a month without posts has none
    (NaN), so the lines break over the gaps instead of running straight across empty years.
    Small markers keep a month alone between gaps visible.
    """
    title = "Career risk over time"
    ax = _axes(ax)
    scored = scored[assessed_mask(scored)]  # a post not read has no risk to show
    if scored.empty:
        return _empty(ax, title)
    tz = display_timezone(scored)
    monthly = scored.groupby(_month(scored["created_at"], tz))["risk"].agg(["mean", "max"])
    months = pd.date_range(monthly.index.min(), monthly.index.max(), freq="MS")
    monthly = monthly.reindex(months)  # months without posts: NaN, a gap in the lines
    ax.plot(
        monthly.index, monthly["max"], color="#e4572e", lw=1, alpha=0.6, marker=".", ms=3,
        label="riskiest post",
    )
    ax.plot(
        monthly.index, monthly["mean"], color="#8b1a1a", lw=2, marker="o", ms=2.5,
        label="average",
    )
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("risk (0-1)")
    ax.set_xlabel(f"month ({tz}); no line where there were no posts")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    return ax


def category_breakdown(scored: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars: flagged posts per oversharing and value-add category."""
    title = "Posts per category"
    ax = _axes(ax, (7, 4))
    over = scored.loc[scored["is_overshare"], "overshare_category"].value_counts()
    value = scored.loc[scored["is_value_add"], "value_category"].value_counts()
    if over.empty and value.empty:
        return _empty(ax, title)
    labels = [f"overshare: {c}" for c in over.index] + [f"value: {c}" for c in value.index]
    counts = list(over.to_numpy()) + list(value.to_numpy())
    colours = [FLAG_CLASSES["overshare"]] * len(over) + [FLAG_CLASSES["value-add"]] * len(value)
    y = np.arange(len(labels))[::-1]
    ax.barh(y, counts, color=colours)
    ax.set_yticks(y, labels)
    ax.set_xlabel("posts")
    _counts_axis(ax.xaxis)
    ax.set_title(title)
    return ax


def negative_hour_weekday(
    scored: pd.DataFrame, ax: Axes | None = None, timezone: str | None = None
) -> Axes:
    """Heat map of negative posts by local hour of day and weekday (posting in the heat of the
    moment shows as late-night cells).

    Parameters
    ----------
    scored : pandas.DataFrame
        Output of :func:`audit.score_posts`.
    ax : matplotlib Axes, optional
        Where to draw.
    timezone : str, optional
        IANA name for local hours; defaults to ``scored.attrs["timezone"]``, else UTC.

    The colour bar counts posts: its ticks are whole numbers.
    """
    tz = display_timezone(scored, timezone)
    title = f"Negative posts by hour and weekday ({tz})"
    ax = _axes(ax, (9, 3))
    negative = scored.loc[scored["is_negative"], "created_at"]
    grid = np.zeros((7, 24), dtype=int)
    if not negative.empty:
        local = local_times(negative, tz)
        np.add.at(grid, (local.dt.day_of_week.to_numpy(), local.dt.hour.to_numpy()), 1)
    image = ax.imshow(grid, aspect="auto", cmap="Reds", vmin=0, vmax=max(1, int(grid.max())))
    ax.set_yticks(range(7), _WEEKDAYS)
    ax.set_xticks(range(0, 24, 2), [f"{h:02d}" for h in range(0, 24, 2)])
    ax.set_xlabel(f"hour of day ({tz})")
    ax.set_title(title)
    bar = ax.figure.colorbar(image, ax=ax, label="negative posts", fraction=0.03)
    _counts_axis(bar.ax.yaxis)
    return ax


def value_vs_risk_by_year(scored: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Per year: posts that add value against posts that carry a risk flag."""
    title = "Value-add against risky posts, per year"
    ax = _axes(ax, (8, 3))
    if scored.empty:
        return _empty(ax, title)
    year = _year(scored)
    risky = scored["is_negative"] | scored["is_overshare"]
    table = pd.DataFrame(
        {
            "value-add": scored["is_value_add"].groupby(year).sum(),
            "negative or oversharing": risky.groupby(year).sum(),
        }
    )
    x = np.arange(len(table))
    ax.bar(x - 0.2, table["value-add"], 0.4, color=FLAG_CLASSES["value-add"], label="value-add")
    ax.bar(
        x + 0.2,
        table["negative or oversharing"],
        0.4,
        color=FLAG_CLASSES["negative"],
        label="negative or oversharing",
    )
    ax.set_xticks(x, [str(y) for y in table.index])
    ax.set_xlabel(f"year ({display_timezone(scored)})")
    ax.set_ylabel("posts")
    _counts_axis(ax.yaxis)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    return ax


def before_after(
    scored: pd.DataFrame, delete_ids: Sequence[str] | set[str], ax: Axes | None = None
) -> Axes:
    """Flagged posts per year now, and what is left once the posts marked delete are gone."""
    title = "Flagged posts per year: now and after deleting the marked posts"
    ax = _axes(ax, (8, 3))
    if scored.empty:
        return _empty(ax, title)
    flagged = scored["is_negative"] | scored["is_overshare"]
    year = _year(scored)
    gone = scored["post_id"].isin(set(delete_ids))
    now = flagged.groupby(year).sum()
    after = (flagged & ~gone).groupby(year).sum()
    x = np.arange(len(now))
    ax.bar(x - 0.2, now, 0.4, color=FLAG_CLASSES["negative"], label="now")
    ax.bar(x + 0.2, after, 0.4, color=FLAG_CLASSES["no flag"], label="after deleting")
    ax.set_xticks(x, [str(y) for y in now.index])
    ax.set_xlabel(f"year ({display_timezone(scored)})")
    ax.set_ylabel("flagged posts")
    _counts_axis(ax.yaxis)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    return ax


def figure_html(ax: Axes | Figure, alt: str = "figure") -> str:
    """A figure as an ``<img>`` with the PNG inline (a data URI), closing nothing global."""
    fig = ax if isinstance(ax, Figure) else ax.figure
    buf = BytesIO()
    fig.savefig(buf, format="png", dpi=96)
    data = b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'
