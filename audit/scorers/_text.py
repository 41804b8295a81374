"""Small text helpers shared by the scorers (no word lists here: they are in ``audit/lexicons``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ._lexicon import current_language, is_word_char, load_data, normalize

__all__ = [
    "MENTION_RE",
    "after_contrast",
    "bounded_word",
    "clauses",
    "has_link",
    "mask",
    "month_names",
    "negated_before",
    "negfix",
    "noisy_or",
    "plural",
    "quote",
    "versus",
    "word_start",
]

#: an @handle (X/Mastodon style); the handle is group 1.
MENTION_RE = re.compile(r"(?<![\w@])@(\w{1,50})")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _patterns() -> dict[str, Any]:
    """Regular expressions built (once per language) from ``lexicons/<lang>/language.toml``."""
    return _patterns_of(current_language())


@lru_cache(maxsize=8)
def _patterns_of(language: str) -> dict[str, Any]:
    lang = load_data("language.toml", language)
    contrast = _alternation(lang["clauses"]["contrast"])
    neg = lang["negation"]
    irregular = {normalize(k): v for k, v in neg["irregular"].items()}
    # curly or straight apostrophe in "won't"
    irregular_alt = _alternation(irregular).replace("'", "['’]")
    return {
        # sentence and clause breaks: end punctuation, line breaks, contrast words, dashes:
        #     (?<=[.!?;…])\s+ | \n+ | \s+(?:contrast)\s+ | \s+[-–—]\s+
        # written with the first white-space character taken out in front (the look-behinds
        # then include it), so that a search jumps from one white space to the next: the same
        # matches, two to three times faster (tests/test_performance_equivalence.py)
        "clause": re.compile(
            rf"\s(?:(?<=[.!?;…]\s)\s*|(?<=\n)\n*|\s*(?:{contrast})\s+|\s*[-–—]\s+)",
            re.IGNORECASE,
        ),
        "contrast_end": re.compile(rf"\b(?:{contrast})\s*$", re.IGNORECASE),
        "negator": re.compile(
            rf"(?:\b(?:{_alternation(neg['negators'])})|n't)"
            rf"(?:\s+(?:{_alternation(neg['fillers'])}|\w+ly))*\s*$"
        ),
        "irregular": re.compile(rf"\b(?:{irregular_alt})(?!\w)", re.IGNORECASE),
        "irregular_map": irregular,
        "nt": re.compile(r"n['’]t\b", re.IGNORECASE),
        # "\b(?:should|could|...)nt\b" (case-insensitive; the word is kept and "nt" becomes
        # " not"), found from its "n": each word is a look-behind behind it. The search jumps
        # from "n" to "n", three times faster, with the same matches and replacements.
        "bare": re.compile(
            "[nN](?:"
            + "|".join(
                rf"(?<=(?i:\b{re.escape(w)})[nN])"
                for w in sorted(neg["bare"], key=len, reverse=True)
            )
            + r")[tT]\b"
        ),
        "url": re.compile(
            rf"https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:{_alternation(lang['links']['tlds'])})"
            r"(?:/\S*)?\b",
            re.IGNORECASE,
        ),
        # every link the "url" pattern finds contains "://", "www." or "." + a top-level domain
        "url_hint": re.compile(
            rf"://|www\.|\.(?:{_alternation(lang['links']['tlds'])})", re.IGNORECASE
        ),
        "months": _alternation(lang["dates"]["months"]),
    }


def bounded_word(word: str) -> str:
    """A literal word with "no word character before it", written to start with its first letter.

    For a word that starts with a word character, ``(?<!\\w)word`` and ``\\bword`` mean the
    same as ``w(?<!\\ww)ord``: the condition is checked right after the first letter, so that
    an alternation of such words starts with literals and a search jumps from candidate to
    candidate (:func:`word_start`, the phone cues of the oversharing scorer).

    Parameters
    ----------
    word : str
        A literal word or phrase (escaped here) whose first character is a word character
        (:func:`audit.scorers._lexicon.is_word_char`).

    Returns
    -------
    str
        A regular expression.
    """
    first, rest = re.escape(word[:1]), re.escape(word[1:])
    return rf"{first}(?<!\w{first}){rest}"


def word_start(words: Iterable[str]) -> str:
    """``\\b(?:w1|w2|...)`` for literal words, longest first, in a form a search runs through fast.

    When every word starts with a word character, each alternative is a :func:`bounded_word`:
    at a position, the engine tries the words that start with that character in the same order
    as in the plain form (the others fail at once), so the matches are the same. Otherwise the
    plain form is returned.

    Parameters
    ----------
    words : iterable of str
        Literal words or phrases (escaped here).

    Returns
    -------
    str
        A regular expression.
    """
    ordered = sorted(words, key=len, reverse=True)
    if not ordered:
        return "(?!)"
    if not all(is_word_char(w[:1]) for w in ordered):
        return rf"\b(?:{'|'.join(map(re.escape, ordered))})"
    return "(?:" + "|".join(map(bounded_word, ordered)) + ")"


def has_link(text: str) -> bool:
    """Whether a text holds a link or a bare domain (``crontab.guru``).

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    pats = _patterns()
    return bool(pats["url_hint"].search(text) and pats["url"].search(text))


def month_names() -> str:
    """A regular-expression alternation of month names (for date patterns).

    Returns
    -------
    str
    """
    return _patterns()["months"]


