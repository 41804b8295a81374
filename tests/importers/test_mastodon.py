"""The Mastodon importer: the real outbox excerpt in a tar.gz and a folder, and synthetic quirks."""

from __future__ import annotations

import io
import json
import tarfile

import pytest

import audit
from audit.errors import ArchiveFormatError, AuditWarning
from audit.importers.mastodon import html_to_text, visibility
from audit.schema import validate_posts
from tests.helpers import lay_out, shared_sample

OUTBOX = "mastodon/mastodon-2024_outbox_EXCERPT.json"
ACTOR = "mastodon/mastodon-2024_actor.json"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def tar_gz(root, files):
    path = root / "archive-20240701000000-0123456789abcdef0123456789abcdef.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, value in files.items():
            data = value.read_bytes() if hasattr(value, "read_bytes") else value.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture(params=["tar.gz", "folder"])
def real_archive(request, tmp_path):
    files = {"outbox.json": shared_sample(OUTBOX), "actor.json": shared_sample(ACTOR)}
    if request.param == "tar.gz":
        return tar_gz(tmp_path, files)
    return lay_out(tmp_path, files, "folder")


def test_real_outbox(real_archive):
    with pytest.warns(AuditWarning, match=r"totalItems says 1557 statuses, the file holds 95"):
        posts = audit.load_archive(real_archive)
    validate_posts(posts)
    assert posts.attrs["platform"] == "mastodon"
    assert posts["kind"].value_counts().to_dict() == {"post": 50, "reply": 29, "repost": 16}
    assert posts.attrs["visibility"] == {"public": 88, "unlisted": 7}
    assert posts.attrs["username"] == "dealingwith@indieweb.social"
    text = posts["text"]
    assert not text.str.contains(r"<[a-z/][^>]*>", regex=True).any()  # no HTML
    assert not text.str.contains(r"&amp;|&lt;|&gt;|&#39;|&quot;", regex=True).any()
    assert str(posts["created_at"].dtype) == "datetime64[us, UTC]"
    mine = posts[posts["kind"] != "repost"]
    assert mine["url"].str.match(r"https://indieweb\.social/@dealingwith/\d+$").all()
    assert mine["post_id"].str.fullmatch(r"\d+").all()
    by_id = posts.set_index("post_id")
    first = by_id.loc["109305976208011760"]
    # shortened link written out in full (invisible spans + ellipsis)
    assert first["text"].endswith(
        "https://daniel.industries/2022/11/07/less-twitter-more-indieweb/"
    )
    assert first["links"] == ["https://daniel.industries/2022/11/07/less-twitter-more-indieweb/"]
    cw = by_id.loc["109390360974197006"]
    assert cw["text"].startswith("CW: Personal website updates...\n\n@willd I'd be interested")
    assert cw["kind"] == "reply" and cw["reply_to"] == "willd@indieweb.social"
    boosts = posts[posts["kind"] == "repost"]
    assert boosts["text"].eq("").all()
    assert (boosts["links"].map(len) == 1).all()
    assert posts["media_count"].sum() == 29
    assert posts["hashtags"].map(len).sum() == 15 and posts["mentions"].map(len).sum() == 17


def test_html_to_text():
    html = (
        '<p>Hi &amp; bye<br>next</p><p><a href="https://ex.org/tags/x" class="mention hashtag" '
        'rel="tag">#<span>x</span></a> <a href="https://ex.org/long/path">'
        '<span class="invisible">https://</span><span class="ellipsis">ex.org/lo</span>'
        '<span class="invisible">ng/path</span></a></p>'
    )
    assert html_to_text(html) == "Hi & bye\nnext\n\n#x https://ex.org/long/path"


def _activity(n, vis_to, vis_cc, **obj):
    status = f"https://ex.social/users/sam/statuses/{n}"
    body = {
        "id": status,
        "type": "Note",
        "published": "2024-01-01T02:00:00Z",
        "url": f"https://ex.social/@sam/{n}",
        "content": "<p>x</p>",
        **obj,
    }
    return {
        "id": f"{status}/activity",
        "type": "Create",
        "published": "2024-01-01T02:00:00Z",
        "to": vis_to,
        "cc": vis_cc,
        "object": {**body, "to": vis_to, "cc": vis_cc},
    }


def test_every_visibility_is_kept_and_a_bad_item_is_counted(make_archive):
    followers = "https://ex.social/users/sam/followers"
    items = [
        _activity(1, [PUBLIC], [followers]),
        _activity(2, [followers], [PUBLIC]),
        _activity(3, [followers], []),
        _activity(
            4, ["https://o.example/users/jo"], [], inReplyTo="https://o.example/users/jo/statuses/9"
        ),
        _activity(
            5,
            [PUBLIC],
            [],
            type="Question",
            content="<p>Tabs?</p>",
            oneOf=[{"name": "Tabs"}, {"name": "Spaces"}],
        ),
        {"type": "Create", "object": {"id": "x"}},  # no time
    ]
    outbox = {"type": "OrderedCollection", "totalItems": 6, "orderedItems": items}
    path = make_archive({"outbox.json": json.dumps(outbox), "actor.json": "{}"})
    with pytest.warns(AuditWarning, match=r"outbox\.json: skipped 1 malformed record"):
        posts = audit.load_archive(path)
    assert len(posts) == 5
    assert posts.attrs["visibility"] == {"public": 2, "unlisted": 1, "followers": 1, "direct": 1}
    assert [visibility(i) for i in items[:4]] == ["public", "unlisted", "followers", "direct"]
    by_id = posts.set_index("post_id")
    assert by_id.loc["4", "kind"] == "reply" and by_id.loc["4", "reply_to"] == "jo@o.example"
    assert by_id.loc["5", "text"] == "Tabs?\n- Tabs\n- Spaces"


def test_actor_without_outbox_names_what_is_missing(make_archive):
    with pytest.raises(ArchiveFormatError, match=r"expected a Mastodon archive with outbox\.json"):
        audit.load_archive(make_archive({"actor.json": "{}"}))


def test_outbox_that_is_not_a_collection(make_archive):
    with pytest.raises(ArchiveFormatError, match=r"outbox\.json: expected an ActivityStreams"):
        audit.load_archive(make_archive({"outbox.json": "[]", "actor.json": "{}"}))
