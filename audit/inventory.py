"""A plain HTML page of what was imported: posts per platform, kind and year.

This is the first, import-only report; it shows nothing of the scores. It is self-contained
(inline CSS, no scripts, no external resources) so it can be opened offline.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

__all__ = ["inventory_html", "inventory_table"]


def inventory_table(posts: pd.DataFrame) -> pd.DataFrame:
    """Count posts per platform, kind and year.

    Parameters
    ----------
    posts : pandas.DataFrame
        A posts table (needs ``platform``, ``kind`` and ``created_at``).

    Returns
    -------
    pandas.DataFrame
        One row per (platform, year), one column per kind plus ``total``, as integers.
    """
    if posts.empty:
        return pd.DataFrame(columns=["platform", "year", "total"])
    counts = (
        posts.assign(year=posts["created_at"].dt.year)
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
    table = inventory_table(posts)
    by_kind = posts.groupby(["platform", "kind"]).size().unstack("kind", fill_value=0)
    first = posts["created_at"].min() if len(posts) else None
    last = posts["created_at"].max() if len(posts) else None
    span = f"{first:%Y-%m-%d} to {last:%Y-%m-%d}" if first is not None else "no posts"
    items = "".join(f"<li><code>{html.escape(s)}</code></li>" for s in sources)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>footprint audit: what was imported</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ccc; padding: .3em .7em; text-align: right; }}
th {{ background: #f3f3f3; }}
</style></head><body>
<h1>What was imported</h1>
<p>{len(posts)} posts, replies, reposts and comments, {span}.</p>
<ul>{items}</ul>
<h2>By platform and kind</h2>
{by_kind.to_html(border=0)}
<h2>By platform, year and kind</h2>
{table.to_html(index=False, border=0)}
<p><small>Made locally by footprint audit; nothing was sent anywhere.</small></p>
</body></html>
"""
