"""The Bluesky importer: the real repo.car as a single file and in a zip, and synthetic records."""

from __future__ import annotations

import json
import re
import shutil
import warnings

import libipld
import pytest

import audit
from audit.errors import ArchiveFormatError, AuditWarning
from audit.importers.bluesky import looks_like_car, permalink, walk_mst
from audit.schema import validate_posts
from tests.helpers import DATA_SAMPLES, lay_out, shared_sample

CAR = "bluesky/bsky-2026_repo.car"
PHP_CAR = "bluesky/bsky-2026_repo.decoded-by-php-car.json"
DID = "did:plc:rbkeag6b36ghkibhr6x235pm"


@pytest.fixture(params=["single file", "zip"])
def real_car(request, tmp_path):
    source = shared_sample(CAR)
    if request.param == "single file":
        path = tmp_path / "repo.car"
        shutil.copy(source, path)
        return path
    return lay_out(tmp_path, {"repo.car": source}, "zip")


def load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error", AuditWarning)
        return audit.load_archive(path, **kw)


def test_real_repo(real_car):
    posts = load(real_car)
    validate_posts(posts)
    assert posts.attrs["platform"] == "bluesky" and posts.attrs["username"] == DID
    assert posts["kind"].value_counts().to_dict() == {"post": 9, "reply": 4, "repost": 1}
    assert str(posts["created_at"].dtype) == "datetime64[us, UTC]"
    own = posts[posts["kind"] != "repost"]
    assert own["url"].str.fullmatch(rf"https://bsky\.app/profile/{DID}/post/\w{{13}}").all()
    assert own["post_id"].str.startswith(f"at://{DID}/app.bsky.feed.post/").all()
    # texts are php-car's texts, except shortened links written out by byte offsets
    php = json.loads(shared_sample(PHP_CAR).read_text(encoding="utf-8"))["blocks"].values()
    php_texts = {
        b["text"] for b in php if isinstance(b, dict) and b.get("$type") == "app.bsky.feed.post"
    }
    assert len(php_texts) == 13
    # word for word, but for the links: php-car shows a link shortened as the app displays it
    # ("github.com/aazsamir/lib..."), we write it out from the facet's byte offsets
    link = re.compile(r"\S*[\w-]+\.[a-z]{2,}/\S*")
    assert {link.sub("<link>", t) for t in own["text"]} == {
        link.sub("<link>", t) for t in php_texts
    }
    assert len(set(own["text"]) & php_texts) == 7  # the seven posts without a link: identical
    tagged = own[own["text"].str.startswith("Just tagged v0.8.0")].iloc[0]
    assert "\nhttps://github.com/aazsamir/libphpsky\nNow supports" in tagged["text"]
    assert tagged["hashtags"] == ["libphpsky", "php", "atproto"]
    assert tagged["links"] == ["https://github.com/aazsamir/libphpsky"]
    assert own["media_count"].sum() == 1
    reply = own[own["text"].str.startswith("PHP. Istniejące")].iloc[0]
    assert reply["kind"] == "reply" and reply["reply_to"] == "did:plc:oio4hkxaop4ao4wz2pp3f4cr"
    # a reply that also embeds a record stays a reply (reply wins over quote)
    poc = own[own["text"].str.startswith("Also, as a proof of concept")].iloc[0]
    assert poc["kind"] == "reply"


def test_real_repo_with_likes(real_car):
    posts = load(real_car, include_likes=True)
    assert posts["kind"].value_counts().to_dict() == {
        "like": 39,
        "post": 9,
        "reply": 4,
        "repost": 1,
    }
    likes = posts[posts["kind"] == "like"]
    assert likes["text"].eq("").all()
    assert likes["url"].str.startswith("https://bsky.app/profile/did:").all()


def test_mst_walk_finds_every_key():
    header, blocks = libipld.decode_car(shared_sample(CAR).read_bytes())
    commit = blocks[header["roots"][0]]
    keys = [k for k, _ in walk_mst(blocks, commit["data"])]
    assert len(keys) == 83 and keys == sorted(keys)
    assert sum(k.startswith("app.bsky.feed.post/") for k in keys) == 13


def test_car_detection_by_content(tmp_path):
    assert looks_like_car(shared_sample(CAR).read_bytes()[:256])
    fake = tmp_path / "notes.car"
    fake.write_text("not a CAR file at all, just text that is long enough " * 5)
    assert not looks_like_car(fake.read_bytes())
    with pytest.raises(ArchiveFormatError, match=r"notes\.car is not a readable Bluesky \.car"):
        audit.load_archive(fake)  # named like a CAR, not one: damaged (issue 16)


def test_damaged_car_names_the_file(tmp_path):
    data = (DATA_SAMPLES / "bluesky.car").read_bytes()
    broken = tmp_path / "repo.car"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ArchiveFormatError, match=r"repo\.car is not a readable Bluesky \.car"):
        audit.load_archive(broken)


def test_permalinks():
    assert permalink(f"at://{DID}/app.bsky.feed.post/3abc") == (
        f"https://bsky.app/profile/{DID}/post/3abc"
    )
    assert permalink("at://did:plc:x/app.bsky.graph.follow/3abc") is None
    assert permalink("nonsense") is None
