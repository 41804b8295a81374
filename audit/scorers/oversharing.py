"""Oversharing: what a post reveals that a prospective employer should not see, in one category.

Evidence per category (``lexicons/oversharing.toml``), each hit with a weight 0..1:

- **topic lexicons**: alcohol, drugs, dating/sexual, health, finance, work-confidential, location
  ("home alone", "house will be dark"), with innocent look-alikes masked first ("drink water",
  "flu shots", "bonfire" never match anything);
- **personal identifiers** (category ``pii``): phone numbers found by ``phonenumbers`` (leniency
  POSSIBLE, so fictional 555-01xx numbers count) only next to a contact cue ("call/text me", "my
  number") or, without a cue, when the number is a valid US number and not an order/ticket/version
  number (other regions of ``phone_regions`` count only with a cue);
  personal e-mail addresses (role addresses like ``jobs@`` are public); street addresses; full birth
  dates after a birth cue; card numbers (Luhn check) and account/ID numbers after an ID cue. The
  number detectors run only on texts with at least ``min_digits`` digits;
- **check-ins**: a ``place`` gives ``place_weight`` (alone below the threshold: a public venue is
  fine) and coordinates ``coordinates_weight`` of location evidence;
- **revealing photos**: cue words ("bikini", "tan lines") count fully only on posts with media
  (``revealing_media_boost``); ID documents ("passport") likewise count as ``pii`` with media.

A category's score is ``1 - (1 - w1)(1 - 0.3 * w2)`` of its two strongest hits (a check-in or
coordinates are combined in full with the location words). The post's category
is the strongest one (ties: the order in the lexicon file); every category found is named in
``why``. Thresholds are in ``lexicons/thresholds.toml`` (``[overshare]``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import phonenumbers

from ._lexicon import (
    Hit,
    current_language,
    is_word_char,
    load_data,
    load_lexicon,
    normalize,
)
from ._text import bounded_word, month_names, versus, word_start

__all__ = ["OVERSHARE_CATEGORIES", "OvershareResult", "score_oversharing"]

#: the overshare_category vocabulary of DESIGN.md.
OVERSHARE_CATEGORIES = (
    "alcohol",
    "drugs",
    "dating",
    "revealing",
    "pii",
    "health",
    "finance",
    "location",
    "work-confidential",
    "none",
)

_EMAIL_RE = re.compile(r"\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b")
# what every e-mail address holds: "@" between a local-part and a domain character
_EMAIL_HINT = re.compile(r"@(?<=[\w.+-]@)[\w-]")
_DIGITS_RE = re.compile(r"\d")
_ASCII_DIGITS = "0123456789"
# A pattern that starts with "\b\d" is written with the first digit in front and "\b" as a
# look-behind after it ("\d(?<!\w\d)", the same condition, as a digit is a word character), so
# that a search jumps from digit to digit: the same matches, about twice as fast.
_CARD_RE = re.compile(r"\d(?<!\w\d)(?:[ -]?\d){12,18}\b")  # \b\d(?:[ -]?\d){12,18}\b
_LONG_NUMBER_RE = re.compile(r"\d(?<!\w\d)\d{5,}\b")  # \b\d{6,}\b
# what _NOT_NUMBERS_RE can blank besides links: a handle or hashtag, or a letter next to a digit
_NOT_NUMBERS_HINT = re.compile(r"[@#＠＃]\w|[a-fA-F]\d|\d[a-fA-F]|\d\.\d+\.")
_SSN_RE = re.compile(r"\d(?<!\w\d)\d{2}-\d{2}-\d{4}\b")  # \b\d{3}-\d{2}-\d{4}\b
# Digits that are never a personal number: inside links (status ids), @handles and #hashtags,
# hex hashes (git commits, checksums: 7+ hex characters with a letter and a digit) and version
# numbers (1.2.3, 10.2.13, v2.1; not 212.555.0143). Blanked out, same length, before any number
# is looked for.
_NOT_NUMBERS_RE = re.compile(
    r"(?:https?://|www\.)\S+|[@#＠＃][\w.\-]*\w"
    r"|\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{7,}\b"
    r"|\bv?\d{1,2}(?:\.\d{1,3}){2,}\b|\bv\d+(?:\.\d+)+\b",
    re.IGNORECASE,
)
# a job post's address is a work address ("send your CV to jane@acme.com"), not a personal one
_JOB_POST_RE = re.compile(
    r"\b(?:hiring|apply|applications?|resumes?|cvs?|vacanc(?:y|ies)|job openings?|open roles?|"
    r"positions? (?:open|available)|join (?:our|the) team)\b",
    re.IGNORECASE,
)


def _date_pattern() -> str:
    """A full date with a year: 04/17/1987, 1987-04-17, April 17, 1987, 17 April 1987."""
    months = month_names()
    return (
        r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}"
        rf"|(?:{months})[a-z]*\.? \d{{1,2}}(?:st|nd|rd|th)?,? (?:19|20)\d{{2}}"
        rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:{months})[a-z]*,? (?:19|20)\d{{2}})"
    )


@dataclass(frozen=True, slots=True)
class OvershareResult:
    """Oversharing of one post: score, category and the evidence in words.

    ``why`` is the evidence (categories, matched terms, scores and threshold); ``items`` is
    what the plain ``reason`` is written from (:mod:`._reasons`): the category's evidence as
    (kind, the user's words), strongest first: a lexicon group and the words as written, a
    personal identifier (``phone``, ``email``, ...) and its span, ``("check-in", place)``,
    ``("coordinates", "")``.
    """

    score: float
    is_overshare: bool
    category: str
    flags: tuple[str, ...]
    why: str
    items: tuple[tuple[str, str], ...] = ()


#: the result of a post without any oversharing evidence
_NONE = OvershareResult(0.0, False, "none", (), "")


def _detectors() -> dict[str, Any]:
    """Compiled detectors built from the ``[pii]`` table (once per language, read-only)."""
    return _detectors_of(current_language())


@lru_cache(maxsize=8)
def _detectors_of(lang: str) -> dict[str, Any]:
    data = load_data("oversharing.toml", lang)
    pii = data["pii"]

    def words(key: str) -> str:
        return "|".join(re.escape(w) for w in sorted(pii[key], key=len, reverse=True)) or "(?!)"

    suffixes = "|".join(re.escape(s) for s in pii["street_suffixes"])
    regions = list(pii.get("phone_regions", ["US"]))
    groups = data["groups"]
    return {
        "phone_ctx": re.compile(rf"(?:^|\W)(?:{words('phone_context')})\b[^.!?\d]{{0,30}}$"),
        # a contact cue followed closely by a digit: phone_ctx sees a cue at most 30 non-digits
        # before a match, and a match has a digit within its first 11 characters (two lead
        # characters with 4 punctuation marks each), so this is a superset. A cue shorter than
        # 10 characters also needs what phone_ctx needs before it, a non-word character or the
        # start (a longer one may begin exactly where phone_ctx's 40-character window does).
        # (Written as one flat list of cues that each start with a letter, so that the search
        # jumps between candidate letters; only whether it matches is used.)
        "any_phone_cue": re.compile(rf"(?:{_cue_alternation(pii['phone_context'])})\D{{0,70}}\d"),
        # the shortest valid number of the first region (7 digits for US), its digits apart by
        # at most four punctuation marks ("x" included), as phonenumbers' matcher reads them
        "digit_run": re.compile(rf"\d(?:[\W_xX]{{0,4}}\d){{{_shortest_number(regions[0]) - 1}}}"),
        "not_phone": re.compile(rf"(?:{words('not_phone_context')})\W{{0,4}}#?\s*$"),
        "role": frozenset(pii["role_accounts"]),
        # \b\d{1,6}\s+ ... with the first digit in front (see _CARD_RE)
        "street": re.compile(
            rf"\d(?<!\w\d)\d{{0,5}}\s+(?:[A-Z][\w'.-]*\s+){{1,4}}(?:{suffixes})\b(?!-)", re.UNICODE
        ),
        "birth": re.compile(
            rf"{word_start(pii['birth_cues'])}\b\W{{0,4}}(?:\w+\W{{1,3}}){{0,2}}{_date_pattern()}"
        ),
        "id_cue": re.compile(rf"\b(?:{words('id_cues')})\b\W{{0,4}}(?:(?:no|number|#)\W{{0,3}})?$"),
        "category": {g: t.get("category", "") for g, t in groups.items()},
        "media_boost": frozenset(g for g, t in groups.items() if t.get("media_boost")),
        "order": list(data["order"]["categories"]),
        "regions": regions,
    }


def _cue_alternation(cues: Sequence[str]) -> str:
    """``(?<!\\w)(?:short cues)|(?:long cues)`` (short: under 10 characters) as one flat
    alternation whose every branch starts with a literal character: ``(?<!\\w)`` moves behind
    the first character when that is a word character (then the two mean the same)."""
    branches = []
    for cue in sorted(cues, key=len, reverse=True):
        if len(cue) >= 10:
            branches.append(re.escape(cue))
        elif is_word_char(cue[:1]):
            branches.append(bounded_word(cue))
        else:
            branches.append(rf"(?<!\w){re.escape(cue)}")
    return "|".join(branches) or "(?!)"


def _shortest_number(region: str) -> int:
    """The fewest digits a valid national number of ``region`` has (phonenumbers metadata)."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    desc = meta.general_desc if meta is not None else None
    lengths = [*desc.possible_length, *desc.possible_length_local_only] if desc else []
    return max(1, min((n for n in lengths if n > 0), default=1))


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def count_digits(text: str) -> int:
    """How many characters of ``text`` the regular expression ``\\d`` matches (any script).

    Parameters
    ----------
    text : str

    Returns
    -------
    int
    """
    if text.isascii():
        return sum(map(text.count, _ASCII_DIGITS))
    return len(_DIGITS_RE.findall(text)) if _DIGITS_RE.search(text) else 0


def _pii(text: str, low: str, params: Mapping[str, float]) -> list[tuple[float, str]]:
    """Personal identifiers in one text: (weight, evidence) pairs (see :func:`_pii_items`)."""
    return [(weight, what) for weight, what, _, _ in _pii_items(text, low, params)]


def _pii_items(
    text: str, low: str, params: Mapping[str, float]
) -> list[tuple[float, str, str, str]]:
    """Personal identifiers in one text: (weight, evidence, kind, the user's words).

    The kind is one of ``phone``, ``email``, ``street``, ``birth``, ``card``, ``ssn`` and
    ``id-number`` (:func:`._reasons.overshare_sentence`); the words are the span of ``text``
    as written (never of the copy whose links and handles are blanked before numbers are
    looked for).
    """
    det = _detectors()
    found: list[tuple[float, str, str, str]] = []
    original = text
    # each detector runs only where it can match: an e-mail needs "@", a street address a digit,
    # a full birth date at least five digits (a day and a four-digit year)
    if "@" in text and _EMAIL_HINT.search(text):
        job_post = _JOB_POST_RE.search(text) is not None
        for m in _EMAIL_RE.finditer(text):
            local = m.group(1).lower()
            if local in det["role"] or local.split(".")[0] in det["role"] or job_post:
                continue
            if text[m.start() - 1 : m.start()] in ("@", "＠"):  # @name@server: a Fediverse handle
                continue
            found.append((0.85, f"personal e-mail '{m.group(0)}'", "email", m.group(0)))
    n_digits = count_digits(text)
    if n_digits:
        for m in det["street"].finditer(text):
            found.append((0.85, f"street address '{m.group(0)}'", "street", m.group(0)))
    # lower-casing an ASCII text changes no digit
    low_digits = n_digits if low == text or text.isascii() else count_digits(low)
    if low_digits >= 5:
        for m in det["birth"].finditer(low):
            said = text[m.start() : m.end()]
            found.append((0.85, f"birth date '{said}'", "birth", said))
    if n_digits < params["min_digits"]:
        return found
    if "://" in text or "www." in low or _NOT_NUMBERS_HINT.search(text):
        text = _NOT_NUMBERS_RE.sub(lambda m: " " * len(m.group(0)), text)
        low = _NOT_NUMBERS_RE.sub(lambda m: " " * len(m.group(0)), low)
        if count_digits(text) < params["min_digits"]:
            return found
    ssn = _SSN_RE.search(text)
    if ssn:
        found.append((0.9, "social security number", "ssn", original[ssn.start() : ssn.end()]))
    for m in _CARD_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and _luhn(digits):
            said = original[m.start() : m.end()]
            found.append((0.9, "card number (passes the Luhn check)", "card", said))
    for m in _LONG_NUMBER_RE.finditer(low):
        if det["id_cue"].search(low[max(0, m.start() - 30) : m.start()]):
            said = original[m.start() : m.end()]
            found.append((0.8, f"account/ID number '{said}'", "id-number", said))
    seen: set[int] = set()
    # Without a contact cue shortly before a digit only a *valid* number of the first region
    # can count: the other regions' (slow) matchers cannot add anything and are skipped, and so
    # is the first one's when no number in the text can be valid (without "+" or the 011 prefix
    # a valid US number has 7 or 10 digits in a row, apart only by punctuation). The result is
    # the same, only faster (tests/test_performance_equivalence.py).
    if det["any_phone_cue"].search(low):
        regions = det["regions"]
    elif "+" in text or "＋" in text or "011" in text or det["digit_run"].search(text):
        regions = det["regions"][:1]
    else:
        regions = []
    for i, region in enumerate(regions):
        for match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.POSSIBLE
        ):
            if match.start in seen:
                continue
            before = low[max(0, match.start - 40) : match.start]
            if det["not_phone"].search(before):
                continue
            said = original[match.start : match.end]
            if det["phone_ctx"].search(before):
                what = f"phone number '{said}' (contact cue)"
                found.append((params["possible_phone_weight"], what, "phone", said))
                seen.add(match.start)
            elif i == 0 and phonenumbers.is_valid_number(match.number):
                what = f"phone number '{said}'"
                found.append((params["valid_phone_weight"], what, "phone", said))
                seen.add(match.start)
    return found


