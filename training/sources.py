"""Real posts by id: the training corpora and the real exports in ``../shared``.

The texts are other people's posts: they stay in ``../shared`` and are joined to our labels by
id at run time, never copied into the repository. Ids follow ``../shared/train/SOURCES.md``:

- ``x-smithjd:<tweet id>``, ``x-alliepinnell:<tweet id>``: the two real X archives;
- ``tweeteval/<task>/<split>:<line number from 0>``;
- ``goemotions/<split>:<comment id>``;
- ``samples/<export>:<post id>``: the real exports in ``../shared/samples`` (test set only).
"""

from __future__ import annotations

import csv
import os
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import audit
from audit.errors import AuditError, describe

REPO = Path(__file__).resolve().parents[1]

ARCHIVES = {
    "x-smithjd": "archives/x-archive-smithjd-2022.zip",
    "x-alliepinnell": "archives/x-archive-alliepinnell-2025.zip",
}
TWEETEVAL_TASKS = {
    "offensive": ("train", "val", "test"),
    "hate": ("train", "val", "test"),
    "irony": ("train", "val", "test"),
    "emotion": ("train", "val", "test"),
    "sentiment": ("val", "test"),
}
GOEMOTIONS_SPLITS = ("train", "dev", "test")

# The real exports in ../shared/samples, laid out as each platform ships them (the files were
# renamed when they were collected). Each entry: export name -> {member in the archive: file}.
SAMPLE_LAYOUTS: dict[str, dict[str, str]] = {
    "x-2026": {
        "data/tweets.js": "twitter/x-2026_tweets_EXCERPT.js",
        "data/community-tweet.js": "twitter/x-2026_community-tweet.js",
    },
    "x-2019": {"tweet.js": "twitter/x-2019_tweet_SUBSET.js"},
    "grailbird-2013": {
        "data/js/tweets/2013_01.js": "twitter/grailbird-2013_data_js_tweets_2013_01.js"
    },
    "grailbird-2015": {"tweets.csv": "twitter/grailbird-2015_tweets.csv"},
    "fb-hunterhillis": {
        "posts/your_posts_1.json": "facebook/fb-json-2022_your_posts_1__HunterHillis.json"
    },
    "fb-piter-a": {
        "posts/your_posts_1.json": "facebook/fb-json-2022_your_posts_1__piter-a_pl.json"
    },
    "ig-2024": {
        "your_instagram_activity/content/posts_1.json": (
            "instagram/ig-2024_your_instagram_activity_content_posts_1.json"
        )
    },
    "linkedin-2025": {
        "Shares.csv": "linkedin/linkedin-2025_Shares.csv",
        "Comments.csv": "linkedin/linkedin-2025_Comments.csv",
    },
    "mastodon-2024": {
        "outbox.json": "mastodon/mastodon-2024_outbox_EXCERPT.json",
        "actor.json": "mastodon/mastodon-2024_actor.json",
    },
    "bsky-2026": {"repo.car": "bluesky/bsky-2026_repo.car"},
}


def shared_dir() -> Path:
    """``../shared`` beside the checkout (or ``$AUDIT_SHARED``)."""
    return Path(os.environ.get("AUDIT_SHARED", REPO.parent / "shared"))


def require(relative: str) -> Path:
    """A file under ``../shared``, or an AuditError that says where it was looked for."""
    path = shared_dir() / relative
    if not path.exists():
        raise AuditError(
            describe(
                f"the shared corpus file {relative}",
                f"nothing at {path}",
                "put a copy of shared/ beside the checkout, or set AUDIT_SHARED to it",
            )
        )
    return path


def available() -> bool:
    """Whether ``../shared/train`` and ``../shared/samples`` are there."""
    return (shared_dir() / "train").is_dir() and (shared_dir() / "samples").is_dir()


@dataclass(frozen=True)
class Post:
    """One real post with the context fields the rubric shows annotators."""

    id: str
    source: str
    text: str
    platform: str = "twitter"
    kind: str = "post"
    created_at: str = ""
    has_media: bool = False
    place: str = ""
    extra: tuple[tuple[str, str], ...] = ()


