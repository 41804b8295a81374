"""The labelled corpus as posts tables: labels (``training/labels``) joined with the real posts.

Archive posts (the two X archives of ``../shared/train`` and the real exports of
``../shared/samples``) come with their archive's columns (mentions, reply_to, links, lang, ...),
so that they are scored as in a real audit; TweetEval and GoEmotions posts have only their text.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pandas as pd

from . import sources

LABELS = sources.REPO / "training" / "labels"
FLAGS = ("negative", "targets_person", "overshare", "value_add")
CATEGORIES = ("overshare_category", "value_category")


def read_labels(which: str = "corpus") -> pd.DataFrame:
    """``training/labels/<which>.csv`` (``corpus`` or ``samples``) as strings."""
    return pd.read_csv(LABELS / f"{which}.csv", dtype="str", keep_default_na=False)


@cache
def _archive(name: str) -> pd.DataFrame:
    if name in sources.ARCHIVES:
        return sources.archive_table(name)
    return sources.sample_table(name.removeprefix("samples/"))


def posts_table(ids: Iterable[str]) -> pd.DataFrame:
    """Posts for the given corpus ids, in order, with ``post_id`` set to the corpus id.

    Raises
    ------
    AuditError
        When ``../shared`` is absent (see :func:`sources.require`).
    """
    ids = list(ids)
    frames: dict[str, pd.DataFrame] = {}
    public: dict[str, sources.Post] = {}
    by_prefix: dict[str, list[str]] = {}
    for post_id in ids:
        prefix = post_id.partition(":")[0]  # ids may hold ":" after it (at://did:plc:...)
        by_prefix.setdefault(prefix, []).append(post_id)
    for prefix, members in by_prefix.items():
        if prefix in sources.ARCHIVES or prefix.startswith("samples/"):
            table = _archive(prefix)
            keyed = table.assign(post_id=prefix + ":" + table["post_id"]).set_index("post_id")
            frames[prefix] = keyed.loc[members]
    rest = {i for p, m in by_prefix.items() if p not in frames for i in m}
    if rest:
        public = sources.posts_by_id(rest) if rest else {}
    rows = []
    for post_id in ids:
        prefix = post_id.partition(":")[0]
        if prefix in frames:
            rows.append(frames[prefix].loc[post_id].to_dict() | {"post_id": post_id})
        else:
            p = public[post_id]
            rows.append({"post_id": post_id, "text": p.text, "platform": p.platform,
                         "kind": p.kind})
    table = pd.DataFrame(rows)
    for column in ("mentions", "hashtags", "links"):
        if column in table:
            table[column] = table[column].map(lambda v: v if isinstance(v, list) else [])
    return table


def labelled(which: str = "corpus", splits: Iterable[str] | None = None) -> pd.DataFrame:
    """Labels and posts side by side: one row per labelled post of the given splits.

    Parameters
    ----------
    which : str
        ``corpus`` (``../shared/train``) or ``samples`` (the real exports: test only).
    splits : iterable of str, optional
        ``train``, ``dev``, ``test``; all when None.

    Returns
    -------
    DataFrame
        The posts columns, then the label columns prefixed ``label_`` (ints for the flags).
    """
    labels = read_labels(which)
    if splits is not None:
        labels = labels[labels["split"].isin(list(splits))]
    posts = posts_table(labels["id"])
    out = posts.reset_index(drop=True)
    for column in (*FLAGS, *CATEGORIES, "language", "split", "source", "drawn"):
        values = labels[column].reset_index(drop=True)
        out[f"label_{column}"] = values.astype(int) if column in FLAGS else values
    return out


#: the written sets of the repository (rubric-labelled posts written for the purpose): training
#: data for the models beside the real posts; ``tests/data/holdout_posts.csv`` stays out
WRITTEN = ("tests/data/labelled_posts.csv", "tests/data/tuning_posts.csv")


def written(paths: Iterable[str] = WRITTEN) -> pd.DataFrame:
    """The written labelled sets as posts with ``label_`` columns, like :func:`labelled`."""
    frames = []
    for relative in paths:
        raw = pd.read_csv(sources.REPO / relative, dtype="str", keep_default_na=False)
        posts = pd.DataFrame(
            {
                "post_id": "written:" + raw["id"],
                "text": raw["text"],
                "platform": raw["platform"],
                "kind": raw["kind"].replace("", "post"),
                "created_at": pd.to_datetime(raw["created_at"], utc=True, errors="coerce"),
                "media_count": raw["has_media"].str.lower().eq("true").astype("int64"),
                "place": raw["place"].replace("", None),
            }
        )
        for column in FLAGS:
            posts[f"label_{column}"] = raw[column].astype(int)
        for column in CATEGORIES:
            posts[f"label_{column}"] = raw[column]
        posts["label_language"] = ""
        posts["label_split"] = "written"
        posts["label_source"] = relative
        posts["label_drawn"] = "written for the purpose"
        frames.append(posts)
    return pd.concat(frames, ignore_index=True)
