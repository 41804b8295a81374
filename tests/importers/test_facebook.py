"""The Facebook importer: real sample files and synthetic files of every layout (FORMATS.md 2)."""

from __future__ import annotations

import json
import re
import warnings

import pandas as pd
import pytest

import audit
from audit.errors import ArchiveFormatError, AuditWarning
from audit.importers.facebook import fix_mojibake
from tests.helpers import shared_sample

LAYOUTS = {
    "2019": "posts/your_posts_1.json",
    "2022": "your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json",
    "2024": "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
}


def mojibake(text: str) -> str:
    """What Facebook writes for ``text``: each UTF-8 byte as one code point."""
    return text.encode("utf-8").decode("latin-1")


def fb_json(value: object) -> str:
    return json.dumps(value, indent=2)  # ensure_ascii: mojibake comes out as \u00XX escapes


def load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", AuditWarning)
        return audit.load_archive(path)


def post(ts: int, text: str | None = None, *, title: str | None = None, attachments=(), **kw):
    item: dict = {"timestamp": ts}
    if title is not None:
        item["title"] = mojibake(title)
    data = [{"update_timestamp": ts}]
    if text is not None:
        data.insert(0, {"post": mojibake(text)})
    item["data"] = data
    if attachments:
        item["attachments"] = [{"data": list(attachments)}]
    item.update(kw)
    return item


CHECK_IN = {
    "place": {
        "name": "Lisbon Airport",
        "coordinate": {"latitude": 38.7742, "longitude": -9.1342},
        "address": "",
        "url": "https://www.facebook.com/pages/x",
    }
}


# --- real samples ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sample", "count", "empty"),
    [
        ("facebook/fb-json-2022_your_posts_1__HunterHillis.json", 124, 65),
        ("facebook/fb-json-2022_your_posts_1__piter-a_pl.json", 31, 20),
    ],
)
def test_real_posts_files_every_post_kept(make_archive, sample, count, empty):
    source = shared_sample(sample)
    path = make_archive({LAYOUTS["2019"]: source})
    posts = load(path)
    assert len(posts) == count == len(json.loads(source.read_text()))
    assert (posts["text"] == "").sum() == empty  # attachment-only posts are kept
    assert posts["kind"].eq("post").all()
    assert not posts["text"].str.contains("Ã|Å|ð|Ä", regex=True).any()
    assert str(posts["created_at"].dtype) == "datetime64[us, UTC]"
    assert posts["post_id"].is_unique


def test_real_sample_mojibake_emoji_and_places(make_archive):
    posts = load(
        make_archive(
            {
                LAYOUTS["2019"]: shared_sample(
                    "facebook/fb-json-2022_your_posts_1__HunterHillis.json"
                )
            }
        )
    )
    assert posts["text"].str.contains("😂").any()
    checked_in = posts.dropna(subset=["place"])
    assert "Georgetown" in set(checked_in["place"])
    geo = posts.dropna(subset=["lat"])
    assert len(geo) == 4 and geo["lat"].between(-90, 90).all()
    assert posts["links"].map(len).sum() == 15
    assert posts["mentions"].map(len).sum() == 6  # tags


def test_real_polish_sample_localized_titles_fixed(make_archive):
    source = shared_sample("facebook/fb-json-2022_your_posts_1__piter-a_pl.json")
    posts = load(make_archive({LAYOUTS["2024"]: source}))
    raw_titles = [p.get("title", "") for p in json.loads(source.read_text())]
    assert any("zmieni\u00c5\u0082" in t for t in raw_titles)  # mojibake in the file
    assert posts["links"].map(len).gt(0).sum() == 19
    # what was imported is repaired: the post written as mojibake bytes reads as its emoji, and
    # no mojibake sequence is left in any text
    texts = posts["text"].tolist()
    assert "🐸👌" in texts
    assert not any(re.search("[ÃÅÄð][\x80-\xbf]", t) for t in texts)
    assert len([t for t in texts if t]) == 11


# --- mojibake -----------------------------------------------------------------------------
def test_fix_mojibake_once_and_only_once():
    assert fix_mojibake(mojibake("Zażółć 😂 café")) == "Zażółć 😂 café"
    # Already-correct text stays correct, including latin-1-only text and keys.
    assert fix_mojibake("café") == "café"
    already = {"title": "Zażółć", "data": [{"post": "déjà vu"}]}
    assert fix_mojibake(already) == already
    nested = {mojibake("klucz ł"): [mojibake("wartość"), 5, None]}
    assert fix_mojibake(nested) == {"klucz ł": ["wartość", 5, None]}