def _quiet_load(path: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", audit.AuditWarning)
        return audit.load_archive(path)


def _posts_from_table(table: pd.DataFrame, prefix: str, source: str) -> Iterator[Post]:
    for row in table.itertuples(index=False):
        place = row.place if isinstance(row.place, str) else ""
        yield Post(
            id=f"{prefix}:{row.post_id}",
            source=source,
            text=row.text,
            platform=row.platform,
            kind=row.kind,
            created_at=row.created_at.isoformat(),
            has_media=bool(row.media_count),
            place=place,
        )


def archive_table(name: str) -> pd.DataFrame:
    """The posts table of one training archive (``x-smithjd`` or ``x-alliepinnell``)."""
    return _quiet_load(require(f"train/{ARCHIVES[name]}"))


def archive_posts(name: str) -> Iterator[Post]:
    """Every post of one of the two real X archives in ``../shared/train/archives``."""
    yield from _posts_from_table(archive_table(name), name, name)


def tweeteval_posts(task: str, split: str) -> Iterator[Post]:
    """TweetEval posts of one task and split, with their public label in ``extra``."""
    folder = require(f"train/tweeteval/{task}")
    texts = (folder / f"{split}_text.txt").read_text(encoding="utf-8").split("\n")
    labels = (folder / f"{split}_labels.txt").read_text(encoding="utf-8").split("\n")
    source = f"tweeteval/{task}/{split}"
    for i, (text, label) in enumerate(zip(texts, labels, strict=False)):
        if text.strip() == "" and label.strip() == "":
            continue
        yield Post(id=f"{source}:{i}", source=source, text=text.strip(),
                   extra=(("label", label.strip()),))


def goemotions_names() -> list[str]:
    """GoEmotions' 28 label names, in id order."""
    return require("train/goemotions/labels.txt").read_text(encoding="utf-8").split()


def goemotions_posts(split: str) -> Iterator[Post]:
    """GoEmotions Reddit comments of one split, with their emotion names in ``extra``."""
    names = goemotions_names()
    source = f"goemotions/{split}"
    with require(f"train/goemotions/{split}.tsv").open(encoding="utf-8", newline="") as fh:
        for text, label_ids, comment_id in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            emotions = ",".join(names[int(i)] for i in label_ids.split(","))
            yield Post(id=f"{source}:{comment_id}", source=source, text=text,
                       platform="reddit", kind="comment", extra=(("emotions", emotions),))


def train_posts() -> Iterator[Post]:
    """Every post of ``../shared/train`` (about 93,000)."""
    for name in ARCHIVES:
        yield from archive_posts(name)
    for task, splits in TWEETEVAL_TASKS.items():
        for split in splits:
            yield from tweeteval_posts(task, split)
    for split in GOEMOTIONS_SPLITS:
        yield from goemotions_posts(split)


def sample_table(name: str) -> pd.DataFrame:
    """One real export of ``../shared/samples`` laid out as downloaded, loaded by ``audit``."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / name
        for member, relative in SAMPLE_LAYOUTS[name].items():
            target = root / member
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(require(f"samples/{relative}").read_bytes())
        return _quiet_load(root)


def sample_posts() -> Iterator[Post]:
    """Every post of the real exports in ``../shared/samples``: a test set, never for tuning."""
    for name in SAMPLE_LAYOUTS:
        yield from _posts_from_table(sample_table(name), f"samples/{name}", f"samples/{name}")


def posts_by_id(ids: set[str] | None = None) -> dict[str, Post]:
    """Every post of ``../shared`` (train and samples) whose id is in ``ids`` (all when None)."""
    found: dict[str, Post] = {}
    sources = [train_posts(), sample_posts()]
    for iterator in sources:
        for post in iterator:
            if ids is None or post.id in ids:
                found[post.id] = post
    return found
