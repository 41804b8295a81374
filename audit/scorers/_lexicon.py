"""Loading and matching the package's lexicons (data files under ``audit/lexicons/``).

Every word list and threshold the scorers use lives in a TOML file in ``audit/lexicons/``; this
module reads those files (``importlib.resources`` + ``tomllib``, cached, read-only) and turns each
lexicon into a :class:`Lexicon`: one Aho-Corasick automaton for all of its terms, so a text is
matched against every group of a lexicon in a single pass, plus one compiled regular expression per
group for the few rules that need a pattern.

Lexicon file layout (one table per group)::

    [groups.insult]
    weight = 0.85                  # evidence strength of one hit, 0..1
    terms = ["jerk", "liar*"]      # lower case; a trailing * matches any word ending ("liars")
    patterns = ['\\bcve-\\d{4}-\\d+']   # optional regular expressions on the lower-cased text

Terms match on word boundaries of the lower-cased text (an edge that is not a letter or digit, such
as an emoji or ``$``, needs no boundary). When hits of different groups overlap, the longest wins,
so ``"sick of"`` (venting) beats ``"sick"`` (praise in "this hack is sick"); hits of
different groups on exactly the same span are all kept.

Speed: the patterns of a group run as one alternation, but only the alternatives that can match
the text. For each pattern, a set of literal strings one of which every match contains is read
from the parsed pattern (e.g. ``took credit`` in ``\\btook credit\\b``); one Aho-Corasick pass
finds which literals a text holds, and a pattern runs only when one of its literals occurs. An
alternative that cannot match anywhere never changes what ``finditer`` returns, so the hits are
exactly those of the full alternation. The patterns a text opens are kept by the set of its open
gates, a few combinations that recur. Several lexicons can share one automaton
(:class:`LexiconSet`, :func:`load_lexicons`): the scorers' three lexicons are then matched in one
pass per text, with each lexicon's hits the same as its own :meth:`Lexicon.find`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from itertools import pairwise
from operator import itemgetter
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, NamedTuple

import ahocorasick

from ..errors import AuditError, describe

__all__ = [
    "DEFAULT_LANGUAGE",
    "Hit",
    "Lexicon",
    "LexiconSet",
    "current_language",
    "is_word_char",
    "lexicon_root",
    "load_data",
    "load_lexicon",
    "load_lexicons",
    "normalize",
    "reading",
]

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "`": "`"})
_CURLY = re.compile("[’‘ʼ“”]")  # what _QUOTES changes


def normalize(text: str) -> str:
    """Lower-case a text and straighten curly quotes, keeping its length.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text the lexicons are matched against.
    """
    if text.isascii():  # no curly quote to straighten, and lower() keeps the length
        return text.lower()
    low = (text.translate(_QUOTES) if _CURLY.search(text) else text).lower()
    # A few characters change length when lower-cased (e.g. "İ"); keep offsets aligned.
    return low if len(low) == len(text) else text.translate(_QUOTES).casefold()[: len(text)]


class Hit(NamedTuple):
    """One lexicon match: which group, which words, where, and how strong."""

    group: str
    term: str
    start: int
    end: int
    weight: float


#: the language whose lexicons the scorers read when none is set (``audit/lexicons/<lang>/``)
DEFAULT_LANGUAGE = "en"
_LANGUAGE: ContextVar[str] = ContextVar("audit_scorer_language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    """The language whose data files the scorers read now (:func:`reading`)."""
    return _LANGUAGE.get()


@contextmanager
def reading(lang: str) -> Iterator[None]:
    """Make the scorers read ``audit/lexicons/<lang>/`` inside the ``with`` block.

    Every data file and lexicon the scorers load (word lists, thresholds, language data) comes
    from the folder of the current language, so adding a language is adding its folder.
    """
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def lexicon_root() -> Any:
    """The folder of the language folders (``audit/lexicons``)."""
    return resources.files("audit").joinpath("lexicons")


def load_data(name: str, lang: str | None = None) -> Mapping[str, Any]:
    """Read one TOML data file of a language (cached; treat the result as read-only).

    Parameters
    ----------
    name : str
        File name, e.g. ``"negativity.toml"``.
    lang : str, optional
        The language folder under ``audit/lexicons/`` (ISO 639-1); the current one
        (:func:`reading`, else English) when None.

    Returns
    -------
    Mapping
        The parsed TOML document ``audit/lexicons/<lang>/<name>``.
    """
    return _load_data(name, lang or _LANGUAGE.get())


@cache
def _load_data(name: str, lang: str) -> Mapping[str, Any]:
    path = lexicon_root().joinpath(lang, name)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:  # a broken install, not a user error
        raise AuditError(
            describe(
                f"package data file audit/lexicons/{lang}/{name}",
                "no such file",
                "reinstall the package (pip install -e .) so its data files are present",
            )
        ) from exc
    return tomllib.loads(raw)


def is_word_char(ch: str) -> bool:
    """Whether ``ch`` is a word character (``\\w``: a letter, a digit or "_"; False for "").

    Parameters
    ----------
    ch : str
        One character (or "").

    Returns
    -------
    bool
    """
    return ch.isalnum() or ch == "_"


def _opcodes(*names: str) -> tuple[Any, ...]:
    """The parser's opcodes of these names that this Python has (POSSESSIVE_REPEAT: 3.11+)."""
    return tuple(op for op in (getattr(sre_c, name, None) for name in names) if op is not None)


