"""Value-add: does a post help the author's network, and how (one category).

Categories (``lexicons/value.toml``): ``security`` (CVE ids, patch, 2FA, phishing, breach),
``opportunity`` (hiring, openings, calls for papers, tagging people who would benefit),
``milestone`` (certification, talk, release, new role), ``answer`` (a reply or comment that
explains; when the ``kind`` column exists it must be ``reply`` or ``comment``), ``article`` (sharing
a useful article or tool: needs a link or a bare domain), ``educational`` (tips, explanations,
code), else ``none``.

A category's score is ``1 - (1 - w1)(1 - 0.5 * w2)`` of its two strongest hits; a link adds
``link_boost`` to article evidence; several @mentions with an opportunity cue count as tagging
people who would benefit. The strongest category wins (ties: the order in the lexicon file), except
that a teaching post that also passes as a security notice is ``security``.
Thresholds are in ``lexicons/thresholds.toml`` (``[value]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ._lexicon import Hit, current_language, load_data, load_lexicon, normalize
from ._text import MENTION_RE, has_link, quote, versus

__all__ = ["VALUE_CATEGORIES", "ValueResult", "score_value"]

#: the value_category vocabulary of DESIGN.md.
VALUE_CATEGORIES = (
    "educational",
    "security",
    "answer",
    "article",
    "opportunity",
    "milestone",
    "none",
)
_REPLY_KINDS = frozenset({"reply", "comment"})
_GENERIC = frozenset({"educational", "answer", "article"})


@dataclass(frozen=True, slots=True)
class ValueResult:
    """Value-add of one post: score, category and the cue words.

    ``why`` is the evidence (category, matched terms, score and threshold); ``quotes`` are the
    user's own words behind the category (exact spans of the text, strongest first), what the
    plain ``reason`` quotes (:mod:`._reasons`).
    """

    score: float
    is_value_add: bool
    category: str
    flags: tuple[str, ...]
    why: str
    quotes: tuple[str, ...] = ()


#: the result of a post without value-add evidence
_NONE = ValueResult(0.0, False, "none", (), "")


def _groups() -> dict[str, Any]:
    return _groups_of(current_language())


@lru_cache(maxsize=8)
def _groups_of(lang: str) -> dict[str, Any]:
    data = load_data("value.toml", lang)
    groups = data["groups"]
    return {
        "category": {g: t["category"] for g, t in groups.items()},
        "needs_link": frozenset(g for g, t in groups.items() if t.get("needs_link")),
        "link_boost": frozenset(g for g, t in groups.items() if t.get("link_boost")),
        "reply_only": frozenset(g for g, t in groups.items() if t.get("reply_only")),
        "order": list(data["order"]["categories"]),
    }


def score_one(
    text: str,
    *,
    kind: str | None = None,
    kind_known: bool = False,
    n_links: int = 0,
    params: Mapping[str, Any],
    low: str | None = None,
    hits: Sequence[Hit] | None = None,
) -> ValueResult:
    """Score one post; see :func:`score_value` (this is its per-row kernel)."""
    if not text or not text.strip():
        return _NONE
    meta = _groups()
    low = normalize(text) if low is None else low
    if hits is None:
        hits = load_lexicon("value.toml").find(low)
    if not hits:
        return _NONE  # all evidence comes from lexicon hits (most posts end here)
    linked = n_links > 0 or has_link(text)
    is_reply = (
        kind in _REPLY_KINDS
        if kind_known
        else (low.startswith("@") or bool(MENTION_RE.match(text.strip())))
    )
    if not kind_known and not is_reply:
        # no kind column: a comment addressed by name ("Anna, try ...") still reads as an answer
        first = text.strip().split(" ", 1)[0]
        is_reply = first.endswith(",") and first[:1].isupper()
    if kind_known and params.get("answer_needs_reply", True) is False:
        is_reply = True
    # category -> [(weight, matched term, the user's words, where)]
    evidence: dict[str, list[tuple[float, str, str, int]]] = {}
    for h in hits:
        if h.group in meta["needs_link"] and not linked:
            continue
        if h.group in meta["reply_only"] and not is_reply:
            continue
        weight = h.weight
        if h.group in meta["link_boost"] and linked:
            weight = min(1.0, weight + params["link_boost"])
        said = text[h.start : h.end].strip()
        evidence.setdefault(meta["category"][h.group], []).append((weight, h.term, said, h.start))
    if is_reply and kind_known and "educational" in evidence:
        # a reply or comment that teaches is an answer (rubric: answers someone helpfully)
        evidence.setdefault("answer", []).extend(evidence.pop("educational"))
    if "opportunity" in evidence and not is_reply:
        handles = MENTION_RE.findall(text)
        if len(handles) >= 2:
            evidence["opportunity"].append((0.6, f"tags {len(handles)} people", "", len(text)))

    if not evidence:
        return _NONE
    scores = {}
    for category, items in evidence.items():
        ws = sorted((item[0] for item in items), reverse=True)
        second = ws[1] if len(ws) > 1 else 0.0
        scores[category] = 1.0 - (1.0 - ws[0]) * (1.0 - 0.5 * second)
    order = meta["order"]
    best = max(scores, key=lambda c: (round(scores[c], 6), -order.index(c)))
    threshold = params["threshold"]
    if best in _GENERIC and scores.get("security", 0.0) > threshold:
        best = "security"  # a security tip is a security notice: the specific category wins
    score = round(min(1.0, scores[best]), 4)
    if score <= threshold:
        return ValueResult(score, False, "none", (), "")
    found = evidence[best]
    words = quote((w for _, w, _, _ in sorted(found, key=_weight_and_term, reverse=True)), limit=4)
    why = f"adds value ({best}): {words} ({versus('value', score, threshold)})"
    said = tuple(s for _, _, s, _ in sorted(found, key=lambda e: (-e[0], e[3])) if s)
    return ValueResult(score, True, best, (f"value:{best}",), why, said)


def _weight_and_term(item: tuple[float, str, str, int]) -> tuple[float, str]:
    return item[0], item[1]


def score_value(
    texts: Sequence[str],
    *,
    params: Mapping[str, Any],
    kinds: Sequence[str | None] | None = None,
    n_links: Sequence[int] | None = None,
    lows: Sequence[str] | None = None,
    hits: Sequence[Sequence[Hit]] | None = None,
) -> list[ValueResult]:
    """Score value-add and its category for many posts.

    Parameters
    ----------
    texts : sequence of str
        Post texts (missing text must already be ``""``).
    params : Mapping
        The ``[value]`` thresholds (see ``lexicons/thresholds.toml``).
    kinds : sequence of str, optional
        Per-post ``kind``; when given, ``answer`` needs ``reply`` or ``comment``.
    n_links : sequence of int, optional
        Links per post (from the ``links`` column); links in the text are found anyway.
    lows : sequence of str, optional
        ``normalize(text)`` of each text, when the caller has it already.
    hits : sequence of lists of Hit, optional
        ``load_lexicon("value.toml").find(low)`` of each text, when the caller has it already.

    Returns
    -------
    list of ValueResult
        One per text, in order.

    Examples
    --------
    >>> from audit.config import load_config
    >>> p = load_config(None).thresholds["value"]
    >>> score_value(["We're hiring two data engineers, DM me"], params=p)[0].category
    'opportunity'
    """
    out = []
    for i, text in enumerate(texts):
        kind = kinds[i] if kinds is not None else None
        out.append(
            score_one(
                text,
                kind=kind if isinstance(kind, str) else None,
                kind_known=kinds is not None,
                n_links=int(n_links[i]) if n_links is not None else 0,
                params=params,
                low=lows[i] if lows is not None else None,
                hits=hits[i] if hits is not None else None,
            )
        )
    return out
