"""Immediacy: signs a post was written in the heat of the moment.

- ``immediacy:late-night``: posted between ``late_night_start`` and ``late_night_end`` local time
  (01:00-04:59 by default). Local means the config's ``timezone``, else the posts table's
  ``attrs["timezone"]`` (set by the X importer from ``account-timezone.js``), else UTC.
- ``immediacy:burst``: at least ``burst_min_posts`` posts in a row, each within
  ``burst_window_minutes`` of the previous one.
- ``immediacy:caps``: a run of ``caps_min_words`` or more ALL-CAPS words.
- ``immediacy:exclaim``: ``exclaim_min`` or more "!" (or "?!") in a row.

These raise ``risk`` and appear in ``flags``; alone they never make a post negative. Everything
here works on whole columns (no per-row Python loop).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..errors import AuditError, describe

__all__ = ["ImmediacyResult", "caps_pattern", "score_immediacy"]

ImmediacyResult = pd.DataFrame
"""Columns ``late_night``, ``burst``, ``caps``, ``exclaim`` (bool) and ``local_hour`` (float)."""


def _local_times(created_at: pd.Series, timezone: str) -> pd.Series:
    if not isinstance(created_at.dtype, pd.DatetimeTZDtype):
        if pd.api.types.is_datetime64_any_dtype(created_at.dtype):
            created_at = created_at.dt.tz_localize("UTC")  # naive times are taken as UTC
        else:
            created_at = pd.to_datetime(created_at, utc=True, errors="coerce")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise AuditError(
            describe("an IANA timezone name", repr(timezone), 'set e.g. "Europe/Berlin"')
        ) from exc
    return created_at.dt.tz_convert(timezone)


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
        IANA name of the user's timezone.

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
    index = texts.index
    out = pd.DataFrame(index=index)
    caps_re = caps_pattern(int(params["caps_min_words"]))
    out["caps"] = texts.str.contains(caps_re, regex=True).fillna(False).astype(bool)
    n_excl = int(params["exclaim_min"])
    out["exclaim"] = texts.str.contains(rf"![!?1]{{{n_excl - 1},}}", regex=True).fillna(False)
    out["exclaim"] = out["exclaim"].astype(bool)
    if created_at is None:
        out["late_night"] = False
        out["burst"] = False
        out["local_hour"] = np.nan
        return out
    local = _local_times(created_at, timezone)
    hour = local.dt.hour
    start, end = int(params["late_night_start"]), int(params["late_night_end"])
    # a window across midnight (e.g. 23 -> 5) wraps around
    late = (hour >= start) & (hour < end) if start <= end else (hour >= start) | (hour < end)
    out["late_night"] = late.fillna(False).astype(bool)
    out["local_hour"] = hour.astype("float64")

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
    burst = pd.Series(burst, index=index)
    out["burst"] = burst.astype(bool)
    return out
