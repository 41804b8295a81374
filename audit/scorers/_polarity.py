"""TextBlob's default polarity (``PatternAnalyzer``), computed in one pass without TextBlob objects.

``TextBlob(text).sentiment.polarity`` spends most of its ~110 µs per text on overhead (a new
namedtuple class per call, a lazily loaded dict behind a Python-level indirection, a dict per
assessment; ``SCORING_NOTES.md`` §3.2). :func:`polarity` returns the same number, to the last bit
on every corpus tried, several times faster:

1. **Lexicon.** ``en-sentiment.xml`` is read at run time from the *installed* textblob package
   (never copied into this repository). As TextBlob does, the senses of a word are averaged per
   part of speech, then over the parts of speech; adjectives get a derived ``-ly`` adverb
   (terrible -> terribly, happy -> happily) whose scores replace that form's averages; any word
   with an adverb sense is a modifier. The result is one flat ``word -> (p, s, i, modifier)``
   dict.
2. **Tokens.** Pattern's tokenizer, reproduced: ``n't`` gets a space before it, every quote
   character is padded with spaces (so ``isn't`` ends as ``is n ' t``), leading punctuation and
   trailing punctuation, ``...`` and ``.`` (except after abbreviations) are split off. A token
   with no punctuation at either end takes a fast path. Sentence splitting only matters for the
   ``(!)`` and emoticon re-joining, so it runs only when one of those could match.
3. **Assessments**, left to right with a pending modifier and a pending negation ("very good",
   "not a good day", "really not good"), ``!`` boosting the last assessment by 1.25 (clamped),
   ``(!)`` adding an irony assessment and emoticons a mood one; negated assessments count
   ``-0.5`` times; the polarity is the plain mean (0.0 with no assessment).

:func:`negative_part` runs all this only when the polarity can be below zero: that needs a word
with a negative polarity, a negation (``no``, ``not``, ``never``) or a sad emoticon (every one of
them starts with ``:``, ``;``, ``=`` or ``>``, read from TextBlob's table); modifiers, ``!``
and ``(!)`` never turn a sign. One Aho-Corasick pass over the lower-cased text finds those
words (whole words only: a token of Pattern's tokenizer is bounded by space or punctuation, or
ends before the ``n`` of ``n't``).
Links that start a token are left out of that check, but for the punctuation at their end: the
tokenizer keeps such a link one token, which is neither a word of the lexicon nor an emoticon.

This is our own implementation, written from reading the installed ``textblob/_text.py`` and
``textblob/en/__init__.py`` (TextBlob: MIT licence; its ``_text.py`` is adapted from Pattern:
BSD licence) and ``../shared/SCORING_NOTES.md`` §3; no code was copied. The lexicon file
(``en-sentiment.xml``, PDDL), the abbreviation list, the abbreviation patterns and the emoticon
table are *read* from the installed package at run time, so a TextBlob upgrade that changes them
is followed (and ``tests/test_performance_equivalence.py`` compares the two on a corpus).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from functools import cache
from importlib.util import find_spec, module_from_spec, spec_from_file_location
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.etree import ElementTree

import ahocorasick

__all__ = ["could_be_negative", "negative_part", "polarities", "polarity", "sentiment_lexicon_path"]

_NEGATIONS = frozenset({"no", "not", "n't", "never"})
_EOS = "END-OF-SENTENCE"
# quote characters Pattern pads with spaces (after giving "n't" a space of its own)
_PAD = str.maketrans({q: f" {q} " for q in ("“", "”", "‘", "’", "'", '"')})
_LINEBREAKS = re.compile(r"\n{2,}")
# tokens that end a sentence, and the tokens that may follow one inside the same sentence
_STOPS = frozenset({"...", ".", "!", "?", _EOS})
_RUN = frozenset({"”", "’", "...", ".", "!", "?", ")", _EOS})


def sentiment_lexicon_path() -> Path:
    """Where the installed textblob package keeps ``en-sentiment.xml`` (textblob is not imported).

    Returns
    -------
    Path
    """
    spec = find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("textblob is not installed (pip install textblob==0.20.1)")
    return Path(next(iter(spec.submodule_search_locations))) / "en" / "en-sentiment.xml"


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / float(len(values) or 1)


def _load_lexicon(path: Path) -> dict[str, tuple[float, float, float, bool]]:
    """``word -> (polarity, subjectivity, intensity, is_modifier)`` as TextBlob derives it."""
    senses: dict[str, dict[str | None, list[tuple[float, float, float]]]] = {}
    for el in ElementTree.parse(path).getroot().findall("word"):
        form = el.attrib.get("form")
        if not form:
            continue
        psi = (
            float(el.attrib.get("polarity", 0.0)),
            float(el.attrib.get("subjectivity", 0.0)),
            float(el.attrib.get("intensity", 1.0)),
        )
        senses.setdefault(form, {}).setdefault(el.attrib.get("pos"), []).append(psi)
    # per part of speech: the mean of each of p, s, i over the senses; None: mean over the POS
    table: dict[str, dict[str | None, tuple[float, ...]]] = {}
    for form, by_pos in senses.items():
        entry: dict[str | None, tuple[float, ...]] = {
            pos: tuple(_mean(column) for column in zip(*rows, strict=True))
            for pos, rows in by_pos.items()
        }
        entry[None] = tuple(_mean(column) for column in zip(*entry.values(), strict=True))
        table[form] = entry
    # adjectives lend their scores to a derived adverb; a later adjective overwrites an earlier one
    for form, entry in list(table.items()):
        if "JJ" not in entry:
            continue
        stem = form[:-1] + "i" if form.endswith("y") else form
        stem = stem[:-2] if stem.endswith("le") else stem
        derived = table.setdefault(stem + "ly", {})
        derived["RB"] = derived[None] = entry["JJ"]
    return {
        form: (entry[None][0], entry[None][1], entry[None][2], "RB" in entry)
        for form, entry in table.items()
    }


def _pattern_tables() -> ModuleType:
    """TextBlob's ``_text`` module (data tables: abbreviations, emoticons, regexes).

    Read from the installed package without importing ``textblob`` itself, whose ``__init__``
    imports nltk (half a second, in every worker process); ``_text.py`` needs only the standard
    library. When textblob is imported already, its own module is used.
    """
    loaded = sys.modules.get("textblob._text")
    if loaded is not None:
        return loaded
    path = sentiment_lexicon_path().parents[1] / "_text.py"
    spec = spec_from_file_location("_footprint_textblob_text", path)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"cannot read {path} (pip install textblob==0.20.1)")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _tables() -> dict[str, Any]:
    """Lexicon, punctuation sets, abbreviations and emoticons (built once, read-only)."""
    pattern = _pattern_tables()

    punctuation = pattern.PUNCTUATION
    lead = frozenset(punctuation) - {"."}
    emoticons: dict[str, float] = {}
    splits = ahocorasick.Automaton()
    for (_mood, score), faces in pattern.EMOTICONS.items():
        for face in faces:
            emoticons.setdefault(face.lower(), float(score))
            # an emoticon the tokenizer split ("; )") shows a space between two of its characters
            for a, b in pairwise(face):
                splits.add_word(f"{a} {b}", True)
    splits.make_automaton()
    return {
        "is_abbreviation": _abbreviation_test(pattern.RE_ABBR1, pattern.RE_ABBR2, pattern.RE_ABBR3),
        "lexicon": _load_lexicon(sentiment_lexicon_path()),
        "punctuation": punctuation,
        "lead": lead,
        "trail": lead | {"."},
        "abbreviations": frozenset(pattern.ABBREVIATIONS),
        "abbr_res": (pattern.RE_ABBR1, pattern.RE_ABBR2, pattern.RE_ABBR3),
        "emoticons": emoticons,
        "emoticon_splits": splits,
        "sarcasm_re": pattern.RE_SARCASM,
        "emoticon_re": pattern.RE_EMOTICONS,
    }


# The three abbreviation patterns of textblob 0.20.1 ("T.", "U.S.", "Mr."); the first two need a
# period as second character and the third a capital first, which lets most words skip them.
_ABBR_SOURCES = (
    r"^[A-Za-z]\.$",
    r"^([A-Za-z]\.)+$",
    "^[A-Z][" + "|".join("bcdfghjklmnpqrstvwxz") + "]+.$",
)


def _abbreviation_test(*patterns: re.Pattern[str]) -> Any:
    """A function telling whether a token ending in "." matches one of the patterns."""
    if tuple(p.pattern for p in patterns) != _ABBR_SOURCES:  # another textblob: no shortcut
        return lambda token: any(p.match(token) for p in patterns)
    one, alternating, consonants = patterns

    def test(token: str) -> bool:
        if len(token) > 1 and token[1] == ".":
            return bool(one.match(token) or alternating.match(token))
        return "A" <= token[0] <= "Z" and consonants.match(token) is not None

    return test


def _peel(token: str, out: list[str], tab: dict[str, Any]) -> None:
    """Split leading and trailing punctuation off one token (the slow path)."""
    lead, trail = tab["lead"], tab["trail"]
    while token and token[0] in lead:
        out.append(token[0])
        token = token[1:]
    tail: list[str] = []
    while token and token[-1] in trail:
        if token[-1] in lead:
            tail.append(token[-1])
            token = token[:-1]
        if token.endswith("..."):
            tail.append("...")
            token = token[:-3].rstrip(".")
        if token.endswith("."):
            if token in tab["abbreviations"] or tab["is_abbreviation"](token):
                break
            tail.append(".")
            token = token[:-1]
    if token:
        out.append(token)
    out.extend(reversed(tail))


def _sentences(tokens: list[str]) -> list[str]:
    """Group tokens into sentences as Pattern does (a stop plus what trails it closes one)."""
    out: list[list[str]] = []
    current: list[str] = []
    k, n = 0, len(tokens)
    while k < n:
        if tokens[k] in _STOPS:
            while k < n and tokens[k] in _RUN:
                if tokens[k] != _EOS:
                    current.append(tokens[k])
                k += 1
            out.append(current)
            current = []
            continue
        current.append(tokens[k])
        k += 1
    out.append(current)
    return [" ".join(s) for s in out if s]


def _words(text: str, tab: dict[str, Any]) -> list[str]:
    """The lower-cased word stream TextBlob's sentiment sees for ``text``."""
    if "n't" in text:
        text = text.replace("n't", " n't")
    if "'" in text or '"' in text or not text.isascii():  # the other quotes are not ASCII
        text = text.translate(_PAD)
    if "\n" in text:
        text = _LINEBREAKS.sub(f" {_EOS} ", text.replace("\r\n", "\n"))
    lead, trail = tab["lead"], tab["trail"]
    tokens: list[str] = []
    for token in text.split():
        if token[0] in lead or token[-1] in trail:
            _peel(token, tokens, tab)
        else:
            tokens.append(token)
    joined = " ".join(tokens)
    sarcasm = "(" in joined and "!" in joined
    if sarcasm or next(tab["emoticon_splits"].iter(joined), None) is not None:
        fixed = []
        for sentence in _sentences(tokens):
            if sarcasm:
                sentence = tab["sarcasm_re"].sub("(!)", sentence)
            sentence = tab["emoticon_re"].sub(
                lambda m: m.group(1).replace(" ", "") + m.group(2), sentence
            )
            fixed.append(sentence)
        joined = " ".join(fixed)
    elif _EOS in joined:
        joined = " ".join(t for t in tokens if t != _EOS)
    return joined.lower().split() if joined.isascii() else [w.lower() for w in joined.split()]


