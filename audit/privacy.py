"""Masking what the package renders (reports, exports, terminal output): personal identifiers
(``mask_pii``) and other people (``mask_people``).

With ``mask_pii`` on, phone numbers, email addresses, street addresses, IP addresses, long ID or
card numbers and exact coordinates are replaced by placeholders such as ``[phone]`` before
anything is written. The scores are computed on the real text; only the rendering is masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
import phonenumbers

__all__ = [
    "MASKED_COLUMNS",
    "PEOPLE_COLUMNS",
    "PeopleMasker",
    "mask_frame",
    "mask_people",
    "mask_text",
]

#: text columns that :func:`mask_frame` masks (when present).
MASKED_COLUMNS = ("text", "why", "reason", "evidence", "target", "place")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_IPV4 = re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")
_IPV6 = re.compile(
    r"\b(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{1,4}\b|\b[0-9A-Fa-f]{1,4}::[0-9A-Fa-f:]+\b"
)
_STREET = re.compile(
    r"\b\d{1,5}[a-z]?\s+(?:[A-ZÄÖÜ][\w'’-]+\s+){1,3}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|"
    r"Terrace|Close|Crescent|Square|Sq|Highway|Hwy)\b\.?"
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|platz|allee)\s+\d{1,4}[a-z]?\b",
)
_LONG_NUMBER = re.compile(r"\b\d(?:[ -]?\d){11,18}\b")  # card and ID numbers: 12-19 digits
_COORDS = re.compile(r"-?\b\d{1,3}\.\d{4,}\s*,\s*-?\d{1,3}\.\d{4,}\b")
_DIGITS = re.compile(r"\d")
# The 555-01xx numbers reserved for fiction (and used by our samples): phonenumbers does not
# match them, but a report must still mask what looks like a phone number to the reader.
_FICTIONAL_PHONE = re.compile(r"\b(?:555|0?1?\s?\(?555\)?)[-.\s]?01\d\d\b")


def _mask_phones(text: str) -> str:
    if len(_DIGITS.findall(text)) < 7:
        return text
    spans = [
        (m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(
            text, "US", leniency=phonenumbers.Leniency.POSSIBLE
        )
    ]
    for start, end in reversed(spans):
        text = text[:start] + "[phone]" + text[end:]
    return text


def _number_or_phone(match: re.Match[str]) -> str:
    """A long digit run: an international phone number, else an ID or card number."""
    start = match.start()
    if start > 0 and match.string[start - 1] == "+":
        return match.group(0)  # left for the phone matcher: "+44 7700 900123"
    return "[number]"


def mask_text(text: str) -> str:
    """Replace personal identifiers in one string by placeholders.

    Parameters
    ----------
    text : str
        Any text (a post, a reason).

    Returns
    -------
    str
        The text with ``[email]``, ``[ip]``, ``[address]``, ``[coordinates]``, ``[number]``
        and ``[phone]`` in place of what they stand for.

    Examples
    --------
    >>> mask_text("call me at 555-0142 or mail sam@example.org")
    'call me at [phone] or mail [email]'
    """
    if not isinstance(text, str) or not text:
        return text
    text = _EMAIL.sub("[email]", text)
    text = _COORDS.sub("[coordinates]", text)
    text = _IPV4.sub("[ip]", text)
    text = _IPV6.sub("[ip]", text)
    text = _STREET.sub("[address]", text)
    text = _LONG_NUMBER.sub(_number_or_phone, text)
    text = _mask_phones(text)
    return _FICTIONAL_PHONE.sub("[phone]", text)


def mask_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a posts or scored table with identifiers masked and coordinates removed.

    Masks :data:`MASKED_COLUMNS` where present, and blanks ``lat`` / ``lon`` (exact coordinates).
    The input is not modified.
    """
    out = frame.copy()
    for col in MASKED_COLUMNS:
        if col in out.columns:
            out[col] = out[col].map(mask_text, na_action="ignore").astype(out[col].dtype)
    for col in ("lat", "lon"):
        if col in out.columns:
            out[col] = float("nan")
    return out


# --- other people ---------------------------------------------------------------------------

#: columns :func:`mask_people` masks (when present): what a report or an export shows
PEOPLE_COLUMNS = ("text", "why", "reason", "evidence", "target", "reply_to")
_HANDLE = re.compile(r"(?<![\w@/])@(\w{1,50})")
# where other people's names and handles are looked for: the texts, and the reasons that
# quote them (``why`` holds ``reason`` and ``evidence`` whole: they are not read twice)
_READ_COLUMNS = ("text", "why")
_HANDLE_COLUMNS = (*_READ_COLUMNS, "target", "reply_to")
_CAPITALISED = re.compile(r"\b[A-Z][a-zà-ÿ]+\b")