def _join(items: Iterable[str], limit: int = 3) -> str:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    more = f" (+{len(seen) - limit} more)" if len(seen) > limit else ""
    return ", ".join(seen[:limit]) + more


def score_one(
    text: str,
    *,
    params: Mapping[str, float],
    media_count: float = 0,
    place: str | None = None,
    has_coordinates: bool = False,
    low: str | None = None,
    hits: Sequence[Hit] | None = None,
) -> OvershareResult:
    """Score one post; see :func:`score_oversharing` (this is its per-row kernel)."""
    det = _detectors()
    if low is None:
        low = normalize(text) if text else ""
    has_media = bool(media_count) and not (
        isinstance(media_count, float) and math.isnan(media_count)
    )
    # category -> [(weight, evidence, kind, the user's words)]
    evidence: dict[str, list[tuple[float, str, str, str]]] = {}
    if hits is None:
        hits = load_lexicon("oversharing.toml").find(low) if low else []
    for h in hits:
        category = det["category"].get(h.group, "")
        if not category:
            continue
        weight = h.weight
        if h.group in det["media_boost"]:
            if not has_media:
                weight = min(weight, params["threshold"] - 0.05)
            else:
                weight = min(1.0, weight + params["revealing_media_boost"])
        said = text[h.start : h.end].strip()
        evidence.setdefault(category, []).append((weight, f"'{h.term.strip()}'", h.group, said))
    if text:
        found = _pii_items(text, low, params)
        if found:
            evidence.setdefault("pii", []).extend(found)
    geo: list[tuple[float, str, str, str]] = []
    if place:
        geo.append((params["place_weight"], f"check-in at '{place}'", "check-in", place))
    if has_coordinates:
        geo.append((params["coordinates_weight"], "exact coordinates", "coordinates", ""))

    scores: dict[str, float] = {}
    for category, items in evidence.items():
        ws = sorted((item[0] for item in items), reverse=True)
        second = ws[1] if len(ws) > 1 else 0.0
        scores[category] = 1.0 - (1.0 - ws[0]) * (1.0 - 0.3 * second)
    if geo:
        # where the post was made is independent evidence: combined in full with the words
        keep = 1.0 - scores.get("location", 0.0)
        for w, *_ in geo:
            keep *= 1.0 - w
        scores["location"] = 1.0 - keep
        evidence.setdefault("location", []).extend(geo)
    if not scores:
        return _NONE
    order = det["order"]
    best = max(scores, key=lambda c: (round(scores[c], 6), -order.index(c)))
    score = round(min(1.0, scores[best]), 4)
    threshold = params["threshold"]
    if score <= threshold:
        return OvershareResult(score, False, "none", (), "")
    parts = []
    for category in sorted(scores, key=lambda c: -scores[c]):
        strongest = sorted(evidence[category], key=_weight_and_words, reverse=True)
        words = _join(what for _, what, _, _ in strongest)
        parts.append(f"{category} {words} ({scores[category]:.2f})")
    why = f"overshare ({best}): {parts[0]} ({versus('overshare', score, threshold)})" + (
        f"; also {'; '.join(parts[1:])}" if len(parts) > 1 else ""
    )
    # the reason's words: strongest first, then in the order the post has them
    items = tuple(
        (kind, said)
        for _, _, kind, said in sorted(evidence[best], key=lambda e: (-e[0], _at(text, e[3])))
    )
    return OvershareResult(score, True, best, (f"overshare:{best}",), why, items)


