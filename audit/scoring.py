"""Score a posts table: negativity (and whom it targets), oversharing, value-add, immediacy, risk.

:func:`score_posts` runs the scorers of :mod:`audit.scorers` and adds the scored columns of
``DESIGN.md``: ``negativity``, ``is_negative``, ``targets_person``, ``target``, ``overshare``,
``is_overshare``, ``overshare_category``, ``value``, ``is_value_add``, ``value_category``, ``risk``,
``flags`` and ``why``.

Risk, one career-risk figure in 0..1 to sort by (weights in ``lexicons/thresholds.toml``,
``[risk]``)::

    n = negativity_weight * negativity + targeted_bonus * targets_person   if is_negative
        below_threshold_weight * negativity                              otherwise
    o = overshare_weight * overshare                                     if is_overshare
        below_threshold_weight * overshare                               otherwise
    i = min(immediacy_cap, immediacy_step * number of immediacy flags)
    risk = (1 - (1 - n)(1 - o)(1 - i)) * (1 - value_relief * value if is_value_add else 1)

Posts in the user's "not a problem" ledger (config ``not_a_problem``) keep their scores but lose
every problem flag: ``is_negative``, ``targets_person`` and ``is_overshare`` are False, the
overshare category is ``none``, ``risk`` is 0, and ``why`` says the post was marked not a problem.
Value-add flags are kept (they are not problems).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .config import ScoringConfig, load_config
from .errors import AuditError, describe
from .scorers.immediacy import score_immediacy
from .scorers.negativity import score_negativity
from .scorers.oversharing import score_oversharing
from .scorers.value import score_value

__all__ = ["SCORED_COLUMNS", "score_posts"]

#: the columns :func:`score_posts` adds, in order.
SCORED_COLUMNS = (
    "negativity",
    "is_negative",
    "targets_person",
    "target",
    "overshare",
    "is_overshare",
    "overshare_category",
    "value",
    "is_value_add",
    "value_category",
    "risk",
    "flags",
    "why",
)
_HELPFUL = frozenset({"answer", "educational", "security"})
_IMMEDIACY_FLAGS = (
    ("late_night", "immediacy:late-night", "posted at {hour:02d}:xx local time"),
    ("burst", "immediacy:burst", "one of a burst of posts minutes apart"),
    ("caps", "immediacy:caps", "ALL-CAPS run"),
    ("exclaim", "immediacy:exclaim", "'!!!' run"),
)


def _texts(posts: pd.DataFrame) -> list[str]:
    """The text column as a list of str: missing or non-string text is scored as ``""``."""
    return [t if isinstance(t, str) else "" for t in posts["text"].tolist()]


def _opt_str_list(posts: pd.DataFrame, column: str) -> list[str | None] | None:
    if column not in posts.columns:
        return None
    return [v if isinstance(v, str) and v.strip() else None for v in posts[column].tolist()]


def _list_column(posts: pd.DataFrame, column: str) -> list[list[str]] | None:
    if column not in posts.columns:
        return None
    out = []
    for v in posts[column].tolist():
        if isinstance(v, list | tuple | np.ndarray):
            out.append([str(x) for x in v])
        else:
            out.append([])
    return out


def _media(posts: pd.DataFrame) -> list[float] | None:
    if "media_count" not in posts.columns:
        return None
    values = pd.to_numeric(posts["media_count"], errors="coerce").fillna(0)
    return values.astype("float64").tolist()


def _coordinates(posts: pd.DataFrame) -> list[bool] | None:
    if "lat" not in posts.columns or "lon" not in posts.columns:
        return None
    lat = pd.to_numeric(posts["lat"], errors="coerce")
    lon = pd.to_numeric(posts["lon"], errors="coerce")
    return (lat.notna() & lon.notna()).tolist()


def _risk(
    negativity: float,
    is_negative: bool,
    targeted: bool,
    overshare: float,
    is_overshare: bool,
    n_immediacy: int,
    value: float,
    is_value: bool,
    w: Mapping[str, float],
) -> float:
    low = w["below_threshold_weight"]
    n = w["negativity_weight"] * negativity + (w["targeted_bonus"] if targeted else 0.0)
    n = n if is_negative else low * negativity
    o = w["overshare_weight"] * overshare if is_overshare else low * overshare
    i = min(w["immediacy_cap"], w["immediacy_step"] * n_immediacy)
    risk = 1.0 - (1.0 - min(1.0, n)) * (1.0 - min(1.0, o)) * (1.0 - i)
    if is_value:
        risk *= 1.0 - w["value_relief"] * value
    return round(min(1.0, max(0.0, risk)), 4)


def score_posts(
    posts: pd.DataFrame,
    config: ScoringConfig | Mapping[str, Any] | str | Path | None = None,
) -> pd.DataFrame:
    """Score every post for negativity, oversharing, value-add and immediacy, with reasons.

    Parameters
    ----------
    posts : DataFrame
        Any frame with a ``text`` column. Optional columns enrich the scores: ``created_at``
        (datetime; late-night and burst signals), ``kind`` (``answer`` needs reply/comment),
        ``media_count`` (revealing photos, ID documents), ``place`` and ``lat``/``lon``
        (location), ``mentions`` and ``reply_to`` (targets), ``links`` (article sharing),
        ``post_id`` (the "not a problem" ledger). A missing or non-string ``text`` is scored as
        the empty text (no flags), never as NaN. ``posts.attrs["timezone"]`` (IANA name) gives
        local hours when the config has no ``timezone``.
    config : ScoringConfig, Mapping, str, Path or None
        User configuration (see :mod:`audit.config`): watch-words, thresholds, timezone and the
        "not a problem" ledger. ``None`` uses the package defaults.

    Returns
    -------
    DataFrame
        A new frame: the input columns (unchanged) followed by :data:`SCORED_COLUMNS`. The input
        frame is never modified.

    Raises
    ------
    AuditError
        When ``posts`` is not a DataFrame with a ``text`` column, or the config is invalid.

    Examples
    --------
    >>> import pandas as pd
    >>> scored = score_posts(pd.DataFrame({"text": ["my manager is a useless clown"]}))
    >>> row = scored.iloc[0]
    >>> bool(row["is_negative"]), bool(row["targets_person"]), row["target"]
    (True, True, 'my manager')
    >>> scored.loc[0, "flags"]
    ['negative:targeted']
    """
    if not isinstance(posts, pd.DataFrame):
        raise AuditError(
            describe(
                "a pandas DataFrame of posts",
                type(posts).__name__,
                "load an archive with audit.load_archive(...) or build a DataFrame with a "
                "'text' column",
            )
        )
    if "text" not in posts.columns:
        raise AuditError(
            describe(
                "a 'text' column in the posts table",
                f"columns {list(posts.columns)[:12]}",
                "rename the column holding the post text to 'text'",
            )
        )
    cfg = load_config(config)
    th = cfg.thresholds
    texts = _texts(posts)
    n = len(texts)
    kinds = _opt_str_list(posts, "kind")

    links = _list_column(posts, "links")
    value = score_value(
        texts,
        params=th["value"],
        kinds=kinds,
        n_links=[len(x) for x in links] if links is not None else None,
    )
    negative = score_negativity(
        texts,
        params=th["negativity"],
        kinds=kinds,
        mentions=_list_column(posts, "mentions"),
        reply_to=_opt_str_list(posts, "reply_to"),
        watch_words=cfg.watch_words,
        helpful=[v.is_value_add and v.category in _HELPFUL for v in value],
    )
    overshare = score_oversharing(
        texts,
        params=th["overshare"],
        media_count=_media(posts),
        place=_opt_str_list(posts, "place"),
        has_coordinates=_coordinates(posts),
    )
    timezone = cfg.timezone or posts.attrs.get("timezone") or "UTC"
    created = posts["created_at"] if "created_at" in posts.columns else None
    text_series = pd.Series(texts, index=posts.index, dtype="str")
    immediacy = score_immediacy(text_series, created, params=th["immediacy"], timezone=timezone)
    imm_cols = {col: immediacy[col].to_numpy() for col, _, _ in _IMMEDIACY_FLAGS}
    hours = immediacy["local_hour"].to_numpy()

    ledger = cfg.not_a_problem
    ids = (
        [
            str(v) if v is not None and not (isinstance(v, float) and math.isnan(v)) else None
            for v in posts["post_id"].tolist()
        ]
        if "post_id" in posts.columns and ledger
        else [None] * n
    )

    rows: dict[str, list[Any]] = {c: [] for c in SCORED_COLUMNS}
    for i in range(n):
        neg, ovr, val = negative[i], overshare[i], value[i]
        imm_flags, imm_why = [], []
        for col, flag, text in _IMMEDIACY_FLAGS:
            if imm_cols[col][i]:
                imm_flags.append(flag)
                hour = hours[i]
                imm_why.append(text.format(hour=int(hour) if hour == hour else 0))
        flags = [*neg.flags, *ovr.flags, *imm_flags, *val.flags]
        whys = [w for w in (neg.why if neg.is_negative else "", ovr.why) if w]
        if imm_why:
            whys.append("immediacy: " + ", ".join(imm_why))
        if val.why:
            whys.append(val.why)
        if not neg.is_negative and neg.why:
            whys.append(neg.why)
        risk = _risk(
            neg.score,
            neg.is_negative,
            neg.targets_person,
            ovr.score,
            ovr.is_overshare,
            len(imm_flags),
            val.score,
            val.is_value_add,
            th["risk"],
        )
        is_neg, targeted, target = neg.is_negative, neg.targets_person, neg.target
        is_ovr, category = ovr.is_overshare, ovr.category
        if ids[i] is not None and ids[i] in ledger:
            flags = list(val.flags)
            whys = ["marked not a problem by the user (not_a_problem ledger)"] + (
                [val.why] if val.why else []
            )
            is_neg, targeted, target = False, False, None
            is_ovr, category, risk = False, "none", 0.0
        rows["negativity"].append(neg.score)
        rows["is_negative"].append(is_neg)
        rows["targets_person"].append(targeted)
        rows["target"].append(target)
        rows["overshare"].append(ovr.score)
        rows["is_overshare"].append(is_ovr)
        rows["overshare_category"].append(category)
        rows["value"].append(val.score)
        rows["is_value_add"].append(val.is_value_add)
        rows["value_category"].append(val.category)
        rows["risk"].append(risk)
        rows["flags"].append(flags)
        rows["why"].append(". ".join(whys) if whys else "no flags")

    index = posts.index
    scored = pd.DataFrame(
        {
            "negativity": pd.Series(rows["negativity"], index=index, dtype="float64"),
            "is_negative": pd.Series(rows["is_negative"], index=index, dtype="bool"),
            "targets_person": pd.Series(rows["targets_person"], index=index, dtype="bool"),
            "target": pd.Series(rows["target"], index=index, dtype="str"),
            "overshare": pd.Series(rows["overshare"], index=index, dtype="float64"),
            "is_overshare": pd.Series(rows["is_overshare"], index=index, dtype="bool"),
            "overshare_category": pd.Series(rows["overshare_category"], index=index, dtype="str"),
            "value": pd.Series(rows["value"], index=index, dtype="float64"),
            "is_value_add": pd.Series(rows["is_value_add"], index=index, dtype="bool"),
            "value_category": pd.Series(rows["value_category"], index=index, dtype="str"),
            "risk": pd.Series(rows["risk"], index=index, dtype="float64"),
            "flags": pd.Series(rows["flags"], index=index, dtype="object"),
            "why": pd.Series(rows["why"], index=index, dtype="str"),
        },
        index=index,
    )
    base = posts.drop(columns=[c for c in SCORED_COLUMNS if c in posts.columns])
    out = pd.concat([base, scored], axis=1)
    out.attrs = dict(posts.attrs)
    return out