class PeopleMasker:
    """Stable placeholders for the other people a table names: ``@person1``, ``[name2]``.

    The people are collected from the whole table, in time order, so that the same person keeps
    the same placeholder in every part of a report (each part builds its masker from the same
    table): @handles (in the texts, ``mentions`` and ``reply_to``), names the target finder
    knows (capitalised given names of the targets lexicon, and every target that is a name, such
    as "Coach Brennan"), and the user's watch-words. The account owner's own handles are left as
    they are.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        owners: Iterable[str] = (),
        watch_words: Iterable[str] = (),
    ) -> None:
        from .scorers._lexicon import load_data

        self.owners = {o.lower().lstrip("@") for o in owners if o}
        given = frozenset(load_data("targets.toml")["names"]["first"])
        relations = {t.lower() for t in load_data("targets.toml")["groups"]["relation"]["terms"]}
        self.handles: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self._by_lower: dict[str, str] = {}  # the same names, lower-cased -> placeholder
        ordered = frame.sort_values("created_at", kind="stable") if "created_at" in frame else frame
        for row in ordered.itertuples(index=False):
            for handle in [*_list(getattr(row, "mentions", None)), *_handles_in(row)]:
                self._handle(handle)
            target = getattr(row, "target", None)
            if isinstance(target, str) and target and not target.startswith("@"):
                plain = re.sub(r"^(?:my|our|your|the)\s+", "", target, flags=re.I)
                if plain.lower() not in relations and _CAPITALISED.search(plain):
                    self._name(plain)
            for column in _READ_COLUMNS:
                text = getattr(row, column, None)
                if isinstance(text, str):
                    for m in _CAPITALISED.finditer(text):
                        if m.group(0).lower() in given:
                            self._name(m.group(0))
        for word in watch_words:
            if word and word.strip():
                self._name(word.strip())
        names = sorted(self.names, key=len, reverse=True)  # "Coach Brennan" before "Brennan"
        self._names_re = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)
            if names
            else None
        )

    def _handle(self, handle: str) -> None:
        key = handle.lower().lstrip("@")
        if key and key not in self.owners and key not in self.handles:
            self.handles[key] = f"@person{len(self.handles) + 1}"

    def _name(self, name: str) -> None:
        if name.lower() not in self._by_lower:
            self.names[name] = self._by_lower[name.lower()] = f"[name{len(self.names) + 1}]"

    def __call__(self, text: object) -> object:
        """The text with every other person replaced by their placeholder."""
        if not isinstance(text, str) or not text:
            return text
        text = _HANDLE.sub(
            lambda m: self.handles.get(m.group(1).lower(), m.group(0)), text
        )
        if self._names_re is not None:
            text = self._names_re.sub(lambda m: self._by_lower[m.group(0).lower()], text)
        return text


def _list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _handles_in(row: object) -> list[str]:
    found = []
    for column in _HANDLE_COLUMNS:
        value = getattr(row, column, None)
        if isinstance(value, str):
            found += _HANDLE.findall(value)
    reply = getattr(row, "reply_to", None)
    if isinstance(reply, str) and reply and not reply.isdigit() and "/" not in reply:
        found.append(reply)
    return found


def mask_people(
    frame: pd.DataFrame,
    owners: Iterable[str] | None = None,
    watch_words: Iterable[str] = (),
) -> pd.DataFrame:
    """A copy of a scored table with other people's handles and names replaced (share-safe).

    Parameters
    ----------
    frame : pandas.DataFrame
        A posts or scored table.
    owners : iterable of str, optional
        The account owner's handles, kept as they are; by default the table's
        ``attrs["username"]`` and ``attrs["usernames"]``.
    watch_words : iterable of str
        The user's watch-words (colleagues' or the employer's names), masked too.

    Returns
    -------
    pandas.DataFrame
        :data:`PEOPLE_COLUMNS` and ``mentions`` masked; the scores and flags unchanged.

    Examples
    --------
    >>> t = pd.DataFrame({"text": ["@dave_k Kevin is useless, ask @me", "thanks @dave_k"]})
    >>> mask_people(t, owners=["me"])["text"].tolist()
    ['@person1 [name1] is useless, ask @me', 'thanks @person1']
    """
    if owners is None:
        owners = [frame.attrs.get("username") or "", *(frame.attrs.get("usernames") or [])]
    masker = PeopleMasker(frame, owners, watch_words)
    out = frame.copy()
    for col in PEOPLE_COLUMNS:
        if col in out.columns:
            out[col] = out[col].map(masker, na_action="ignore").astype(out[col].dtype)
    if "mentions" in out.columns:
        out["mentions"] = out["mentions"].map(
            lambda ms: [masker(f"@{m}").lstrip("@") for m in ms] if isinstance(ms, list) else ms
        )
    return out
