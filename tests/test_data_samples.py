"""The bundled synthetic archives: reproducible from their script, and imported exactly."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
import zipfile

import pandas as pd
import pytest

import audit
from audit.errors import AuditWarning
from tests.helpers import DATA_SAMPLES, REPO

EXPECTED = json.loads((DATA_SAMPLES / "EXPECTED.json").read_text(encoding="utf-8"))
ARCHIVES = ["twitter", "facebook"]


def _members(path):
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def test_script_reproduces_the_committed_archives(tmp_path):
    subprocess.run(
        [sys.executable, str(DATA_SAMPLES / "make_samples.py"), str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    for name in ARCHIVES:
        # Member names and contents must match; the zip bytes could differ with another zlib.
        assert _members(tmp_path / f"{name}.zip") == _members(DATA_SAMPLES / f"{name}.zip")


@pytest.fixture(scope="module", params=ARCHIVES)
def sample(request):
    facts = EXPECTED[request.param]
    with warnings.catch_warnings():
        warnings.simplefilter("error", AuditWarning)  # the samples are clean: no warning at all
        posts = audit.load_archive(DATA_SAMPLES / facts["archive"])
    return facts, posts


def test_rows_and_kinds(sample):
    facts, posts = sample
    assert len(posts) == facts["rows"]
    assert posts["kind"].value_counts().to_dict() == facts["by_kind"]
    assert posts["platform"].eq(facts["platform"]).all()


def test_text_is_clean(sample):
    _, posts = sample
    assert not posts["text"].str.contains(r"&amp;|&gt;|&lt;|https://t\.co/", regex=True).any()
    assert not posts["text"].str.contains("Ã|Å|ð\x9f", regex=True).any()
    assert posts["text"].str.contains("[^\x00-\x7f]", regex=True).any()  # real non-ASCII text


def test_notable_items_have_their_kind(sample):
    facts, posts = sample
    if facts["platform"] == "twitter":
        by_id = posts.set_index("post_id")["kind"]
        for item in facts["notable"]:
            assert by_id[item["id"]] == item["kind"], item["key"]
    else:
        seconds = posts["created_at"].astype("int64") // 1_000_000
        for item in facts["notable"]:
            kinds = set(posts.loc[seconds == item["timestamp"], "kind"])
            assert kinds == {item["kind"]}, item["key"]


def test_twitter_sample_facts():
    facts = EXPECTED["twitter"]
    posts = audit.load_archive(DATA_SAMPLES / "twitter.zip")
    assert posts.attrs["username"] == facts["user_name"]
    assert posts.attrs["timezone"] == facts["time_zone"]
    long = posts.set_index("post_id").loc[facts["long_post"]["id"], "text"]
    assert len(long) == facts["long_post"]["note_text_chars"]
    assert posts["created_at"].min() == pd.Timestamp(facts["first_created_at"])
    assert posts["created_at"].max() == pd.Timestamp(facts["last_created_at"])
    assert posts["media_count"].sum() == facts["media_count_total"]
    per_file = posts["source_file"].value_counts().to_dict()
    assert per_file == facts["rows_per_file"]


def test_facebook_sample_facts():
    facts = EXPECTED["facebook"]
    posts = audit.load_archive(DATA_SAMPLES / "facebook.zip")
    assert posts.attrs["duplicates"] == facts["posts_in_file"] - facts["posts"] == 1
    in_groups = posts["source_file"].str.contains("/groups/")
    assert int((in_groups & (posts["kind"] == "post")).sum()) == facts["group_posts"]
    assert int((in_groups & (posts["kind"] == "comment")).sum()) == facts["comments_in_groups"]
    assert posts["place"].notna().any() and posts["lat"].notna().any()


def test_both_samples_in_one_timeline():
    both = audit.load_archives([DATA_SAMPLES / f"{n}.zip" for n in ARCHIVES])
    assert len(both) == EXPECTED["twitter"]["rows"] + EXPECTED["facebook"]["rows"]
    assert both["created_at"].is_monotonic_increasing
    assert both.attrs["platforms"] == ["facebook", "twitter"]
    assert both.attrs["timezone"] == "Europe/Berlin"
