"""Exports: flagged posts as CSV, delete- and keep-lists, and a filtered ``tweets.js`` for X.

Every file is written atomically with owner-only permissions (:func:`audit._io.write_private`).
Every CSV cell of text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written with a leading ``'`` (:func:`as_text_cell`), so that spreadsheets show it as text and
never run it as a formula.
The filtered ``tweets.js`` has the layout of X's own file (``window.YTD.tweets.part0 = [...]``
with each tweet wrapped in ``{"tweet": ...}``, exactly as it was in the archive), which is what
tweet-deletion tools read.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ._io import write_private
from .archive import open_archive
from .decisions import Decisions
from .importers._common import load_js
from .importers.twitter import _COMMUNITY, _YTD_TWEETS
from .privacy import mask_frame
from .privacy import mask_people as mask_people_frame

__all__ = [
    "FORMULA_STARTS",
    "as_text_cell",
    "decision_list",
    "export_all",
    "flagged_csv",
    "tweets_js_for_deletion",
]

_FLAGGED_COLUMNS = [
    "platform", "post_id", "created_at", "kind", "url", "text", "risk", "negativity",
    "targets_person", "target", "overshare", "overshare_category", "value", "value_category",
    "flags", "reason", "evidence", "why",
]  # fmt: skip


#: first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value: object) -> object:
    """A text cell that a spreadsheet shows as text: a leading ``'`` before a formula start.

    Posts, comments and quoted replies are other people's text; a post that begins with
    ``=HYPERLINK(...)`` must never run as a formula when the CSV is opened. Spreadsheets hide
    the leading apostrophe and show the text as written. Anything that is not a string (numbers,
    missing values) is returned as it is.

    Examples
    --------
    >>> print(as_text_cell('=HYPERLINK("http://evil.example","click")'), as_text_cell("hello"))
    '=HYPERLINK("http://evil.example","click") hello
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(frame: pd.DataFrame) -> str:
    """The frame as CSV, every text cell safe to open in a spreadsheet (ids never change:
    no id begins with a formula start)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column].dtype):
            safe[column] = safe[column].map(as_text_cell)
    buf = io.StringIO()
    # CRLF line ends (RFC 4180): a carriage return inside a cell is then quoted like a newline
    # (with "\n" alone, pandas leaves it bare and the file breaks there when read)
    safe.to_csv(buf, index=False, lineterminator="\r\n")
    return buf.getvalue()


def flagged_csv(
    scored: pd.DataFrame,
    path: str | Path,
    decisions: Decisions | None = None,
    mask_pii: bool = False,
    mask_people: bool = False,
) -> Path:
    """Write the negative or oversharing posts, riskiest first, with their reasons.

    Parameters
    ----------
    scored : pandas.DataFrame
        Output of :func:`audit.score_posts`.
    path : str or Path
        The CSV file to write.
    decisions : Decisions, optional
        Adds a ``decision`` column.
    mask_pii : bool
        Mask personal identifiers in text and reasons.
    mask_people : bool
        Replace other people's handles and names by placeholders.

    Returns
    -------
    Path
        The file written.
    """
    if mask_people:  # placeholders from the whole table: the same as in the report
        scored = mask_people_frame(scored)
    rows = scored[scored["is_negative"] | scored["is_overshare"]]
    rows = (mask_frame(rows) if mask_pii else rows).sort_values("risk", ascending=False)
    out = rows[[c for c in _FLAGGED_COLUMNS if c in rows.columns]].copy()
    out["flags"] = out["flags"].map(";".join)
    if decisions is not None:
        out["decision"] = decisions.column(rows)
    return write_private(path, _csv(out))


def decision_list(
    scored: pd.DataFrame, decisions: Decisions, decision: str, path: str | Path
) -> Path:
    """Write the posts with one decision (``delete`` or ``keep``): platform, id, URL, date (UTC,
    with its offset), kind and the text, to find each post again on the platform."""
    ids = decisions.column(scored) == decision
    rows = scored.loc[ids, ["platform", "post_id", "url", "created_at", "kind", "text"]]
    return write_private(path, _csv(rows))


def tweets_js_for_deletion(
    archives: Iterable[str | Path], delete_ids: Iterable[str], path: str | Path
) -> tuple[Path, int]:
    """Write a ``tweets.js`` holding only the tweets marked delete, as X wrote them.

    Parameters
    ----------
    archives : iterable of str or Path
        The archives the tweets came from (X archives; others are passed over).
    delete_ids : iterable of str
        Tweet ids to include.
    path : str or Path
        The file to write.

    Returns
    -------
    (Path, int)
        The file and how many tweets it holds.
    """
    wanted = {str(i) for i in delete_ids}
    found: dict[str, object] = {}
    for archive_path in archives:
        with open_archive(archive_path) as archive:
            for name in [*archive.find(_YTD_TWEETS), *archive.find(_COMMUNITY)]:
                data = load_js(archive, name)
                for element in data if isinstance(data, list) else []:
                    tweet = element.get("tweet", element) if isinstance(element, dict) else None
                    tweet_id = str(tweet.get("id_str", "")) if isinstance(tweet, dict) else ""
                    if tweet_id in wanted and tweet_id not in found:
                        found[tweet_id] = {"tweet": tweet}
    body = json.dumps(list(found.values()), indent=2, ensure_ascii=False)
    return write_private(path, f"window.YTD.tweets.part0 = {body}"), len(found)


def export_all(
    scored: pd.DataFrame,
    out_dir: str | Path,
    decisions: Decisions | None = None,
    archives: Iterable[str | Path] = (),
    mask_pii: bool = False,
    mask_people: bool = False,
) -> dict[str, Path]:
    """Write every export into ``out_dir`` and return ``{name: path}``.

    ``flagged.csv`` always; with decisions, ``delete-list.csv`` and ``keep-list.csv``; and when
    X posts are marked delete, ``tweets-to-delete.js``.
    """
    out = Path(out_dir)
    written = {
        "flagged": flagged_csv(scored, out / "flagged.csv", decisions, mask_pii, mask_people)
    }
    if decisions is not None:
        written["delete-list"] = decision_list(scored, decisions, "delete", out / "delete-list.csv")
        written["keep-list"] = decision_list(scored, decisions, "keep", out / "keep-list.csv")
        to_delete = scored.loc[
            (decisions.column(scored) == "delete") & (scored["platform"] == "twitter"), "post_id"
        ]
        if len(to_delete):
            path, _ = tweets_js_for_deletion(archives, to_delete, out / "tweets-to-delete.js")
            written["tweets.js"] = path
    return written
