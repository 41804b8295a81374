"""One test per X format quirk of FORMATS.md section 1, on synthetic files in the real shape."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import audit
from audit.errors import ArchiveFormatError, AuditWarning
from audit.importers.twitter import expand_text
from tests.helpers import js, tweet, x_time, ytd

MANIFEST_USER = {"userInfo": {"accountId": "1", "userName": "from_manifest"}, "dataTypes": {}}


def load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", AuditWarning)
        return audit.load_archive(path)


# --- the JS wrapper ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [
        # YTD v2, wrapped elements, X's own indentation
        ytd("tweets", [tweet("11", "hello")]),
        # 2019: first element on the prefix line, bare elements, "} ]" close
        "window.YTD.tweet.part0 = [ {\n  " + json.dumps(tweet("11", "hello"))[1:-1] + "\n} ]",
        # Grailbird-style name on its own line, then the array; trailing semicolon
        "Grailbird.data.tweets_2013_01 =\n [ " + json.dumps(tweet("11", "hello")) + " ];\n",
    ],
    ids=["v2-wrapped", "2019-same-line", "prefix-own-line"],
)
def test_js_prefix_variants(make_archive, content):
    posts = load(make_archive({"data/tweets.js": content}))
    assert posts["text"].tolist() == ["hello"]


def test_empty_data_type_on_one_line(make_archive):
    path = make_archive(
        {
            "data/tweets.js": ytd("tweets", [tweet("11", "hi")]),
            "data/note-tweet.js": "window.YTD.note_tweet.part0 = [ ]",  # no trailing newline
            "data/community-tweet.js": "window.YTD.community_tweet.part0 = [ ]",
        }
    )
    assert len(load(path)) == 1


def test_tweet_js_v1_at_root_and_in_data(make_archive):
    for member in ("tweet.js", "data/tweet.js"):
        posts = load(make_archive({member: ytd("tweet", [tweet("11", "v1")])}))
        assert posts["text"].tolist() == ["v1"]


def test_every_part_is_read_whatever_its_dates(make_archive):
    path = make_archive(
        {
            "data/tweets.js": ytd("tweets", [tweet("300", "middle", "2019-01-01T00:00:00")]),
            "data/tweets-part1.js": ytd(
                "tweets",
                [
                    tweet("100", "oldest", "2008-01-01T00:00:00"),
                    tweet("900", "newest", "2025-01-01"),
                ],
                part=1,
            ),
            "data/tweets-part2.js": ytd("tweets", [tweet("500", "another", "2020-01-01")], part=2),
        }
    )
    posts = load(path)
    assert posts["text"].tolist() == ["oldest", "middle", "another", "newest"]
    assert posts["created_at"].is_monotonic_increasing


def test_manifest_file_missing_and_count_mismatch_warn(make_archive):
    manifest = {
        "userInfo": {"userName": "me"},
        "dataTypes": {
            "tweets": {
                "files": [
                    {"fileName": "data/tweets.js", "count": "5"},
                    {"fileName": "data/tweets-part1.js", "count": "7"},
                ]
            }
        },
    }
    path = make_archive(
        {
            "data/manifest.js": js("__THAR_CONFIG", manifest),
            "data/tweets.js": ytd("tweets", [tweet("11", "a"), tweet("12", "b")]),
        }
    )
    with pytest.warns(AuditWarning) as record:
        posts = audit.load_archive(path)
    messages = " | ".join(str(w.message) for w in record)
    assert "manifest says 5 records, the file holds 2" in messages
    assert "lists data/tweets-part1.js with 7 records" in messages
    assert len(posts) == 2


def test_username_priority_account_then_manifest(make_archive):
    account = ytd(
        "account",
        [{"username": "from_account", "accountId": "1", "createdAt": "2020-01-01"}],
        wrap="account",
    )
    files = {
        "data/manifest.js": js("__THAR_CONFIG", MANIFEST_USER),
        "data/tweets.js": ytd("tweets", [tweet("42", "x")]),
    }
    assert load(make_archive(files))["url"].tolist() == ["https://x.com/from_manifest/status/42"]
    files["data/account.js"] = account
    assert load(make_archive(files))["url"].tolist() == ["https://x.com/from_account/status/42"]


def test_account_timezone_is_recorded(make_archive):
    tz = ytd(
        "account_timezone",
        [{"accountId": "1", "timeZone": "Europe/Berlin"}],
        wrap="accountTimezone",
    )
    posts = load(
        make_archive(
            {"data/tweets.js": ytd("tweets", [tweet("1", "x")]), "data/account-timezone.js": tz}
        )
    )
    assert posts.attrs["timezone"] == "Europe/Berlin"


# --- text ---------------------------------------------------------------------------------------
def test_tco_expanded_by_indices_into_escaped_text_then_unescaped():
    raw = "Q&amp;A &gt; slides https://t.co/AAAAAAAAAA and https://t.co/BBBBBBBBBB"
    a = raw.index("https://t.co/AAAAAAAAAA")
    b = raw.index("https://t.co/BBBBBBBBBB")
    urls = [
        {
            "url": "https://t.co/AAAAAAAAAA",
            "expanded_url": "https://a.example/x?y=1&z=2",
            "indices": [str(a), str(a + 23)],
        },
        {
            "url": "https://t.co/BBBBBBBBBB",
            "expanded_url": "https://b.example/",
            "indices": [str(b), str(b + 23)],
        },
    ]
    # Unescaping first would shift the indices by 8 and corrupt both links.
    assert (
        expand_text(raw, urls, [])
        == "Q&A > slides https://a.example/x?y=1&z=2 and https://b.example/"
    )


def test_indices_count_code_points_after_astral_emoji():
    raw = "🎉🎉 launch https://t.co/CCCCCCCCCC"
    start = raw.index("https://t.co/")  # str indices are code points
    urls = [
        {
            "url": "https://t.co/CCCCCCCCCC",
            "expanded_url": "https://c.example/",
            "indices": [str(start), str(start + 23)],
        }
    ]
    assert expand_text(raw, urls, []) == "🎉🎉 launch https://c.example/"


def test_media_link_removed_and_counted(make_archive):
    text = "look at this https://t.co/MMMMMMMMMM"
    media = [
        {
            "url": "https://t.co/MMMMMMMMMM",
            "indices": ["13", "36"],
            "type": "photo",
            "id_str": str(i),
            "media_url_https": f"https://pbs.example/{i}.jpg",
        }
        for i in range(2)
    ]
    t = tweet("5", text, extended_entities={"media": media})
    t["entities"]["media"] = media[:1]
    posts = load(make_archive({"data/tweets.js": ytd("tweets", [t])}))
    assert posts["text"].tolist() == ["look at this"]
    assert posts["media_count"].tolist() == [2]


def test_wrong_indices_fall_back_to_search():
    urls = [
        {
            "url": "https://t.co/DDDDDDDDDD",
            "expanded_url": "https://d.example/",
            "indices": ["0", "5"],
        }
    ]
    assert expand_text("see https://t.co/DDDDDDDDDD", urls, []) == "see https://d.example/"


# --- kinds --------------------------------------------------------------------------------------
def test_kind_precedence_repost_reply_quote_post(make_archive):
    quote_url = "https://twitter.com/someone/status/123"
    tweets = [
        tweet(
            "1",
            "RT @someone: a reply-looking repost https://t.co/QQQQQQQQQQ",
            urls=[("https://t.co/QQQQQQQQQQ", quote_url)],
            in_reply_to_status_id_str="9",
        ),
        tweet(
            "2",
            "@someone yes https://t.co/QQQQQQQQQQ",
            urls=[("https://t.co/QQQQQQQQQQ", quote_url)],
            in_reply_to_status_id_str="9",
            in_reply_to_screen_name="someone",
        ),
        tweet(
            "3", "so true https://t.co/QQQQQQQQQQ", urls=[("https://t.co/QQQQQQQQQQ", quote_url)]
        ),
        tweet(
            "4",
            "read https://t.co/QQQQQQQQQQ",
            urls=[("https://t.co/QQQQQQQQQQ", "https://blog.example/p")],
        ),
        tweet("5", "@old hi", in_reply_to_user_id="777", in_reply_to_user_id_str="777"),
        tweet(
            "6",
            "long post … https://t.co/WWWWWWWWWW",
            urls=[("https://t.co/WWWWWWWWWW", "https://twitter.com/i/web/status/6")],
        ),
    ]
    posts = load(make_archive({"data/tweets.js": ytd("tweets", tweets)})).set_index("post_id")
    assert posts["kind"].to_dict() == {
        "1": "repost",
        "2": "reply",
        "3": "quote",
        "4": "post",
        "5": "post",
        "6": "post",
    }
    assert posts.loc["2", "reply_to"] == "someone"
    # Only in_reply_to_user_id: a post that addresses someone, reply_to filled.
    assert posts.loc["5", "reply_to"] == "777"
    assert pd.isna(posts.loc["1", "reply_to"])  # a repost answers no one


# --- long posts -----------------------------------------------------------------------------
def test_note_tweet_restores_long_text_by_time_and_prefix(make_archive):
    long_text = "A long post about databases. " * 20 + "The end."
    truncated = long_text[:270] + "… https://t.co/NNNNNNNNNN"
    t = tweet(
        "77",
        truncated,
        "2024-03-06T13:02:05",
        urls=[("https://t.co/NNNNNNNNNN", "https://twitter.com/i/web/status/77")],
    )
    decoy = tweet("78", "A long post about something else", "2024-03-06T13:02:05")
    note = {
        "noteTweetId": "5",
        "createdAt": "2024-03-06T13:02:05.000Z",
        "core": {"text": long_text, "urls": [], "mentions": [], "hashtags": []},
    }
    orphan = {
        "noteTweetId": "6",
        "createdAt": "2024-01-01T00:00:00.000Z",
        "core": {"text": "A long post whose tweet is gone."},
    }
    path = make_archive(
        {
            "data/tweets.js": ytd("tweets", [t, decoy]),
            "data/note-tweet.js": ytd("note_tweet", [note, orphan], wrap="noteTweet"),
        }
    )
    posts = load(path).set_index("post_id")
    assert posts.loc["77", "text"] == long_text
    assert posts.loc["78", "text"] == "A long post about something else"
    assert posts.loc["77", "links"] == []  # the "show more" link is gone with the truncation
    # A note that matches no tweet is still the user's words: kept as its own post.
    assert posts.loc["note-6", "text"] == "A long post whose tweet is gone."


def test_note_two_seconds_off_does_not_match(make_archive):
    t = tweet("77", "Start of text… https://t.co/NNNNNNNNNN", "2024-03-06T13:02:05")
    note = {
        "noteTweetId": "5",
        "createdAt": "2024-03-06T13:02:08.000Z",
        "core": {"text": "Start of text and much more"},
    }
    posts = load(
        make_archive(
            {
                "data/tweets.js": ytd("tweets", [t]),
                "data/note-tweet.js": ytd("note_tweet", [note], wrap="noteTweet"),
            }
        )
    )
    assert sorted(posts["post_id"]) == ["77", "note-5"]


# --- other ----------------------------------------------------------------------------------
def test_only_latest_edit_is_kept(make_archive):
    v1 = tweet("100", "teh typo", edit_info={"initial": {"editTweetIds": ["100", "101"]}})
    v2 = tweet(
        "101",
        "the typo",
        edit_info={
            "edit": {
                "initialTweetID": "100",
                "editControlInitial": {"editTweetIds": ["100", "101"]},
            }
        },
    )
    posts = load(make_archive({"data/tweets.js": ytd("tweets", [v1, v2])}))
    assert posts["text"].tolist() == ["the typo"]


def test_malformed_records_are_skipped_counted_and_reported(make_archive):
    good = tweet("1", "fine")
    no_time = tweet("2", "no time")
    del no_time["created_at"]
    bad_time = tweet("3", "bad time", created_at="yesterday")
    path = make_archive({"data/tweets.js": ytd("tweets", [good, no_time, bad_time])})
    with pytest.warns(AuditWarning, match=r"tweets\.js: skipped 2 malformed records"):
        posts = audit.load_archive(path)
    assert posts["post_id"].tolist() == ["1"]
    assert posts.attrs["skipped"] == {"data/tweets.js": 2}


def test_community_duplicate_of_tweets_js_counts_once(make_archive):
    t = tweet("55", "in a community", community_id_str="9")
    path = make_archive(
        {
            "data/tweets.js": ytd("tweets", [t]),
            "data/community-tweet.js": ytd("community_tweet", [t]),
        }
    )
    assert load(path)["post_id"].tolist() == ["55"]


def test_grailbird_integer_ids_and_time_format(make_archive):
    t = {
        "id": 290000000000000001,
        "id_str": "290000000000000001",
        "text": "old &amp; gold",
        "created_at": "2013-02-01 04:54:20 +0000",
        "entities": {"urls": [], "user_mentions": []},
        "user": {"screen_name": "grail"},
    }
    posts = load(
        make_archive(
            {"data/js/tweets/2013_02.js": "Grailbird.data.tweets_2013_02 = \n" + json.dumps([t])}
        )
    )
    assert posts["post_id"].tolist() == ["290000000000000001"]
    assert posts["text"].tolist() == ["old & gold"]
    assert str(posts["created_at"].iloc[0]) == "2013-02-01 04:54:20+00:00"
    assert posts["url"].iloc[0] == "https://x.com/grail/status/290000000000000001"


def test_created_at_is_utc_from_other_offsets(make_archive):
    t = tweet("1", "x", created_at="Fri Mar 06 13:02:05 +0200 2026")
    posts = load(make_archive({"data/tweets.js": ytd("tweets", [t])}))
    assert str(posts["created_at"].iloc[0]) == "2026-03-06 11:02:05+00:00"
    assert x_time("2026-03-06T13:02:05") == "Fri Mar 06 13:02:05 +0000 2026"


def test_broken_json_names_the_member(make_archive):
    path = make_archive({"data/tweets.js": 'window.YTD.tweets.part0 = [ {"tweet": {"id_str": '})
    with pytest.raises(
        ArchiveFormatError, match=r"data/tweets\.js: expected .*invalid JSON at line 1"
    ):
        audit.load_archive(path)


def test_grailbird_username_from_user_details(make_archive):
    t = {"id_str": "5", "text": "hi", "created_at": "2014-02-01 04:54:20 +0000"}
    files = {
        "data/js/tweets/2014_02.js": "Grailbird.data.tweets_2014_02 = \n" + json.dumps([t]),
        "data/js/user_details.js": 'var user_details =  {"screen_name" : "detailed", "id" : "9"}',
        "data/js/tweet_index.js": "var tweet_index =  []",
    }
    posts = load(make_archive(files))
    assert posts.attrs["username"] == "detailed"
    assert posts["url"].tolist() == ["https://x.com/detailed/status/5"]
