"""Plain-language reasons: one short sentence per flag, in words a job-seeker understands.

The scorers keep, with every flag, the user's own words that raised it (exact spans of the
post's ``text``: original case and spacing, never the normalised or masked copy the rules read)
and, for negativity, whom the post is aimed at. :func:`audit.score_posts` turns them into the
``reason`` column with the functions here, only for posts that have something to say (most
posts have no flag and get ``""`` without any string being built).

Each sentence says what the post does, then the kind of flag::

    Calls your manager 'clueless' and 'the worst': negative about a person.
    Mentions drinking ('Tequila shots' and 'wasted'): oversharing about alcohol.
    Shares a phone number ('555-0163'): personal details.
    Posted at 3 am, in a burst of posts minutes apart: a sign of writing in the heat of the moment.
    Shares a security notice ('Patch now'): adds value.

The technical side (scores, thresholds, rule names, matched lexicon terms, sentiment figures,
the model's words) stays in the ``evidence`` column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..language import LANGUAGE_NAMES
from ._text import plural
from .immediacy import text_runs

if TYPE_CHECKING:  # (the scorers import this module: no import cycle at run time)
    from .negativity import NegativityResult
    from .oversharing import OvershareResult
    from .value import ValueResult

__all__ = [
    "LEDGER",
    "LEDGER_EVIDENCE",
    "NOT_ASSESSED",
    "NO_FLAGS",
    "and_join",
    "excerpt",
    "explain",
    "hour_phrase",
    "immediacy_sentence",
    "listing",
    "negative_sentence",
    "not_assessed_sentence",
    "order_by_risk",
    "overshare_sentence",
    "possessive",
    "quoted",
    "risk_parts",
    "risk_terms",
    "value_sentence",
]

#: the reason of a post in the user's "not a problem" ledger
LEDGER = "You marked this post not a problem."
#: ... and its evidence
LEDGER_EVIDENCE = "marked not a problem by the user (not_a_problem ledger)"
#: the start of ``why`` (and of ``evidence``) for a post in a language the scorers cannot read
NOT_ASSESSED = "not assessed: language"
#: ``why`` of a post without anything to say (its ``reason`` and ``evidence`` are ``""``)
NO_FLAGS = "no flags"
#: longest quote of the user's words in a reason (longer ones end with "…" at a word break)
QUOTE_CHARS = 60
#: at most this many quotes per sentence; the rest are counted ("and 2 more words")
QUOTES = 3

_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]")


def excerpt(words: str, limit: int = QUOTE_CHARS) -> str:
    """The user's words, cut at a word break with "…" when longer than ``limit`` characters.

    The words kept are exactly as written, a prefix of them: a quote stays on one line, so it
    also ends at a line break.

    Examples
    --------
    >>> excerpt("Tequila shots till 3am")
    'Tequila shots till 3am'
    >>> excerpt("one two three four", limit=10)
    'one two…'
    >>> excerpt("first line" + chr(10) + "second line")
    'first line…'
    """
    words = words.strip()
    line = _LINE_BREAK.search(words)
    if line is not None:
        return excerpt(words[: line.start()], limit).removesuffix("…") + "…"
    if len(words) <= limit:
        return words
    cut = words[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def and_join(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


_EDGES = " \t\r\n:;,–—-"
# a quotation mark inside the words (not an apostrophe between letters): quote with "..."
_INNER_QUOTE = re.compile(r"(?<![A-Za-z])'|'(?![A-Za-z])")


def quoted(words: str) -> str:
    """The user's words in quotes: ``'clueless'``, or ``"keep a 'things' list"`` when they hold
    a single quotation mark themselves. Spaces and clause punctuation at the ends are left out.

    Examples
    --------
    >>> print(quoted("Reminder:"), quoted("We're hiring"), quoted(": keep a 'notes' list"))
    'Reminder' 'We're hiring' "keep a 'notes' list"
    """
    words = excerpt(words.strip(_EDGES))
    return f'"{words}"' if _INNER_QUOTE.search(words) else f"'{words}'"


def listing(words: Iterable[str], noun: str = "word", limit: int = QUOTES) -> str:
    """The user's words quoted and joined: ``'clueless' and 'the worst'``.

    Duplicates (ignoring case) are dropped; more than ``limit`` end in ``and 2 more words``.

    Examples
    --------
    >>> listing(["idiot", "stupid", "Idiot"])
    "'idiot' and 'stupid'"
    >>> listing(["a1", "b2", "c3", "d4"])
    "'a1', 'b2', 'c3' and 1 more word"
    """
    seen: dict[str, str] = {}
    for w in words:
        w = w.strip(_EDGES)
        if w and w.lower() not in seen:
            seen[w.lower()] = w
    shown = [quoted(w) for w in list(seen.values())[:limit]]
    rest = len(seen) - limit
    if rest > 0:
        shown.append(plural(rest, f"more {noun}"))
    return and_join(shown)


_FIRST_PERSON = re.compile(r"^(?:my|our|mine)\b", re.IGNORECASE)


def possessive(target: str) -> str:
    """A relation as the reader sees it: "my manager" -> "your manager" (the user is "you")."""
    return _FIRST_PERSON.sub("your", target.strip())


# -- negativity --------------------------------------------------------------------------------


def negative_sentence(quotes: Sequence[str], targeted: bool, who: str, insults: int = 0) -> str:
    """The sentence of a negative flag.

    Parameters
    ----------
    quotes : sequence of str
        The user's words that made it negative (insults first), or the clause that reads most
        negative.
    targeted : bool
        Whether it is aimed at a person.
    who : str
        Whom, as the reader should read it ("your manager", "@dave", "Kevin"); ``""`` when a
        person is aimed at but not named.
    insults : int
        How many of the first quotes are insults, words that call someone names ("Calls ...
        'clown'").
    """
    words = listing(quotes)
    if targeted:
        who = who or "someone"
        if words and insults:
            called = f"Calls {who} {listing(quotes[:insults])}"
            named = {q.lower() for q in quotes[:insults]}
            rest = [q for q in quotes[insults:] if q.lower() not in named]
            if rest:
                called += f" and writes {listing(rest)}"
            return called + ": negative about a person."
        if words:
            return f"Writes {words} about {who}: negative about a person."
        return f"Writes about {who} in a hostile tone: negative about a person."
    if words:
        return f"Says {words}: negative in tone."
    return "Reads as hostile: negative in tone."


# -- oversharing -------------------------------------------------------------------------------

#: category -> (what the post does, what kind of flag)
_OVERSHARE = {
    "alcohol": ("Mentions drinking", "oversharing about alcohol"),
    "drugs": ("Mentions drugs", "oversharing about drugs"),
    "dating": ("Talks about dating or sex", "oversharing about your private life"),
    "revealing": ("Describes a revealing photo", "oversharing"),
    "health": ("Talks about health", "oversharing about your health"),
    "finance": ("Talks about money", "oversharing about your finances"),
    "location": ("Says where you are or that your home is empty", "oversharing your whereabouts"),
    "work-confidential": ("Mentions confidential work matters", "oversharing about work"),
}
#: personal identifiers: kind -> (what is shared, whether the user's words are quoted; card and
#: social security numbers are not repeated)
_PII = {
    "phone": ("a phone number", True),
    "email": ("an e-mail address", True),
    "street": ("a street address", True),
    "birth": ("a birth date", True),
    "card": ("a card number", False),
    "ssn": ("a social security number", False),
    "id-number": ("an account or ID number", True),
    "id_document": ("an ID document", True),
    "pii": ("private details", True),
}


def overshare_sentence(category: str, items: Sequence[tuple[str, str]]) -> str:
    """The sentence of an oversharing flag.

    Parameters
    ----------
    category : str
        The ``overshare_category``.
    items : sequence of (kind, words)
        The evidence of that category: a lexicon group and the user's words, a personal
        identifier's kind (``phone``, ``email``, ...) and the words, ``("check-in", place)`` or
        ``("coordinates", "")``.
    """
    if category == "pii":
        parts: dict[str, list[str]] = {}
        for kind, words in items:
            parts.setdefault(kind if kind in _PII else "pii", []).append(words)
        shared = []
        for kind, found in parts.items():
            what, repeat = _PII[kind]
            words = listing(found) if repeat else ""
            shared.append(f"{what} ({words})" if words else what)
        return f"Shares {and_join(shared) or 'personal details'}: personal details."
    does, flag = _OVERSHARE.get(category, ("Shares something private", "oversharing"))
    words = listing(w for kind, w in items if kind not in ("check-in", "coordinates"))
    extras = [f"a check-in at {quoted(w)}" for kind, w in items if kind == "check-in"]
    if any(kind == "coordinates" for kind, _ in items):
        extras.append("exact coordinates")
    head = f"{does} ({words})" if words else does
    if extras:
        head += ", with " + and_join(extras)
    return f"{head}: {flag}."


# -- value-add ---------------------------------------------------------------------------------

_VALUE = {
    "educational": "Teaches something useful",
    "security": "Shares a security notice",
    "answer": "Answers someone's question",
    "article": "Shares an article or write-up",
    "opportunity": "Shares a job or opportunity",
    "milestone": "Shares a career milestone",
}


def value_sentence(category: str, quotes: Sequence[str]) -> str:
    """The sentence of a value-add flag: ``Shares a security notice ('Patch now'): adds value.``"""
    does = _VALUE.get(category, "Shares something useful")
    words = listing(quotes)
    return f"{does} ({words}): adds value." if words else f"{does}: adds value."


# -- immediacy ---------------------------------------------------------------------------------


def hour_phrase(hour: float) -> str:
    """A local hour as people say it: ``3 am``, ``midnight``, ``noon``, ``11 pm``."""
    h = int(hour) % 24
    if h == 0:
        return "midnight"
    if h == 12:
        return "noon"
    return f"{h} am" if h < 12 else f"{h - 12} pm"


def immediacy_sentence(
    hour: float | None, burst: bool, caps: str | None, exclaim: str | None
) -> str:
    """The sentence of the immediacy flags (late night, burst, capitals, "!!!").

    Parameters
    ----------
    hour : float or None
        The local hour when posted late at night; ``None`` when not late.
    burst : bool
        One of a burst of posts minutes apart.
    caps, exclaim : str or None
        The ALL-CAPS run and the "!!!" run, as the user wrote them; ``None`` when absent.
    """
    clauses = []
    if hour is not None:
        clauses.append(f"Posted at {hour_phrase(hour)}")
    if burst:
        clauses.append("in a burst of posts minutes apart" if clauses else
                       "Posted in a burst of posts minutes apart")
    shout = []
    if caps:
        shout.append(f"in capitals ({quoted(caps)})")
    if exclaim:
        shout.append(f"with '{excerpt(exclaim, 12)}'")
    if shout:
        clauses.append(("shouts " if clauses else "Shouts ") + " ".join(shout))
    signs = (hour is not None) + burst + bool(caps) + bool(exclaim)
    tail = "a sign" if signs == 1 else "signs"
    return f"{', '.join(clauses)}: {tail} of writing in the heat of the moment."


# -- languages ---------------------------------------------------------------------------------


def not_assessed_sentence(lang: str, names: Mapping[str, str]) -> str:
    """``Not assessed: written in Russian (ru), a language the audit cannot read yet.``"""
    name = names.get(lang)
    written = f"{name} ({lang})" if name else f"the language coded '{lang}'"
    return f"Not assessed: written in {written}, a language the audit cannot read yet."


# -- order -------------------------------------------------------------------------------------


def order_by_risk(parts: Sequence[tuple[float, str]]) -> list[str]:
    """The sentences of a post's flags, most serious first: by what each adds to ``risk``
    (ties keep the given order)."""
    return [s for _, s in sorted(parts, key=lambda p: -p[0])]


def risk_terms(
    negativity: float, targeted: bool, overshare: float, n_immediacy: int,
    w: Mapping[str, float],
) -> tuple[float, float, float]:
    """What a negativity flag, an oversharing flag and the immediacy flags each add to ``risk``:
    the terms :func:`audit.scoring._risk` combines, and the order of a post's sentences."""
    n = w["negativity_weight"] * negativity + (w["targeted_bonus"] if targeted else 0.0)
    o = w["overshare_weight"] * overshare
    i = min(w["immediacy_cap"], w["immediacy_step"] * n_immediacy)
    return n, o, i


def risk_parts(
    neg: Any, ovr: Any, n_immediacy: int, w: Mapping[str, float]
) -> tuple[float, float, float]:
    """:func:`risk_terms` of a post's verdicts."""
    return risk_terms(neg.score, neg.targets_person, ovr.score, n_immediacy, w)


# -- the three columns -------------------------------------------------------------------------


def explain(
    neg: NegativityResult,
    ovr: OvershareResult,
    val: ValueResult,
    imm_why: list[str],
    in_ledger: bool,
    unread_lang: str | None,
    imm: tuple[Any, ...],
    text: str,
    th: Mapping[str, Mapping[str, Any]],
) -> tuple[str, str, str]:
    """``why``, ``reason`` and ``evidence`` of one post that has something to say.

    Parameters
    ----------
    neg, ovr, val : NegativityResult, OvershareResult, ValueResult
        The post's verdicts (the rules' or the learned model's).
    imm_why : list of str
        The evidence of its immediacy flags (empty: none).
    in_ledger : bool
        In the user's "not a problem" ledger: no problem flag is explained.
    unread_lang : str or None
        The post's language when the audit cannot read it, else ``None``.
    imm : tuple
        (local hour, late night, burst, caps, "!!!") of the post.
    text : str
        The post's text (the caps and "!!!" runs are quoted from it).
    th : Mapping
        The thresholds (``[immediacy]`` for the runs, ``[risk]`` for the order).
    """
    adds = [value_sentence(val.category, val.quotes)] if val.is_value_add else []
    if in_ledger:  # no problem flag: the user's decision, and what the post adds
        sentences = [LEDGER, *adds]
        evidence = [LEDGER_EVIDENCE, *([val.why] if val.why else [])]
        return _why(sentences, evidence, None), " ".join(sentences), ". ".join(evidence)
    n, o, i = risk_parts(neg, ovr, len(imm_why), th["risk"])
    parts: list[tuple[float, str]] = []
    if neg.is_negative:
        parts.append((n, negative_sentence(neg.quotes, neg.targets_person, neg.who, neg.insults)))
    if ovr.is_overshare:
        parts.append((o, overshare_sentence(ovr.category, ovr.items)))
    if imm_why:
        hour, late, burst, caps, exclaim = imm
        runs = text_runs(text, params=th["immediacy"]) if caps or exclaim else (None, None)
        late_hour = hour if late and hour == hour else None  # (NaN: no time)
        parts.append((i, immediacy_sentence(late_hour, bool(burst), *runs)))
    sentences = [*order_by_risk(parts), *adds]
    evidence = [w for w in (neg.why if neg.is_negative else "", ovr.why) if w]
    if imm_why:
        evidence.append("immediacy: " + ", ".join(imm_why))
    if val.why:
        evidence.append(val.why)
    if not neg.is_negative and neg.why:
        evidence.append(neg.why)  # why it was not flagged ("not negative: sad news ...")
    marker = None
    if unread_lang is not None:
        marker = f"{NOT_ASSESSED} {unread_lang}"
        sentences.insert(0, not_assessed_sentence(unread_lang, LANGUAGE_NAMES))
        evidence.insert(0, marker)
    return _why(sentences, evidence, marker), " ".join(sentences), ". ".join(evidence)


def _why(sentences: list[str], evidence: list[str], marker: str | None) -> str:
    """The plain sentences, then ``Evidence:`` and the evidence (a post without a sentence: its
    evidence alone). A post not assessed keeps ``not assessed: language xx``
    (:data:`NOT_ASSESSED`) in place of its first sentence and evidence, as ``why`` always began.
    """
    if marker is not None:
        sentences, evidence = sentences[1:], evidence[1:]
    why = " ".join(sentences)
    if evidence:
        why = f"{why} Evidence: {'. '.join(evidence)}" if why else ". ".join(evidence)
    if marker is not None:
        why = f"{marker}. {why}" if why else marker
    return why or NO_FLAGS
