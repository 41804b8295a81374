"""Negativity: how hostile or ranting a post reads, and whom it is aimed at.

Evidence (each 0..1), combined by noisy-OR ``1 - prod(1 - e)`` into ``negativity``:

- **sentiment**: the most negative clause by VADER compound and by TextBlob polarity (after
  rewriting ``n't`` as `` not``, which TextBlob's tokenizer otherwise loses; SCORING_NOTES §0.3).
  Words used in a positive or technical sense ("killer feature", "kill -9", "exploited") are masked
  first, so they move neither score.
- **lexicon**: insults, profanity and venting from ``lexicons/negativity.toml`` (what TextBlob and
  VADER miss: jerk, liar, clown, fml, ...); a hit right after a negator ("not a jerk") is ignored.
- **sarcasm**: fixed idioms ("thanks for nothing"), and ironic praise: a short fragment with a
  praise word ("Very cool.", "Truly world class.") in a post that also complains.
- **grievance**: weak complaint context ("again", "on hold", "hung up") and shouting (caps runs,
  "!!!"), which only count together with other evidence.

Dampers (only when no insult or profanity matched): frustration framed with a fix or lesson, sad
news, a post that is otherwise clearly positive, and a post the value scorer found teaching or
answering. Weights and thresholds are in ``lexicons/thresholds.toml`` (``[negativity]``).

Target: in a negative post, the user's watch-words, an ``@mention`` (not the addressee of a
helpful reply), a relation or role word (``lexicons/targets.toml``), a capitalised common given
name, or second person ("you're a ..."), in that order of preference.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import _polarity, _vader
from ._lexicon import Hit, current_language, load_data, load_lexicon, normalize
from ._reasons import possessive
from ._text import (
    MENTION_RE,
    after_contrast,
    clauses,
    mask,
    negated_before,
    negfix,
    noisy_or,
    quote,
    versus,
)

__all__ = ["NegativityResult", "score_negativity"]

_HOSTILE = ("insult", "profanity", "venting", "rhetorical")
_STRONG = ("insult", "profanity")
_MASKING = ("positive_sense", "technical")
# \b[A-Z]{2,}\b(?:[\s,.!?]+\b[A-Z]{2,}\b){2,} and \b[A-Z]{4,}\b, with the first capital in front
# and "\b" as a look-behind after it: the same matches, found faster (see immediacy.caps_pattern)
_CAPS_RUN = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]+\b(?:[\s,.!?]+\b[A-Z]{2,}\b){2,}")
_CAPS_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{3,}\b")
_EXCLAIM = re.compile(r"[!?]{3,}")
_UPPER_PAIR = re.compile(r"[A-Z]{2}")  # both caps patterns need two capitals in a row
_QUOTED_RE = re.compile(r"(?<!\w)'[^\n]{3,120}?'(?!\w)|\"[^\"\n]{3,120}\"")
_NAME_RE = re.compile(r"\b[A-Z][a-zà-ÿ]+\b")


@dataclass(frozen=True, slots=True)
class NegativityResult:
    """Negativity of one post, with the words that produced it.

    ``why`` is the evidence (rule, matched terms, sentiment figures, score and threshold);
    ``quotes``, ``who`` and ``insults`` are what the plain ``reason`` is written from
    (:mod:`._reasons`): the user's own words that made the post negative (exact spans of the
    text, insults first), whom it is aimed at as the reader reads it ("your manager"), and how
    many of the quotes are insults (words that call someone names).
    """

    score: float
    is_negative: bool
    targets_person: bool
    target: str | None
    flags: tuple[str, ...]
    why: str
    quotes: tuple[str, ...] = ()
    who: str = ""
    insults: int = 0


#: the result of a post without any negative evidence
_NOTHING = NegativityResult(0.0, False, False, None, (), "")


@lru_cache(maxsize=65536)
def _clause_sentiment(clause: str, exact_vader: bool = False) -> tuple[float, float]:
    """(VADER compound, TextBlob polarity) of one clause; cached, as archives repeat phrases.

    Only the negative part of the compound is used, so unless ``exact_vader`` is set, a clause
    whose compound cannot be negative gets 0.0 without running VADER (:mod:`._vader`). The
    polarity is TextBlob's, computed by :mod:`._polarity` (identical output, several times faster),
    and likewise only its negative part is used (0.0 when it cannot be negative).
    """
    compound = _vader.compound(clause) if exact_vader else _vader.negative_part(clause)
    return compound, _polarity.negative_part(negfix(clause))


@lru_cache(maxsize=8)
def _names(lang: str) -> frozenset[str]:
    return frozenset(load_data("targets.toml", lang)["names"]["first"])


@lru_cache(maxsize=8)
def _addressed_re(lang: str) -> re.Pattern[str]:
    """A name followed by "you", "your" ... is addressed: "Kevin you are a clown"."""
    words = load_data("targets.toml", lang)["names"].get("addressed_by", [])
    return re.compile(r"\s+(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?:\n"


def _find_names(
    text: str, low: str, not_person: Sequence[Hit], quoted: Sequence[tuple[int, int]]
) -> list[str]:
    lang = current_language()
    names = _names(lang)
    found = []
    for m in _NAME_RE.finditer(text):
        word = m.group(0)
        if word.lower() not in names:
            continue
        vocative = text[m.end() : m.end() + 1] == "," or bool(
            _addressed_re(lang).match(text, m.end())
        )
        if _sentence_start(text, m.start()) and not vocative:
            continue
        if any(h.start <= m.start() < h.end for h in not_person):
            continue
        if any(a < m.start() and m.end() < b for a, b in quoted):
            continue  # a title or reported speech, not someone addressed
        found.append(word)
    return found


def _find_target(
    text: str,
    low: str,
    *,
    kind: str | None,
    mentions: Sequence[str],
    reply_to: str | None,
    watch: Sequence[tuple[str, re.Pattern[str]]],
    helpful: bool,
) -> tuple[str | None, str]:
    """The person a negative post is aimed at, and the rule that found it."""
    for word, rx in watch:
        if rx.search(text):
            return word, "watch-list"
    quoted = [(m.start(), m.end()) for m in _QUOTED_RE.finditer(low)]
    tmatches = [
        h
        for h in load_lexicon("targets.toml").find(low)
        if not any(a < h.start and h.end < b for a, b in quoted)  # not in reported speech
    ]
    not_person = [h for h in tmatches if h.group == "not_a_person"]
    handles = [m for m in MENTION_RE.finditer(text)]
    if handles:
        stripped = text.lstrip()
        repost = stripped.lower().startswith("rt @")
        usable = []
        for i, m in enumerate(handles):
            if repost and i == 0:
                continue
            leading = text[: m.start()].strip() == "" or text[: m.start()].strip().startswith("@")
            if leading and helpful:
                continue
            usable.append("@" + m.group(1))
        if usable:
            return usable[0], "mention"
    elif mentions and not helpful:
        return "@" + str(mentions[0]).lstrip("@"), "mention"
    relations = [h.term for h in tmatches if h.group == "relation"]
    if relations:
        return max(relations, key=len), "relation"
    names = _find_names(text, low, not_person, quoted)
    if names:
        return names[0], "name"
    vocative = [h.term for h in tmatches if h.group == "vocative"]
    if vocative:
        return vocative[0], "addressed"
    second = [h.term for h in tmatches if h.group == "second_person"]
    if second and not helpful:
        who = reply_to if reply_to and kind in ("reply", "comment") else second[0]
        return who, "second person"
    return None, ""


def _irony(
    text: str,
    hits: Sequence[Hit],
    complaints: Sequence[tuple[int, int]],
    max_words: int,
) -> str | None:
    """Ironic praise: praise in a post whose *other* parts complain.

    Either an opener that thanks someone for something ("Shoutout to my manager for ...") or a
    short fragment with a praise word ("Very cool.", "great leadership."), in both cases with a
    complaint (a grievance or hostile word, or a negative clause) outside the praise itself.
    """

    def complains_outside(start: int, end: int) -> bool:
        return any(c_end <= start or c_start >= end for c_start, c_end in complaints)

    for h in hits:
        if h.group == "ironic_opener" and complains_outside(h.start, h.end):
            return text[h.start : h.end]
    praise = [h for h in hits if h.group == "praise"]
    if not praise:
        return None
    for start, clause in clauses(text):
        words = clause.split()
        if not words or len(words) > max_words:
            continue
        if after_contrast(text, start):
            continue  # "tired but feeling great": a sincere contrast, not irony
        end = start + len(clause)
        if any(start <= h.start < end for h in praise) and complains_outside(start, end):
            return clause.strip()
    return None


def score_one(
    text: str,
    *,
    kind: str | None = None,
    mentions: Sequence[str] = (),
    reply_to: str | None = None,
    watch: Sequence[tuple[str, re.Pattern[str]]] = (),
    helpful: bool = False,
    params: Mapping[str, float],
    low: str | None = None,
    hits: Sequence[Hit] | None = None,
) -> NegativityResult:
    """Score one post; see :func:`score_negativity` (this is its per-row kernel)."""
    if not text or not text.strip():
        return _NOTHING
    low = normalize(text) if low is None else low
    if hits is None:
        hits = load_lexicon("negativity.toml").find(low)
    groups: dict[str, list[Hit]] = {}
    for h in hits:
        groups.setdefault(h.group, []).append(h)
    hostile = [h for g in _HOSTILE for h in groups.get(g, []) if not negated_before(low, h.start)]
    strong = any(h.group in _STRONG for h in hostile)

    # 1. sentiment, per clause, on the masked text
    masked = mask(text, [(h.start, h.end) for g in _MASKING for h in groups.get(g, [])])
    vmin, tmin, worst = 0.0, 0.0, (0, 0)
    complaints = [(h.start, h.end) for h in (*hostile, *groups.get("grievance", []))]
    # a clause counts as complaining at compound <= -complaint_vader: with a positive cut-off only
    # negative compounds matter, and VADER can be skipped where it cannot be negative
    exact_vader = not params["complaint_vader"] > 0
    # VADER and TextBlob read English only: a language's thresholds can switch them off
    engines = params["sentiment_engines"] > 0
    for start, clause in clauses(masked):  # (never blank)
        # one argument makes the cache key the clause itself (no key tuple to build and hash)
        compound, polarity = (
            (_clause_sentiment(clause, True) if exact_vader else _clause_sentiment(clause))
            if engines
            else (0.0, 0.0)
        )
        if compound <= -params["complaint_vader"]:
            complaints.append((start, start + len(clause)))
        if compound < vmin or polarity < tmin:
            worst = (start, start + len(clause))  # quoted from the text, not the masked copy
        vmin = min(vmin, compound)
        tmin = min(tmin, polarity)
    e_vader = min(1.0, max(0.0, (-vmin - params["vader_floor"]) / params["vader_span"]))
    e_blob = min(1.0, max(0.0, -tmin)) * params["textblob_weight"]
    if not (complaints or e_vader or e_blob) and not (
        "sarcasm_idiom" in groups or "scare_quotes" in groups
    ):
        return _NOTHING  # no evidence at all: every term below is 0 (most posts end here)

    # 2. lexicon, 3. sarcasm, 4. grievance / shouting
    lex_weights = sorted((h.weight for h in hostile), reverse=True)[:2]
    e_lex = noisy_or(lex_weights)
    grievances = groups.get("grievance", [])
    shouting = bool(
        (_UPPER_PAIR.search(text) and (_CAPS_RUN.search(text) or _CAPS_WORD.search(text)))
        or _EXCLAIM.search(text)
    )
    complaint = bool(complaints)
    idioms = groups.get("sarcasm_idiom", [])
    irony = _irony(text, hits, complaints, int(params["irony_max_words"])) if complaint else None
    e_sarc = max(
        [h.weight for h in idioms] + ([params["irony_weight"]] if irony else []), default=0.0
    )
    quotes = groups.get("scare_quotes", [])
    e_griev = min(
        params["grievance_cap"],
        params["grievance_step"] * len(grievances) + sum(h.weight for h in quotes[:1]),
    )
    if shouting and (complaint or e_vader > 0):
        e_griev = min(1.0, e_griev + params["shouting_weight"])

    score = raw = noisy_or([e_vader, e_blob, e_lex, e_sarc, e_griev])
    damped: list[str] = []
    if not strong:
        if groups.get("fix_framing"):
            score *= params["fix_damp"]
            damped.append(f"framed with a fix ({quote(h.term for h in groups['fix_framing'])})")
        if groups.get("sad_news"):
            score *= params["sad_damp"]
            damped.append(f"sad news ({quote(h.term for h in groups['sad_news'])})")
        if groups.get("joking"):
            score *= params["joke_damp"]
            damped.append(f"joking ({quote(h.term for h in groups['joking'])})")
        if helpful:
            score *= params["value_damp"]
            damped.append("it teaches or answers")
        # the whole post's compound can only matter when there is something to damp
        # (and, with a positive cut, only when some word can make it positive)
        cut = params["positive_compound"]
        if engines and raw > 0 and not (idioms or irony or hostile):
            overall = _vader.compound(masked) if cut <= 0 else _vader.positive_part(masked)
            if overall >= cut:
                score *= params["positive_damp"]
                damped.append(f"overall positive (VADER {overall:+.2f})")
    score = round(min(1.0, max(0.0, score)), 4)
    threshold = params["threshold"]
    is_negative = score > threshold

    evidence: list[str] = []
    if hostile:
        evidence.append(f"words {quote(h.term for h in hostile)}")
    if idioms:
        evidence.append(f"sarcasm {quote(h.term for h in idioms)}")
    if irony:
        evidence.append(f"ironic praise '{irony[:40]}'")
    if e_vader > 0 or e_blob > 0:
        evidence.append(f"sentiment VADER {vmin:+.2f} / TextBlob {tmin:+.2f}")
    if grievances:
        evidence.append(f"complaint {quote((h.term for h in grievances), limit=3)}")

    if not is_negative:
        why = ""
        if damped and raw > threshold:
            why = f"not negative: {'; '.join(damped)} ({versus('negativity', score, threshold)})"
        return NegativityResult(score, False, False, None, (), why)

    target, rule = _find_target(
        text, low, kind=kind, mentions=mentions, reply_to=reply_to, watch=watch, helpful=helpful
    )
    # the user's words, as written: the hostile words and idioms, else the ironic praise, else
    # the clause that reads most negative
    quotes = tuple(text[h.start : h.end].strip() for h in (*hostile, *idioms))
    clause = text[worst[0] : worst[1]].strip() if not hostile else ""
    if not quotes:
        quotes = (irony,) if irony else (clause,) if clause else ()
    detail = "; ".join(evidence) if evidence else "negative tone"
    if clause:
        detail = f"'{clause[:80]}'; " + detail
    comparison = versus("negativity", score, threshold)
    if target:
        why = f"negative about a person: {detail} ({comparison}, target '{target}' by {rule})"
        flags: tuple[str, ...] = ("negative:targeted",)
    else:
        why = f"negative: {detail} ({comparison})"
        flags = ("negative:general",)
    if damped:
        why += f"; softened: {'; '.join(damped)}"
    insults = sum(h.group == "insult" for h in hostile)
    return NegativityResult(
        score, True, target is not None, target, flags, why,
        quotes, _who(target, rule, kind), insults,
    )


def _who(target: str | None, rule: str, kind: str | None) -> str:
    """Whom a negative post is aimed at, as the reader of its reason reads it."""
    if not target:
        return ""
    if rule == "relation":
        return possessive(target)
    if rule in ("second person", "addressed"):
        return "the person you answer" if kind in ("reply", "comment") else "the person you address"
    return target


def watch_patterns(words: Sequence[str]) -> list[tuple[str, re.Pattern[str]]]:
    """Compile the user's watch-words into whole-word, case-insensitive patterns.

    Parameters
    ----------
    words : sequence of str
        Names of colleagues, the employer, ...

    Returns
    -------
    list of (str, Pattern)
    """
    out = []
    for w in words:
        w = w.strip()
        if w:
            out.append((w, re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE)))
    return out


def score_negativity(
    texts: Sequence[str],
    *,
    params: Mapping[str, float],
    kinds: Sequence[str | None] | None = None,
    mentions: Sequence[Sequence[str]] | None = None,
    reply_to: Sequence[str | None] | None = None,
    watch_words: Sequence[str] = (),
    helpful: Sequence[bool] | None = None,
    lows: Sequence[str] | None = None,
    hits: Sequence[Sequence[Hit]] | None = None,
) -> list[NegativityResult]:
    """Score negativity and its target for many posts.

    Parameters
    ----------
    texts : sequence of str
        Post texts (missing text must already be ``""``).
    params : Mapping
        The ``[negativity]`` thresholds (see ``lexicons/thresholds.toml``).
    kinds, mentions, reply_to : sequences, optional
        Per-post ``kind``, ``mentions`` list and ``reply_to``, when known.
    watch_words : sequence of str
        User's watch-list; a negative post naming one is person-targeted.
    helpful : sequence of bool, optional
        Per post, whether the value scorer found it teaching/answering (softens mild frustration).
    lows : sequence of str, optional
        ``normalize(text)`` of each text, when the caller has it already.
    hits : sequence of lists of Hit, optional
        ``load_lexicon("negativity.toml").find(low)`` of each text, when the caller has it
        already.

    Returns
    -------
    list of NegativityResult
        One per text, in order.

    Examples
    --------
    >>> from audit.config import load_config
    >>> p = load_config(None).thresholds["negativity"]
    >>> r = score_negativity(["my manager is a useless clown"], params=p)[0]
    >>> r.is_negative, r.target
    (True, 'my manager')
    """
    watch = watch_patterns(watch_words)
    n = len(texts)
    out = []
    for i in range(n):
        out.append(
            score_one(
                texts[i],
                kind=kinds[i] if kinds is not None else None,
                mentions=mentions[i] if mentions is not None else (),
                reply_to=reply_to[i] if reply_to is not None else None,
                watch=watch,
                helpful=bool(helpful[i]) if helpful is not None else False,
                params=params,
                low=lows[i] if lows is not None else None,
                hits=hits[i] if hits is not None else None,
            )
        )
    return out
