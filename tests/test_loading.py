"""The public loading API and the contract every importer meets."""

from __future__ import annotations

import pandas as pd
import pytest

import audit
from audit.archive import open_archive
from audit.errors import ArchiveFormatError, AuditError, AuditWarning, UnknownArchiveError
from audit.importers import get_importer, importers
from audit.schema import POSTS_COLUMNS, validate_posts
from tests.helpers import DATA_SAMPLES, lay_out, tweet, ytd
from tests.message_shape import assert_one_fix

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


def test_unknown_archive_names_the_likeliest_cause_in_one_short_line(tmp_path):
    path = lay_out(tmp_path, {"notes/todo.txt": "buy milk", "a.pdf": b"%PDF", "c.md": "#"}, "zip")
    with pytest.raises(UnknownArchiveError) as err:
        audit.load_archive(path)
    # was ~960 characters listing every platform's signature; now the cause and one fix
    assert str(err.value) == (
        f"{path} holds no file any importer knows: 3 files: a.pdf, c.md, notes/todo.txt. "
        "Fix: pass the export as downloaded, or name its platform with platform=... "
        "(audit.importers.formats_text() lists each platform's files)"
    )
    assert_one_fix(str(err.value), starts=str(path))
    # the command line says it with its own spelling: --platform and --help-formats
    assert err.value.cli == (
        f"{path} holds no file any importer knows: 3 files: a.pdf, c.md, notes/todo.txt. "
        "Fix: pass the export as downloaded, or name its platform with --platform "
        "(python -m audit --help-formats lists each platform's files)"
    )
    assert "platform=" not in err.value.cli


LIKELIEST = [
    # (files, the cause named, the fix)
    (
        {"Takeout/archive_browser.html": "<html>", "Takeout/YouTube/x.csv": "a"},
        "looks like a Google Takeout archive, which footprint audit does not read",
        "pass an export of one of the platforms it reads",
    ),
    (
        {"user_data_tiktok.json": "{}"},
        "looks like a TikTok export, which footprint audit does not read",
        "pass an export of one of the platforms it reads",
    ),
    (
        {"twitter-2024-05-01.zip": b"PK", "readme.txt": "x"},
        "holds another archive (twitter-2024-05-01.zip) instead of an export's files",
        "extract the inner archive and pass that one",
    ),
    (
        {f"media/photo{i}.jpg": b"\xff\xd8" for i in range(4)},
        "holds only photos, videos or sound (4 files, e.g. media/photo0.jpg, media/photo1.jpg "
        "...), the media part of an export",
        "pass the part of the export with the posts too",
    ),
    ({}, "is empty: it holds no files at all", "pass the export as downloaded"),
]


@pytest.mark.parametrize(("files", "cause", "fix"), LIKELIEST, ids=lambda v: str(v)[:20])
def test_the_likeliest_cause_is_named(tmp_path, files, cause, fix):
    path = lay_out(tmp_path, files, "folder")
    path.mkdir(exist_ok=True)  # (an empty folder)
    with pytest.raises(UnknownArchiveError) as err:
        audit.load_archive(path)
    assert_one_fix(str(err.value), starts=f"{path} {cause}. Fix: {fix} (")
    assert "audit.importers.formats_text()" in str(err.value)
    assert_one_fix(err.value.cli, starts=f"{path} {cause}. Fix: {fix} (")
    assert "python -m audit --help-formats" in err.value.cli


def test_a_car_file_that_is_not_a_car_is_damaged(tmp_path):
    fake = tmp_path / "repo.car"
    fake.write_text("not a CAR file at all, just text " * 5)
    with pytest.raises(ArchiveFormatError) as err:
        audit.load_archive(fake)
    assert_one_fix(
        str(err.value),
        starts=f"{fake} is not a readable Bluesky .car file (damaged or not a CAR): it holds "
        "plain text. Fix: export your data again (Bluesky: Settings, Export my data)",
    )
    cut = tmp_path / "cut.car"
    cut.write_bytes((DATA_SAMPLES / "bluesky.car").read_bytes()[:300])  # a CAR header, cut short
    with pytest.raises(ArchiveFormatError) as err:
        audit.load_archive(cut)
    assert_one_fix(
        str(err.value),
        starts=f"{cut} is not a readable Bluesky .car file (damaged or not a CAR): it cannot be "
        "decoded (",
        fix="export your data again",
    )


def test_error_messages_survive_pickling_with_their_command_line_form():
    import pickle

    exc = UnknownArchiveError("x. Fix: platform=...", cli="x. Fix: --platform")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is UnknownArchiveError
    assert (str(back), back.cli) == ("x. Fix: platform=...", "x. Fix: --platform")


def test_formats_are_generated_from_the_registry_and_true_to_detection(tmp_path, monkeypatch):
    """Every layout --help-formats shows is one detection picks (its example files, laid out,
    are detected as that platform and no other), and a registered importer appears in it."""
    from audit.importers import _REGISTRY, Layout, formats_text
    from audit.loading import _detect

    text = formats_text()
    car = (DATA_SAMPLES / "bluesky.car").read_bytes()
    for imp in importers():
        assert f"\n{imp.name}: {imp.label} ({imp.export})\n" in text
        assert imp.layouts, imp.name
        for i, layout in enumerate(imp.layouts):
            assert f"  - {layout.text}\n" in text + "\n"
            files = {f: car if f.endswith(".car") else "" for f in layout.files}
            folder = lay_out(tmp_path / f"{imp.name}{i}", files, "folder")
            with open_archive(folder) as archive:
                assert _detect(archive).name == imp.name, layout
    new = type(
        "MySpace",
        (),
        {
            "name": "myspace",
            "label": "MySpace",
            "export": "nowhere",
            "signature": "MySpace: blog.xml",
            "layouts": (Layout("blog.xml from 2006", ("blog.xml",)),),
        },
    )()
    monkeypatch.setitem(_REGISTRY, "myspace", new)
    assert formats_text().endswith("\n\nmyspace: MySpace (nowhere)\n  - blog.xml from 2006")


def test_two_platforms_in_one_folder_is_ambiguous(tmp_path):
    files = {
        "data/tweets.js": ytd("tweets", [tweet("1", "x")]),
        "posts/your_posts_1.json": "[]",
    }
    path = lay_out(tmp_path, files, "folder")
    with pytest.raises(UnknownArchiveError) as err:
        audit.load_archive(path)
    cause = f"{path} holds the files of several platforms (twitter, facebook). Fix: "
    assert_one_fix(str(err.value), starts=cause, fix="or name one with platform=...")
    assert_one_fix(err.value.cli, starts=cause, fix="or name one with --platform")
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


def test_one_renamed_file_is_one_file(tmp_path):
    single = tmp_path / "tweets-renamed.js"
    single.write_text("window.YTD.tweets.part0 = []", encoding="utf-8")
    with pytest.raises(audit.errors.AuditError) as err:
        audit.load_archives([single], platform="twitter")
    assert "got 1 file, not with those names: tweets-renamed.js" in str(err.value)
