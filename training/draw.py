"""Draw real posts for labelling by the rubric, and write the annotators' batches.

Run from the repository root::

    python -m training.draw --out ../labelling

It draws, with a fixed seed, the posts of the labelled corpus that ``../shared/train``'s seed
labels do not already cover, stratified so that every label gets enough positives:

- timeline posts from the two real X archives (most of their non-reposts, some reposts): value
  add, milestones and everyday posts live there;
- TweetEval by its public labels (offensive, hate, irony, anger, sentiment) and GoEmotions by
  emotion, for negativity and targets;
- posts with cheap cue words for oversharing and value-add (the cue only *selects* a post for
  reading; it never labels it), and hard negatives: the same cue words used innocently.

It also draws the **test set** of real exports in ``../shared/samples``: every post of the small
exports, and a random share of the 2015 archive (``--samples``).

``drawn.csv`` (ids, source and how each post was drawn; never texts) goes into
``training/labels/``; the batches, which hold the texts, go to ``--out`` outside the repository.
Annotators see only a batch's numbered posts with the rubric's context fields: not the id, the
source or how it was drawn (an id like ``tweeteval/offensive`` would give a label away).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from . import sources
from .sources import Post

SEED = 20261207
LABELS = sources.REPO / "training" / "labels"

# Cue families: they pick posts worth reading, nothing more. Matched case-insensitively.
OVERSHARE_CUES = {
    "alcohol": r"\b(drunk|hung ?over|hangover|beers?|wine|vodka|tequila|whiske?y|shots|wasted|"
    r"tipsy|booze|bar crawl|pub crawl|blackout)\b",
    "drugs": r"\b(weed|stoned|420|blunt|molly|cocaine|coke|shrooms|edibles?|a joint|acid trip|"
    r"xanax|adderall|high af|getting high)\b",
    "dating": r"\b(tinder|bumble|hook ?up|hooked up|one night stand|sex|got laid|first date|"
    r"my date|dating|sexting|threesome)\b",
    "revealing": r"\b(nudes?|naked|bikini|shirtless|thirst trap|lingerie|topless)\b",
    "health": r"\b(diagnosed|surgery|therapy|therapist|depression|depressed|anxiety|my meds|"
    r"medication|hospital|pregnant|miscarriage|chemo|cancer|adhd|bipolar|rehab|suicidal|"
    r"antidepressants?|panic attack)\b",
    "finance": r"\b(debt|broke af|i'?m broke|loans?|salary|paycheck|my rent|bankrupt|"
    r"credit card|overdraft|evicted|can'?t afford|my bank)\b",
    "location": r"\b(home alone|out of town|on vacation|away for|flying to|at the airport|"
    r"leaving for|till next week|i live (on|at|in)|my address|my house is|staying at)\b",
    "pii": r"(\d[\d\- ().]{6,}\d|[\w.+-]+@[\w-]+\.\w+|\b(my number|call me at|text me at|"
    r"birthday|bday|born on|my ssn)\b)",
    "work": r"\b(my boss|at work|co-?workers?|layoffs?|laid off|confidential|nda|quit my job|"
    r"got fired|called in sick|calling in sick|sick day|my manager|my company)\b",
}
VALUE_CUES = (
    r"\b(how to|tips?|tutorial|guide|psa|learn(ed|ing)?|check out|read this|new post|article|"
    r"blog|update your|security|vulnerability|patch|hiring|jobs?|apply|opening|internship|"
    r"released?|launch(ed)?|certified|speaking at|workshop|here'?s how|you can|try|"
    r"recommend|resource|webinar|conference|https?://)"
)
HARD_NEGATIVE_CUES = (
    r"\b(kill(ed|ing|er)?|sick|hate|destroy(ed)?|damn|hell|crush(ed|ing)?|insane|crazy|dead|"
    r"die|beast|fuck\w*|shit\w*|brutal|savage|murder(ed)?|attack)\b"
)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


class Drawer:
    """Draws without replacement, never a post already labelled or a duplicate text."""

    def __init__(self, taken_ids: Iterable[str], taken_texts: Iterable[str], seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids = set(taken_ids)
        self.texts = {_norm(t) for t in taken_texts}
        self.rows: list[tuple[Post, str]] = []

    def draw(self, pool: Sequence[Post], n: int, how: str) -> int:
        candidates = [p for p in pool if p.id not in self.ids and p.text.strip()]
        order = self.rng.sample(candidates, len(candidates))
        got = 0
        for post in order:
            if got >= n:
                break
            key = _norm(post.text)
            if post.id in self.ids or key in self.texts or not key:
                continue
            self.ids.add(post.id)
            self.texts.add(key)
            self.rows.append((post, how))
            got += 1
        return got


def _label(post: Post) -> str:
    return dict(post.extra).get("label", "")


def _emotions(post: Post) -> set[str]:
    return set(dict(post.extra).get("emotions", "").split(","))


def draw_corpus(seed: int = SEED) -> list[tuple[Post, str]]:
    """The new posts of the training corpus, with how each was drawn."""
    seed_rows = list(csv.DictReader(sources.require("train/labels/seed_labels.csv").open()))
    seed_ids = {r["id"] for r in seed_rows}
    everything = list(sources.train_posts())
    by_id = {p.id: p for p in everything}
    drawer = Drawer(seed_ids, (by_id[i].text for i in seed_ids), seed)

    def te(task: str, split: str = "train") -> list[Post]:
        return [p for p in everything if p.source == f"tweeteval/{task}/{split}"]

    archives = [p for p in everything if p.source in sources.ARCHIVES]
    drawer.draw([p for p in archives if p.kind != "repost"], 1700, "archive non-repost")
    drawer.draw([p for p in archives if p.kind == "repost"], 150, "archive repost")

    drawer.draw([p for p in te("offensive") if _label(p) == "1"], 250, "offensive=1")
    drawer.draw([p for p in te("hate") if _label(p) == "1"], 100, "hate=1")
    drawer.draw([p for p in te("irony") if _label(p) == "1"], 100, "irony=1")
    drawer.draw([p for p in te("emotion") if _label(p) == "0"], 100, "anger")
    drawer.draw([p for p in te("sentiment", "test") if _label(p) == "0"], 80, "sentiment negative")
    drawer.draw(
        [p for p in te("sentiment", "test") if _label(p) in {"1", "2"}],
        80,
        "sentiment neutral/positive",
    )
    goemotions = [p for p in everything if p.source == "goemotions/train"]
    angry = {"anger", "annoyance", "disapproval", "disgust"}
    drawer.draw([p for p in goemotions if _emotions(p) & angry], 120, "goemotions anger-like")
    drawer.draw(goemotions, 80, "goemotions random")

    public = [p for p in everything if p.source not in sources.ARCHIVES]
    hard = re.compile(HARD_NEGATIVE_CUES, re.I)
    calm = [
        p for p in public
        if hard.search(p.text)
        and (
            (p.source.startswith("tweeteval/") and p.source.split("/")[1] in {"offensive", "hate"}
             and _label(p) == "0")
            or (p.source.startswith("goemotions/") and not _emotions(p) & angry)
        )
    ]
    drawer.draw(calm, 150, "hard negative: strong word, public label calm")

    for family, pattern in OVERSHARE_CUES.items():
        cue = re.compile(pattern, re.I)
        drawer.draw([p for p in public if cue.search(p.text)], 80, f"overshare cue: {family}")
    value = re.compile(VALUE_CUES, re.I)
    drawer.draw([p for p in public if value.search(p.text)], 200, "value cue")
    return drawer.rows


# Round 2 (after round 1 gave 137 overshare positives of the 300 wanted): narrower cues, the
# author speaking of their own drinking, drugs, dates, health, money, absence or work secrets.
OVERSHARE_CUES_2 = {
    "alcohol": r"\b((i'?m|i was|got|so|still|getting) (drunk|wasted|hammered|tipsy|trashed)|"
    r"hung ?over|hangover|blacked out|drinking (again|all day|all night|alone))\b",
    "drugs": r"\b((smok(e|ed|ing)|got|getting|so|i'?m) (weed|high|stoned|a blunt)|edibles|"
    r"(took|on|doing) (molly|acid|shrooms|xanax|coke|lines)|my dealer|my plug)\b",
    "dating": r"\b(first date|my date|tinder|hook(ed)? ?up|one night stand|(had|having) sex|"
    r"got laid|sexting|slept with|my (bf|gf|boyfriend|girlfriend) (and i|cheated))\b",
    "revealing": r"\b(nudes?|naked pic|(my|sexy) (bikini|lingerie)|thirst trap|shirtless selfie)\b",
    "health": r"\b((i was|i'?m|got|been) diagnosed|my (therapist|meds|surgery|diagnosis|"
    r"psychiatrist)|(i have|i'?ve got|my) (depression|anxiety|adhd|bipolar|ptsd|ocd)|"
    r"panic attacks?|antidepressants?|(i'?m|i am) pregnant)\b",
    "finance": r"\b((i'?m|so|im) broke|my (debt|loans?|salary|credit score|rent)|in debt|"
    r"can'?t afford|bankrupt|paycheck to paycheck|overdraft|evicted)\b",
    "location": r"\b(home alone|(i'?m|we'?re|im) (away|out of town|on vacation)|house (is )?empty|"
    r"(leaving|flying|off) to .{0,30}(for|till) (a|two|three|the) (week|month))\b",
    "work": r"\b((called|calling|call) in sick|skip(ping)? work|(don'?t|do not) tell my (boss|"
    r"manager)|my boss (doesn'?t|does not) know|under (an )?nda|hungover at work|"
    r"drunk at work|high at work)\b",
}


def _later_round(seed: int) -> tuple[Drawer, list[Post]]:
    """A drawer that passes over every post drawn or labelled so far, and the public posts
    (TweetEval and GoEmotions) to draw from."""
    seed_rows = list(csv.DictReader(sources.require("train/labels/seed_labels.csv").open()))
    with (LABELS / "drawn_corpus.csv").open(encoding="utf-8") as fh:
        drawn = {r["id"] for r in csv.DictReader(fh)}
    everything = list(sources.train_posts())
    by_id = {p.id: p for p in everything}
    taken = drawn | {r["id"] for r in seed_rows}
    drawer = Drawer(taken, (by_id[i].text for i in taken if i in by_id), seed)
    public = [p for p in everything if p.source not in sources.ARCHIVES]
    return drawer, public


def draw_overshare_round2(seed: int = SEED + 10) -> list[tuple[Post, str]]:
    """More posts for oversharing, by the narrower cues, none already drawn or labelled."""
    drawer, public = _later_round(seed)
    sizes = {"alcohol": 90, "drugs": 90, "dating": 90, "revealing": 50, "health": 90,
             "finance": 70, "location": 60, "work": 60}
    for family, pattern in OVERSHARE_CUES_2.items():
        cue = re.compile(pattern, re.I)
        drawer.draw([p for p in public if cue.search(p.text)], sizes[family],
                    f"overshare cue 2: {family}")
    # and more by the broad cues of the families that yielded most in round 1
    for family, n in (("drugs", 120), ("revealing", 80), ("alcohol", 80), ("dating", 80),
                      ("health", 80)):
        cue = re.compile(OVERSHARE_CUES[family], re.I)
        drawer.draw([p for p in public if cue.search(p.text)], n, f"overshare cue: {family}")
    return drawer.rows


def draw_overshare_round3(seed: int = SEED + 20) -> list[tuple[Post, str]]:
    """Round 3: the rest of the broad cue pools with the best yield left (round 2 still left
    the corpus short of 300 oversharing posts)."""
    drawer, public = _later_round(seed)
    for family, n in (("health", 200), ("dating", 100), ("alcohol", 100)):
        cue = re.compile(OVERSHARE_CUES[family], re.I)
        drawer.draw([p for p in public if cue.search(p.text)], n, f"overshare cue: {family}")
    return drawer.rows


def draw_samples(n_2015: int, seed: int = SEED) -> list[tuple[Post, str]]:
    """The test set of real exports: every post of the small ones, a share of the 2015 archive."""
    rng = random.Random(seed + 1)
    rows: list[tuple[Post, str]] = []
    big: list[Post] = []
    for post in sources.sample_posts():
        if post.source == "samples/grailbird-2015":
            big.append(post)
        else:
            rows.append((post, "every post of the export"))
    rows += [(p, "random share of the export") for p in rng.sample(big, n_2015)]
    return rows


def render(post: Post, n: int) -> str:
    """One post as annotators see it: a number, the rubric's context fields and the text."""
    head = [f"platform: {post.platform}", f"kind: {post.kind}"]
    if post.created_at:
        head.append(f"created_at: {post.created_at}")
    head.append(f"has_media: {'true' if post.has_media else 'false'}")
    if post.place:
        head.append(f"place: {post.place}")
    text = post.text if post.text.strip() else "(no text)"
    return f"=== {n} ===\n{' | '.join(head)}\ntext:\n{text}\n"