def test_file_already_fixed_by_a_tool_is_not_fixed_again(make_archive):
    items = [post(1600000000, "Zażółć gęślą jaźń"), post(1600000100, "café")]
    for item in items:  # undo our own mojibake: a repaired file
        item["data"][0]["post"] = fix_mojibake(item["data"][0]["post"])
    path = make_archive({LAYOUTS["2019"]: json.dumps(items, ensure_ascii=False)})
    assert load(path)["text"].tolist() == ["Zażółć gęślą jaźń", "café"]


# --- layouts and content -----------------------------------------------------------------------
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_reads_posts_with_and_without_text(make_archive, layout):
    items = [
        post(1600000000, "Ahoj from Brno 🍺", title="Sam Sample updated his status."),
        post(
            1600000500,
            None,
            title="Sam Sample shared a link.",
            attachments=[{"external_context": {"url": "https://example.org/a", "name": "A"}}],
        ),
        post(1600001000, None, attachments=[CHECK_IN], title="Sam Sample is at Lisbon Airport."),
        post(
            1600002000,
            None,
            attachments=[
                {"media": {"uri": "posts/media/Album_1/p.jpg"}},
                {"media": {"uri": "posts/media/Album_1/q.jpg"}},
            ],
        ),
        {"timestamp": 1600003000, "data": [{}, {}], "attachments": []},  # 2024 padding, nothing
    ]
    posts = load(make_archive({LAYOUTS[layout]: fb_json(items)}))
    assert len(posts) == 5
    assert posts["text"].tolist() == ["Ahoj from Brno 🍺", "", "", "", ""]
    assert posts["links"].tolist()[1] == ["https://example.org/a"]
    row = posts.iloc[2]
    assert (row["place"], row["lat"], row["lon"]) == ("Lisbon Airport", 38.7742, -9.1342)
    assert posts["media_count"].tolist() == [0, 0, 0, 2, 0]
    assert posts["url"].isna().all()


def test_2018_status_updates_wrapper_and_old_comments(make_archive):
    path = make_archive(
        {
            "posts/your_posts.json": fb_json({"status_updates": [post(1400000000, "old times")]}),
            "comments/comments.json": fb_json(
                {
                    "comments": [
                        {
                            "timestamp": 1400000100,
                            "title": "Sam commented on Ana Souza's post.",
                            "data": [
                                {
                                    "comment": {
                                        "timestamp": 1400000100,
                                        "comment": "nice",
                                        "author": "Sam",
                                    }
                                }
                            ],
                        }
                    ]
                }
            ),
        }
    )
    posts = load(path)
    assert posts[["kind", "text"]].values.tolist() == [["post", "old times"], ["comment", "nice"]]
    assert posts["reply_to"].tolist()[1] == "Ana Souza"


def test_comments_v2_reply_to_from_titles_in_several_languages(make_archive):
    def comment(ts, text, title):
        return {
            "timestamp": ts,
            "title": mojibake(title),
            "data": [{"comment": {"timestamp": ts, "comment": mojibake(text), "author": "Sam"}}],
        }

    comments = {
        "comments_v2": [
            comment(1579876681, "Que texto ótimo", "Sam commented on Guimarães's photo."),
            comment(1579876682, "agreed", "Sam replied to Jordan Lee's comment."),
            comment(1579876683, "¡Qué bien!", "Sam comentó la publicación de Lucía Pérez."),
            comment(1579876684, "on my own", "Sam commented on his own post."),
            comment(1579876685, "zzz", "Sam a commenté une publication."),  # names nobody
            {
                "timestamp": 1579876686,
                "title": "Sam commented on Bo's post.",
                "data": [{"comment": {"timestamp": 1579876686, "comment": "", "author": "Sam"}}],
                "attachments": [{"data": [{"media": {"uri": "stickers_used/x.png"}}]}],
            },
        ]
    }
    path = make_archive(
        {"your_facebook_activity/comments_and_reactions/comments.json": fb_json(comments)}
    )
    posts = load(path)
    assert posts["kind"].eq("comment").all()
    assert posts["text"].tolist() == [
        "Que texto ótimo",
        "agreed",
        "¡Qué bien!",
        "on my own",
        "zzz",
        "",
    ]
    assert posts["reply_to"].tolist()[:3] == ["Guimarães", "Jordan Lee", "Lucía Pérez"]
    assert posts["reply_to"].iloc[3:5].isna().all()
    assert posts["media_count"].iloc[5] == 1  # sticker-only comment


