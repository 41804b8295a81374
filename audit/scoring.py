"""Score a posts table: negativity (and whom it targets), oversharing, value-add, immediacy, risk.

:func:`score_posts` runs the scorers of :mod:`audit.scorers` and adds the scored columns of
``DESIGN.md``: ``negativity``, ``is_negative``, ``targets_person``, ``target``, ``overshare``,
``is_overshare``, ``overshare_category``, ``value``, ``is_value_add``, ``value_category``, ``risk``,
``flags`` and ``why``, and ``why``'s two parts: ``reason`` (plain sentences, written by
:mod:`audit.scorers._reasons`) and ``evidence`` (rules, words, scores and thresholds).

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
overshare category is ``none``, ``risk`` is 0, and ``reason`` and ``why`` say the post was marked
not a problem.
Value-add flags are kept (they are not problems).

Speed (issue 5): the scorers run over plain lists in chunks of :data:`CHUNK_ROWS` posts; from
:data:`PARALLEL_MIN_ROWS` posts on, the chunks are spread over the machine's cores by worker
processes that receive each chunk's inputs and return plain lists, in order, so the result is
exactly the serial one. Below :data:`CLEAN_WORKERS_MIN_ROWS` posts the workers are forked (they
start at once); from there on they are clean interpreters (:mod:`audit._workers`), because
forked workers share the parent's pages and copy them as either side writes (about 0.6 GB more
at a million posts). ``benchmarks/bench_audit.py`` measures it;
``tests/test_performance_equivalence.py`` checks that the fast paths change nothing.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import threading
import warnings
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._progress import MIN_ITEMS, paused_gc, progress_bar
from ._workers import WorkerPool
from .config import ScoringConfig, load_config
from .errors import AuditError, AuditWarning, describe
from .language import detect as detect_languages
from .language import fill as fill_languages
from .language import is_assessed, normalize_tag, supported_languages
from .model import MODEL_LANGUAGES, load_judgement
from .model.apply import judge_chunk
from .scorers import _reasons as reasons
from .scorers._lexicon import DEFAULT_LANGUAGE, load_data, load_lexicons, normalize, reading
from .scorers.immediacy import text_signals, time_signals
from .scorers.negativity import NegativityResult, score_negativity
from .scorers.oversharing import score_oversharing
from .scorers.value import ValueResult, score_value
from .timezones import resolve_timezone

__all__ = [
    "CHUNK_ROWS",
    "CLEAN_WORKERS_MIN_ROWS",
    "PARALLEL_MIN_ROWS",
    "PROGRESS_MIN_ROWS",
    "SCORED_COLUMNS",
    "score_posts",
]

#: posts per chunk handed to a worker (and per progress-bar step); small enough that the
#: workers finish close together (the last chunk, about 0.2 s, runs while others may be idle)
CHUNK_ROWS = 1_000
#: from this many posts on, ``workers=None`` scores in parallel on all cores.
PARALLEL_MIN_ROWS = 20_000
#: from this many posts on, parallel scoring runs in clean worker processes (below: forked ones)
CLEAN_WORKERS_MIN_ROWS = 100_000
# fork is only safe on Linux (macOS system libraries break in forked children)
_FORK_OK = sys.platform.startswith("linux")
#: from this many posts on, ``progress=None`` shows a bar (on a terminal or in a notebook).
PROGRESS_MIN_ROWS = MIN_ITEMS

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
    "reason",
    "evidence",
)
_FLOAT_COLUMNS = frozenset({"negativity", "overshare", "value", "risk"})
_BOOL_COLUMNS = frozenset({"is_negative", "targets_person", "is_overshare", "is_value_add"})
_HELPFUL = frozenset({"answer", "educational", "security"})
_LEXICONS = ("negativity.toml", "value.toml", "oversharing.toml")
_IMMEDIACY_FLAGS = (
    ("late_night", "immediacy:late-night", "posted at {hour:02d}:xx local time"),
    ("burst", "immediacy:burst", "one of a burst of posts minutes apart"),
    ("caps", "immediacy:caps", "ALL-CAPS run"),
    ("exclaim", "immediacy:exclaim", "'!!!' run"),
)


def _texts(posts: pd.DataFrame) -> list[str]:
    """The text column as a list of str: missing or non-string text is scored as ``""``."""
    return [t if isinstance(t, str) else "" for t in posts["text"].tolist()]


def _raw(posts: pd.DataFrame, column: str) -> list[Any] | None:
    """A column's values as they are (each chunk reads its own slice, in the worker)."""
    return posts[column].tolist() if column in posts.columns else None


