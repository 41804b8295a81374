"""A plain HTML page of what was imported: posts per platform, kind and year.

This is the first, import-only report; it shows nothing of the scores. It is self-contained
(inline CSS, no scripts, no external resources) so it can be opened offline, and it wears the
batch report's stylesheet (``audit/templates/footprint_report/report.css``), so the two pages
look alike.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .summary import display_timezone
from .timezones import local_times

__all__ = ["inventory_html", "inventory_table", "report_css"]

_CSS = Path(__file__).resolve().parent / "templates" / "footprint_report" / "report.css"


def report_css() -> str:
    """The stylesheet the batch report and the inventory page share."""
    return _CSS.read_text(encoding="utf-8")


def inventory_table(posts: pd.DataFrame) -> pd.DataFrame:
    """Count posts per platform, kind and year.

    Parameters
    ----------
    posts : pandas.DataFrame
        A posts table (needs ``platform``, ``kind`` and ``created_at``). Years are counted on
        the archive's clock (``attrs["timezone"]``), else UTC, as in the report.

    Returns
    -------
    pandas.DataFrame
        One row per (platform, year), one column per kind plus ``total``, as integers.
    """
    if posts.empty:
        return pd.DataFrame(columns=["platform", "year", "total"])
    counts = (
        posts.assign(year=local_times(posts["created_at"], display_timezone(posts)).dt.year)
        .groupby(["platform", "year", "kind"])
        .size()
        .unstack("kind", fill_value=0)
    )
    counts["total"] = counts.sum(axis=1)
    return counts.reset_index().rename_axis(columns=None)


def inventory_html(posts: pd.DataFrame, sources: Sequence[str] = ()) -> str:
    """Render the inventory as one standalone HTML page.

    Parameters
    ----------
    posts : pandas.DataFrame
        The posts table.
    sources : sequence of str
        The archives it was read from, listed at the top.

    Returns
    -------
    str
        A complete HTML document.
    """
    tz = display_timezone(posts)
    table = inventory_table(posts).rename(columns={"year": f"year ({tz})"})
    by_kind = posts.groupby(["platform", "kind"]).size().unstack("kind", fill_value=0)
    first = posts["created_at"].min() if len(posts) else None
    last = posts["created_at"].max() if len(posts) else None
    if first is not None:
        first, last = (pd.Timestamp(t).tz_convert(tz) for t in (first, last))
    span = f"{first:%Y-%m-%d} to {last:%Y-%m-%d}" if first is not None else "no posts"
    zone = "UTC" if tz == "UTC" else f"{tz} time, the archive's time zone"
    items = "".join(f"<li><code>{html.escape(s)}</code></li>" for s in sources)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>footprint audit: what was imported</title>
<style>
{report_css()}
</style>
</head>
<body>
<main class="report">
<h1>What was imported</h1>
<p>{len(posts)} posts, replies, reposts and comments, {span}.</p>
<p class="audit-note">Dates and years are {html.escape(zone)}.</p>
<p>Archives:</p>
<ul>{items}</ul>
<h2>By platform and kind</h2>
{by_kind.to_html(classes="audit-table", border=0)}
<h2>By platform, year and kind</h2>
{table.to_html(classes="audit-table", index=False, border=0)}
<footer>Made on your own machine by footprint audit; nothing was sent anywhere. This file loads
nothing from anywhere.</footer>
</main>
</body>
</html>
"""
