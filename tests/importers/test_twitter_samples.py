"""The X importer on the real export files in ../shared/samples, laid out as X ships them."""

from __future__ import annotations

import pytest

import audit
from audit.errors import AuditWarning
from tests.helpers import shared_sample

ESCAPES = r"&amp;|&lt;|&gt;|&quot;"


def _no_escapes_or_tco(posts):
    assert not posts["text"].str.contains(ESCAPES).any()
    assert str(posts["created_at"].dtype) == "datetime64[us, UTC]"


def test_2026_excerpt_counts_kinds_and_links(make_archive):
    path = make_archive(
        {
            "Your archive.html": "<html></html>",
            "data/tweets.js": shared_sample("twitter/x-2026_tweets_EXCERPT.js"),
            "data/manifest.js": shared_sample("twitter/x-2026_manifest.js"),
        }
    )
    # The manifest describes the full archive (2045 tweets, 3 community posts): warn, never fail.
    with pytest.warns(AuditWarning) as record:
        posts = audit.load_archive(path)
    messages = [str(w.message) for w in record]
    assert any("manifest says 2045 records, the file holds 72" in m for m in messages)
    assert any("lists data/community-tweet.js with 3 records" in m for m in messages)
    assert len(posts) == 72
    kinds = posts["kind"].value_counts().to_dict()
    assert kinds == {"reply": 57, "repost": 13, "post": 2}
    _no_escapes_or_tco(posts)
    # Username from the manifest (no account.js in this layout).
    assert posts["url"].str.startswith("https://x.com/milahu104/status/").all()
    assert posts.attrs["username"] == "milahu104"
    # Replies that also link a status stay replies (reply wins over quote): 8 of them.
    status_link = posts["links"].map(lambda ls: any("/status/" in u for u in ls))
    assert int((status_link & (posts["kind"] == "reply")).sum()) == 8
    # t.co links are expanded, except in reposts truncated with "…" mid-link.
    tco = posts["text"].str.contains("https://t.co/")
    assert set(posts.loc[tco, "kind"]) <= {"repost"}
    assert posts.loc[~tco, "text"].str.len().gt(0).all()
    assert posts["media_count"].sum() == 11
    assert posts["post_id"].is_unique


def test_2026_text_entities_are_unescaped_after_expansion(make_archive):
    path = make_archive({"data/tweets.js": shared_sample("twitter/x-2026_tweets_EXCERPT.js")})
    posts = audit.load_archive(path)
    # 26 tweets of the excerpt hold &gt; or &amp; in the file; none survives the import.
    has_amp = posts["text"].str.contains("&|>|<", regex=True)
    assert has_amp.sum() == 26
    _no_escapes_or_tco(posts)
    # Every expanded link ends up in `links` and in the text.
    for text, links in posts.loc[posts["kind"] != "repost", ["text", "links"]].itertuples(
        index=False
    ):
        for link in links:
            if "/i/web/status/" not in link:
                assert link in text


def test_2026_community_tweets(make_archive):
    path = make_archive(
        {
            "data/tweets.js": shared_sample("twitter/x-2026_tweets_EXCERPT.js"),
            "data/community-tweet.js": shared_sample("twitter/x-2026_community-tweet.js"),
        }
    )
    posts = audit.load_archive(path)
    community = posts[posts["source_file"].str.endswith("community-tweet.js")]
    assert len(community) == 3
    assert len(posts) == 75


def test_2019_layout_first_element_on_prefix_line(make_archive):
    path = make_archive({"tweet.js": shared_sample("twitter/x-2019_tweet_SUBSET.js")})
    posts = audit.load_archive(path)
    assert len(posts) == 11
    assert posts["kind"].value_counts().to_dict() == {
        "reply": 7,
        "repost": 2,
        "post": 1,
        "quote": 1,
    }
    _no_escapes_or_tco(posts)
    # Surrogate-pair escapes decode to real emoji, and "&amp;" to "&".
    assert posts["text"].str.contains("&").any()
    # No username anywhere in this layout: the i/status permalink.
    assert posts["url"].str.startswith("https://x.com/i/status/").all()


def test_grailbird_month_js(make_archive):
    path = make_archive(
        {
            "data/js/tweets/2013_01.js": shared_sample(
                "twitter/grailbird-2013_data_js_tweets_2013_01.js"
            ),
            # The lossy CSV of the same month must be ignored when the JS is there.
            "data/csv/2013_01.csv": shared_sample("twitter/grailbird-2013_data_csv_2013_01.csv"),
        }
    )
    posts = audit.load_archive(path)
    assert len(posts) == 314
    _no_escapes_or_tco(posts)
    assert not posts["text"].str.contains("Don?t", regex=False).any()
    assert posts.attrs["username"] == "helenhousandi"
    assert posts["url"].str.startswith("https://x.com/helenhousandi/status/").all()
    # Grailbird geo is [lat, lon]: the points are in Costa Rica (lat ~10, lon ~-84) and New York
    # (lat ~40.7, lon ~-74); swapped, the latitudes would be impossible (< -73).
    geo = posts.dropna(subset=["lat"])
    assert len(geo) == 7
    assert geo["lat"].between(9, 41).all() and geo["lon"].between(-85, -73).all()
    assert (posts["kind"] == "repost").sum() == 18


def test_grailbird_tweets_csv_when_no_js(make_archive):
    path = make_archive({"tweets.csv": shared_sample("twitter/grailbird-2015_tweets.csv")})
    posts = audit.load_archive(path)
    assert len(posts) == 2994
    _no_escapes_or_tco_in = posts["text"].str.contains(ESCAPES)
    assert not _no_escapes_or_tco_in.any()
    assert posts["text"].str.contains("\n").sum() == 343  # multi-line tweets survive
    assert (posts["kind"] == "repost").sum() == 481
    assert (posts["kind"] == "reply").sum() == 560


def test_grailbird_month_csv_is_last_resort(make_archive):
    path = make_archive(
        {"data/csv/2013_01.csv": shared_sample("twitter/grailbird-2013_data_csv_2013_01.csv")}
    )
    posts = audit.load_archive(path)
    assert len(posts) == 197
    assert posts["platform"].eq("twitter").all()