def _opt_strs(values: Sequence[Any] | None) -> list[str | None] | None:
    if values is None:
        return None
    return [v if isinstance(v, str) and v.strip() else None for v in values]


def _str_lists(values: Sequence[Any] | None) -> list[list[str]] | None:
    if values is None:
        return None
    out: list[list[str]] = []
    empty: list[str] = []
    for v in values:
        if isinstance(v, list | tuple | np.ndarray):
            out.append([str(x) for x in v] if len(v) else empty)
        else:
            out.append(empty)
    return out


def _lengths(values: Sequence[Any] | None) -> list[int] | None:
    if values is None:
        return None
    return [len(v) if isinstance(v, list | tuple | np.ndarray) else 0 for v in values]


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


def _column(name: str, values: Any, index: pd.Index) -> pd.Series:
    """One scored column as a Series of its declared dtype (see :data:`SCORED_COLUMNS`)."""
    if name in _FLOAT_COLUMNS:
        return pd.Series(np.frombuffer(values, dtype="float64"), index=index)
    if name in _BOOL_COLUMNS:
        return pd.Series(np.frombuffer(values, dtype="int8").astype(bool), index=index)
    return pd.Series(values, index=index, dtype="object" if name == "flags" else "str")


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
    n, o, i = reasons.risk_terms(negativity, targeted, overshare, n_immediacy, w)
    n = n if is_negative else low * negativity
    o = o if is_overshare else low * overshare
    risk = 1.0 - (1.0 - min(1.0, n)) * (1.0 - min(1.0, o)) * (1.0 - i)
    if is_value:
        risk *= 1.0 - w["value_relief"] * value
    return round(min(1.0, max(0.0, risk)), 4)


def _slice(values: Sequence[Any] | None, start: int, stop: int) -> Any:
    return None if values is None else values[start:stop]


#: what every chunk is scored with: thresholds, watch-words, whether the learned model judges,
#: the account owner's handles (never a target) and the user's thresholds for the model's flags
Settings = tuple[
    Mapping[str, Mapping[str, Any]], tuple[str, ...], bool, frozenset[str], dict[str, float]
]


def _score_chunk(
    inputs: Mapping[str, Any],
    settings: Settings,
    start: int,
    stop: int,
) -> tuple[list[Any], ...]:
    """Score posts ``start:stop`` of the prepared input lists: one list per scored column.

    Each post is judged with the data files of its language (``audit/lexicons/<lang>/``); posts
    the audit cannot read, and ``und`` ones, with the default language's.
    """
    groups = _language_groups(inputs["langs"][start:stop])
    if len(groups) > 1:  # several languages read: each group with its own data, then merged
        return _score_by_language(inputs, settings, start, stop, groups)
    (lang,) = groups or (DEFAULT_LANGUAGE,)
    with reading(lang):
        return _score_one_language(inputs, _settings_for(settings, lang), start, stop)


def _language_groups(langs: Sequence[str]) -> dict[str, list[int]]:
    """Positions of the posts per language whose data judges them (unread and ``und``: the
    default language's)."""
    groups: dict[str, list[int]] = {}
    supported = supported_languages()
    for i, lang in enumerate(langs):
        key = lang if lang in supported else DEFAULT_LANGUAGE
        groups.setdefault(key, []).append(i)
    return groups


def _score_by_language(
    inputs: Mapping[str, Any],
    settings: Settings,
    start: int,
    stop: int,
    groups: Mapping[str, list[int]],
) -> tuple[list[Any], ...]:
    out: list[list[Any]] = [[None] * (stop - start) for _ in SCORED_COLUMNS]
    for lang, rows in groups.items():
        part = {
            k: (
                None
                if v is None
                else [[col[start + i] for i in rows] for col in v]
                if k == "imm"
                else [v[start + i] for i in rows]
            )
            for k, v in inputs.items()
        }
        with reading(lang):
            scored = _score_one_language(part, _settings_for(settings, lang), 0, len(rows))
        for column, values in zip(out, scored, strict=True):
            for i, value in zip(rows, values, strict=True):
                column[i] = value
    return tuple(out)


