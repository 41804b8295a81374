"""Masking personal identifiers in what the package renders (reports, exports, terminal output).

With ``mask_pii`` on, phone numbers, email addresses, street addresses, IP addresses, long ID or
card numbers and exact coordinates are replaced by placeholders such as ``[phone]`` before
anything is written. The scores are computed on the real text; only the rendering is masked.
"""

from __future__ import annotations

import re

import pandas as pd
import phonenumbers

__all__ = ["MASKED_COLUMNS", "mask_frame", "mask_text"]

#: text columns that :func:`mask_frame` masks (when present).
MASKED_COLUMNS = ("text", "why", "target", "place")

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