def write_batches(
    rows: list[tuple[Post, str]], out: Path, prefix: str, size: int, seed: int, first: int = 1
) -> list[Path]:
    """Shuffle the posts and write batches of ``size``: texts to ``out``, keys to ``out/keys``."""
    rng = random.Random(seed)
    order = rng.sample(rows, len(rows))
    (out / "keys").mkdir(parents=True, exist_ok=True)
    written = []
    for b, start in enumerate(range(0, len(order), size), first):
        chunk = order[start : start + size]
        name = f"{prefix}{b:02d}"
        path = out / f"{name}.txt"
        path.write_text("\n".join(render(p, i) for i, (p, _) in enumerate(chunk, 1)), "utf-8")
        with (out / "keys" / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["n", "id"])
            writer.writerows((i, p.id) for i, (p, _) in enumerate(chunk, 1))
        written.append(path)
    return written


def write_drawn(rows: list[tuple[Post, str]], path: Path) -> None:
    """Ids, sources and how each post was drawn (no texts): the record kept in the repository."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["id", "source", "drawn"])
        writer.writerows((p.id, p.source, how) for p, how in rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Draw the corpus and the samples test set; write ``drawn*.csv`` and the batches."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the batches (texts)")
    parser.add_argument("--size", type=int, default=400, help="posts per batch")
    parser.add_argument("--samples", type=int, default=700, help="posts of the 2015 archive")
    parser.add_argument(
        "--round", type=int, default=1,
        help="2, 3: the second (batches c11-c12) and third (c13-c14) oversharing draws",
    )
    args = parser.parse_args(argv)
    if args.round in (2, 3):
        rows = draw_overshare_round2() if args.round == 2 else draw_overshare_round3()
        with (LABELS / "drawn_corpus.csv").open("a", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerows((p.id, p.source, h) for p, h in rows)
        first = 11 if args.round == 2 else 13
        names = write_batches(rows, args.out, "c", args.size, SEED + 10 * args.round, first)
        print(f"{len(rows)} more corpus posts in {len(names)} batches under {args.out}")
        return
    corpus = draw_corpus()
    samples = draw_samples(args.samples)
    LABELS.mkdir(parents=True, exist_ok=True)
    write_drawn(corpus, LABELS / "drawn_corpus.csv")
    write_drawn(samples, LABELS / "drawn_samples.csv")
    a = write_batches(corpus, args.out, "c", args.size, SEED)
    b = write_batches(samples, args.out, "s", args.size, SEED + 2)
    print(f"{len(corpus)} corpus posts in {len(a)} batches, {len(samples)} sample posts in "
          f"{len(b)} batches, under {args.out}")


if __name__ == "__main__":
    main()
