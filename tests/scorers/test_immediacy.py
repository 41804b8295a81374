"""Immediacy: late night (local), bursts, caps and '!!!' runs."""

from __future__ import annotations

import pandas as pd
import pytest

from audit.errors import AuditError
from audit.scorers.immediacy import score_immediacy

from .conftest import *  # noqa: F403  (fixtures)


def _times(*stamps: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(stamps), utc=True))


def test_late_night_window_is_local(thresholds):
    p = thresholds["immediacy"]
    texts = pd.Series(["a", "b", "c", "d"])
    utc = _times("2024-03-01 00:59", "2024-03-01 01:00", "2024-03-01 04:59", "2024-03-01 05:00")
    got = score_immediacy(texts, utc, params=p)
    assert got["late_night"].tolist() == [False, True, True, False]
    # 09:30 UTC is 01:30 in Los Angeles (PST, UTC-8)
    la = score_immediacy(
        pd.Series(["x"]), _times("2024-03-01 09:30"), params=p, timezone="America/Los_Angeles"
    )
    assert la["late_night"].tolist() == [True]
    assert la["local_hour"].tolist() == [1.0]


def test_naive_times_are_utc(thresholds):
    naive = pd.Series(pd.to_datetime(["2024-03-01 02:00", "2024-03-01 12:00"]))
    got = score_immediacy(pd.Series(["a", "b"]), naive, params=thresholds["immediacy"])
    assert got["late_night"].tolist() == [True, False]


def test_bursts_need_several_posts_minutes_apart(thresholds):
    p = thresholds["immediacy"]
    times = _times(
        "2024-03-01 12:00",
        "2024-03-01 12:04",
        "2024-03-01 12:09",  # burst of three
        "2024-03-01 15:00",
        "2024-03-01 15:05",  # only two
        "2024-03-02 09:00",
    )
    got = score_immediacy(pd.Series(list("abcdef")), times, params=p)
    assert got["burst"].tolist() == [True, True, True, False, False, False]


def test_bursts_ignore_row_order_and_duplicate_index(thresholds):
    times = _times("2024-03-01 12:09", "2024-03-02 09:00", "2024-03-01 12:00", "2024-03-01 12:04")
    texts = pd.Series(list("abcd"), index=[7, 7, 7, 7])
    got = score_immediacy(texts, times.set_axis(texts.index), params=thresholds["immediacy"])
    assert got["burst"].tolist() == [True, False, True, True]


@pytest.mark.parametrize(
    ("text", "caps", "exclaim"),
    [
        ("WHY IS THIS SO HARD", True, False),
        ("this is fine!!!", False, True),
        ("NASA and the ESA launch today", False, False),  # acronyms, not a shouted run
        ("great news!", False, False),
        ("", False, False),
    ],
)
def test_caps_and_exclaim_runs(text, caps, exclaim, thresholds):
    got = score_immediacy(pd.Series([text]), None, params=thresholds["immediacy"])
    assert got["caps"].tolist() == [caps]
    assert got["exclaim"].tolist() == [exclaim]
    assert got["late_night"].tolist() == [False] and got["burst"].tolist() == [False]


def test_bad_timezone_is_an_audit_error(thresholds):
    with pytest.raises(AuditError, match="IANA"):
        score_immediacy(
            pd.Series(["a"]),
            _times("2024-03-01 02:00"),
            params=thresholds["immediacy"],
            timezone="Mars/Olympus",
        )


def test_time_signals_alone(thresholds):
    from audit.scorers.immediacy import time_signals

    p = thresholds["immediacy"]
    got = time_signals(_times("2024-03-01 02:00", "2024-03-01 12:00"), params=p)
    assert got["late_night"].tolist() == [True, False]
    assert got["local_hour"].tolist() == [2.0, 12.0]
    none = time_signals(None, params=p, index=pd.RangeIndex(2))
    assert none["late_night"].tolist() == [False, False] and none["local_hour"].isna().all()
    with pytest.raises(AuditError, match="index"):
        time_signals(None, params=p)
