"""The synthetic archives of issue 7: reproducible from their script, and imported exactly."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import warnings
import zipfile

import pytest

import audit
from audit.errors import AuditWarning
from audit.schema import validate_posts
from tests.helpers import DATA_SAMPLES, REPO

EXPECTED = json.loads((DATA_SAMPLES / "EXPECTED_MORE.json").read_text(encoding="utf-8"))
PLATFORMS = ["instagram", "linkedin", "mastodon", "bluesky", "reddit"]


def _members(path):
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            return {i.filename: zf.read(i) for i in zf.infolist()}
    if path.name.endswith(".tar.gz"):
        with tarfile.open(path) as tar:
            return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    return {path.name: path.read_bytes()}


def test_script_reproduces_the_committed_archives(tmp_path):
    subprocess.run(
        [sys.executable, str(DATA_SAMPLES / "make_more_samples.py"), str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    for name in PLATFORMS:
        archive = EXPECTED[name]["archive"]
        assert _members(tmp_path / archive) == _members(DATA_SAMPLES / archive), archive
    written = json.loads((tmp_path / "EXPECTED_MORE.json").read_text(encoding="utf-8"))
    assert written == EXPECTED


@pytest.fixture(scope="module", params=PLATFORMS)
def sample(request):
    facts = EXPECTED[request.param]
    with warnings.catch_warnings():
        warnings.simplefilter("error", AuditWarning)  # the samples are clean: no warning at all
        posts = audit.load_archive(DATA_SAMPLES / facts["archive"])
    return facts, posts


def test_detected_with_rows_by_platform_and_kind(sample):
    facts, posts = sample
    validate_posts(posts)
    assert posts.attrs["platform"] == facts["importer"]
    assert len(posts) == facts["rows"]
    got = {
        platform: dict(sorted(group["kind"].value_counts().items()))
        for platform, group in posts.groupby("platform")
    }
    assert got == facts["by_platform_kind"]


def test_notable_items_have_their_kind_and_clean_text(sample):
    facts, posts = sample
    for item in facts["notable"]:
        if item["kind"] == "like":
            continue
        rows = posts[(posts["platform"] == item["platform"]) & (posts["text"] == item["text"])]
        assert rows["kind"].tolist() == [item["kind"]], item["key"]
    text = posts["text"]
    assert not text.str.contains(r"<[a-z/][^>]*>|&amp;|&gt;|&lt;", regex=True).any()
    assert not text.str.contains("Ã|Å|ð\x9f", regex=True).any()
    assert not text.str.contains('\n""\n|\\\\"', regex=True).any()
    assert str(posts["created_at"].dtype) == "datetime64[us, UTC]"


def test_likes_only_when_asked(sample):
    facts, _ = sample
    with_likes = audit.load_archive(DATA_SAMPLES / facts["archive"], include_likes=True)
    assert len(with_likes) == facts["rows"] + facts["likes"]
    assert (with_likes["kind"] == "like").sum() == facts["likes"]


def test_all_new_samples_in_one_timeline():
    paths = [DATA_SAMPLES / EXPECTED[p]["archive"] for p in PLATFORMS]
    both = audit.load_archives(paths)
    assert len(both) == sum(EXPECTED[p]["rows"] for p in PLATFORMS)
    assert both.attrs["platforms"] == sorted(PLATFORMS)
    assert set(both["platform"]) == {*PLATFORMS, "threads"}
