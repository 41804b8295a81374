"""VADER's compound score, computed in one pass, with gates for texts that cannot cross zero.

Compound
--------
:func:`compound` returns exactly ``SentimentIntensityAnalyzer().polarity_scores(text)
["compound"]`` of ``vaderSentiment`` 3.3.2 (the same float, compared with ``==``) for every
string, about 5 times faster. VADER spends most of its time in Python overhead (the token list
is lower-cased again for every negation and idiom check, the emoji loop builds the text one
character at a time, ``pos``/``neu``/``neg`` are computed and thrown away). Here the text is
read once:

- emoji are found with one set intersection (ASCII texts hold none) and replaced by their
  descriptions with ``str.replace``; a description gets a space before it even where VADER's
  ``prev_space`` loop adds none (at the start, after a space), which changes no token and no
  ``!``/``?`` count, the only things VADER reads from that text;
- tokens are ``text.split()``, each stripped of ``string.punctuation`` unless two characters or
  fewer would remain, then lower-cased, once;
- only tokens in the lexicon (and not boosters, nor "kind" before "of") get a valence. A word
  with nothing that VADER's rules react to in the three words before it (no booster, negation,
  "no", "so", "this", "least", word containing "n't") keeps its lexicon valence, plus caps
  emphasis, plus an idiom when one can match; the others go through all the rules: "no" before,
  two or three words before (with "or"/"nor"), caps emphasis under VADER's cap differential,
  boosters damped by distance (1, 0.95, 0.9) with the valence's sign, negations (``NEGATE``
  words and any token containing "n't"), "never so/this" (x1.25, with VADER's
  operator-precedence quirk three words back), "without doubt", special idioms and booster
  n-grams (only where VADER checks them: behind a word three places back that is not in the
  lexicon), then "least" not after "at"/"very";
- "but" halves the valences before it and multiplies by 1.5 those after it, replaying VADER's
  ``sentiments.index(value)`` quirk (a repeated valence changes the first equal element);
- the sum gets the ``!``/``?`` emphasis by its sign, is normalised (alpha 15) and rounded to 4
  decimals.

Every operation on a valence is the one VADER performs, in the same order, so the floats are
identical, not just close. The word lists and constants (``NEGATE``, ``BOOSTER_DICT``,
``SPECIAL_CASES``, ``C_INCR``, ``N_SCALAR``, ``normalize``'s alpha, the lexicon and emoji files
through one ``SentimentIntensityAnalyzer``) are read from the installed package when first
needed, once. ``tests/test_vader_fast.py`` compares the result with ``polarity_scores`` by
``==`` (and the gates below with it) on about 95,000 texts: hand-written cases for every rule,
the labelled, tuning and holdout posts and their clauses, 3,000 generated posts and their
clauses, 5,000 random mixes of lexicon words, boosters, negations, idiom words, caps, emoji and
punctuation, every lexicon entry and emoji in a few contexts, and 29,481 external tweets
(VADER's own ground truth, Sentiment140, Davidson et al.) when they are present; none differs.

Measured on this machine (Python 3.11, CPU time, best of 9 runs): on the 8,714 clauses of
3,000 generated posts (6.5 words on average), 24.5 µs per call with ``polarity_scores`` and
5.0 µs with :func:`compound` (4.9x); on the 3,000 whole posts (104 characters), 76 µs and
13.6 µs (5.6x).

Gates
-----
The negativity scorer only uses ``min(0, compound)`` of each clause (and ``compound <= -x``
with ``x > 0``), so a clause whose compound is certainly not negative can be given 0.0, and
every result stays exactly the same. VADER can only produce a negative sum when one of its
tokens (as above) is:

- a lexicon word with a valence of 0 or below;
- a negation (VADER's ``NEGATE`` list, ``no``, or any word containing ``n't``), which flips a
  positive word; ``least``, which does too;
- a dampening booster ("barely", "kind of", ...), which can pull a small positive valence below
  zero; the first word of a special idiom with a negative value ("yeah right");

read after VADER's own translation of emoji into words ("😡" -> "enraged face"). Anything else
(a positive valence, boosted, capitalised, "but"-weighted, exclamation-amplified) stays at or
above zero. :func:`negative_part` therefore stops right after tokenising a clause with none of
those tokens (the gate and the score share the tokens; on generated clauses this still saves a
fifth of the time: 4.0 µs per call, against 12 µs for the former gate in front of VADER). The
mirror image holds for positive compounds (:func:`could_be_positive`), which lets the
negativity scorer skip the whole-post compound when it cannot reach its "clearly positive" cut.
Both gates read VADER's exact tokens. They are checked against the compound in
``tests/test_performance_equivalence.py`` and ``tests/test_vader_fast.py``.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable
from functools import cache

__all__ = ["compound", "could_be_negative", "could_be_positive", "negative_part", "positive_part"]

_STRIP = string.punctuation
_NON_ASCII = re.compile(r"[^\x00-\x7f]+").findall

#: (raw tokens, VADER's lower-cased tokens, the text VADER reads: emoji replaced by words)
_Tokens = tuple[list[str], list[str], str]
_Tables = tuple[
    Callable[[str], _Tokens], Callable[[_Tokens], float], frozenset[str], frozenset[str]
]


def _has_nt(text: str) -> bool:
    """Whether a token of ``text`` contains "n't" once lower-cased (none can hide it: "n" and
    "t" are not punctuation, and only "N"/"T" lower-case to them)."""
    return "'" in text and "n't" in text.lower()


@cache
def _tables() -> _Tables:
    """Build (once) the tokenizer, the scorer and the two gate word sets from the installed VADER.

    Returns
    -------
    tuple
        ``(tokens, score, negative, positive)``: ``tokens(text)`` reads a text as VADER does,
        ``score(tokens)`` is VADER's compound of those tokens, and a compound can only be below
        (above) zero when a token is in ``negative`` (``positive``) or contains "n't".
    """
    from vaderSentiment import vaderSentiment as vs

    analyzer = vs.SentimentIntensityAnalyzer()
    lexicon: dict[str, float] = analyzer.lexicon
    boosters: dict[str, float] = vs.BOOSTER_DICT
    specials: dict[str, float] = vs.SPECIAL_CASES
    negate = frozenset(vs.NEGATE)
    c_incr: float = vs.C_INCR
    n_scalar: float = vs.N_SCALAR
    alpha = vs.normalize.__defaults__[0]
    # VADER looks each character up in its emoji table, so only one-character keys can match
    spaced = {k: " " + d for k, d in analyzer.emojis.items() if len(k) == 1}
    emoji_chars = frozenset(spaced)
    ascii_is_plain = all(not k.isascii() for k in spaced)
    # replacing one emoji after another is only right if no description holds an emoji
    by_replace = all(emoji_chars.isdisjoint(d) for d in spaced.values())
    translation = {ord(k): d for k, d in spaced.items()}
    # lexicon words that get a valence (a booster gets 0 even when it is in the lexicon)
    scored = frozenset(w for w in lexicon if w not in boosters)
    # every idiom or booster n-gram VADER can match starts with one of the ``openers`` and has
    # one of the ``seconds`` next
    ngrams = [k.split(" ") for k in (*specials, *boosters) if " " in k]
    openers = frozenset(k[0] for k in ngrams)
    seconds = frozenset(k[1] for k in ngrams)
    # words that can change the valence of a lexicon word up to three places after them (with
    # words containing "n't"); a lexicon word with none of them before it, and not "no" or
    # "kind" itself, keeps its valence (plus caps emphasis), unless an idiom matches
    context = frozenset(boosters) | negate | {"no", "so", "this", "least"}
    own_rules = frozenset({"no", "kind"})
    # "least" negates only when it is not itself a lexicon word
    least_negates = "least" not in lexicon

    def tokens(text: str) -> _Tokens:
        if not (ascii_is_plain and text.isascii()):
            present = emoji_chars.intersection(
                "".join(_NON_ASCII(text)) if ascii_is_plain else text
            )
            if present:
                # an emoji gets a space before it even where VADER's loop adds none (at the
                # start, after a space): no token changes, and no "!"/"?" is added
                if by_replace:
                    for ch in present:
                        text = text.replace(ch, spaced[ch])
                else:
                    text = text.translate(translation)
        raw = text.split()
        # edge punctuation stripped unless 2 characters or fewer would remain, lower-cased
        if text.isascii():
            # ASCII lower-casing changes neither lengths nor punctuation: it commutes with the
            # strip, and one call does the whole text
            lw = [t if len(s := t.strip(_STRIP)) <= 2 else s for t in text.lower().split()]
        else:
            lw = [(t if len(s := t.strip(_STRIP)) <= 2 else s).lower() for t in raw]
        return raw, lw, text

    def idioms(v: float, lw: list[str], i: int) -> float:
        """VADER's special idioms and booster n-grams around word ``i`` (``i >= 3``)."""
        w, p, p2, p3 = lw[i], lw[i - 1], lw[i - 2], lw[i - 3]
        for seq in (f"{p} {w}", f"{p2} {p} {w}", f"{p2} {p}", f"{p3} {p2} {p}", f"{p3} {p2}"):
            if seq in specials:
                v = specials[seq]
                break
        last = len(lw) - 1
        if last > i and (seq := f"{w} {lw[i + 1]}") in specials:
            v = specials[seq]
        if last > i + 1 and (seq := f"{w} {lw[i + 1]} {lw[i + 2]}") in specials:
            v = specials[seq]
        for seq in (f"{p3} {p2} {p}", f"{p3} {p2}", f"{p2} {p}"):
            if seq in boosters:
                v = v + boosters[seq]
        return v

    def boost(v: float, word: str, raw_word: str, cap_diff: bool, damp: float) -> float:
        """``v`` plus the booster scalar of a word 1, 2 or 3 places before (damp 1, .95, .9)."""
        s = boosters[word]
        if v < 0:
            s = -s
        if cap_diff and raw_word.isupper():
            s = s + c_incr if v > 0 else s - c_incr
        if damp != 1.0 and s != 0:
            s = s * damp
        return v + s

    def rules(i: int, lw: list[str], raw: list[str], cap_diff: bool) -> float:
        """The valence of lexicon word ``i`` after VADER's rules on it and the 3 words before."""
        w = lw[i]
        last = len(lw) - 1
        if w == "kind" and i < last and lw[i + 1] == "of":
            return 0
        v = lexicon[w]
        if w == "no" and i != last and lw[i + 1] in lexicon:
            v = 0.0
        p = lw[i - 1] if i > 0 else None
        p2 = lw[i - 2] if i > 1 else None
        p3 = lw[i - 3] if i > 2 else None
        if p == "no" or p2 == "no" or (p3 == "no" and (p == "or" or p == "nor")):
            v = lexicon[w] * n_scalar
        if cap_diff and raw[i].isupper():
            v = v + c_incr if v > 0 else v - c_incr
        # the three preceding words, when not lexicon words themselves
        if p is not None and p not in lexicon:
            if p in boosters:
                v = boost(v, p, raw[i - 1], cap_diff, 1.0)
            if p in negate or "n't" in p:
                v = v * n_scalar
        if p2 is not None and p2 not in lexicon:
            if p2 in boosters:
                v = boost(v, p2, raw[i - 2], cap_diff, 0.95)
            if p2 == "never" and (p == "so" or p == "this"):
                v = v * 1.25
            elif p2 == "without" and p == "doubt":
                pass
            elif p2 in negate or "n't" in p2:
                v = v * n_scalar
        if p3 is not None and p3 not in lexicon:
            if p3 in boosters:
                v = boost(v, p3, raw[i - 3], cap_diff, 0.9)
            # VADER's precedence: (never and (so or this)) or (the previous word is so/this)
            if (p3 == "never" and (p2 == "so" or p2 == "this")) or p == "so" or p == "this":
                v = v * 1.25
            elif p3 == "without" and (p2 == "doubt" or p == "doubt"):
                pass
            elif p3 in negate or "n't" in p3:
                v = v * n_scalar
            if (p3 in openers or p2 in openers or p in openers or w in openers) and (
                w in seconds or p in seconds or p2 in seconds or (i < last and lw[i + 1] in seconds)
            ):
                v = idioms(v, lw, i)
        if least_negates and p == "least" and (p2 is None or (p2 != "at" and p2 != "very")):
            v = v * n_scalar
        return v

    def score(toks: _Tokens) -> float:
        raw, lw, text = toks
        if scored.isdisjoint(lw):
            return 0.0
        cap_diff: bool | None = None  # VADER's allcap_differential, computed when needed
        nt = _has_nt(text)
        plain = not nt and context.isdisjoint(lw)
        idiomatic = not seconds.isdisjoint(lw)
        last = len(lw) - 1
        hits: list[int] = []
        vals: list[float] = []
        for i, w in enumerate(lw):
            if w not in scored:
                continue
            hits.append(i)
            if w in own_rules or not (
                plain or (not nt and context.isdisjoint(lw[i - 3 if i > 3 else 0 : i]))
            ):
                if cap_diff is None:
                    cap_diff = 0 < sum(map(str.isupper, raw)) < len(raw)
                vals.append(rules(i, lw, raw, cap_diff))
                continue
            v = lexicon[w]
            if raw[i].isupper():
                if cap_diff is None:
                    # a stripped token is upper iff its raw form is (punctuation has no case)
                    cap_diff = 0 < sum(map(str.isupper, raw)) < len(raw)
                if cap_diff:
                    v = v + c_incr if v > 0 else v - c_incr
            # VADER checks idioms behind a word three places back that is not a lexicon word
            if idiomatic and i > 2 and (p3 := lw[i - 3]) not in lexicon:
                p2, p = lw[i - 2], lw[i - 1]
                if (p3 in openers or p2 in openers or p in openers or w in openers) and (
                    w in seconds
                    or p in seconds
                    or p2 in seconds
                    or (i < last and lw[i + 1] in seconds)
                ):
                    v = idioms(v, lw, i)
            vals.append(v)
        if "but" in lw:
            # VADER rewrites sentiments[sentiments.index(value)] while iterating: a repeated
            # valence changes its first occurrence. Zeros stay zeros, so only lexicon words count.
            bi = lw.index("but")
            for k in range(len(vals)):
                x = vals[k]
                si = vals.index(x)
                if hits[si] < bi:
                    vals[si] = x * 0.5
                elif hits[si] > bi:
                    vals[si] = x * 1.5
        # VADER sums all tokens' valences; the zeros of other tokens change no partial sum
        total = float(vals[0]) if len(vals) == 1 else float(sum(vals))
        if total == 0:
            return 0.0
        ep = text.count("!")
        if ep > 4:
            ep = 4
        qm = text.count("?")
        qm_amp = (qm * 0.18 if qm <= 3 else 0.96) if qm > 1 else 0
        amp = ep * 0.292 + qm_amp
        total = total + amp if total > 0 else total - amp
        norm = total / math.sqrt(total * total + alpha)
        if norm < -1.0:
            norm = -1.0
        elif norm > 1.0:
            norm = 1.0
        return round(norm, 4)

    # "no" before a word scales it by VADER's negation factor, as NEGATE words and "least" do
    flips = {w.lower() for w in vs.NEGATE} | {"least", "no"}
    flips |= {k.split()[0] for k, v in boosters.items() if v < 0}
    negative = {w for w, v in lexicon.items() if v <= 0} | flips
    negative |= {k.split()[0] for k, v in specials.items() if v < 0}
    positive = {w for w, v in lexicon.items() if v >= 0} | flips
    positive |= {k.split()[0] for k, v in specials.items() if v > 0}
    return tokens, score, frozenset(negative), frozenset(positive)