def _score(words: list[str], tab: dict[str, Any]) -> float:
    """Mean polarity of the assessments of a word stream (see the module docstring, step 3)."""
    lexicon, emoticons, punctuation = tab["lexicon"], tab["emoticons"], tab["punctuation"]
    found: list[list[Any]] = []  # [polarity, subjectivity, intensity, negated]
    modifier: str | None = None
    negation: str | None = None
    for w in words:
        entry = lexicon.get(w)
        if entry is not None:
            p, s, i, is_modifier = entry
            if modifier is None:
                found.append([p, s, i, False])
            else:
                last = found[-1]
                last[0] = max(-1.0, min(p * last[2], 1.0))
                last[1] = max(-1.0, min(s * last[2], 1.0))
                last[2] = i
            if negation is not None:
                found[-1][2] = 1.0 / found[-1][2]
                found[-1][3] = True
            modifier = w if is_modifier else None
            negation = w if w in _NEGATIONS else None
            continue
        if w in _NEGATIONS:
            negation = w
        elif negation is not None and len(w.strip("'")) > 1:
            negation = None
        if negation is not None and modifier is not None and modifier.endswith("ly"):
            found[-1][3] = True
            negation = None
        elif modifier is not None and len(w) > 2:
            modifier = None
        if w == "!" and found:
            found[-1][0] = max(-1.0, min(found[-1][0] * 1.25, 1.0))
        if w == "(!)":
            found.append([0.0, 1.0, 1.0, False])
        if len(w) <= 5 and not w.isalpha() and w not in punctuation:
            mood = emoticons.get(w)
            if mood is not None:
                found.append([mood, 1.0, 1.0, False])
    if not found:
        return 0.0
    total = 0.0
    for p, _s, _i, negated in found:
        total += p * -0.5 if negated else p
    return total / float(len(found))


