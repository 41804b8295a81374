"""Immediacy: signs a post was written in the heat of the moment.

- ``immediacy:late-night``: posted between ``late_night_start`` and ``late_night_end`` local time
  (01:00-04:59 by default). Local means the config's ``timezone``, else the posts table's
  ``attrs["timezone"]`` (set by the X importer from ``account-timezone.js``), else UTC.
- ``immediacy:burst``: at least ``burst_min_posts`` posts in a row, each within
  ``burst_window_minutes`` of the previous one.
- ``immediacy:caps``: a run of ``caps_min_words`` or more ALL-CAPS words.
- ``immediacy:exclaim``: ``exclaim_min`` or more "!" (or "?!") in a row.

These raise ``risk`` and appear in ``flags``; alone they never make a post negative. The time
signals work on whole columns (:func:`time_signals`); the text signals are one regular-expression
search per text (:func:`text_signals`), which :func:`audit.score_posts` runs in its workers, chunk
by chunk, instead of on the whole column before they can start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..errors import AuditError, describe
from ..timezones import local_times

__all__ = [
    "ImmediacyResult",
    "caps_pattern",
    "score_immediacy",
    "text_runs",
    "text_signals",
    "time_signals",
]

ImmediacyResult = pd.DataFrame
"""Columns ``late_night``, ``burst``, ``caps``, ``exclaim`` (bool) and ``local_hour`` (float)."""


def caps_pattern(words: int) -> str:
    """A run of ``words`` or more ALL-CAPS words, as a regular expression.

    The straightforward form is ``(?:W[\\s,.!?:;-]+){words-1,}W`` with ``W`` =
    ``\\b[A-Z][A-Z'’]+\\b``. The same runs are written here as ``W(?:[\\s,.!?:;-]+W){words-1,}``,
    with the first ``\\b`` as a look-behind after the first capital: a pattern that starts with a
    character class lets the search skip other characters at once (four times faster, and the
    same texts match; ``tests/test_performance_equivalence.py``).

    Parameters
    ----------
    words : int
        The fewest capitalised words in a row.

    Returns
    -------
    str
    """
    word = r"\b[A-Z][A-Z'’]+\b"
    return rf"[A-Z](?<!\w[A-Z])[A-Z'’]+\b(?:[\s,.!?:;-]+{word}){{{max(0, words - 1)},}}"


# capitalised words (single letters and numbers too) that go on after a caps run
_CAPS_MORE = re.compile(r"(?:[\s,;:'’-]+[A-Z0-9][A-Z0-9'’]*\b)*")


@lru_cache(maxsize=8)
def _text_patterns(caps_min_words: int, exclaim_min: int) -> tuple[re.Pattern[str], ...]:
    return re.compile(caps_pattern(caps_min_words)), re.compile(rf"![!?1]{{{exclaim_min - 1},}}")


def text_signals(
    texts: Iterable[Any], *, params: Mapping[str, Any]
) -> tuple[list[bool], list[bool]]:
    """The caps-run and exclamation-run flags of each text.

    Parameters
    ----------
    texts : iterable
        Post texts; anything that is not a str (a missing text) has neither run.
    params : Mapping
        The ``[immediacy]`` thresholds (``caps_min_words``, ``exclaim_min``).

    Returns
    -------
    (list of bool, list of bool)
        Per text, in order: a run of ``caps_min_words`` ALL-CAPS words; ``exclaim_min`` or more
        "!" (or "?!") in a row.

    Examples
    --------
    >>> from audit.config import load_config
    >>> p = load_config(None).thresholds["immediacy"]
    >>> text_signals(["WHY IS THIS SO HARD", "fine!!!"], params=p)
    ([True, False], [False, True])
    """
    caps, exclaim = _text_patterns(int(params["caps_min_words"]), int(params["exclaim_min"]))
    texts = [t if isinstance(t, str) else "" for t in texts]
    return (
        [caps.search(t) is not None for t in texts],
        [exclaim.search(t) is not None for t in texts],
    )


def text_runs(text: str, *, params: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The first ALL-CAPS run and "!!!" run of one text, as written (for its reason).

    Parameters
    ----------
    text : str
    params : Mapping
        The ``[immediacy]`` thresholds (``caps_min_words``, ``exclaim_min``).

    Returns
    -------
    (str or None, str or None)
        The runs :func:`text_signals` flags (a caps run with the capitalised words, single
        letters and numbers that go on after it); ``None`` where the text has none.

    Examples
    --------
    >>> from audit.config import load_config
    >>> text_runs("WHY IS THIS SO HARD!!!", params=load_config(None).thresholds["immediacy"])
    ('WHY IS THIS SO HARD', '!!!')
    """
    caps, exclaim = _text_patterns(int(params["caps_min_words"]), int(params["exclaim_min"]))
    c, e = caps.search(text), exclaim.search(text)
    run = None
    if c is not None:  # the whole shouted stretch: "WHO DEPLOYS ON A FRIDAY AT 5PM ..."
        more = _CAPS_MORE.match(text, c.end())
        run = text[c.start() : more.end() if more else c.end()]
    return run, (e.group(0) if e else None)


def time_signals(
    created_at: pd.Series | None,
    *,
    params: Mapping[str, Any],
    timezone: str = "UTC",
    index: pd.Index | None = None,
) -> pd.DataFrame:
    """Late-night posting and bursts, from the posting times alone.

    Parameters
    ----------
    created_at : Series of datetime, or None
        Posting times (tz-aware; naive times are taken as UTC). ``None``: no time signals.
    params : Mapping
        The ``[immediacy]`` thresholds (see ``lexicons/thresholds.toml``).
    timezone : str
        IANA name of the user's time zone (X's names, "Kyiv", are mapped).
    index : Index, optional
        The index of the result (``created_at``'s by default; required when it is None).

    Returns
    -------
    DataFrame
        Bool columns ``late_night`` and ``burst`` and float ``local_hour`` (NaN when unknown).
    """
    if index is None:
        if created_at is None:
            raise AuditError(
                describe(
                    "posting times or an index for the result",
                    "neither",
                    "pass index= (the posts table's index) when there are no posting times",
                )
            )
        index = created_at.index
    out = pd.DataFrame(index=index)
    if created_at is None:
        out["late_night"] = False
        out["burst"] = False
        out["local_hour"] = np.nan
        return out
    local = local_times(created_at, timezone)
    hour = local.dt.hour
    start, end = int(params["late_night_start"]), int(params["late_night_end"])
    # a window across midnight (e.g. 23 -> 5) wraps around
    late = (hour >= start) & (hour < end) if start <= end else (hour >= start) | (hour < end)
    out["late_night"] = late.fillna(False).astype(bool).to_numpy()
    out["local_hour"] = hour.astype("float64").to_numpy()

    # bursts: runs of posts each within the window of the previous one (positional, so a
    # duplicated index is fine)
    ns = local.to_numpy(dtype="datetime64[us]", na_value=np.datetime64("NaT"))
    burst = np.zeros(len(ns), dtype=bool)
    ok = ~np.isnat(ns)
    pos = np.flatnonzero(ok)
    if len(pos) >= 2:
        order = pos[np.argsort(ns[pos], kind="stable")]
        t = ns[order]
        window = np.timedelta64(int(float(params["burst_window_minutes"]) * 60_000_000), "us")
        new_run = np.concatenate([[True], np.diff(t) > window])
        run_id = np.cumsum(new_run)
        sizes = np.bincount(run_id)[run_id]
        burst[order] = sizes >= int(params["burst_min_posts"])
    out["burst"] = burst
    return out


def score_immediacy(
    texts: pd.Series,
    created_at: pd.Series | None,
    *,
    params: Mapping[str, Any],
    timezone: str = "UTC",
) -> pd.DataFrame:
    """Flag late-night posting, bursts, caps runs and exclamation runs.

    Parameters
    ----------
    texts : Series of str
        Post texts (missing text must already be ``""``).
    created_at : Series of datetime, or None
        Posting times (tz-aware; naive times are taken as UTC). ``None`` disables the time-based
        signals.
    params : Mapping
        The ``[immediacy]`` thresholds (see ``lexicons/thresholds.toml``).
    timezone : str
        IANA name of the user's time zone (X's names, "Kyiv", are mapped).

    Returns
    -------
    DataFrame
        Same index as ``texts``; bool columns ``late_night``, ``burst``, ``caps``, ``exclaim`` and
        float ``local_hour`` (NaN when unknown).

    Examples
    --------
    >>> from audit.config import load_config
    >>> p = load_config(None).thresholds["immediacy"]
    >>> t = pd.Series(["WHY IS THIS SO HARD", "ok"])
    >>> c = pd.Series(pd.to_datetime(["2024-01-01 02:30", "2024-01-01 12:00"], utc=True))
    >>> score_immediacy(t, c, params=p)[["late_night", "caps"]].values.tolist()
    [[True, True], [False, False]]
    """
    caps, exclaim = text_signals(texts.tolist(), params=params)
    times = time_signals(created_at, params=params, timezone=timezone, index=texts.index)
    out = pd.DataFrame(index=texts.index)
    out["caps"] = np.array(caps, dtype=bool)
    out["exclaim"] = np.array(exclaim, dtype=bool)
    for c in times.columns:
        out[c] = times[c].to_numpy()
    return out