def _settings_for(settings: Settings, lang: str) -> Settings:
    """The settings of one language: its own package thresholds where the user set none, and
    the learned model only where it was trained on that language."""
    if lang == DEFAULT_LANGUAGE:
        return settings
    th, watch_words, use_model, owners, model_thresholds = settings
    defaults = load_data("thresholds.toml", DEFAULT_LANGUAGE)
    own = load_data("thresholds.toml", lang)
    merged = {
        table: {
            key: (own.get(table, {}).get(key, value) if value == defaults[table][key] else value)
            for key, value in values.items()
        }
        for table, values in th.items()
    }
    return (merged, watch_words, use_model and lang in MODEL_LANGUAGES, owners, model_thresholds)


def _score_one_language(
    inputs: Mapping[str, Any],
    settings: Settings,
    start: int,
    stop: int,
) -> tuple[list[Any], ...]:
    """:func:`_score_chunk` of posts judged with one language's data (the current one)."""
    th, watch_words, use_model, owners, model_thresholds = settings
    texts = inputs["texts"][start:stop]
    langs = inputs["langs"][start:stop]
    lows = [normalize(t) if t else "" for t in texts]
    # the three lexicons in one pass per text: [(negativity, value, oversharing hits), ...]
    find = load_lexicons(_LEXICONS).find
    unread = set(_unread(langs))
    if unread:  # posts in a language the word lists cannot read: no lexicon evidence at all
        found = [_NO_HITS if i in unread else find(low) for i, low in enumerate(lows)]
    else:
        found = list(map(find, lows))
    neg_hits, val_hits, ovr_hits = zip(*found, strict=True) if lows else ((), (), ())
    kinds = _opt_strs(_slice(inputs["kinds"], start, stop))
    n_links = _lengths(_slice(inputs["links"], start, stop))
    value = score_value(
        texts, params=th["value"], kinds=kinds, n_links=n_links, lows=lows, hits=val_hits
    )
    negative = score_negativity(
        texts,
        params=th["negativity"],
        kinds=kinds,
        mentions=_str_lists(_slice(inputs["mentions"], start, stop)),
        reply_to=_opt_strs(_slice(inputs["reply_to"], start, stop)),
        watch_words=watch_words,
        helpful=[v.is_value_add and v.category in _HELPFUL for v in value],
        lows=lows,
        hits=neg_hits,
    )
    overshare = score_oversharing(
        texts,
        params=th["overshare"],
        media_count=_slice(inputs["media"], start, stop),
        place=_opt_strs(_slice(inputs["place"], start, stop)),
        has_coordinates=_slice(inputs["coords"], start, stop),
        lows=lows,
        hits=ovr_hits,
    )
    # late night and bursts come from the parent (they need all the times); caps and "!!!"
    # runs are searched here, so that the parent need not run them before the workers start
    caps, exclaim = text_signals(texts, params=th["immediacy"])
    imm_cols = [*(col[start:stop] for col in inputs["imm"]), caps, exclaim]
    any_imm = [any(flags) for flags in zip(*imm_cols, strict=True)]
    hours = inputs["hours"][start:stop]
    ledger = _slice(inputs["in_ledger"], start, stop)
    w_risk = th["risk"]
    out: tuple[list[Any], ...] = tuple([] for _ in SCORED_COLUMNS)
    (
        o_neg,
        o_is_neg,
        o_targeted,
        o_target,
        o_ovr,
        o_is_ovr,
        o_cat,
        o_val,
        o_is_val,
        o_val_cat,
        o_risk,
        o_flags,
        o_why,
        o_reason,
        o_evidence,
    ) = out
    memo: dict[str, str] = {}
    model = load_judgement() if use_model else None
    if model is not None:  # the learned judgement, on every post the audit can read
        judge_chunk(
            model, texts, lows, negative, overshare, value, imm_cols[0],
            [a or b for a, b in zip(caps, exclaim, strict=True)], kinds, n_links,
            _slice(inputs["media"], start, stop), unread, owners, model_thresholds,
        )
    for i in unread:
        # no negativity or value judgement; what overshare found without words (e-mails,
        # numbers, check-ins with coordinates) still counts
        negative[i], value[i] = _NOT_ASSESSED_NEG, _NOT_ASSESSED_VALUE
    for i in range(len(texts)):
        neg, ovr, val = negative[i], overshare[i], value[i]
        imm_flags, imm_why = [], []
        if any_imm[i]:
            for k, (_col, flag, text) in enumerate(_IMMEDIACY_FLAGS):
                if imm_cols[k][i]:
                    imm_flags.append(flag)
                    hour = hours[i]
                    imm_why.append(text.format(hour=int(hour) if hour == hour else 0))
        flags = [*neg.flags, *ovr.flags, *imm_flags, *val.flags]
        risk = _risk(
            neg.score,
            neg.is_negative,
            neg.targets_person,
            ovr.score,
            ovr.is_overshare,
            len(imm_flags),
            val.score,
            val.is_value_add,
            w_risk,
        )
        is_neg, targeted, target = neg.is_negative, neg.targets_person, neg.target
        is_ovr, category = ovr.is_overshare, ovr.category
        in_ledger = ledger is not None and ledger[i]
        unread_post = neg is _NOT_ASSESSED_NEG
        if in_ledger:
            flags = list(val.flags)
            is_neg, targeted, target = False, False, None
            is_ovr, category, risk = False, "none", 0.0
        if flags or unread_post or in_ledger or neg.why:
            # the reasons are written only for the posts that have something to say
            why, reason, evidence = reasons.explain(
                neg, ovr, val, imm_why, in_ledger, langs[i] if unread_post else None,
                (hours[i], *(col[i] for col in imm_cols)), texts[i], th,
            )
            # one object per distinct sentence in a chunk ("Posted at 2 am: ..." recurs): less
            # memory, and pickled once on the way back from a worker
            why = memo.setdefault(why, why)
            reason = memo.setdefault(reason, reason)
            evidence = memo.setdefault(evidence, evidence)
        else:
            why, reason, evidence = reasons.NO_FLAGS, "", ""
        o_neg.append(neg.score)
        o_is_neg.append(is_neg)
        o_targeted.append(targeted)
        o_target.append(target)
        o_ovr.append(ovr.score)
        o_is_ovr.append(is_ovr)
        o_cat.append(category)
        o_val.append(val.score)
        o_is_val.append(val.is_value_add)
        o_val_cat.append(val.category)
        o_risk.append(risk)
        o_flags.append(flags)
        o_why.append(why)
        o_reason.append(reason)
        o_evidence.append(evidence)
    return out