def polarity(text: str) -> float:
    """TextBlob's polarity of ``text``: ``TextBlob(text).sentiment.polarity``, without TextBlob.

    Parameters
    ----------
    text : str
        Any text (TextBlob's own quirks included: apply :func:`audit.scorers._text.negfix` first
        to keep contracted negations).

    Returns
    -------
    float
        In -1..1; 0.0 when no word of the lexicon, emoticon or ``(!)`` occurs.

    Examples
    --------
    >>> polarity("not good"), polarity("very good!"), polarity("isn't good")
    (-0.35, 1.0, 0.7)
    """
    tab = _tables()
    return _score(_words(text, tab), tab)


@cache
def _risky() -> Any:
    """An automaton of the tokens that can make a polarity negative (built once)."""
    automaton = ahocorasick.Automaton()
    for word, (p, _s, i, _modifier) in _tables()["lexicon"].items():
        if (p < 0 or i < 0) and " " not in word:
            automaton.add_word(word, len(word))
    for word in _NEGATIONS:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


# A link that starts a token ("https://..." after a space), up to a quote or "n't" (the
# tokenizer splits a token there, padding quotes with spaces): it stays one token (nothing to
# peel in front, letters inside), so only the punctuation run at its end can be split off and
# take part in an emoticon or a word
_LINK_TOKEN = re.compile(r"(?<!\S)https?://(?:(?!n't)[^\s'\"“”‘’])*")