def compound(text: str) -> float:
    """VADER's compound score of a text, identical to ``polarity_scores`` but computed faster.

    Parameters
    ----------
    text : str

    Returns
    -------
    float
        ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]`` (the same float).
    """
    tokens, score, _, _ = _tables()
    return score(tokens(text))


def _could_be(toks: _Tokens, risky: frozenset[str]) -> bool:
    return not risky.isdisjoint(toks[1]) or _has_nt(toks[2])


def _scored_if_it_could_be(text: str, *, negative: bool) -> float:
    """The compound of ``text`` when it can be negative (or positive), else 0.0."""
    tokens, score, below, above = _tables()
    toks = tokens(text)
    return score(toks) if _could_be(toks, below if negative else above) else 0.0


def could_be_negative(text: str) -> bool:
    """Whether VADER's compound of ``text`` can be below zero (False means it is >= 0).

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    tokens, _, negative, _ = _tables()
    return _could_be(tokens(text), negative)


def could_be_positive(text: str) -> bool:
    """Whether VADER's compound of ``text`` can be above zero (False means it is <= 0).

    Parameters
    ----------
    text : str

    Returns
    -------
    bool
    """
    tokens, _, _, positive = _tables()
    return _could_be(tokens(text), positive)


def negative_part(text: str) -> float:
    """A stand-in for VADER's compound with the same negative part, scored only when it can be < 0.

    Parameters
    ----------
    text : str

    Returns
    -------
    float
        VADER's compound when it can be negative, else 0.0; either way
        ``min(0, result) == min(0, compound(text))``.
    """
    return _scored_if_it_could_be(text, negative=True)


def positive_part(text: str) -> float:
    """A stand-in for VADER's compound with the same positive part, scored only when it can be > 0.

    Parameters
    ----------
    text : str

    Returns
    -------
    float
        VADER's compound when it can be positive, else 0.0; either way
        ``max(0, result) == max(0, compound(text))``.
    """
    return _scored_if_it_could_be(text, negative=False)