#: the start of ``why`` for a post in a language the scorers cannot read
NOT_ASSESSED = reasons.NOT_ASSESSED
_NO_HITS: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
_NOT_ASSESSED_NEG = NegativityResult(0.0, False, False, None, (), "")
_NOT_ASSESSED_VALUE = ValueResult(0.0, False, "none", (), "")


def _unread(langs: Sequence[str]) -> list[int]:
    """Positions of the posts whose language the scorers cannot read (see audit.language)."""
    verdict: dict[str, bool] = {}
    out = []
    for i, lang in enumerate(langs):
        ok = verdict.get(lang)
        if ok is None:
            ok = verdict[lang] = is_assessed(lang)
        if not ok:
            out.append(i)
    return out


def _langs(posts: pd.DataFrame, texts: list[str]) -> list[str]:
    """Each post's language: its ``lang`` where it has a usable one, else detected."""
    if "lang" not in posts.columns:
        return detect_languages(texts)
    return fill_languages([normalize_tag(v) for v in posts["lang"].tolist()], texts)


# What forked workers read: the settings, set in the parent just before the pool starts and
# inherited by fork; the lock keeps two threads of one process from scoring in parallel at once.
_SHARED: dict[str, Any] = {}
_POOL_LOCK = threading.Lock()


def _worker_chunk(part: dict[str, Any]) -> tuple[list[Any], ...]:
    return _score_part(_SHARED["settings"], part)


