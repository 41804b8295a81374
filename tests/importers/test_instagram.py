"""The Instagram importer (Threads included): the real 2024 posts file and synthetic layouts."""

from __future__ import annotations

import json
import warnings

import pytest

import audit
from audit.errors import ArchiveFormatError, AuditWarning
from audit.importers.instagram import comment_fields
from audit.schema import validate_posts
from tests.helpers import shared_sample

SAMPLE = "instagram/ig-2024_your_instagram_activity_content_posts_1.json"
ROOT = "your_instagram_activity"


def mojibake(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def meta(value: object) -> str:
    """JSON as Meta writes it: every UTF-8 byte escaped as its own code point."""

    def walk(v):
        if isinstance(v, str):
            return mojibake(v)
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return json.dumps(walk(value))


def load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", AuditWarning)
        return audit.load_archive(path)


@pytest.mark.parametrize("layout", [f"{ROOT}/content/posts_1.json", "content/posts_1.json"])
def test_real_posts_file_2024_and_2021_layouts(make_archive, layout):
    posts = load(make_archive({layout: shared_sample(SAMPLE)}))
    validate_posts(posts)
    assert posts.attrs["platform"] == "instagram"
    assert len(posts) == 4 and posts["kind"].eq("post").all()
    assert posts["platform"].eq("instagram").all()
    # single post: caption in media[0].title; carousels: top-level title
    assert posts["text"].tolist() == [
        "Great friends, a bit o booze, and some damn good cheese.",
        "Happy llama, sad llama, totally rad llama 🇵🇪",
        "Un Taxi 🇨🇴",
        "Great sem",
    ]
    assert posts["media_count"].tolist() == [6, 7, 6, 1]
    assert not posts["text"].str.contains("Ã|ð|Â", regex=True).any()
    assert str(posts["created_at"].dtype) == "datetime64[us, UTC]"
    assert posts["created_at"].iloc[-1].isoformat() == "2024-05-13T02:21:16+00:00"
    assert posts["url"].isna().all()  # the export has no permalinks
    assert posts["post_id"].is_unique


def test_same_post_in_two_layouts_has_the_same_id(tmp_path):
    from tests.helpers import lay_out

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    src = shared_sample(SAMPLE)
    new = load(lay_out(tmp_path / "a", {f"{ROOT}/content/posts_1.json": src}, "zip"))
    old = load(lay_out(tmp_path / "b", {"content/posts_1.json": src}, "folder"))
    assert new["post_id"].tolist() == old["post_id"].tolist()


def _single(ts, title, uri="media/posts/202401/a.jpg", **meta_):
    return {
        "media": [
            {"uri": uri, "creation_timestamp": ts, "title": title, "media_metadata": meta_ or {}}
        ]
    }


def test_exif_location_comments_and_threads(make_archive):
    exif = {"photo_metadata": {"exif_data": [{"latitude": 52.52, "longitude": 13.405}]}}
    files = {
        f"{ROOT}/content/posts_1.json": meta([_single(1700000000, "Prost 🍺 #friday", **exif)]),
        f"{ROOT}/comments/post_comments_1.json": meta(
            [
                {
                    "media_list_data": [{"uri": ""}],
                    "string_map_data": {
                        "Comment": {"value": "Schön! Use 2FA 👍"},
                        "Media Owner": {"value": "jo.fict"},
                        "Time": {"timestamp": 1700000100},
                    },
                }
            ]
        ),
        f"{ROOT}/threads/threads_and_replies.json": meta(
            {
                "text_post_app_text_posts": [
                    {
                        "media": [
                            {
                                "uri": "",
                                "creation_timestamp": 1700000200,
                                "title": "Hiring! 🚀",
                                "text_app_post": {"is_reply": False},
                            }
                        ]
                    },
                    {
                        "media": [
                            {
                                "uri": "",
                                "creation_timestamp": 1700000300,
                                "title": "Danke!",
                                "text_app_post": {"is_reply": True},
                            }
                        ]
                    },
                ]
            }
        ),
    }
    posts = load(make_archive(files))
    validate_posts(posts)
    assert posts.attrs["platform"] == "instagram"  # one importer claims the whole export
    got = posts[["platform", "kind", "text"]].values.tolist()
    assert got == [
        ["instagram", "post", "Prost 🍺 #friday"],
        ["instagram", "comment", "Schön! Use 2FA 👍"],
        ["threads", "post", "Hiring! 🚀"],
        ["threads", "reply", "Danke!"],
    ]
    assert (posts.loc[0, "lat"], posts.loc[0, "lon"]) == (52.52, 13.405)
    assert posts.loc[0, "hashtags"] == ["friday"]
    assert posts.loc[1, "reply_to"] == "jo.fict"
    assert posts.loc[2, "media_count"] == 0  # a text-only thread


@pytest.mark.parametrize(
    "string_map",
    [
        {
            "Opmerking": {"value": "Mooi!"},
            "Media-eigenaar": {"value": "an.fict"},
            "Tijd": {"timestamp": 1700000000},
        },
        # unknown language: told apart by meaning (timestamp; the user-name-shaped value)
        {
            "Kommentti": {"value": "Hieno kuva!"},
            "Median omistaja": {"value": "an.fict"},
            "Aika": {"timestamp": 1700000000},
        },
    ],
)
def test_localized_comment_keys(string_map):
    text, owner, created = comment_fields(string_map)
    assert owner == "an.fict"
    assert text in {"Mooi!", "Hieno kuva!"}
    assert created.isoformat() == "2023-11-14T22:13:20+00:00"


def test_older_comments_object_with_text_time(make_archive):
    files = {
        "content/posts_1.json": "[]",
        "comments/post_comments.json": json.dumps(
            {
                "comments_media_comments": [
                    {
                        "string_map_data": {
                            "Comment": {"value": "nice"},
                            "Media Owner": {"value": "x.fict"},
                            "Time": {"value": "Apr 19, 2017, 3:35 AM"},
                        }
                    }
                ]
            }
        ),
    }
    posts = load(make_archive(files))
    assert posts["kind"].tolist() == ["comment"]
    assert posts["created_at"].iloc[0].isoformat() == "2017-04-19T03:35:00+00:00"


def test_media_json_2018(make_archive):
    media = {
        "photos": [
            {
                "caption": "Café ☕",
                "taken_at": "2018-12-31T08:05:13",
                "location": "Berlin, Germany",
                "path": "photos/201812/abc.jpg",
            }
        ],
        "videos": [{"caption": "", "taken_at": "2019-01-02T10:00:00", "path": "videos/x.mp4"}],
    }
    files = {"media.json": meta(media), "profile.json": "{}"}
    posts = load(make_archive(files))
    assert posts["text"].tolist() == ["Café ☕", ""]
    assert posts.loc[0, "place"] == "Berlin, Germany"
    assert posts["media_count"].tolist() == [1, 1]


def test_malformed_post_is_counted_with_a_warning(make_archive):
    files = {f"{ROOT}/content/posts_1.json": meta([_single(1700000000, "ok"), {"media": []}, 7])}
    with pytest.warns(AuditWarning, match=r"posts_1\.json: skipped 2 malformed records"):
        posts = audit.load_archive(make_archive(files))
    assert posts["text"].tolist() == ["ok"]


def test_html_export_is_refused_clearly(make_archive):
    files = {f"{ROOT}/content/posts_1.html": "<html></html>"}
    with pytest.raises(ArchiveFormatError, match=r"HTML-format export.*Format: JSON"):
        audit.load_archive(make_archive(files))
