"""Merge the annotators' labels: agreement, the third annotator's batches, the final labels.

The protocol (``training/README.md``): two annotators label every post on their own (the second
in reverse order), seeing only the rubric and the post; a third labels the posts where they
disagree on any column, and each column takes the majority of the three. Nothing here assigns
a label: it only counts, pairs and votes on what the annotators wrote.

Run from the repository root::

    python -m training.adjudicate --work ../labelling disagreements   # write d*.txt batches
    python -m training.adjudicate --work ../labelling final           # labels + agreement

``final`` writes ``training/labels/corpus.csv`` (the training corpus: new posts and
``../shared/train/labels/seed_labels.csv``), ``training/labels/samples.csv`` (the real exports'
test set), ``training/labels/annotations.csv`` (every annotator's labels) and prints Cohen's
kappa per column. Ids and labels only: the texts stay in ``../shared``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import sources
from .draw import LABELS, render

FLAGS = ("negative", "targets_person", "overshare", "value_add")
CATEGORIES = ("overshare_category", "value_category")
COLUMNS = FLAGS + CATEGORIES
#: the seeded hash split: train / dev / test, fixed once (never re-drawn)
SPLIT_SALT = "footprint-audit-corpus-split-1"
_LANGUAGE_NOTE = re.compile(r"\blanguage ([a-z]{2})\b")

Labels = dict[str, str]


def split_of(post_id: str) -> str:
    """``train`` (60 %), ``dev`` (20 %) or ``test`` (20 %), from a seeded hash of the id."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{post_id}".encode()).hexdigest()
    x = int(digest[:8], 16) / 2**32
    return "train" if x < 0.6 else "dev" if x < 0.8 else "test"


def _keys(work: Path, batch: str) -> dict[int, str]:
    with (work / "batches" / "keys" / f"{batch}.csv").open(encoding="utf-8") as fh:
        return {int(r["n"]): r["id"] for r in csv.DictReader(fh)}


def read_annotations(work: Path, batch: str, annotator: str) -> dict[str, Labels]:
    """One annotator's labels of one batch, by post id."""
    keys = _keys(work, batch)
    path = work / "out" / f"{batch}.{annotator}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for r in rows:
        labels = {c: r[c].strip() for c in COLUMNS}
        note = _LANGUAGE_NOTE.search(r.get("notes") or "")
        labels["language"] = note.group(1) if note and note.group(1) != "en" else ""
        out[keys[int(r["n"])]] = labels
    return out


def batches(work: Path, prefix: str) -> list[str]:
    """The batch names of one kind (``c``: corpus, ``s``: samples, ``d``: disagreements)."""
    return sorted(p.stem for p in (work / "batches").glob(f"{prefix}[0-9]*.txt"))


def pairs(work: Path, prefix: str) -> dict[str, tuple[Labels, Labels]]:
    """Post id -> (first annotator's labels, second's) over every batch of one kind."""
    out = {}
    for batch in batches(work, prefix):
        a = read_annotations(work, batch, "A")
        b = read_annotations(work, batch, "B")
        for post_id in a:
            out[post_id] = (a[post_id], b[post_id])
    return out


def _differs(a: Labels, b: Labels) -> bool:
    return any(a[c] != b[c] for c in (*COLUMNS, "language"))


def kappa(x: Sequence[str], y: Sequence[str]) -> float:
    """Cohen's kappa of two annotators' labels of the same posts."""
    n = len(x)
    observed = sum(a == b for a, b in zip(x, y, strict=True)) / n
    cx, cy = Counter(x), Counter(y)
    expected = sum(cx[k] * cy[k] for k in cx) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(pairs_: Iterable[tuple[Labels, Labels]]) -> dict[str, float]:
    """Cohen's kappa per column over posts both annotators read as English."""
    items = [(a, b) for a, b in pairs_ if not a["language"] and not b["language"]]
    out = {c: kappa([a[c] for a, _ in items], [b[c] for _, b in items]) for c in COLUMNS}
    out["posts"] = len(items)
    return out