def _score_part(
    settings: Settings,
    part: dict[str, Any] | None,
) -> tuple[list[Any], ...]:
    """What a clean worker process runs (:mod:`audit._workers`): one chunk's scored columns.

    ``None`` warms the caches (lexicons, VADER, TextBlob's tables) on a sample post.
    """
    if part is None:
        part = _WARM_PART
    return _score_chunk(part, settings, 0, len(part["texts"]))


def _warm() -> None:
    """A forked worker builds its caches as it starts, while the parent prepares the inputs."""
    _score_part(_SHARED["settings"], None)


# one post that runs every scorer (a reply with a link, a number and a complaint)
_WARM_PART: dict[str, Any] = {
    "texts": ["@ana my boss is useless, call me at 212-555-0143. Tip: use git https://x.com/a"],
    "langs": ["en"],
    "kinds": ["reply"],
    "links": [["https://x.com/a"]],
    "mentions": [["ana"]],
    "reply_to": ["ana"],
    "media": [1.0],
    "place": ["Lisbon"],
    "coords": [True],
    "imm": [[False], [False]],
    "hours": [23.0],
    "in_ledger": None,
}


def _part(inputs: Mapping[str, Any], start: int, stop: int) -> dict[str, Any]:
    """The inputs of posts ``start:stop``: what one worker receives (pickled)."""
    part = {k: _slice(v, start, stop) for k, v in inputs.items() if k != "imm"}
    part["imm"] = [col[start:stop] for col in inputs["imm"]]
    return part


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _worker_count(n: int, workers: int | None) -> int:
    if workers is None:
        workers = _cores() if n >= PARALLEL_MIN_ROWS else 1
    if workers > 1 and n < CLEAN_WORKERS_MIN_ROWS and not _FORK_OK:
        return 1  # forked workers only on Linux; a small input is scored here instead
    return max(1, min(int(workers), -(-n // CHUNK_ROWS)))


@contextmanager
def _scorers(
    settings: Settings, n: int, workers: int
) -> Iterator[Callable[[dict[str, Any]], Iterator[tuple[list[Any], ...]]]]:
    """Start the workers (at once, so that they warm up while the inputs are prepared) and
    give a function from the prepared inputs to their scored columns, chunk by chunk, in order.
    """
    spans = [(a, min(n, a + CHUNK_ROWS)) for a in range(0, n, CHUNK_ROWS)]
    if workers > 1 and n >= CLEAN_WORKERS_MIN_ROWS:
        try:
            clean = WorkerPool(_score_part, settings, workers, warm=True)
        except OSError:  # no interpreter to start (an embedded Python): fork, or work alone
            pass
        else:
            with clean:
                yield lambda inputs: clean.map(lambda k: _part(inputs, *spans[k]), len(spans))
            return
    if workers <= 1 or not _FORK_OK:
        yield lambda inputs: (_score_chunk(inputs, settings, a, b) for a, b in spans)
        return
    # fork, not spawn/forkserver: those re-run the caller's main script in every worker (a
    # script without an `if __name__ == "__main__":` guard would break). The function lives in
    # this importable module, so it works the same from a script, a Jupyter kernel or
    # papermill. Each chunk's inputs travel pickled, so that the workers never touch the
    # parent's objects (a reference count written on a shared page copies the page).
    with _POOL_LOCK:
        _SHARED.update(settings=settings)
        try:
            with multiprocessing.get_context("fork").Pool(workers, initializer=_warm) as pool:
                yield lambda inputs: pool.imap(
                    _worker_chunk, (_part(inputs, a, b) for a, b in spans), chunksize=1
                )
        finally:
            _SHARED.clear()


def score_posts(
    posts: pd.DataFrame,
    config: ScoringConfig | Mapping[str, Any] | str | Path | None = None,
    *,
    progress: bool | None = False,
    workers: int | None = None,
    rules_only: bool = False,
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
    progress : bool or None
        Show a progress bar (tqdm) on stderr. ``None``: only for large inputs (at least
        :data:`PROGRESS_MIN_ROWS` posts) on a terminal or in a notebook, never when the output is
        redirected (tests, CI). ``False`` (the default, so that batch reports executed by
        papermill stay free of widgets): never; ``True``: always.
    workers : int or None
        Processes to score with. ``None``: all cores for large inputs (at least
        :data:`PARALLEL_MIN_ROWS` posts), else 1. Parallel scoring runs in forked workers (Linux
        only) or, from :data:`CLEAN_WORKERS_MIN_ROWS` posts on, in clean worker processes; with
        1, or a small input off Linux, it runs in this process. The result is identical either
        way.
    rules_only : bool
        Judge with the rules alone, without the learned model (:mod:`audit.model`): for
        comparisons, and the evidence the model is trained on (also the config's
        ``rules_only``). The rules flag more posts, and many more wrongly, on real archives.

    Returns
    -------
    DataFrame
        A new frame: the input columns (unchanged) followed by :data:`SCORED_COLUMNS`. The input
        frame is never modified. Three text columns explain each post:

        - ``reason``: a short plain sentence per flag, most serious first (by what each adds to
          ``risk``; value-add last), quoting the user's own words exactly as written ("Calls your
          manager 'clueless': negative about a person. Posted at 2 am: a sign of writing in the
          heat of the moment."). ``""`` for a post without any flag; "Not assessed: written in
          Russian (ru), a language the audit cannot read yet." first for a post in a language
          the scorers cannot read; "You marked this post not a problem." for a post in the
          "not a problem" ledger.
        - ``evidence``: the technical part: rules, matched terms, sentiment figures, the model's
          words, each score against its threshold (a comparison that reads true at the digits
          shown); ``""`` when there is none.
        - ``why``: ``reason``, then ``Evidence:`` and ``evidence``; ``"no flags"`` for a post
          without anything to say, the evidence alone for one without a flag (why it was not
          flagged), and for a post not assessed ``not assessed: language xx`` in place of its
          first sentence (so ``why`` still starts with it).

    Raises
    ------
    AuditError
        When ``posts`` is not a DataFrame with a ``text`` column, or the config is invalid.

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({"text": ["@dave you are a lying idiot and everyone knows it"]})
    >>> row = score_posts(posts).iloc[0]
    >>> bool(row["is_negative"]), bool(row["targets_person"]), row["target"], row["flags"]
    (True, True, '@dave', ['negative:targeted'])
    >>> row["reason"]
    "Calls @dave 'idiot': negative about a person."
    >>> row["evidence"].split(";")[0]
    "negative about a person (model 0.96 >= 0.85): 'idiot', 'lying'"
    >>> rules = score_posts(pd.DataFrame({"text": ["my manager is a useless clown"]}),
    ...                     rules_only=True).iloc[0]
    >>> bool(rules["is_negative"]), rules["target"]
    (True, 'my manager')
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
    with paused_gc():
        return _score_posts(posts, cfg, progress, workers, not (rules_only or cfg.rules_only))


def _score_posts(
    posts: pd.DataFrame,
    cfg: ScoringConfig,
    progress: bool | None,
    workers: int | None,
    use_model: bool = True,
) -> pd.DataFrame:
    th = cfg.thresholds
    settings = (th, tuple(cfg.watch_words), use_model, _owners(posts), _model_thresholds(th))
    n = len(posts)
    with _scorers(settings, n, _worker_count(n, workers)) as score_chunks:
        chunks = score_chunks(_inputs(posts, cfg))
        scored = _assemble(posts, chunks, n, progress)
    # what the plots and the summary read: the local hours the scores used
    scored.attrs["timezone"] = effective_timezone(posts, cfg)
    return scored


def effective_timezone(posts: pd.DataFrame, cfg: ScoringConfig) -> str:
    """The time zone of local hours: the user's, else the archive's, else UTC (IANA names).

    An archive's name that is neither IANA nor X's is a warning, and UTC is used.
    """
    if cfg.timezone:
        return cfg.timezone
    recorded = posts.attrs.get("timezone")
    if not recorded:
        return "UTC"
    resolved = resolve_timezone(recorded)
    if resolved is None:
        warnings.warn(
            AuditWarning(
                f"the archive's time zone {recorded!r} is neither an IANA name nor one of X's; "
                "local hours are UTC. Give yours with --timezone (e.g. Europe/Berlin)."
            ),
            stacklevel=4,
        )
        return "UTC"
    return resolved


def _model_thresholds(th: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    """The user's thresholds that apply to the learned model's flags: a ``threshold`` the user
    set (one that differs from the package default) replaces the model's own for that flag."""
    defaults = load_config(None).thresholds
    out = {}
    for table, flag in (("negativity", "negative"), ("overshare", "overshare"),
                        ("value", "value_add")):
        given = th[table]["threshold"]
        if given != defaults[table]["threshold"]:
            out[flag] = float(given)
    return out


def _owners(posts: pd.DataFrame) -> frozenset[str]:
    """The account owner's handles, lower-case without "@" (from the archives' account files)."""
    names = [posts.attrs.get("username"), *(posts.attrs.get("usernames") or [])]
    return frozenset(n.lower().lstrip("@") for n in names if isinstance(n, str) and n)


def _inputs(posts: pd.DataFrame, cfg: ScoringConfig) -> dict[str, Any]:
    """The per-post inputs of the scorers, as plain lists (what chunks are cut from)."""
    th = cfg.thresholds
    texts = _texts(posts)
    timezone = effective_timezone(posts, cfg)
    created = posts["created_at"] if "created_at" in posts.columns else None
    # the time signals only: the text signals (caps, "!!!") are searched chunk by chunk
    immediacy = time_signals(created, params=th["immediacy"], timezone=timezone, index=posts.index)
    ledger = cfg.not_a_problem
    in_ledger = (
        [
            v is not None and not (isinstance(v, float) and math.isnan(v)) and str(v) in ledger
            for v in posts["post_id"].tolist()
        ]
        if "post_id" in posts.columns and ledger
        else None
    )
    return {
        "texts": texts,
        "langs": _langs(posts, texts),
        # kind, links, mentions, reply_to and place as they are: each chunk cleans its own slice
        # in the worker (at 1M posts that is 5 s less before the workers can start)
        "kinds": _raw(posts, "kind"),
        "links": _raw(posts, "links"),
        "mentions": _raw(posts, "mentions"),
        "reply_to": _raw(posts, "reply_to"),
        "media": _media(posts),
        "place": _raw(posts, "place"),
        "coords": _coordinates(posts),
        # (late night, burst): the first two of _IMMEDIACY_FLAGS; _score_chunk adds the others
        "imm": [immediacy[col].to_numpy(dtype=bool).tolist() for col, _, _ in _IMMEDIACY_FLAGS[:2]],
        "hours": immediacy["local_hour"].to_numpy(dtype="float64").tolist(),
        "in_ledger": in_ledger,
    }


def _assemble(
    posts: pd.DataFrame,
    chunks: Iterator[tuple[list[Any], ...]],
    n: int,
    progress: bool | None,
) -> pd.DataFrame:
    """The input frame followed by the scored columns gathered from ``chunks``."""
    # numbers and flags are packed as they arrive (8 and 1 bytes a post, not a Python object)
    rows: dict[str, Any] = {
        c: array("d") if c in _FLOAT_COLUMNS else array("b") if c in _BOOL_COLUMNS else []
        for c in SCORED_COLUMNS
    }
    bar = progress_bar(n, progress, "scoring", min_items=PROGRESS_MIN_ROWS)
    try:
        for chunk in chunks:
            for c, values in zip(SCORED_COLUMNS, chunk, strict=True):
                rows[c].extend(values)
            if bar is not None:
                bar.update(len(chunk[0]))
    finally:
        if bar is not None:
            bar.close()

    index = posts.index
    scored = pd.DataFrame({c: _column(c, rows[c], index) for c in SCORED_COLUMNS}, index=index)
    base = posts.drop(columns=[c for c in SCORED_COLUMNS if c in posts.columns])
    out = pd.concat([base, scored], axis=1)
    out.attrs = dict(posts.attrs)
    return out
