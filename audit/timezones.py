"""Time-zone names: IANA names as they are, X's own names mapped to IANA ones.

X writes the account's time zone in ``account-timezone.js`` with the names of the Rails /
ActiveSupport list ("Kyiv", "Pacific Time (US & Canada)"), which Python's ``zoneinfo`` does not
know. :func:`resolve_timezone` maps them (``audit/x_timezones.toml``, every name of that list
with its provenance) and accepts IANA names as they are; :func:`user_timezone` does the same for
a name the user gave and says what to do when it is neither.
"""

from __future__ import annotations

import tomllib
import zoneinfo
from functools import cache
from importlib import resources

import pandas as pd

from .errors import AuditError, describe

__all__ = ["local_times", "resolve_timezone", "user_timezone", "x_timezone_names"]


@cache
def x_timezone_names() -> dict[str, str]:
    """Every X (ActiveSupport) time-zone name and its IANA name.

    Returns
    -------
    dict
        ``{"Kyiv": "Europe/Kyiv", "Pacific Time (US & Canada)": "America/Los_Angeles", ...}``
    """
    raw = resources.files("audit").joinpath("x_timezones.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    return {**data["names"], **data["aliases"]}


@cache
def _is_iana(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def resolve_timezone(name: object) -> str | None:
    """An IANA time-zone name for an IANA or X time-zone name; None when it is neither.

    Parameters
    ----------
    name : object
        ``"Europe/Berlin"``, ``"Kyiv"``, ``"Eastern Time (US & Canada)"``, ...

    Returns
    -------
    str or None

    Examples
    --------
    >>> resolve_timezone("Kyiv"), resolve_timezone("Europe/Lisbon"), resolve_timezone("Mars")
    ('Europe/Kyiv', 'Europe/Lisbon', None)
    """
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    if _is_iana(name):  # first, so that "UTC" stays "UTC" ("Singapore" is both, the same zone)
        return name
    return x_timezone_names().get(name)


def user_timezone(name: object, where: str = "") -> str:
    """The IANA name for a time zone the user gave (option, config, report parameter).

    Raises
    ------
    AuditError
        When the name is neither an IANA name nor one of X's; the message says what to pass.
    """
    resolved = resolve_timezone(name)
    if resolved is None:
        raise AuditError(
            describe(
                "an IANA time-zone name (Europe/Berlin) or one of X's (Kyiv, London)",
                repr(name),
                'pass e.g. "Europe/Berlin" or "America/New_York"',
                where=where,
            )
        )
    return resolved


def local_times(created_at: pd.Series, timezone: str) -> pd.Series:
    """Timestamps on a time zone's clock: the one conversion every view and scorer uses.

    Parameters
    ----------
    created_at : pandas.Series
        Times as the posts schema stores them (UTC); naive ones are taken as UTC, strings are
        parsed (unreadable ones become NaT).
    timezone : str
        An IANA name or one of X's (``Kyiv``).

    Returns
    -------
    pandas.Series
        The same instants, time-zone aware, on that clock.

    Raises
    ------
    AuditError
        When ``timezone`` is not a time zone.
    """
    if not isinstance(created_at.dtype, pd.DatetimeTZDtype):
        if pd.api.types.is_datetime64_any_dtype(created_at.dtype):
            created_at = created_at.dt.tz_localize("UTC")
        else:
            created_at = pd.to_datetime(created_at, utc=True, errors="coerce")
    return created_at.dt.tz_convert(user_timezone(timezone))