@cache
def _sad_marks() -> re.Pattern[str]:
    """Characters one of which every emoticon with a negative mood holds (its first ones)."""
    marks = sorted({face[0] for face, mood in _tables()["emoticons"].items() if mood < 0})
    return re.compile("[" + "".join(re.escape(m) for m in marks) + "]")


def _without_links(text: str) -> str:
    trail = _tables()["trail"]

    def keep_tail(m: re.Match[str]) -> str:
        token = m.group(0)
        cut = len(token)
        while cut > 0 and token[cut - 1] in trail:
            cut -= 1
        return " " + token[cut:]

    return _LINK_TOKEN.sub(keep_tail, text)


def could_be_negative(text: str) -> bool:
    """Whether TextBlob's polarity of ``text`` can be below zero (False means it is >= 0).

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    if "://" in text:
        text = _without_links(text)
    if _sad_marks().search(text):  # a sad emoticon, possibly split by spaces
        return True
    low = text.lower()
    if not low.isascii():
        return next(_risky().iter(low), None) is not None
    n = len(low)
    for end, size in _risky().iter(low):
        start = end - size + 1
        if start > 0 and low[start - 1].isalnum():
            continue
        after = end + 1
        if after < n and low[after].isalnum() and low[after] != "n":
            continue
        return True
    return False


def negative_part(text: str) -> float:
    """A stand-in for :func:`polarity` with the same negative part, computed only when it can
    be below zero.

    Parameters
    ----------
    text : str

    Returns
    -------
    float
        The polarity when it can be negative, else 0.0; either way
        ``min(0, result) == min(0, polarity(text))``.
    """
    return polarity(text) if could_be_negative(text) else 0.0


def polarities(texts: Iterable[str]) -> list[float]:
    """:func:`polarity` of many texts, in order.

    Parameters
    ----------
    texts : iterable of str

    Returns
    -------
    list of float
    """
    tab = _tables()
    return [_score(_words(t, tab), tab) for t in texts]
