"""X likes (``data/like.js``): read only with ``include_likes=True`` (FORMATS 1.2)."""

from __future__ import annotations

import pytest

import audit
from audit.errors import AuditWarning
from audit.importers.twitter import snowflake_time
from audit.schema import validate_posts
from tests.helpers import tweet, ytd

LIKES = [
    {
        "tweetId": "1523952363155600359",
        "fullText": "Ship it &amp; sleep &gt; coffee",
        "expandedUrl": "https://twitter.com/i/web/status/1523952363155600359",
    },
    {"tweetId": "1469371393320784797"},  # no longer visible: no text, no url
]


def archive(make_archive, likes):
    return make_archive(
        {
            "data/tweets.js": ytd("tweets", [tweet("1000000000000000001", "hello")]),
            "data/like.js": ytd("like", likes, wrap="like"),
        }
    )


def test_likes_are_off_by_default(make_archive):
    posts = audit.load_archive(archive(make_archive, LIKES))
    assert posts["kind"].tolist() == ["post"]


def test_likes_with_include_likes(make_archive):
    posts = audit.load_archive(archive(make_archive, LIKES), include_likes=True)
    validate_posts(posts)
    likes = posts[posts["kind"] == "like"].set_index("post_id")
    assert sorted(likes.index) == ["like-1469371393320784797", "like-1523952363155600359"]
    first = likes.loc["like-1523952363155600359"]
    assert first["text"] == "Ship it & sleep > coffee"
    assert first["url"] == "https://twitter.com/i/web/status/1523952363155600359"
    assert first["created_at"] == snowflake_time("1523952363155600359")
    assert first["created_at"].isoformat().startswith("2022-05-10")
    second = likes.loc["like-1469371393320784797"]
    assert second["text"] == "" and second["url"] == "https://x.com/i/status/1469371393320784797"


def test_like_without_a_usable_time_is_skipped_and_counted(make_archive):
    likes = [*LIKES, {"tweetId": "20"}, {"tweetId": "abc"}]
    with pytest.warns(AuditWarning, match=r"like\.js: skipped 2 malformed records"):
        posts = audit.load_archive(archive(make_archive, likes), include_likes=True)
    assert (posts["kind"] == "like").sum() == 2


def test_snowflake_time():
    assert snowflake_time("29700859247").isoformat().startswith("2010-11-04")
    with pytest.raises(ValueError, match="older than 2010-11"):
        snowflake_time("12345")
