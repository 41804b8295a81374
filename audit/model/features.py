"""Features of the learned judgement: the words of a post and the rules' evidence about it.

A reader can follow every feature:

- **words**: lower-cased word unigrams and bigrams, with links as ``<url>`` and their host
  (``github.com``) and the words of their path (``url:pandas``), @handles as ``<@>``,
  numbers as ``<num>``, censored words ("f***") as themselves and ``<censored>``, each emoji as
  itself, ``!!``/``??`` runs as one token; a post is the *set* of its terms;
- **rules**: what the rule scorers found (negativity, whom it targets, oversharing and value
  scores and categories, late-night and ALL-CAPS posting), and the post's shape (a reply, a link,
  an @mention, media, a very short text): :data:`RULE_FEATURES`;
- **public-label scores**: what linear models trained on the public labels of
  ``../shared/train`` (offensive, hate, irony, anger, sentiment, GoEmotions emotions) say of the
  words; they are computed from the same terms (see :mod:`audit.model`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

__all__ = ["RULE_FEATURES", "rule_features", "terms"]

# words first (most tokens; the look-ahead leaves "f***" to the censored branch), then links,
# handles, hashtags, censored words, "!!"/"??" runs and non-ASCII symbols (emoji)
_TOKEN = re.compile(
    r"https?://\S+|www\.\S+|[a-z0-9]+(?:'[a-z]+)*(?!\*)|[@＠]\w+|#\w+|\w*\*+\w*|[!?]{2,}"
    r"|[^\x00-\x7f\w\s]"
)
_HOST = re.compile(r"(?:https?://)?(?:www\.)?([\w-]+(?:\.[\w-]+)+)")
_SLUG = re.compile(r"[a-z]{3,}")


def terms(low: str) -> list[str]:
    """The terms of a lower-cased text: unigrams and bigrams (``"shut up"``).

    Parameters
    ----------
    low : str
        The post's text, lower-cased with straight quotes (``audit.scorers._lexicon.normalize``).

    Returns
    -------
    list of str
        Unigrams then bigrams, in order (repeats possible; the model reads them as a set).

    Examples
    --------
    >>> terms("shut up @dave!! f*** https://www.github.com/how-to")
    ['shut', 'up', '<@>', '!!', 'f***', '<censored>', '<url>', 'github.com', 'url:how', \
'shut up', 'up <@>', '<@> !!', '!! f***', 'f*** <censored>', '<censored> <url>', \
'<url> github.com', 'github.com url:how']
    """
    words: list[str] = []
    append = words.append
    for t in _TOKEN.findall(low):
        if t.isalnum():
            append("<num>" if t.isdigit() else t)
            continue
        c = t[0]
        if (c == "h" and t.startswith(("http://", "https://"))) or (c == "w" and t[:4] == "www."):
            append("<url>")
            host = _HOST.match(t)
            if host:  # where a link goes says much of what it is (github.com, a news site,
                # a slug such as /how-to-test-pandas-code)
                append(host.group(1))
                words.extend(f"url:{w}" for w in _SLUG.findall(t, host.end()))
        elif c in "@＠":
            append("<@>")
        elif c == "#":
            append(t[1:])
        elif "*" in t:
            if len(t) > 1:
                append(t)
                append("<censored>")
        else:  # a word with an apostrophe, a "!!" run, an emoji
            append(t)
    return words + [f"{a} {b}" for a, b in pairwise(words)]


#: the rules' evidence, in the order of :func:`rule_features`
RULE_FEATURES: tuple[str, ...] = (
    "rule negativity",
    "rule negative",
    "rule targets a person",
    "rule overshare",
    *(
        f"rule overshare {c}"
        for c in (
            "alcohol", "drugs", "dating", "revealing", "pii", "health", "finance", "location",
            "work-confidential",
        )
    ),
    "rule value",
    *(
        f"rule value {c}"
        for c in ("educational", "security", "answer", "article", "opportunity", "milestone")
    ),
    "late night",
    "all caps or !!!",
    "reply or comment",
    "has a link",
    "has an @mention",
    "has media",
    "short (under 6 words)",
)
_OVERSHARE_AT = {name.removeprefix("rule overshare "): i for i, name in enumerate(RULE_FEATURES)}
_VALUE_AT = {name.removeprefix("rule value "): i for i, name in enumerate(RULE_FEATURES)}


def rule_features(
    negativity: float,
    is_negative: bool,
    targeted: bool,
    overshare: float,
    overshare_category: str,
    value: float,
    value_category: str,
    late_night: bool,
    shouting: bool,
    reply: bool,
    link: bool,
    mention: bool,
    media: bool,
    n_words: int,
) -> list[float]:
    """The rules' evidence about one post as numbers, in the order of :data:`RULE_FEATURES`."""
    out = [0.0] * len(RULE_FEATURES)
    out[0] = negativity
    out[1] = float(is_negative)
    out[2] = float(targeted)
    out[3] = overshare
    if overshare_category in _OVERSHARE_AT and overshare_category != "none":
        out[_OVERSHARE_AT[overshare_category]] = overshare
    out[13] = value
    if value_category in _VALUE_AT and value_category != "none":
        out[_VALUE_AT[value_category]] = value
    out[20] = float(late_night)
    out[21] = float(shouting)
    out[22] = float(reply)
    out[23] = float(link)
    out[24] = float(mention)
    out[25] = float(media)
    out[26] = float(n_words < 6)
    return out


def n_words(words: Sequence[str]) -> int:
    """How many unigrams a term list holds (the bigrams follow them)."""
    return (len(words) + 1) // 2
