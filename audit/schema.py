"""The posts table: one schema for every platform, built and checked at the importer boundary.

Importers produce plain records (dicts); :func:`posts_frame` turns them into a DataFrame with the
exact columns and dtypes below, and :func:`validate_posts` checks any frame against the contract
(``../shared/DESIGN.md``). Downstream code relies on these guarantees instead of re-checking.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ._progress import paused_gc
from .errors import SchemaError, describe

__all__ = ["KINDS", "POSTS_COLUMNS", "empty_posts", "posts_frame", "validate_posts"]

#: column name -> pandas dtype of the posts table, in order.
POSTS_COLUMNS: dict[str, str] = {
    "platform": "str",
    "post_id": "str",
    "created_at": "datetime64[us, UTC]",
    "kind": "str",
    "text": "str",
    "url": "str",
    "reply_to": "str",
    "mentions": "object",
    "hashtags": "object",
    "links": "object",
    "media_count": "int64",
    "place": "str",
    "lat": "float64",
    "lon": "float64",
    "likes": "Int64",
    "shares": "Int64",
    "source_file": "str",
}

#: the ``kind`` vocabulary.
KINDS = frozenset({"post", "reply", "repost", "quote", "comment", "like"})

_REQUIRED_STR = ("platform", "post_id", "kind", "text", "source_file")
_OPTIONAL_STR = ("url", "reply_to", "place")
_LISTS = ("mentions", "hashtags", "links")


def _opt_str(value: Any) -> Any:
    """Optional string: None/NaN/"" become missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return str(value)


def _opt_float(value: Any) -> float:
    if value is None or value == "":
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


_INT64_MAX = 2**63 - 1


def _opt_int(value: Any) -> int | None:
    """Optional count: anything that is not a whole number in int64 range becomes missing."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if -_INT64_MAX <= number <= _INT64_MAX else None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _times(values: list[Any], dtype: str) -> pd.Series:
    """``created_at`` values as a UTC datetime column; aware datetimes take a fast exact path."""
    if values and all(type(v) is datetime and v.tzinfo is not None for v in values):
        micros = np.fromiter(((v - _EPOCH) // _MICROSECOND for v in values), np.int64, len(values))
        return pd.Series(micros.view("datetime64[us]")).dt.tz_localize("UTC").astype(dtype)
    return pd.Series(pd.to_datetime(values, utc=True), dtype=dtype)


def empty_posts() -> pd.DataFrame:
    """An empty posts table with the schema's columns and dtypes."""
    return posts_frame([])


def posts_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build a posts table from importer records.

    Parameters
    ----------
    records : iterable of mapping
        One mapping per post. Required keys: ``platform``, ``post_id``, ``created_at`` (an aware
        ``datetime``), ``kind``, ``source_file``. Missing optional keys get the schema's empty
        value (``""`` text, missing strings, empty lists, 0 media, NaN coordinates).

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes exactly as :data:`POSTS_COLUMNS`, sorted by ``created_at``.
    """
    # Column by column over a list of records (1M rows in a few seconds): each value gets the
    # same conversion as before, with a shortcut for the common type.
    with paused_gc():  # millions of small objects: the cycle collector would dominate
        return _posts_frame(records if isinstance(records, list) else list(records))


def _posts_frame(records: list[Mapping[str, Any]]) -> pd.DataFrame:
    data: dict[str, pd.Series] = {}
    for c, dtype in POSTS_COLUMNS.items():
        values = [r.get(c) for r in records]
        if c == "created_at":
            data[c] = _times(values, dtype)
            continue
        if c in _REQUIRED_STR:
            values = [v if type(v) is str else ("" if v is None else str(v)) for v in values]
        elif c in _OPTIONAL_STR:
            values = [v if type(v) is str and v else _opt_str(v) for v in values]
        elif c in _LISTS:
            values = [list(v or ()) for v in values]
        elif c == "media_count":
            values = [min(int(v or 0), _INT64_MAX) for v in values]
        elif c in ("lat", "lon"):
            values = [v if type(v) is float else _opt_float(v) for v in values]
        elif c in ("likes", "shares"):
            values = [_opt_int(v) for v in values]
        data[c] = pd.Series(values, dtype=object if dtype == "object" else dtype)
        del values
    df = pd.DataFrame(data)
    return df.sort_values(["created_at", "post_id"], kind="stable", ignore_index=True)


def validate_posts(posts: pd.DataFrame, source: str = "posts table") -> pd.DataFrame:
    """Check that a DataFrame is a valid posts table.

    Parameters
    ----------
    posts : pandas.DataFrame
        The table to check.
    source : str
        What produced it, for the message (e.g. the importer and archive).

    Returns
    -------
    pandas.DataFrame
        The same frame, unchanged, so the call can be chained.

    Raises
    ------
    SchemaError
        On the first broken rule: missing or extra columns, wrong dtypes, missing ``text`` or
        ``created_at``, an unknown ``kind``, a list column holding a non-list, or a ``post_id``
        repeated within a platform.
    """

    def fail(expected: str, got: str) -> SchemaError:
        return SchemaError(
            describe(expected, got, "this is a bug in the importer; please report it", source)
        )

    cols = list(posts.columns)
    if cols != list(POSTS_COLUMNS):
        missing = [c for c in POSTS_COLUMNS if c not in cols]
        extra = [c for c in cols if c not in POSTS_COLUMNS]
        raise fail(
            f"columns {list(POSTS_COLUMNS)}",
            f"missing {missing}, extra {extra}" if missing or extra else f"order {cols}",
        )
    for c, dtype in POSTS_COLUMNS.items():
        actual = posts[c].dtype
        if str(actual) != dtype:
            raise fail(f"column {c!r} of dtype {dtype}", f"{actual}")
    for c in ("platform", "post_id", "kind", "text", "source_file", "created_at"):
        n = int(posts[c].isna().sum())
        if n:
            raise fail(f"no missing values in {c!r}", f"{n} missing")
    bad_kinds = sorted(set(posts["kind"]) - KINDS)
    if bad_kinds:
        raise fail(f"kind in {sorted(KINDS)}", f"{bad_kinds}")
    for c in _LISTS:
        n_bad = sum(1 for v in posts[c].tolist() if not isinstance(v, list))
        if n_bad:
            raise fail(f"lists in {c!r}", f"{n_bad} non-list values")
    if (posts["media_count"] < 0).any():
        raise fail("media_count >= 0", "negative counts")
    dup = posts.duplicated(["platform", "post_id"])
    if dup.any():
        first = posts.loc[dup, "post_id"].iloc[0]
        raise fail("post_id unique within a platform", f"{int(dup.sum())} repeats, e.g. {first!r}")
    return posts
