"""Offline language detectors on short real posts: accuracy and speed (how ``lang`` was chosen).

Run from the repository root with ``../shared`` beside it::

    .venv/bin/python benchmarks/language_detect.py [--extra]

English posts: GoEmotions dev (Reddit comments), TweetEval sentiment val (tweets) and the tweets
of the two real X archives that X itself tagged ``en``. Other languages: every tweet of the real
X files (``../shared/train/archives`` and ``../shared/samples``) that X tagged with another
language. What matters for the audit:

- an English post called another language is not assessed: a silent miss (``en -> other``);
- a post in another language called English is judged by English word lists (``other -> en``).

``--extra`` also measures detectors that are not dependencies (py3langid, lingua), if installed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit import language
from training import sources


def english_posts() -> list[str]:
    texts = [p.text for p in sources.goemotions_posts("dev")]
    texts += [p.text for p in sources.tweeteval_posts("sentiment", "val")]
    for name in sources.ARCHIVES:
        table = sources.archive_table(name)
        texts += table.loc[table["lang"].eq("en") & table["text"].ne(""), "text"].tolist()
    return texts


def tagged_other() -> list[tuple[str, str]]:
    """(text, X's tag) of the real tweets X tagged with a language other than English."""
    tables = [sources.archive_table(n) for n in sources.ARCHIVES]
    tables += [sources.sample_table(n) for n in ("x-2026", "x-2019")]
    out = []
    for table in tables:
        rows = table[~table["lang"].isin(["en", "und"]) & table["text"].ne("")]
        rows = rows[rows["kind"] != "repost"]
        out += list(zip(rows["text"], rows["lang"], strict=True))
    return out


def measure(name: str, detect: Callable[[Sequence[str]], list[str]], en: list[str],
            other: list[tuple[str, str]]) -> None:
    start = time.perf_counter()
    got_en = detect(en)
    seconds = time.perf_counter() - start
    counts = Counter("en" if g == "en" else "und" if g == "und" else "other" for g in got_en)
    got_other = detect([t for t, _ in other])
    right = sum(g == tag for g, (_, tag) in zip(got_other, other, strict=True))
    as_en = sum(g == "en" for g in got_other)
    as_und = sum(g == "und" for g in got_other)
    print(
        f"{name:<28} English {len(en)}: en {counts['en'] / len(en):6.1%}  und "
        f"{counts['und'] / len(en):5.1%}  other {counts['other'] / len(en):5.1%} | "
        f"other {len(other)}: right {right / len(other):6.1%}  as en {as_en}  und {as_und} | "
        f"{len(en) / seconds:9,.0f} posts/s"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extra", action="store_true", help="also py3langid and lingua")
    args = parser.parse_args(argv)
    en, other = english_posts(), tagged_other()
    print(f"{len(en)} English posts, {len(other)} others: {Counter(t for _, t in other)}")
    measure("audit.language (fastText)", language.detect, en, other)
    if args.extra:
        import py3langid

        def langid(texts: Sequence[str]) -> list[str]:
            return [py3langid.classify(t)[0] for t in texts]

        measure("py3langid", langid, en, other)
        from lingua import LanguageDetectorBuilder

        detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

        def lingua(texts: Sequence[str]) -> list[str]:
            found = detector.detect_languages_in_parallel_of(list(texts))
            return [f.iso_code_639_1.name.lower() if f else "und" for f in found]

        measure("lingua (low accuracy mode)", lingua, en, other)


if __name__ == "__main__":
    main()