def write_disagreements(work: Path, size: int = 400) -> list[str]:
    """The posts the two annotators labelled differently and no third annotator has read yet,
    as batches for a third (d01, d02, ...)."""
    done = {p for batch in batches(work, "d") for p in _keys(work, batch).values()}
    disputed = [
        post_id
        for prefix in ("c", "s")
        for post_id, (a, b) in pairs(work, prefix).items()
        if _differs(a, b) and post_id not in done
    ]
    posts = sources.posts_by_id(set(disputed))
    written = []
    first = len(batches(work, "d")) + 1  # batches written before keep their names and labels
    for k, start in enumerate(range(0, len(disputed), size), first):
        chunk = disputed[start : start + size]
        name = f"d{k:02d}"
        (work / "batches" / f"{name}.txt").write_text(
            "\n".join(render(posts[p], i) for i, p in enumerate(chunk, 1)), "utf-8"
        )
        with (work / "batches" / "keys" / f"{name}.csv").open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["n", "id"])
            w.writerows((i, p) for i, p in enumerate(chunk, 1))
        written.append(name)
    return written


def _vote(values: Sequence[str], tie: str) -> str:
    value, n = Counter(values).most_common(1)[0]
    return value if n >= 2 else tie


def settle(a: Labels, b: Labels, c: Labels | None) -> Labels:
    """The final labels: A's where A and B agree, else the majority of A, B and C per column."""
    if not _differs(a, b):
        final = dict(a)
    else:
        if c is None:
            raise KeyError("a disputed post has no third label")
        final = {col: _vote([a[col], b[col], c[col]], c[col]) for col in (*COLUMNS, "language")}
    if final["negative"] == "0":
        final["targets_person"] = "0"
    for flag, category in (("overshare", "overshare_category"), ("value_add", "value_category")):
        if final[flag] == "0":
            final[category] = "none"
        elif final[category] == "none":  # the flag won, its category split: the third decides
            final[category] = next(
                (x[category] for x in (c, a, b) if x is not None and x[category] != "none"),
                "none",
            )
    if final["language"]:
        final.update({f: "0" for f in FLAGS} | {c_: "none" for c_ in CATEGORIES})
    return final


def _third(work: Path) -> dict[str, Labels]:
    out: dict[str, Labels] = {}
    for batch in batches(work, "d"):
        out.update(read_annotations(work, batch, "C"))
    return out


def _drawn(name: str) -> dict[str, tuple[str, str]]:
    with (LABELS / name).open(encoding="utf-8") as fh:
        return {r["id"]: (r["source"], r["drawn"]) for r in csv.DictReader(fh)}


def write_final(work: Path) -> None:
    """Final labels, every annotation, and agreement (printed and returned in the files)."""
    third = _third(work)
    header = ["id", "source", "drawn", "split", *COLUMNS, "language", "annotators"]
    for prefix, drawn_file, out_name in (
        ("c", "drawn_corpus.csv", "corpus.csv"),
        ("s", "drawn_samples.csv", "samples.csv"),
    ):
        drawn = _drawn(drawn_file)
        rows = []
        for post_id, (a, b) in pairs(work, prefix).items():
            final = settle(a, b, third.get(post_id))
            source, how = drawn[post_id]
            split = split_of(post_id) if prefix == "c" else "test"
            who = "2" if not _differs(a, b) else "3"
            rows.append([post_id, source, how, split, *(final[c] for c in COLUMNS),
                         final["language"], who])
        if prefix == "c":
            seed = sources.require("train/labels/seed_labels.csv")
            with seed.open(encoding="utf-8") as fh:
                for r in csv.DictReader(fh):
                    rows.append([r["id"], r["source"], f"seed: {r['drawn']}", split_of(r["id"]),
                                 *(r[c] for c in COLUMNS), "", "seed"])
        rows.sort(key=lambda r: r[0])
        with (LABELS / out_name).open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        stats = agreement(pairs(work, prefix).values())
        print(f"{out_name}: {len(rows)} posts; kappa (first two annotators, "
              f"{stats.pop('posts')} English posts): "
              + ", ".join(f"{c} {k:.2f}" for c, k in stats.items()))
    with (LABELS / "annotations.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "batch", "annotator", *COLUMNS, "language"])
        for prefix in ("c", "s", "d"):
            for batch in batches(work, prefix):
                for annotator in ("C",) if prefix == "d" else ("A", "B"):
                    for post_id, lab in read_annotations(work, batch, annotator).items():
                        w.writerow([post_id, batch, annotator, *(lab[c] for c in COLUMNS),
                                    lab["language"]])


def main(argv: Sequence[str] | None = None) -> None:
    """``disagreements`` or ``final`` (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="the labelling folder")
    parser.add_argument("step", choices=["disagreements", "final"])
    args = parser.parse_args(argv)
    if args.step == "disagreements":
        names = write_disagreements(args.work)
        print(f"wrote {', '.join(names)} under {args.work / 'batches'}")
    else:
        write_final(args.work)


if __name__ == "__main__":
    main()
