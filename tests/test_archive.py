"""Reading archives: zip and folder alike, junk ignored, damaged input named, input untouched."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

import audit
from audit.archive import open_archive
from audit.errors import ArchiveFormatError, AuditError, UnknownArchiveError
from tests.helpers import DATA_SAMPLES, lay_out, tweet, ytd
from tests.message_shape import assert_one_fix


def test_junk_and_escaping_names_are_invisible(tmp_path):
    files = {
        "data/tweets.js": ytd("tweets", [tweet("1", "x")]),
        "__MACOSX/data/._tweets.js": b"\x00\x05\x16\x07junk",
        "data/._tweets.js": b"\x00\x05\x16\x07junk",
        "data/.DS_Store": b"\x00",
    }
    path = lay_out(tmp_path, files, "zip")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("../evil.js", "x")
        zf.writestr("/abs.js", "x")
    with open_archive(path) as archive:
        assert archive.names == ["data/tweets.js"]


def test_folder_wrapped_in_an_extra_directory(make_archive):
    path = make_archive({"twitter-2024-05-01/data/tweets.js": ytd("tweets", [tweet("1", "x")])})
    assert audit.load_archive(path)["post_id"].tolist() == ["1"]


def test_find_matches_whole_path_segments(tmp_path):
    path = lay_out(
        tmp_path, {"data/tweets.js": "", "data/old-tweets.js": "", "x/data/tweets.js": ""}, "folder"
    )
    with open_archive(path) as archive:
        assert archive.find(r"data/tweets\.js") == ["data/tweets.js", "x/data/tweets.js"]
        assert archive.find_one(r"tweets\.js") == "data/tweets.js"


def test_missing_path(tmp_path):
    with pytest.raises(AuditError, match=r"nothing at that path.*Fix: check the path"):
        audit.load_archive(tmp_path / "nope.zip")


def test_random_bytes_is_not_an_archive(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    with pytest.raises(UnknownArchiveError) as err:
        audit.load_archive(path)
    assert_one_fix(
        str(err.value),
        starts=f"{path} is a single file that no importer reads",
        fix="name its platform with platform=...",
    )


def test_truncated_zip(tmp_path):
    whole = (DATA_SAMPLES / "twitter.zip").read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ArchiveFormatError) as err:
        audit.load_archive(path)
    assert_one_fix(
        str(err.value),
        starts=f"{path} is not a readable zip file (damaged or not a zip): it is cut short",
        fix="download the archive again",
    )


def test_corrupt_member_names_the_member(tmp_path):
    path = lay_out(tmp_path, {"data/tweets.js": ytd("tweets", [tweet("1", "x " * 500)])}, "zip")
    data = bytearray(path.read_bytes())
    start = data.index(b"PK\x03\x04") + 30 + len("data/tweets.js")
    for i in range(start + 5, start + 40):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveFormatError) as err:
        audit.load_archive(path)
    assert_one_fix(
        str(err.value),
        starts=f"{path}!data/tweets.js is not readable (the zip is damaged here): ",
        fix="download the archive again",
    )


def test_non_utf8_member(make_archive):
    path = make_archive({"data/tweets.js": b"window.YTD.tweets.part0 = [ ]" + b"\xff\xfe"})
    with pytest.raises(ArchiveFormatError, match=r"tweets\.js: expected a UTF-8 text file"):
        audit.load_archive(path)


def test_empty_archive_and_empty_folder(tmp_path):
    empty_zip = lay_out(tmp_path, {}, "zip")
    with pytest.raises(UnknownArchiveError) as err:
        audit.load_archive(empty_zip)
    assert_one_fix(str(err.value), starts=f"{empty_zip} is empty: it holds no files at all")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UnknownArchiveError, match=r"empty: it holds no files at all\. Fix:"):
        audit.load_archive(tmp_path / "empty")


def test_empty_tweets_file_is_an_error_or_with_allow_empty_a_warning(make_archive):
    # never a silent empty result (issue 14): a clean-looking report out of nothing
    path = make_archive({"data/tweets.js": ""})
    with pytest.raises(audit.AuditError, match=r"posts in a twitter archive.*data/tweets\.js"):
        audit.load_archive(path)
    with pytest.warns(audit.AuditWarning, match="hold no posts"):
        posts = audit.load_archive(path, allow_empty=True)
    assert posts.empty and list(posts.columns) == list(audit.POSTS_COLUMNS)


def _tree_digest(path):
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*")) if path.is_dir() else [path]
    for p in files:
        h.update(str(p.relative_to(path.parent)).encode())
        if p.is_file():
            h.update(p.read_bytes())
            h.update(str(p.stat().st_mtime_ns).encode())
    return h.hexdigest(), len(files)


def test_input_is_never_modified(make_archive):
    path = make_archive(
        {
            "data/tweets.js": ytd("tweets", [tweet("1", "x")]),
            "data/note-tweet.js": "window.YTD.note_tweet.part0 = [ ]",
        }
    )
    before = _tree_digest(path)
    audit.load_archive(path)
    audit.load_archives([path, path])
    assert _tree_digest(path) == before


def test_tar_gz_archive_is_read_in_place(tmp_path):
    import io
    import tarfile

    path = tmp_path / "archive-20240101.tar.gz"
    content = ytd("tweets", [tweet("1", "from a tarball")]).encode()
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("data/tweets.js")
        info.size = len(content)
        tar.addfile(info, io.BytesIO(content))
        link = tarfile.TarInfo("data/link.js")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
    with open_archive(path) as archive:
        assert archive.names == ["data/tweets.js"]  # the symlink is no member
    assert audit.load_archive(path)["text"].tolist() == ["from a tarball"]


def test_a_single_exported_file(tmp_path):
    path = tmp_path / "tweets.js"
    path.write_text(ytd("tweets", [tweet("9", "just the file")]), encoding="utf-8")
    assert audit.load_archive(path)["text"].tolist() == ["just the file"]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.zip"
    path.write_bytes(b"")
    with pytest.raises(ArchiveFormatError, match=r"empty\.zip: expected an archive; got an empty"):
        audit.load_archive(path)


def test_zip_bomb_is_refused_fast(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/tweets.js", b"window.YTD.tweets.part0 = [" + b" " * (300 << 20) + b"]")
    assert path.stat().st_size < 2 << 20
    with pytest.raises(ArchiveFormatError, match=r"compression ratio of \d+:1 \(a zip bomb\?\)"):
        audit.load_archive(path)


def test_member_and_total_caps(tmp_path, monkeypatch):
    import audit.archive as archive_module

    path = lay_out(
        tmp_path,
        {"data/tweets.js": ytd("tweets", [tweet(str(i), "x" * 200) for i in range(50)])},
        "folder",
    )
    monkeypatch.setattr(archive_module, "MAX_MEMBER_BYTES", 1000)
    with pytest.raises(ArchiveFormatError, match=r"tweets\.js: expected an archive of the size"):
        audit.load_archive(path)
    monkeypatch.setattr(archive_module, "MAX_MEMBER_BYTES", 1 << 30)
    monkeypatch.setattr(archive_module, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(ArchiveFormatError, match=r"more than 1,000 bytes in all"):
        audit.load_archive(path)


# A file named like an archive whose bytes are not one (issue 16): what it holds, in words.
NOT_AN_ARCHIVE = {
    "plain text": b"Hello, this is not an archive at all.\n" * 20,
    "a web page (an error page saved instead of the download?)": b"<!DOCTYPE html><html>x</html>",
    "JSON text": b'{"error": "expired link"}',
    "only zero bytes": bytes(600),
    "unknown binary data": bytes(range(1, 256)) * 3,
}


@pytest.mark.parametrize("holds", NOT_AN_ARCHIVE)
@pytest.mark.parametrize(
    ("name", "kind"),
    [("x.zip", "zip"), ("x.ZIP", "zip"), ("x.tar.gz", "tar.gz"), ("x.tgz", "tar.gz")],
)
def test_a_file_named_like_an_archive_that_is_not_one_is_damaged(tmp_path, name, kind, holds):
    path = tmp_path / name
    path.write_bytes(NOT_AN_ARCHIVE[holds])
    with pytest.raises(ArchiveFormatError) as err:
        audit.load_archive(path)
    what = "zip file" if kind == "zip" else ".tar.gz file"
    assert_one_fix(
        str(err.value),
        starts=f"{path} is not a readable {what} (damaged or not a {kind}): it holds {holds}, "
        f"not a {kind}. Fix: download the archive again from the platform",
    )


def test_truncated_tar_gz(tmp_path):
    whole = (DATA_SAMPLES / "mastodon.tar.gz").read_bytes()
    path = tmp_path / "archive-2024.tar.gz"
    path.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(ArchiveFormatError) as err:
        audit.load_archive(path)
    assert_one_fix(
        str(err.value),
        starts=f"{path} is not a readable .tar.gz file (damaged or not a tar.gz): ",
        cause="ended before the end-of-stream marker",
        fix="download the archive again",
    )


def test_a_zip_that_ends_early_and_a_file_without_a_zip_name(tmp_path):
    whole = (DATA_SAMPLES / "twitter.zip").read_bytes()
    cut = tmp_path / "twitter-2024.zip"
    cut.write_bytes(whole[:40])  # the first local header only
    with pytest.raises(ArchiveFormatError, match=r"twitter-2024\.zip is not a readable zip file"):
        audit.load_archive(cut)
    # a name that promises nothing: not called damaged, but not read either
    notes = tmp_path / "notes.txt"
    notes.write_text("not a zip")
    with pytest.raises(UnknownArchiveError, match=r"notes\.txt is a single file"):
        audit.load_archive(notes)
