"""The posts table: one schema for every platform, built and checked at the importer boundary.

Importers produce plain records (dicts); :func:`posts_frame` turns them into a DataFrame with the
exact columns and dtypes below, and :func:`validate_posts` checks any frame against the contract
(``../shared/DESIGN.md``). Downstream code relies on these guarantees instead of re-checking.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ._progress import paused_gc
from .errors import SchemaError, describe
from .language import fill as fill_languages
from .language import normalize_tag

__all__ = [
    "KINDS",
    "POSTS_COLUMNS",
    "empty_posts",
    "posts_frame",
    "posts_from_columns",
    "validate_posts",
]

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
    "lang": "str",
}

#: the ``kind`` vocabulary.
KINDS = frozenset({"post", "reply", "repost", "quote", "comment", "like"})

_LANG_CODE = re.compile(r"[a-z]{2}|und")
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


_NONE_TYPE = type(None)
_HASHABLE = {str, _NONE_TYPE}


def _opt_ints(values: list[Any]) -> list[int | None]:
    """``[_opt_int(v) for v in values]``, converting each distinct string or int once.

    Counts repeat a lot ("0", "1", ...). Strings, ints and None never compare equal across
    types, so a value's conversion can be looked up by value (bools and floats, which compare
    equal to ints, take the per-value path).
    """
    if set(map(type, values)) <= {str, int, _NONE_TYPE}:
        converted = {v: _opt_int(v) for v in set(values)}
        return list(map(converted.__getitem__, values))
    return [_opt_int(v) for v in values]


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


def _micros_times(micros: Any, dtype: str) -> pd.Series:
    """A UTC datetime column from int64 microseconds since 1970-01-01 UTC."""
    values = np.asarray(micros, dtype=np.int64)
    return pd.Series(values.view("datetime64[us]")).dt.tz_localize("UTC").astype(dtype)


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
        rows = records if isinstance(records, list) else list(records)
        return _frame(lambda c: [r.get(c) for r in rows], copy_lists=True)


def posts_from_columns(columns: dict[str, Any]) -> pd.DataFrame:
    """Build a posts table from columns: what :func:`posts_frame` makes of the same records.

    Parameters
    ----------
    columns : dict
        One list per column of :data:`POSTS_COLUMNS`, all of one length (a missing value is
        None). ``created_at`` is either aware datetimes or int64 microseconds since
        1970-01-01 UTC (an ``array('q')`` or numpy array). ``mentions``, ``hashtags`` and
        ``links`` hold one list per row that the table takes over (not copied). The dict is
        emptied as the columns are converted, so that each raw column is freed early.

    Returns
    -------
    pandas.DataFrame
        As :func:`posts_frame`.
    """
    with paused_gc():
        return _frame(columns.pop, copy_lists=False)


def _column(c: str, dtype: str, values: Any, copy_lists: bool) -> pd.Series:
    """One column of the table from its raw values (each value converted as the schema says).

    Each conversion first checks, over the whole column at C speed, whether the values already
    have their final form (the usual case); only otherwise is every value converted.
    """
    if c == "created_at":
        if isinstance(values, array | np.ndarray):
            return _micros_times(values, dtype)
        return _times(values, dtype)
    if not values:
        kinds: set[type] = set()
    elif values[0] is None and values.count(None) == len(values):  # place, lat, lon: no lookups
        kinds = {_NONE_TYPE}
    else:
        kinds = set(map(type, values))
    if c in _REQUIRED_STR:
        if not kinds <= {str}:
            values = [v if type(v) is str else ("" if v is None else str(v)) for v in values]
    elif c in _OPTIONAL_STR:
        if not (kinds <= {_NONE_TYPE} or (kinds <= {str, _NONE_TYPE} and "" not in values)):
            values = [v if type(v) is str and v else _opt_str(v) for v in values]
    elif c in _LISTS:
        if copy_lists or not kinds <= {list}:
            values = [list(v or ()) for v in values]
        # an object array made without numpy looking into the lists (as pd.Series would)
        values = np.fromiter(values, dtype=object, count=len(values))
        return pd.Series(values, dtype=object, copy=False)
    elif c == "media_count":
        counts = None
        if kinds <= {int}:
            try:
                counts = np.array(values, dtype=np.int64)
            except OverflowError:  # beyond int64: capped below
                counts = None
        values = [min(int(v or 0), _INT64_MAX) for v in values] if counts is None else counts
    elif c in ("lat", "lon"):
        if kinds <= {_NONE_TYPE}:
            values = np.full(len(values), np.nan)
        elif kinds <= {float, _NONE_TYPE}:
            values = np.array(values, dtype=np.float64)  # None -> NaN, as _opt_float
        else:
            values = [v if type(v) is float else _opt_float(v) for v in values]
    elif c in ("likes", "shares"):
        values = _opt_ints(values)
    elif c == "lang":  # tags as exported; None where there is none (filled in by _frame)
        tags = {v: normalize_tag(v) for v in set(values)} if kinds <= _HASHABLE else None
        values = [tags[v] for v in values] if tags is not None else list(map(normalize_tag, values))
        return pd.Series(values, dtype=object)
    return pd.Series(values, dtype=object if dtype == "object" else dtype)


def _sort_order(created: pd.Series, post_ids: pd.Series) -> np.ndarray | None:
    """The row order of ``sort_values(["created_at", "post_id"], kind="stable")``, or None.

    A stable sort by time, then, only within runs of equal times, a stable sort by post_id:
    the same order as pandas' lexicographic sort (which ranks every post_id, a sort of all the
    strings), in a fraction of the time. None when a time is missing (pandas puts those last).
    """
    micros = created.array.asi8
    if created.isna().any():
        return None
    order = np.argsort(micros, kind="stable")
    ordered = micros[order]
    ties = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(ties):
        ids = post_ids.to_numpy(dtype=object)
        # runs of equal times: each tie i joins positions i and i + 1
        starts = ties[np.r_[True, np.diff(ties) > 1]]
        ends = ties[np.r_[np.diff(ties) > 1, True]] + 2
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            run = order[start:end].tolist()
            order[start:end] = sorted(run, key=lambda i: ids[i])
    return order


def _frame(take: Callable[[str], Any], copy_lists: bool) -> pd.DataFrame:
    """The sorted table from ``take(column)``, which gives each column's raw values once.

    The row order comes from the first two columns built; every other column is put in that
    order as soon as it is built, so that the unsorted and sorted copies of all the columns
    are never held at once.
    """
    first = {
        c: _column(c, POSTS_COLUMNS[c], take(c), copy_lists) for c in ("created_at", "post_id")
    }
    order = _sort_order(first["created_at"], first["post_id"])
    index = pd.RangeIndex(len(first["post_id"]))
    data: dict[str, pd.Series] = {}
    for c, dtype in POSTS_COLUMNS.items():
        series = first.pop(c) if c in first else _column(c, dtype, take(c), copy_lists)
        if order is not None:
            series = series.take(order)
            series.index = index
        data[c] = series
        del series
    # the language: the export's tag where it has one, else detected from the text
    data["lang"] = pd.Series(
        fill_languages(data["lang"].tolist(), data["text"].tolist()),
        index=data["lang"].index,
        dtype="str",
    )
    df = pd.DataFrame(data)
    if order is None:
        return df.sort_values(["created_at", "post_id"], kind="stable", ignore_index=True)
    return df


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
    for c in ("platform", "post_id", "kind", "text", "source_file", "created_at", "lang"):
        n = int(posts[c].isna().sum())
        if n:
            raise fail(f"no missing values in {c!r}", f"{n} missing")
    bad_langs = [v for v in posts["lang"].unique() if not _LANG_CODE.fullmatch(v)]
    if bad_langs:
        raise fail("lang as an ISO 639-1 code or 'und'", f"{sorted(bad_langs)[:5]}")
    bad_kinds = sorted(set(posts["kind"].unique()) - KINDS)
    if bad_kinds:
        raise fail(f"kind in {sorted(KINDS)}", f"{bad_kinds}")
    for c in _LISTS:
        values = posts[c].tolist()
        if set(map(type, values)) <= {list}:  # the usual case, checked at C speed
            continue
        n_bad = sum(1 for v in values if not isinstance(v, list))
        if n_bad:
            raise fail(f"lists in {c!r}", f"{n_bad} non-list values")
    if (posts["media_count"] < 0).any():
        raise fail("media_count >= 0", "negative counts")
    platforms = posts["platform"].unique()
    if len(platforms) == 1 and len(set(posts["post_id"].tolist())) == len(posts):
        return posts  # the usual case, one platform and no repeated id, without pandas' hashing
    dup = posts.duplicated(["platform", "post_id"])
    if dup.any():
        first = posts.loc[dup, "post_id"].iloc[0]
        raise fail("post_id unique within a platform", f"{int(dup.sum())} repeats, e.g. {first!r}")
    return posts