def test_group_posts_and_comments(make_archive):
    groups = {
        "your_facebook_activity/groups/group_posts_and_comments.json": fb_json(
            {"group_posts_v2": [post(1500000000, "Meetup Thursday?", title="Sam posted in Rust.")]}
        ),
        "your_facebook_activity/groups/your_comments_in_groups.json": fb_json(
            {
                "group_comments_v2": [
                    {
                        "timestamp": 1500000100,
                        "title": "Sam commented on Ola's post.",
                        "data": [
                            {
                                "comment": {
                                    "timestamp": 1500000100,
                                    "comment": "count me in",
                                    "author": "Sam",
                                    "group": "Rust",
                                }
                            }
                        ],
                    }
                ]
            }
        ),
        "your_facebook_activity/groups/your_group_membership_activity.json": fb_json(
            {"groups_joined_v2": [{"timestamp": 1, "title": "joined"}]}
        ),
    }
    posts = load(make_archive(groups))
    assert posts[["kind", "text"]].values.tolist() == [
        ["post", "Meetup Thursday?"],
        ["comment", "count me in"],
    ]


def test_duplicates_removed_and_counted(make_archive):
    p = post(1700000000, "same post", attachments=[{"media": {"uri": "a/b/c.jpg"}}])
    other_media = post(1700000000, "same post", attachments=[{"media": {"uri": "a/b/d.jpg"}}])
    posts = load(make_archive({LAYOUTS["2024"]: fb_json([p, p, other_media, p])}))
    assert len(posts) == 2
    assert posts.attrs["duplicates"] == 2


def test_post_id_is_the_same_in_two_layouts(tmp_path):
    from tests.helpers import lay_out

    p = post(1650000000, "moved", attachments=[CHECK_IN])
    old = dict(p, attachments=[{"data": [{"media": {"uri": "posts/media/A_1/x.jpg"}}, CHECK_IN]}])
    new = dict(
        p,
        attachments=[
            {"data": [{"media": {"uri": "your_facebook_activity/posts/media/A_1/x.jpg"}}, CHECK_IN]}
        ],
    )
    (tmp_path / "o").mkdir()
    (tmp_path / "n").mkdir()
    a = lay_out(tmp_path / "o", {LAYOUTS["2019"]: fb_json([old])}, "zip")
    b = lay_out(tmp_path / "n", {LAYOUTS["2024"]: fb_json([new])}, "folder")
    both = audit.load_archives([a, b])
    assert len(both) == 1
    assert load(a)["post_id"].tolist() == load(b)["post_id"].tolist()


def test_malformed_items_skipped_with_warning(make_archive):
    items = [post(1600000000, "good"), {"title": "no time"}, "not an object", post(-5, "bad time")]
    path = make_archive({LAYOUTS["2019"]: fb_json(items)})
    with pytest.warns(AuditWarning, match=r"your_posts_1\.json: skipped 3 malformed records"):
        posts = audit.load_archive(path)
    assert posts["text"].tolist() == ["good"]


def test_html_export_asks_for_json(make_archive):
    path = make_archive(
        {
            LAYOUTS["2024"].replace(".json", ".html"): "<html>",
            "start_here.html": "<html>",
        }
    )
    with pytest.raises(ArchiveFormatError, match=r"HTML-format export.*Format: JSON"):
        audit.load_archive(path)


def test_not_json_names_the_file(make_archive):
    path = make_archive({LAYOUTS["2019"]: "<html>oops</html>"})
    with pytest.raises(ArchiveFormatError, match=r"your_posts_1\.json: expected a JSON file"):
        audit.load_archive(path)


def test_created_at_from_epoch_is_utc(make_archive):
    posts = load(make_archive({LAYOUTS["2019"]: fb_json([post(1476291797, "x")])}))
    assert posts["created_at"].iloc[0] == pd.Timestamp("2016-10-12 17:03:17", tz="UTC")


def test_same_place_twice_and_versioned_keys(make_archive):
    p = post(1600000000, "here", attachments=[CHECK_IN, CHECK_IN])
    files = {
        LAYOUTS["2024"]: fb_json([p]),
        # Facebook bumps key suffixes (following_v3): any comments_vN is read.
        "your_facebook_activity/comments_and_reactions/comments.json": fb_json(
            {
                "comments_v3": [
                    {
                        "timestamp": 1600000100,
                        "data": [{"comment": {"timestamp": 1600000100, "comment": "v3!"}}],
                    }
                ]
            }
        ),
    }
    posts = load(make_archive(files))
    assert posts["text"].tolist() == ["here", "v3!"]
    assert posts["place"].tolist()[0] == "Lisbon Airport"