def after_contrast(text: str, start: int) -> bool:
    """Whether the clause starting at ``start`` follows a contrast word ("... but feeling great").

    Parameters
    ----------
    text : str
    start : int

    Returns
    -------
    bool
    """
    return bool(_patterns()["contrast_end"].search(text[:start].rstrip()))


def negfix(text: str) -> str:
    """Rewrite contracted negations as ``not`` (TextBlob loses "n't"; SCORING_NOTES §0.3).

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        E.g. ``"I don't hate it"`` -> ``"I do not hate it"``, ``"won't"`` -> ``"will not"``.
    """
    pats = _patterns()
    if "'" not in text and "’" not in text and "nt" not in text.lower():
        return text
    text = pats["irregular"].sub(lambda m: pats["irregular_map"][normalize(m.group(0))], text)
    text = pats["nt"].sub(" not", text)
    return pats["bare"].sub(" not", text)


def clauses(text: str) -> list[tuple[int, str]]:
    """Split a text into clauses, keeping each clause's start offset.

    Parameters
    ----------
    text : str
        The text (original case).

    Returns
    -------
    list of (int, str)
        Offset of each clause in ``text`` and the clause; empty clauses are dropped.
    """
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _patterns()["clause"].finditer(text):
        start, end = m.span()
        piece = text[pos:start]
        if piece and not piece.isspace():  # (piece.strip() without building it)
            out.append((pos, piece))
        pos = end
    piece = text[pos:]
    if piece and not piece.isspace():
        out.append((pos, piece))
    return out


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank out spans of a text (same length), e.g. praise uses of "killer" before sentiment.

    Parameters
    ----------
    text : str
        The text.
    spans : iterable of (start, end)
        Character ranges to replace with spaces.

    Returns
    -------
    str
    """
    spans = list(spans)
    if not spans:
        return text
    chars = list(text)
    changed = False
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
            changed = True
    return "".join(chars) if changed else text


def negated_before(low: str, start: int) -> bool:
    """Whether the words just before ``start`` negate what follows ("not a jerk", "don't hate").

    Parameters
    ----------
    low : str
        Normalized (lower-case) text.
    start : int
        Offset of the word being checked.

    Returns
    -------
    bool
    """
    window = low[max(0, start - 30) : start]
    return bool(_patterns()["negator"].search(window))


def noisy_or(values: Iterable[float]) -> float:
    """Combine independent evidence strengths in 0..1: ``1 - prod(1 - v)``.

    Parameters
    ----------
    values : iterable of float

    Returns
    -------
    float
    """
    keep = 1.0
    for v in values:
        keep *= 1.0 - min(1.0, max(0.0, v))
    return 1.0 - keep


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``1 word``, ``2 words``: a count with its noun in the right number.

    Parameters
    ----------
    n : int
    noun : str
        The singular.
    nouns : str, optional
        The plural, when it is not the singular + "s" ("person", "people").

    Returns
    -------
    str

    Examples
    --------
    >>> plural(1, "word"), plural(2, "word"), plural(0, "person", "people")
    ('1 word', '2 words', '0 people')
    """
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


def quote(words: Iterable[str], limit: int = 4, noun: str = "word") -> str:
    """Quote matched words for the evidence: ``'jerk', 'liar'``, ``... (+1 more word)``.

    Parameters
    ----------
    words : iterable of str
        Matched words (duplicates are dropped, order kept).
    limit : int
        At most this many are shown.
    noun : str
        What the words are, for the count of those not shown.

    Returns
    -------
    str
    """
    seen: list[str] = []
    for w in words:
        w = w.strip()
        if w and w not in seen:
            seen.append(w)
    shown = ", ".join(f"'{w}'" for w in seen[:limit])
    rest = len(seen) - limit
    return shown + (f" (+{plural(rest, 'more ' + noun)})" if rest > 0 else "")


def versus(name: str, score: float, threshold: float, strict: bool = True) -> str:
    """``negativity 0.62 > 0.50``: a score against its threshold, in a comparison that reads true.

    Two decimals, or as many more as it takes for the printed numbers to compare as the real
    ones do (``0.5001 > 0.5000``, never ``0.50 > 0.50``). Rounding never turns ``<=`` or ``>=``
    false, only ``>`` and ``<`` (into an equality).

    Parameters
    ----------
    name : str
        What the score is ("negativity", "model").
    score, threshold : float
    strict : bool
        ``True``: the flag is ``score > threshold`` (shown as ``>`` or ``<=``); ``False``:
        ``score >= threshold`` (shown as ``>=`` or ``<``).

    Returns
    -------
    str

    Examples
    --------
    >>> versus("negativity", 0.5001, 0.5), versus("value", 0.3, 0.5)
    ('negativity 0.5001 > 0.5000', 'value 0.30 <= 0.50')
    >>> versus("model", 0.8499, 0.85, strict=False)
    'model 0.8499 < 0.8500'
    """
    if strict:
        above = score > threshold
        op = ">" if above else "<="
    else:
        above = score >= threshold
        op = ">=" if above else "<"
    exact = op in (">", "<")  # the two numbers must print different
    for digits in range(2, 18):
        a, b = f"{score:.{digits}f}", f"{threshold:.{digits}f}"
        if not exact or a != b:
            return f"{name} {a} {op} {b}"
    return f"{name} {score!r} {op} {threshold!r}"