_REPEATS = _opcodes("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def _best(sets: list[frozenset[str]]) -> frozenset[str] | None:
    """Of several literal sets, the most selective one (longest shortest member)."""
    usable = [x for x in sets if x and min(map(len, x)) > 0]
    return max(usable, key=lambda x: min(map(len, x))) if usable else None


def _gates(sets: list[frozenset[str]]) -> list[frozenset[str]]:
    """The literal sets that gate a pattern: every set whose strings all have 3 or more
    characters (a match needs one string of each), else the single most selective set.

    Short strings ("a", "on") occur in nearly every text, so checking them costs more than the
    pattern runs they save.
    """
    long = [x for x in sets if min(map(len, x)) >= 3]
    if long:
        return long
    best = _best(sets)
    return [best] if best else []


#: the most strings a literal set may have (longer runs of alternatives are cut into several sets)
_MAX_FINITE = 64
_ZERO_WIDTH = _opcodes("AT", "ASSERT", "ASSERT_NOT")


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _MAX_FINITE:
        return None
    return frozenset(x + y for x in a for y in b)


def _finite(op: Any, av: Any) -> frozenset[str] | None:
    """Every string one parsed element can match, when they are few (else None).

    Zero-width elements (anchors, ``\\b``, look-arounds) match the empty string.
    """
    if op is sre_c.LITERAL:
        return frozenset([chr(av)])
    if op in _ZERO_WIDTH:
        return frozenset([""])
    if op is sre_c.IN:
        chars: set[str] = set()
        for item_op, item in av:
            if item_op is sre_c.LITERAL:
                chars.add(chr(item))
            elif item_op is sre_c.RANGE and item[1] - item[0] < 10:
                chars.update(chr(c) for c in range(item[0], item[1] + 1))
            else:  # negated or category classes (\\d, \\w ...), wide ranges
                return None
        return frozenset(chars) if chars else None
    if op is sre_c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags else _finite_sequence(sub)
    if op is sre_c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            strings = _finite_sequence(branch)
            if strings is None or len(out | strings) > _MAX_FINITE:
                return None
            out |= strings
        return frozenset(out)
    if op in _REPEATS:
        low, high, sub = av
        strings = _finite_sequence(sub)
        if strings is None or high > 3:
            return None
        out = set()
        power: frozenset[str] | None = frozenset([""])
        for count in range(high + 1):
            if count >= low:
                out |= power  # type: ignore[arg-type]
            if count < high:
                power = _product(power, strings)  # type: ignore[arg-type]
                if power is None:
                    return None
        return frozenset(out) if len(out) <= _MAX_FINITE else None
    return None


def _finite_sequence(items: Any) -> frozenset[str] | None:
    current: frozenset[str] | None = frozenset([""])
    for op, av in items:
        strings = _finite(op, av)
        if strings is None:
            return None
        current = _product(current, strings)  # type: ignore[arg-type]
        if current is None:
            return None
    return current


def _required_in(items: Any) -> list[frozenset[str]]:
    """Sets of strings such that every match of a parsed sequence contains one of each set.

    Neighbouring elements that match few strings (literals, small classes, alternations of
    literals, optional parts) are joined into one set of whole strings ("pill at the party"),
    which is rarer in texts than any of its parts.
    """
    sets: list[frozenset[str]] = []
    current = frozenset([""])

    def flush(strings: frozenset[str]) -> None:
        if strings and min(map(len, strings)) > 0:
            sets.append(strings)

    for op, av in items:
        strings = _finite(op, av)
        if strings is not None:
            joined = _product(current, strings)
            if joined is None:
                flush(current)
                current = strings
            else:
                current = joined
            continue
        if op in _REPEATS and av[0] >= 1 and (repeated := _finite_sequence(av[2])) is not None:
            # at least one copy: it continues what came before, and the last copy is followed
            # by what comes next
            joined = _product(current, repeated)
            flush(joined if joined is not None else current)
            if joined is None:
                flush(repeated)
            current = repeated
            continue
        flush(current)
        current = frozenset([""])
        if op is sre_c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags:
                sets += _required_in(sub)
        elif op is sre_c.BRANCH:
            alternatives = [_best(_required_in(branch)) for branch in av[1]]
            if all(alternatives):
                sets.append(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                sets += _required_in(sub)
        # anything else (wide classes, ...) only ends the run of literals
    flush(current)
    return [x for x in sets if x and min(map(len, x)) > 0]


def required_literals(pattern: str) -> list[frozenset[str]] | None:
    """Literal sets a match of ``pattern`` needs: one string of *each* set (None: unknown).

    Parameters
    ----------
    pattern : str
        A regular expression (as in the lexicon files: no flags, matched on lower-cased text).

    Returns
    -------
    list of frozenset of str, or None
        E.g. ``[{"took credit"}]`` for ``\\btook credit\\b``; None for patterns with inline
        flags or without any mandatory literal.

    Examples
    --------
    >>> sorted(required_literals("(?:pill|tab)s? at (?:the|a) party")[0])[:3]
    ['pill at a party', 'pill at the party', 'pills at a party']
    >>> [sorted(x) for x in required_literals(r"\\b(?:bed|bay) \\d{1,3} ok")]
    [['bay ', 'bed '], [' ok']]
    """
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & ~sre_c.SRE_FLAG_UNICODE:
        return None
    return _required_in(parsed) or None


# per automaton key, for one lexicon: the terms it is (with what the boundary checks need,
# worked out once), the patterns whose only gate it opens (as bits, see Lexicon.gate_bits), and
# the (group, pattern, gate) triples it opens of patterns with several gates
_Entry = tuple[tuple[tuple[Any, ...], ...], int, tuple[tuple[int, int, int], ...]]
_START = itemgetter(2)  # Hit.start


class Lexicon:
    """Groups of weighted terms and patterns, matched in one pass.

    Parameters
    ----------
    groups : Mapping
        group name -> table with ``weight`` (float), ``terms`` (list of str) and optional
        ``patterns`` (list of regular expressions), as in the lexicon files.
    name : str
        Name used in error messages (the file name).
    """

    def __init__(self, groups: Mapping[str, Mapping[str, Any]], name: str = "lexicon") -> None:
        self.name = name
        self.weights: dict[str, float] = {}
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        # per group: its patterns, and for each how many literal sets gate it (0: none)
        self._group_patterns: list[tuple[str, list[str], list[int]]] = []
        self._unions: dict[tuple[str, tuple[int, ...]], re.Pattern[str]] = {}
        # the patterns that run on a text, by the gates it opens (bits, see gate_bits)
        self._runs: dict[int, list[tuple[str, re.Pattern[str]]]] = {}
        literal_owners: dict[str, list[tuple[int, int, int]]] = {}
        entries: dict[str, list[tuple[str, str, bool]]] = {}
        for group, table in groups.items():
            self.weights[group] = float(table.get("weight", 1.0))
            for raw in table.get("terms", []):
                term = normalize(raw.strip())
                prefix = term.endswith("*")
                term = term.rstrip("*")
                if term:
                    entries.setdefault(term, []).append((group, term, prefix))
            pats = table.get("patterns", [])
            if pats:
                try:
                    rx = re.compile("|".join(f"(?:{p})" for p in pats))
                except re.error as exc:
                    raise AuditError(
                        describe(
                            "valid regular expressions",
                            f"{exc} in group {group!r}",
                            "correct the pattern in the lexicon file",
                            where=f"audit/lexicons/{name}",
                        )
                    ) from exc
                self._patterns.append((group, rx))
                g = len(self._group_patterns)
                needs: list[int] = []
                for k, p in enumerate(pats):
                    gates = _gates(required_literals(p) or [])
                    needs.append(len(gates))
                    for j, lits in enumerate(gates):
                        for lit in lits:
                            literal_owners.setdefault(lit, []).append((g, k, j))
                self._group_patterns.append((group, list(pats), needs))
                self._unions[(group, tuple(range(len(pats))))] = rx
        # per group, the patterns that always run (no literal known)
        self._ungated = [
            tuple(k for k, gated in enumerate(needs) if not gated)
            for _group, _pats, needs in self._group_patterns
        ]
        # what runs on a text holding none of the literals (the usual case)
        self._when_no_literal = [
            (group, re.compile("|".join(f"(?:{pats[k]})" for k in active)))
            for (group, pats, _needs), active in zip(
                self._group_patterns, self._ungated, strict=True
            )
            if active
        ]
        # The automaton keys: the terms and the pattern literals (see _Entry).
        keys: dict[str, tuple[list[tuple[Any, ...]], list[tuple[int, int, int]]]] = {}
        for term, payload in entries.items():
            keys.setdefault(term, ([], []))[0].extend(
                (
                    group,
                    term,
                    prefix,
                    is_word_char(term[0]),
                    is_word_char(term[-1]),
                    self.weights[group],
                    len(term),
                )
                for group, term, prefix in payload
            )
        for lit, owners in literal_owners.items():
            keys.setdefault(lit, ([], []))[1].extend(owners)
        #: one bit per gated pattern: (group index, pattern index) -> bit
        self.gate_bits = {
            (g, k): 1 << b
            for b, (g, k) in enumerate(
                (g, k)
                for g, gp in enumerate(self._group_patterns)
                for k, n in enumerate(gp[2])
                if n
            )
        }
        needs_of = {
            (g, k): n for g, gp in enumerate(self._group_patterns) for k, n in enumerate(gp[2])
        }
        self.entries: dict[str, _Entry] = {
            key: (
                tuple(terms),
                sum({self.gate_bits[(g, k)] for g, k, _ in owners if needs_of[(g, k)] == 1}),
                tuple((g, k, j) for g, k, j in owners if needs_of[(g, k)] > 1),
            )
            for key, (terms, owners) in keys.items()
        }
        self._scanner = LexiconSet((self,))

    def find(self, low: str) -> list[Hit]:
        """All non-overlapping hits in a normalized text (see :func:`normalize`).

        Parameters
        ----------
        low : str
            The normalized text.

        Returns
        -------
        list of Hit
            Hits in text order; of overlapping hits the longest is kept.
        """
        hits, opened = self._scanner.scan(low)
        return self.finish(low, hits[0], opened[0])

    def finish(self, low: str, hits: list[Hit], opened: int) -> list[Hit]:
        """Add the pattern hits to the term hits of one scan and keep the longest of overlaps.

        Parameters
        ----------
        low : str
            The normalized text.
        hits : list of Hit
            The term hits found by :meth:`LexiconSet.scan` (extended in place).
        opened : int
            The bits (:attr:`gate_bits`) of the patterns whose literal gates the text opens.

        Returns
        -------
        list of Hit
        """
        for group, rx in self._active_patterns(opened):
            for m in rx.finditer(low):
                if m.end() > m.start():
                    hits.append(Hit(group, m.group(0), m.start(), m.end(), self.weights[group]))
        if len(hits) < 2:
            return hits
        hits.sort(key=_START)  # stable: hits on the same span keep their order
        if all(a.end <= b.start for a, b in pairwise(hits)):
            return hits  # no overlaps: every hit is kept, in text order
        kept: list[Hit] = []
        for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
            if all(
                hit.end <= k.start
                or hit.start >= k.end
                or (hit.start == k.start and hit.end == k.end and hit.group != k.group)
                for k in kept
            ):
                kept.append(hit)
        kept.sort(key=lambda h: h.start)
        return kept

    def _active_patterns(self, opened: int) -> list[tuple[str, re.Pattern[str]]]:
        """Per group, the alternation of the patterns that can match a text (see module doc).

        ``opened`` holds the bits (:attr:`gate_bits`) of the gated patterns whose every
        literal set has a member in the text (0: none). The lists are cached by those bits: a
        few combinations recur over and over.
        """
        if not opened:
            return self._when_no_literal
        runs = self._runs.get(opened)
        if runs is not None:
            return runs
        runs = []
        for g, (group, pats, needs) in enumerate(self._group_patterns):
            active = tuple(
                k for k, gates in enumerate(needs) if not gates or self.gate_bits[(g, k)] & opened
            )
            if not active:
                continue
            union = (group, active)
            rx = self._unions.get(union)
            if rx is None:
                rx = self._unions[union] = re.compile("|".join(f"(?:{pats[k]})" for k in active))
            runs.append((group, rx))
        if len(self._runs) < 4096:
            self._runs[opened] = runs
        return runs


class LexiconSet:
    """Several lexicons matched in one pass of one automaton.

    ``scan`` gives each lexicon's term hits and opened pattern gates, and ``find`` each
    lexicon's hits, the same as its own :meth:`Lexicon.find` (one automaton reports the same
    keys as separate ones; only the passes over the text are saved).

    Parameters
    ----------
    lexicons : sequence of Lexicon
    """

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        self.lexicons = tuple(lexicons)
        merged: dict[str, list[tuple[int, *tuple[Any, ...]]]] = {}
        for i, lex in enumerate(self.lexicons):
            for key, entry in lex.entries.items():
                merged.setdefault(key, []).append((i, *entry))
        self._automaton = ahocorasick.Automaton()
        for key, payload in merged.items():
            self._automaton.add_word(key, tuple(payload))
        self._empty = not merged
        if not self._empty:
            self._automaton.make_automaton()
        # the number of literal sets of each (lexicon, group, pattern) with more than one
        self._needs = {
            (i, g, k): n
            for i, lex in enumerate(self.lexicons)
            for g, (_group, _pats, needs) in enumerate(lex._group_patterns)
            for k, n in enumerate(needs)
            if n > 1
        }

    def scan(self, low: str) -> tuple[list[list[Hit]], list[int]]:
        """One pass over a normalized text: per lexicon, its term hits and opened gates.

        Parameters
        ----------
        low : str
            The normalized text.

        Returns
        -------
        (list of list of Hit, list of int)
            Per lexicon, in order: the word-bounded term hits (not yet freed of overlaps), and
            the bits (:attr:`Lexicon.gate_bits`) of the patterns whose literal gates are all
            open.
        """
        count = len(self.lexicons)
        hits: list[list[Hit]] = [[] for _ in range(count)]
        opened = [0] * count
        if self._empty:
            return hits, opened
        partial: dict[tuple[int, int, int], set[int]] | None = None
        n = len(low)
        for end, payload in self._automaton.iter(low):
            for i, terms, direct, several in payload:
                if direct:
                    opened[i] |= direct
                if several:
                    if partial is None:
                        partial = {}
                    for g, k, j in several:
                        partial.setdefault((i, g, k), set()).add(j)
                for group, term, prefix, left, right, weight, size in terms:
                    start = end - size + 1
                    if left and start > 0:
                        ch = low[start - 1]
                        if ch.isalnum() or ch == "_":
                            continue
                    stop = end + 1
                    if right and stop < n:
                        ch = low[stop]
                        if ch.isalnum() or ch == "_":
                            if not prefix:
                                continue
                            stop += 1
                            while stop < n and (low[stop].isalnum() or low[stop] == "_"):
                                stop += 1
                    hits[i].append(Hit(group, term, start, stop, weight))
        if partial:
            for (i, g, k), sets in partial.items():
                if len(sets) == self._needs[(i, g, k)]:
                    opened[i] |= self.lexicons[i].gate_bits[(g, k)]
        return hits, opened

    def find(self, low: str) -> list[list[Hit]]:
        """Every lexicon's hits in a normalized text, as each lexicon's :meth:`Lexicon.find`.

        Parameters
        ----------
        low : str
            The normalized text.

        Returns
        -------
        list of list of Hit
            One list per lexicon, in order.
        """
        hits, opened = self.scan(low)
        return [
            lex.finish(low, found, gates)
            for lex, found, gates in zip(self.lexicons, hits, opened, strict=True)
        ]


def load_lexicon(name: str, section: str = "groups", lang: str | None = None) -> Lexicon:
    """Build (once per language) the :class:`Lexicon` for one table of a lexicon file.

    Parameters
    ----------
    name : str
        File name under ``audit/lexicons/<lang>/``.
    section : str
        Top-level table holding the groups.
    lang : str, optional
        The language; the current one (:func:`reading`) when None.

    Returns
    -------
    Lexicon
    """
    return _load_lexicon(name, section, lang or _LANGUAGE.get())


@cache
def _load_lexicon(name: str, section: str, lang: str) -> Lexicon:
    data = load_data(name, lang)
    groups = data.get(section)
    if not isinstance(groups, Mapping):
        raise AuditError(
            describe(
                f"a [{section}] table",
                "none",
                "restore the lexicon file from the package",
                where=f"audit/lexicons/{lang}/{name}",
            )
        )
    return Lexicon(groups, name=name)


def load_lexicons(names: tuple[str, ...], lang: str | None = None) -> LexiconSet:
    """Build (once per language) a :class:`LexiconSet` of package lexicons, matched in one pass.

    Parameters
    ----------
    names : tuple of str
        File names under ``audit/lexicons/<lang>/``.
    lang : str, optional
        The language; the current one (:func:`reading`) when None.

    Returns
    -------
    LexiconSet
        Its :meth:`~LexiconSet.find` gives, per name in order, what ``load_lexicon(name).find``
        gives.
    """
    return _load_lexicons(names, lang or _LANGUAGE.get())


@cache
def _load_lexicons(names: tuple[str, ...], lang: str) -> LexiconSet:
    return LexiconSet([load_lexicon(name, lang=lang) for name in names])
