"""The public loading API and the contract every importer meets."""

from __future__ import annotations

import pandas as pd
import pytest

import audit
from audit.errors import AuditError, AuditWarning, UnknownArchiveError
from audit.importers import get_importer, importers
from audit.schema import POSTS_COLUMNS, validate_posts
from tests.helpers import DATA_SAMPLES, lay_out, tweet, ytd

# Every registered importer has a synthetic sample archive named after it in data_samples/.
SAMPLE_OF = {
    p.name.split(".")[0]: p for p in DATA_SAMPLES.iterdir() if p.suffix in {".zip", ".gz", ".car"}
}


@pytest.mark.parametrize("importer", importers(), ids=lambda i: i.name)
def test_contract_every_importer(importer):
    """Every registered importer has a sample and returns exactly the posts schema."""
    assert importer.name in SAMPLE_OF, f"no data_samples/{importer.name}.* archive"
    path = SAMPLE_OF[importer.name]
    posts = audit.load_archive(path, platform=importer.name)
    assert list(posts.columns) == list(POSTS_COLUMNS)
    assert {c: str(t) for c, t in posts.dtypes.items()} == POSTS_COLUMNS
    validate_posts(posts)
    # An Instagram export also holds Threads posts: an importer may name several platforms.
    assert posts["platform"].isin(getattr(importer, "platforms", (importer.name,))).all()
    assert posts["platform"].eq(importer.name).any()
    assert posts["text"].notna().all() and posts["created_at"].notna().all()
    assert posts["created_at"].is_monotonic_increasing
    for col in ("mentions", "hashtags", "links"):
        assert posts[col].map(lambda v: isinstance(v, list)).all()
    assert posts["source_file"].str.len().gt(0).all()
    assert importer.signature


def test_detection_picks_the_platform():
    assert audit.load_archive(SAMPLE_OF["twitter"]).attrs["platform"] == "twitter"
    assert audit.load_archive(SAMPLE_OF["facebook"]).attrs["platform"] == "facebook"


def test_unknown_archive_lists_what_is_supported(tmp_path):
    path = lay_out(tmp_path, {"notes/todo.txt": "buy milk", "photo.jpg": b"\xff\xd8"}, "zip")
    with pytest.raises(UnknownArchiveError) as err:
        audit.load_archive(path)
    msg = str(err.value)
    assert "got 2 files that match none: notes/todo.txt, photo.jpg" in msg
    assert "X/Twitter: data/manifest.js" in msg and "Facebook: your_facebook_activity/" in msg


def test_two_platforms_in_one_folder_is_ambiguous(tmp_path):
    files = {
        "data/tweets.js": ytd("tweets", [tweet("1", "x")]),
        "posts/your_posts_1.json": "[]",
    }
    path = lay_out(tmp_path, files, "folder")
    with pytest.raises(UnknownArchiveError, match=r"files of several: \['twitter', 'facebook'\]"):
        audit.load_archive(path)
    assert len(audit.load_archive(path, platform="twitter")) == 1


def test_unknown_platform_name():
    names = r"\['bluesky', 'facebook', 'instagram', 'linkedin', 'mastodon', 'reddit', 'twitter'\]"
    with pytest.raises(AuditError, match=rf"expected a platform in {names}"):
        get_importer("myspace")


def test_load_archives_deduplicates_overlapping_exports(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old = lay_out(
        tmp_path / "old", {"tweet.js": ytd("tweet", [tweet("1", "a"), tweet("2", "b")])}, "zip"
    )
    new = lay_out(
        tmp_path / "new",
        {"data/tweets.js": ytd("tweets", [tweet("2", "b"), tweet("3", "c", "2025-01-01")])},
        "folder",
    )
    posts = audit.load_archives([new, old])
    assert posts["post_id"].tolist() == ["1", "2", "3"]
    assert posts.attrs["sources"] == [str(new), str(old)]


def test_load_archives_skips_a_media_only_part_with_a_warning(tmp_path):
    (tmp_path / "p1").mkdir()
    (tmp_path / "p2").mkdir()
    media = lay_out(tmp_path / "p2", {"media/photo.jpg": b"\xff\xd8"}, "zip")
    with pytest.warns(
        AuditWarning, match=r"no posts files of any supported platform in it; skipped"
    ):
        posts = audit.load_archives([SAMPLE_OF["facebook"], media])
    assert len(posts) == len(audit.load_archive(SAMPLE_OF["facebook"]))
    with pytest.raises(UnknownArchiveError):
        audit.load_archives([media])


def test_load_archives_needs_at_least_one():
    with pytest.raises(AuditError, match="at least one archive"):
        audit.load_archives([])


def test_schema_validation_catches_broken_tables():
    good = audit.load_archive(SAMPLE_OF["twitter"])
    with pytest.raises(AuditError, match=r"missing \['source_file'\]"):
        validate_posts(good.drop(columns="source_file"))
    bad_kind = good.copy()
    bad_kind.loc[0, "kind"] = "retweet"
    with pytest.raises(AuditError, match=r"got \['retweet'\]"):
        validate_posts(bad_kind)
    dup = pd.concat([good, good.iloc[:1]], ignore_index=True)
    with pytest.raises(AuditError, match="post_id unique"):
        validate_posts(dup)
    naive = good.assign(created_at=good["created_at"].dt.tz_localize(None))
    with pytest.raises(AuditError, match=r"column 'created_at' of dtype datetime64\[us, UTC\]"):
        validate_posts(naive)
    no_list = good.astype({"mentions": object})
    no_list.loc[0, "mentions"] = "@a"
    with pytest.raises(AuditError, match="lists in 'mentions'"):
        validate_posts(no_list)