def _weight_and_words(item: tuple[float, str, str, str]) -> tuple[float, str]:
    return item[0], item[1]


def _at(text: str, words: str) -> int:
    """Where the words are in the text (after everything in it when they are not)."""
    at = text.find(words) if words else -1
    return at if at >= 0 else len(text)


def score_oversharing(
    texts: Sequence[str],
    *,
    params: Mapping[str, float],
    media_count: Sequence[float] | None = None,
    place: Sequence[str | None] | None = None,
    has_coordinates: Sequence[bool] | None = None,
    lows: Sequence[str] | None = None,
    hits: Sequence[Sequence[Hit]] | None = None,
) -> list[OvershareResult]:
    """Score oversharing and its category for many posts.

    Parameters
    ----------
    texts : sequence of str
        Post texts (missing text must already be ``""``).
    params : Mapping
        The ``[overshare]`` thresholds (see ``lexicons/thresholds.toml``).
    media_count : sequence of number, optional
        Photos/videos per post.
    place : sequence of str or None, optional
        Check-in names.
    has_coordinates : sequence of bool, optional
        Whether the post carries exact coordinates.
    lows : sequence of str, optional
        ``normalize(text)`` of each text, when the caller has it already.
    hits : sequence of lists of Hit, optional
        ``load_lexicon("oversharing.toml").find(low)`` of each text, when the caller has it
        already.

    Returns
    -------
    list of OvershareResult
        One per text, in order.

    Examples
    --------
    >>> from audit.config import load_config
    >>> p = load_config(None).thresholds["overshare"]
    >>> r = score_oversharing(["so hungover, never mixing wine and tequila again"], params=p)[0]
    >>> r.category
    'alcohol'
    """
    out = []
    for i, text in enumerate(texts):
        pl = place[i] if place is not None else None
        out.append(
            score_one(
                text,
                media_count=media_count[i] if media_count is not None else 0,
                place=pl if isinstance(pl, str) and pl.strip() else None,
                has_coordinates=bool(has_coordinates[i]) if has_coordinates is not None else False,
                params=params,
                low=lows[i] if lows is not None else None,
                hits=hits[i] if hits is not None else None,
            )
        )
    return out
