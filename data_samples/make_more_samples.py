"""Build the synthetic sample archives of the platforms added in issue 7.

Writes, in the real download formats (``shared/FORMATS.md`` sections 3 to 7), with invented
content for the same fictional person as ``make_samples.py`` ("Sam Sample"):

- ``instagram.zip``: 2024 Meta Accounts Center JSON export with Instagram posts (single and
  carousel), comments (``string_map_data``) and Threads posts, in Meta's latin-1 mojibake;
- ``linkedin.zip``: Complete export, ``Shares.csv`` with LinkedIn's per-line quote wrappers and
  ``Comments.csv`` with backslash-escaped quotes;
- ``mastodon.tar.gz``: ``outbox.json`` + ``actor.json`` (HTML content, CW, polls, boosts, every
  visibility);
- ``bluesky.car``: a CARv1 repository with a commit, a real Merkle Search Tree and records;
- ``reddit.zip``: GDPR export ``posts.csv``, ``comments.csv`` and companion files;
- ``EXPECTED_MORE.json``: the facts tests check (rows by platform and kind, notable items).

Every name, handle, id, DID, phone number (555-01xx), IP (203.0.113.x, a documentation range)
and post is made up. The CAR is written with a small DAG-CBOR encoder in this script (maps with
canonical key order, strings, ints, bytes, lists, null, bools and CIDs as tag 42), because
libipld's encoder cannot mark a value as a CID; CIDs are CIDv1 dag-cbor sha2-256. The commit's
``sig`` is 64 zero bytes (nothing verifies it offline).

Output is deterministic: sorted members, fixed timestamps and modes, fixed JSON settings, gzip
mtime 0. Standard library only.

Usage
-----
From the repository root::

    python data_samples/make_more_samples.py            # writes into data_samples/
    python data_samples/make_more_samples.py OUT_DIR    # writes into OUT_DIR
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import sys
import tarfile
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ZIP_DATE = (2024, 1, 1, 0, 0, 0)
TAR_MTIME = 1704067200  # 2024-01-01T00:00:00Z
PLACEHOLDER = b"\xff\xd8\xff\xe0placeholder-jpeg\xff\xd9"


def unix(stamp: str) -> int:
    """'2024-05-01T02:13:00' (UTC) -> Unix seconds."""
    return int(datetime.fromisoformat(stamp).replace(tzinfo=UTC).timestamp())


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    """A deterministic zip: sorted members, fixed date and mode, DEFLATE level 9."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, members[name])


def write_tar_gz(path: Path, members: dict[str, bytes]) -> None:
    """A deterministic tar.gz: sorted members, fixed mtime/owner/mode, gzip mtime 0."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name in sorted(members):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(members[name]), TAR_MTIME, 0o644
            tar.addfile(info, io.BytesIO(members[name]))
    with path.open("wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
        gz.write(buf.getvalue())


def dump(value: Any) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8")


# -------------------------------------------------------------------------------------------
# Instagram + Threads (2024 layout, mojibake)
# -------------------------------------------------------------------------------------------
# kind/flag are the intended results (flag: what the scorers should find; "none": a control).
IG_POSTS = [
    {
        "key": "ig_drinks",
        "at": "2023-07-15T23:41:00",
        "kind": "post",
        "flag": "overshare:alcohol",
        "files": ["shots.jpg"],
        "exif": (52.5200, 13.4050),
        "text": "Tequila shots till 3am with the crew 🍻 totally wasted #fridaynight",
    },
    {
        "key": "ig_holiday",
        "at": "2023-08-02T09:15:00",
        "kind": "post",
        "flag": "overshare:location",
        "files": ["beach1.jpg", "beach2.jpg", "beach3.jpg"],
        "text": "Two weeks in Lisbon ☀️ flat in Berlin is empty till the 20th, plants be strong!",
    },
    {
        "key": "ig_coffee",
        "at": "2023-09-10T08:05:00",
        "kind": "post",
        "flag": "none",
        "files": ["flat_white.jpg"],
        "text": "Flat white at the corner café ☕",
    },
    {
        "key": "ig_talk",
        "at": "2023-11-21T17:30:00",
        "kind": "post",
        "flag": "value:milestone",
        "files": ["talk_clip"],
        "text": "Gave my first meetup talk on Postgres indexing, slides soon!",
    },
]
IG_COMMENTS = [
    {
        "key": "ig_answer",
        "at": "2023-10-03T19:02:00",
        "kind": "comment",
        "flag": "value:answer",
        "owner": "jordan.lee.fict",
        "text": "Use a password manager and turn on 2FA, happy to help you set it up 👍",
    },
    {
        "key": "ig_congrats",
        "at": "2023-12-01T12:00:00",
        "kind": "comment",
        "flag": "none",
        "owner": "riley_fict",
        "text": "Congrats on the new job, Riley! 🎉",
    },
]
THREADS = [
    {
        "key": "th_hiring",
        "at": "2024-02-05T10:00:00",
        "kind": "post",
        "flag": "value:opportunity",
        "reply": False,
        "text": "We're hiring a backend engineer in Berlin (Go, Postgres). DM me! @alex.fict",
    },
    {
        "key": "th_reply",
        "at": "2024-02-05T11:30:00",
        "kind": "reply",
        "flag": "none",
        "reply": True,
        "text": "Thanks, that fixed it! Grüße aus Kreuzberg",
    },
    {
        "key": "th_neutral",
        "at": "2024-03-09T15:20:00",
        "kind": "post",
        "flag": "none",
        "reply": False,
        "text": "Sunday café hopping in Neukölln 🥐",
    },
]


def mojibake(value: Any) -> Any:
    """Meta's encoding: every UTF-8 byte of a string as its own code point."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, dict):
        return {k: mojibake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mojibake(v) for v in value]
    return value


def meta_json(value: Any) -> bytes:
    """As Meta writes it: ASCII JSON with \\u00XX escapes (the mojibake)."""
    return json.dumps(mojibake(value), indent=2).encode("ascii")


def ig_media(spec: dict[str, Any], title: str) -> list[dict[str, Any]]:
    ts = unix(spec["at"])
    month = spec["at"][:7].replace("-", "")
    media = []
    for name in spec.get("files", []):
        item: dict[str, Any] = {
            "uri": f"media/posts/{month}/{name}",
            "creation_timestamp": ts,
            "media_metadata": {"camera_metadata": {"has_camera_metadata": False}},
            "title": title,
            "cross_post_source": {"source_app": "FB"},
        }
        if spec.get("exif"):
            lat, lon = spec["exif"]
            item["media_metadata"]["photo_metadata"] = {
                "exif_data": [
                    {
                        "iso": 200,
                        "latitude": lat,
                        "longitude": lon,
                        "date_time_original": spec["at"].replace("-", ":").replace("T", " "),
                    }
                ]
            }
        media.append(item)
    return media


def ig_post(spec: dict[str, Any]) -> dict[str, Any]:
    if len(spec["files"]) > 1:  # carousel: caption and time at the top level
        return {
            "media": ig_media(spec, ""),
            "title": spec["text"],
            "creation_timestamp": unix(spec["at"]),
        }
    return {"media": ig_media(spec, spec["text"])}


def ig_comment(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "media_list_data": [{"uri": ""}],
        "string_map_data": {
            "Comment": {"value": spec["text"]},
            "Media Owner": {"value": spec["owner"]},
            "Time": {"timestamp": unix(spec["at"])},
        },
    }


def thread_post(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "media": [
            {
                "uri": "",
                "creation_timestamp": unix(spec["at"]),
                "media_metadata": {},
                "title": spec["text"],
                "cross_post_source": {"source_app": "TEXT_POST_APP"},
                "text_app_post": {"reply_control": "everyone", "is_reply": spec["reply"]},
            }
        ]
    }


def instagram_members() -> dict[str, bytes]:
    root = "your_instagram_activity"
    members = {
        f"{root}/content/posts_1.json": meta_json([ig_post(p) for p in reversed(IG_POSTS)]),
        f"{root}/comments/post_comments_1.json": meta_json([ig_comment(c) for c in IG_COMMENTS]),
        f"{root}/threads/threads_and_replies.json": meta_json(
            {"text_post_app_text_posts": [thread_post(t) for t in THREADS]}
        ),
        "start_here.html": b"<html><body>Your information</body></html>\n",
    }
    for spec in IG_POSTS:
        for m in ig_media(spec, ""):
            members[f"{root}/{m['uri']}"] = PLACEHOLDER
    return members


# -------------------------------------------------------------------------------------------
# LinkedIn (Complete export)
# -------------------------------------------------------------------------------------------
LI_BASE = "https://www.linkedin.com/feed/update/urn%3Ali%3A"
LI_SHARES = [
    {
        "key": "li_job",
        "at": "2024-01-16 09:12:05",
        "kind": "post",
        "flag": "value:opportunity",
        "urn": "share%3A7100000000000000101",
        "lines": [
            "We're hiring! A Senior Data Engineer for our Berlin team.",
            "",
            "Remote-friendly, Python + Postgres. Apply: https://jobs.example.com/42",
            "#hiring #dataengineering",
        ],
    },
    {
        "key": "li_security",
        "at": "2024-03-30 14:02:11",
        "kind": "post",
        "flag": "value:security",
        "urn": "ugcPost%3A7100000000000000102",
        "lines": ["Security notice: patch CVE-2024-3094 (xz) today and rotate your SSH keys."],
    },
    {
        "key": "li_rant",
        "at": "2024-04-18 02:07:40",
        "kind": "post",
        "flag": "negative:targeted",
        "urn": "share%3A7100000000000000103",
        "lines": [
            "It's 2 am and my manager just moved the deadline AGAIN.",
            "Worst boss I've ever had, honestly clueless.",
        ],
    },
    {
        "key": "li_reshare",
        "at": "2024-05-02 08:30:00",
        "kind": "repost",
        "flag": "none",
        "urn": "share%3A7100000000000000104",
        "lines": [""],
        "shared": "https://blog.example.org/observability-basics",
    },
    {
        "key": "li_cert",
        "at": "2024-06-11 17:45:00",
        "kind": "post",
        "flag": "value:milestone",
        "urn": "share%3A7100000000000000105",
        "media": "https://media.licdn.example/cert.png",
        "lines": [
            '"Done is better than perfect." Still, I passed the CKA exam today! 🎉',
            "",
            "Thanks to everyone who lent me their notes.",
        ],
    },
]
LI_COMMENTS = [
    {
        "key": "li_answer",
        "at": "2024-02-20 11:03:00",
        "kind": "comment",
        "flag": "value:answer",
        "activity": "7100000000000000201",
        "text": 'Jordan Lee Try "EXPLAIN ANALYZE" first, then add a partial index, it cut '
        "our query time from 2s to 40ms.",
    },
    {
        "key": "li_congrats",
        "at": "2024-03-05 16:20:00",
        "kind": "comment",
        "flag": "none",
        "activity": "7100000000000000202",
        "text": "Riley Fict Congratulations on the new role!",
    },
    {
        "key": "li_multiline",
        "at": "2024-07-01 10:10:00",
        "kind": "comment",
        "flag": "none",
        "activity": "7100000000000000203",
        "text": 'Alex Fict Agreed.\n\nThe "boring tech" argument wins, every time.',
    },
]


def li_shares_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"])
    for s in reversed(LI_SHARES):
        # LinkedIn's quirk: inner lines of a multi-line post stay wrapped in literal quotes.
        commentary = '"\n"'.join(s["lines"])
        writer.writerow(
            [
                s["at"],
                LI_BASE + s["urn"],
                commentary,
                s.get("shared", ""),
                s.get("media", ""),
                "MEMBER_NETWORK",
            ]
        )
    return out.getvalue().encode("utf-8")


def li_comments_csv() -> bytes:
    # LinkedIn escapes quotes inside Message with a backslash instead of doubling them.
    lines = ["Date,Link,Message"]
    for c in reversed(LI_COMMENTS):
        msg = c["text"].replace('"', '\\"')
        if any(ch in msg for ch in ',"\n'):
            msg = f'"{msg}"'
        lines.append(f"{c['at']},{LI_BASE}activity%3A{c['activity']},{msg}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def linkedin_members() -> dict[str, bytes]:
    return {
        "Shares.csv": li_shares_csv(),
        "Comments.csv": li_comments_csv(),
        "Profile.csv": b"First Name,Last Name,Headline\nSam,Sample,Data engineer (fictional)\n",
        "Connections.csv": (
            b"Notes:\nConnections exported (fictional)\n\n"
            b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Jordan,Lee,https://www.linkedin.com/in/jordan-lee-fict,,Example GmbH,CTO,"
            b"01 Jan 2024\n"
        ),
    }


# -------------------------------------------------------------------------------------------
# Mastodon (outbox.json + actor.json in a tar.gz)
# -------------------------------------------------------------------------------------------
M_HOST = "https://social.example"
M_USER = f"{M_HOST}/users/samsample"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
M_ITEMS = [
    {
        "key": "m_rant",
        "at": "2024-01-19T02:13:00Z",
        "kind": "post",
        "flag": "negative:targeted",
        "vis": "public",
        "id": "111800000000000001",
        "html": "<p>2 am and my manager wants the whole report rewritten &amp; on his desk by 8."
        "<br>Clueless, every single time.</p>",
        "text": "2 am and my manager wants the whole report rewritten & on his desk by 8.\n"
        "Clueless, every single time.",
    },
    {
        "key": "m_cw",
        "at": "2024-02-02T20:00:00Z",
        "kind": "post",
        "flag": "none",
        "vis": "unlisted",
        "id": "111800000000000002",
        "summary": "long day",
        "html": "<p>Finally home. Pasta, tea, bed.</p>",
        "text": "CW: long day\n\nFinally home. Pasta, tea, bed.",
    },
    {
        "key": "m_security",
        "at": "2024-03-30T12:00:00Z",
        "kind": "post",
        "flag": "value:security",
        "vis": "public",
        "id": "111800000000000003",
        "tags": ["#security"],
        "html": '<p>Patch now: <a href="https://security.example.org/advisories/xz-2024" '
        'rel="nofollow noopener" target="_blank"><span class="invisible">https://</span>'
        '<span class="ellipsis">security.example.org/advisori</span><span class="invisible">'
        'es/xz-2024</span></a> <a href="https://social.example/tags/security" '
        'class="mention hashtag" rel="tag">#<span>security</span></a></p>',
        "text": "Patch now: https://security.example.org/advisories/xz-2024 #security",
    },
    {
        "key": "m_reply",
        "at": "2024-04-04T09:30:00Z",
        "kind": "reply",
        "flag": "value:answer",
        "vis": "followers",
        "id": "111800000000000004",
        "reply_to": "https://other.example/users/jordan/statuses/222",
        "mentions": [("@jordan@other.example", "https://other.example/@jordan")],
        "html": '<p><span class="h-card"><a href="https://other.example/@jordan" '
        'class="u-url mention">@<span>jordan</span></a></span> Use pg_stat_statements, '
        "then EXPLAIN the top 3 queries. Works every time.</p>",
        "text": "@jordan Use pg_stat_statements, then EXPLAIN the top 3 queries. Works every time.",
    },
    {
        "key": "m_photo",
        "at": "2024-05-25T22:40:00Z",
        "kind": "post",
        "flag": "overshare:alcohol",
        "vis": "public",
        "id": "111800000000000005",
        "media": 1,
        "html": "<p>Third round of cocktails 🍸 nobody is going to work tomorrow</p>",
        "text": "Third round of cocktails 🍸 nobody is going to work tomorrow",
    },
    {
        "key": "m_boost",
        "at": "2024-06-01T07:00:00Z",
        "kind": "repost",
        "flag": "none",
        "vis": "public",
        "id": "111800000000000006",
        "object": "https://other.example/users/riley/statuses/333",
    },
    {
        "key": "m_poll",
        "at": "2024-06-10T10:00:00Z",
        "kind": "post",
        "flag": "none",
        "vis": "public",
        "id": "111800000000000007",
        "poll": ["Tabs", "Spaces"],
        "html": "<p>Settle it once and for all:</p>",
        "text": "Settle it once and for all:\n- Tabs\n- Spaces",
    },
    {
        "key": "m_direct",
        "at": "2024-06-12T18:00:00Z",
        "kind": "reply",
        "flag": "overshare:pii",
        "vis": "direct",
        "id": "111800000000000008",
        "reply_to": "https://other.example/users/jordan/statuses/444",
        "mentions": [("@jordan@other.example", "https://other.example/@jordan")],
        "html": "<p>Sure, call me on 555-0147 after six.</p>",
        "text": "Sure, call me on 555-0147 after six.",
    },
]


def m_audience(vis: str) -> tuple[list[str], list[str]]:
    followers = f"{M_USER}/followers"
    return {
        "public": ([PUBLIC], [followers]),
        "unlisted": ([followers], [PUBLIC]),
        "followers": ([followers], []),
        "direct": (["https://other.example/users/jordan"], []),
    }[vis]


def m_activity(spec: dict[str, Any]) -> dict[str, Any]:
    to, cc = m_audience(spec["vis"])
    status = f"{M_USER}/statuses/{spec['id']}"
    if spec["kind"] == "repost":
        return {
            "id": f"{status}/activity",
            "type": "Announce",
            "actor": M_USER,
            "published": spec["at"],
            "to": to,
            "cc": cc,
            "object": spec["object"],
        }
    tags = [
        {"type": "Mention", "href": href, "name": name} for name, href in spec.get("mentions", [])
    ]
    tags += [
        {"type": "Hashtag", "href": f"{M_HOST}/tags/{t[1:]}", "name": t}
        for t in spec.get("tags", [])
    ]
    obj: dict[str, Any] = {
        "id": status,
        "type": "Question" if spec.get("poll") else "Note",
        "summary": spec.get("summary"),
        "inReplyTo": spec.get("reply_to"),
        "published": spec["at"],
        "url": f"{M_HOST}/@samsample/{spec['id']}",
        "attributedTo": M_USER,
        "to": to,
        "cc": cc,
        "sensitive": bool(spec.get("summary")),
        "content": spec["html"],
        "contentMap": {"en": spec["html"]},
        "attachment": [
            {
                "type": "Document",
                "mediaType": "image/jpeg",
                "url": f"/social_example/media_attachments/files/000/000/00{i}/original/p{i}.jpeg",
                "name": "a photo",
                "blurhash": "UABC",
                "width": 8,
                "height": 8,
            }
            for i in range(spec.get("media", 0))
        ],
        "tag": tags,
    }
    if spec.get("poll"):
        obj["oneOf"] = [
            {"type": "Note", "name": o, "replies": {"type": "Collection", "totalItems": 0}}
            for o in spec["poll"]
        ]
    return {
        "id": f"{status}/activity",
        "type": "Create",
        "actor": M_USER,
        "published": spec["at"],
        "to": to,
        "cc": cc,
        "object": obj,
    }


def mastodon_members() -> dict[str, bytes]:
    outbox = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": len(M_ITEMS),
        "orderedItems": [m_activity(s) for s in M_ITEMS],
    }
    actor = {
        "@context": ["https://www.w3.org/ns/activitystreams"],
        "id": M_USER,
        "type": "Person",
        "preferredUsername": "samsample",
        "name": "Sam Sample",
        "outbox": "outbox.json",
        "likes": "likes.json",
        "bookmarks": "bookmarks.json",
        "icon": {"type": "Image", "mediaType": "image/jpeg", "url": "avatar.jpg"},
    }
    empty = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "type": "OrderedCollection",
        "orderedItems": [],
    }
    return {
        "outbox.json": json.dumps(outbox, ensure_ascii=False, separators=(",", ":")).encode(),
        "actor.json": json.dumps(actor, ensure_ascii=False, separators=(",", ":")).encode(),
        "likes.json": json.dumps({**empty, "id": "likes.json"}).encode(),
        "bookmarks.json": json.dumps({**empty, "id": "bookmarks.json"}).encode(),
        "avatar.jpg": PLACEHOLDER,
        "media_attachments/files/000/000/000/original/p0.jpeg": PLACEHOLDER,
    }


# -------------------------------------------------------------------------------------------
# Bluesky (repo.car): a tiny DAG-CBOR encoder, CIDs, the MST, the CAR
# -------------------------------------------------------------------------------------------
class CID(bytes):
    """Binary CIDv1 bytes, encoded as CBOR tag 42."""


def cid_of(block: bytes, codec: int = 0x71) -> CID:
    return CID(bytes([0x01, codec, 0x12, 0x20]) + hashlib.sha256(block).digest())


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for size, code in ((1, 24), (2, 25), (4, 26), (8, 27)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | code]) + n.to_bytes(size, "big")
    raise ValueError(n)


def dag_cbor(v: Any) -> bytes:
    """DAG-CBOR of maps (keys ordered by length, then bytes), strings, ints, bytes, CIDs."""
    if v is None:
        return b"\xf6"
    if v is True or v is False:
        return b"\xf5" if v else b"\xf4"
    if isinstance(v, int):
        return _head(0, v) if v >= 0 else _head(1, -1 - v)
    if isinstance(v, CID):
        return b"\xd8\x2a" + _head(2, len(v) + 1) + b"\x00" + bytes(v)
    if isinstance(v, bytes):
        return _head(2, len(v)) + v
    if isinstance(v, str):
        raw = v.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(v, list):
        return _head(4, len(v)) + b"".join(dag_cbor(x) for x in v)
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: (len(k.encode()), k.encode()))
        return _head(5, len(v)) + b"".join(dag_cbor(k) + dag_cbor(v[k]) for k in keys)
    raise TypeError(type(v))


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


DID = "did:plc:samplesam0fictional0000"
OTHER = "did:plc:jordanfict0000000000000"


def tid(stamp: str, clock: int = 0) -> str:
    """An atproto TID (13 base32-sortable chars) for a time; clock id keeps them unique."""
    alphabet = "234567abcdefghijklmnopqrstuvwxyz"
    micros = unix(stamp[:19]) * 1_000_000
    n = (micros << 10) | clock
    return "".join(alphabet[(n >> (5 * i)) & 31] for i in reversed(range(13)))


def facet(text: str, part: str, feature: dict[str, Any]) -> dict[str, Any]:
    """A facet over the first occurrence of ``part``, with UTF-8 *byte* offsets."""
    start = text.encode("utf-8").index(part.encode("utf-8"))
    return {
        "index": {"byteStart": start, "byteEnd": start + len(part.encode("utf-8"))},
        "features": [feature],
    }


def blob(seed: str) -> dict[str, Any]:
    return {
        "$type": "blob",
        "ref": cid_of(seed.encode(), 0x55),
        "mimeType": "image/jpeg",
        "size": 1234,
    }


def post_ref(did: str, rkey: str) -> dict[str, Any]:
    uri = f"at://{did}/app.bsky.feed.post/{rkey}"
    return {"uri": uri, "cid": "bafyreifictional" + hashlib.sha256(uri.encode()).hexdigest()[:20]}


BSKY = [
    {
        "key": "b_phone",
        "at": "2024-03-02T18:20:00.000Z",
        "kind": "post",
        "flag": "overshare:pii",
        "text": "Viewing the flat on Saturday, call me on 555-0163 if you're interested",
    },
    {
        "key": "b_security",
        "at": "2024-03-30T12:05:00.000Z",
        "kind": "post",
        "flag": "value:security",
        "text": "🔐 Patch now: security.example.org/advis... #security",
        "link": (
            "security.example.org/advis...",
            "https://security.example.org/advisories/xz-2024",
        ),
        "tag": "security",
    },
    {
        "key": "b_reply",
        "at": "2024-04-04T09:35:00.000Z",
        "kind": "reply",
        "flag": "value:answer",
        "text": "@jordan.example.com pg_stat_statements first, then EXPLAIN ANALYZE 👍",
        "mention": "@jordan.example.com",
        "reply": "3kfictparent2",
    },
    {
        "key": "b_quote",
        "at": "2024-05-10T08:00:00.000Z",
        "kind": "quote",
        "flag": "none",
        "text": "This thread on error budgets is great",
        "quote": "3kfictquoted2",
    },
    {
        "key": "b_holiday",
        "at": "2024-07-20T10:00:00.000Z",
        "kind": "post",
        "flag": "overshare:location",
        "images": 2,
        "text": "Two weeks in Crete 🏝️ the flat in Berlin is all yours, burglars",
    },
    {
        "key": "b_quote_media",
        "at": "2024-08-01T21:00:00.000Z",
        "kind": "quote",
        "flag": "none",
        "text": "Same energy 😂",
        "quote": "3kfictquoted3",
        "images": 1,
    },
    {
        "key": "b_repost",
        "at": "2024-08-02T07:00:00.000Z",
        "kind": "repost",
        "flag": "none",
        "subject": "3kfictrepost1",
    },
    {
        "key": "b_like1",
        "at": "2024-08-03T07:00:00.000Z",
        "kind": "like",
        "flag": "none",
        "subject": "3kfictliked01",
    },
    {
        "key": "b_like2",
        "at": "2024-08-04T07:00:00.000Z",
        "kind": "like",
        "flag": "none",
        "subject": "3kfictliked02",
    },
]


def bsky_record(spec: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    kind = spec["kind"]
    if kind in ("repost", "like"):
        collection = "app.bsky.feed.repost" if kind == "repost" else "app.bsky.feed.like"
        return collection, {
            "$type": collection,
            "subject": post_ref(OTHER, spec["subject"]),
            "createdAt": spec["at"],
        }
    text = spec["text"]
    rec: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "text": text,
        "langs": ["en"],
        "createdAt": spec["at"],
    }
    facets = []
    if spec.get("link"):
        shown, uri = spec["link"]
        facets.append(facet(text, shown, {"$type": "app.bsky.richtext.facet#link", "uri": uri}))
    if spec.get("tag"):
        facets.append(
            facet(
                text,
                "#" + spec["tag"],
                {"$type": "app.bsky.richtext.facet#tag", "tag": spec["tag"]},
            )
        )
    if spec.get("mention"):
        facets.append(
            facet(text, spec["mention"], {"$type": "app.bsky.richtext.facet#mention", "did": OTHER})
        )
    if facets:
        rec["facets"] = facets
    if spec.get("reply"):
        parent = post_ref(OTHER, spec["reply"])
        rec["reply"] = {"root": parent, "parent": parent}
    images = {
        "$type": "app.bsky.embed.images",
        "images": [
            {
                "alt": "",
                "image": blob(f"{spec['key']}{i}"),
                "aspectRatio": {"width": 4, "height": 3},
            }
            for i in range(spec.get("images", 0))
        ],
    }
    if spec.get("quote") and spec.get("images"):
        rec["embed"] = {
            "$type": "app.bsky.embed.recordWithMedia",
            "record": {"$type": "app.bsky.embed.record", "record": post_ref(OTHER, spec["quote"])},
            "media": images,
        }
    elif spec.get("quote"):
        rec["embed"] = {"$type": "app.bsky.embed.record", "record": post_ref(OTHER, spec["quote"])}
    elif spec.get("images"):
        rec["embed"] = images
    return "app.bsky.feed.post", rec


def mst_layer(key: str) -> int:
    """Leading zero bits of sha256(key), counted in pairs (fanout 4)."""
    digest, zeros = hashlib.sha256(key.encode()).digest(), 0
    for byte in digest:
        if byte == 0:
            zeros += 8
            continue
        zeros += 8 - byte.bit_length()
        break
    return zeros // 2


def build_mst(items: list[tuple[str, CID]], layer: int, blocks: dict[CID, bytes]) -> CID | None:
    """The MST node (and its subtrees) of sorted ``items`` at ``layer``; returns its CID."""
    if not items:
        return None
    groups: list[list[tuple[str, CID]]] = [[]]
    here: list[tuple[str, CID]] = []
    for key, cid in items:
        if mst_layer(key) == layer:
            here.append((key, cid))
            groups.append([])
        else:
            groups[-1].append((key, cid))
    node: dict[str, Any] = {"l": build_mst(groups[0], layer - 1, blocks), "e": []}
    previous = b""
    for (key, cid), after in zip(here, groups[1:], strict=True):
        raw = key.encode()
        shared = 0
        while shared < min(len(raw), len(previous)) and raw[shared] == previous[shared]:
            shared += 1
        node["e"].append(
            {"p": shared, "k": raw[shared:], "v": cid, "t": build_mst(after, layer - 1, blocks)}
        )
        previous = raw
    data = dag_cbor(node)
    cid = cid_of(data)
    blocks[cid] = data
    return cid


def bluesky_car() -> bytes:
    blocks: dict[CID, bytes] = {}
    entries: list[tuple[str, CID]] = []

    def put(key: str, record: dict[str, Any]) -> None:
        data = dag_cbor(record)
        cid = cid_of(data)
        blocks[cid] = data
        entries.append((key, cid))

    for i, spec in enumerate(BSKY):
        collection, record = bsky_record(spec)
        put(f"{collection}/{tid(spec['at'], i)}", record)
    put(
        "app.bsky.actor.profile/self",
        {
            "$type": "app.bsky.actor.profile",
            "displayName": "Sam Sample",
            "description": "fictional",
        },
    )
    put(
        f"app.bsky.graph.follow/{tid('2024-01-01T00:00:00', 99)}",
        {"$type": "app.bsky.graph.follow", "subject": OTHER, "createdAt": "2024-01-01T00:00:00Z"},
    )
    entries.sort()
    top = max(mst_layer(k) for k, _ in entries)
    root = build_mst(entries, top, blocks)
    commit = dag_cbor(
        {
            "did": DID,
            "version": 3,
            "data": root,
            "rev": tid("2024-09-01T00:00:00"),
            "prev": None,
            "sig": bytes(64),
        }
    )
    commit_cid = cid_of(commit)
    blocks[commit_cid] = commit
    header = dag_cbor({"roots": [commit_cid], "version": 1})
    out = [varint(len(header)), header]
    for cid in [commit_cid, *sorted(c for c in blocks if c != commit_cid)]:
        out += [varint(len(cid) + len(blocks[cid])), bytes(cid), blocks[cid]]
    return b"".join(out)


# -------------------------------------------------------------------------------------------
# Reddit (GDPR export)
# -------------------------------------------------------------------------------------------
R_POSTS = [
    {
        "key": "r_rant",
        "id": "1a2b3c",
        "at": "2024-01-24 02:19:33",
        "kind": "post",
        "flag": "negative:targeted",
        "sub": "cscareerquestions",
        "title": "My manager is the worst, 2 am and still on Slack",
        "body": "He pinged me at 2 am to ask why a report from March was late.\n\n"
        "Clueless. I'm done with this guy.",
    },
    {
        "key": "r_job",
        "id": "1a2b3d",
        "at": "2024-02-14 10:00:00",
        "kind": "post",
        "flag": "value:opportunity",
        "sub": "berlinjobs",
        "title": "[Hiring] Backend engineer (Go), Berlin, hybrid",
        "url": "https://jobs.example.com/42",
        "body": "",
    },
    {
        "key": "r_deleted",
        "id": "1a2b3e",
        "at": "2024-03-01 12:00:00",
        "kind": "post",
        "flag": "none",
        "sub": "AskBerlin",
        "title": "Best Döner near Kottbusser Tor?",
        "body": "[deleted]",
    },
]
R_COMMENTS = [
    {
        "key": "r_answer",
        "id": "k1x2y3",
        "at": "2024-02-20 18:45:10",
        "kind": "comment",
        "flag": "value:answer",
        "sub": "PostgreSQL",
        "parent": "t3_1zzzzz",
        "body": "Run `EXPLAIN (ANALYZE, BUFFERS)` first.\n\nThen:\n\n- add a partial index\n"
        '- VACUUM ANALYZE the table\n\nCut ours from 2 s to 40 ms, "no magic".',
    },
    {
        "key": "r_removed",
        "id": "k1x2y4",
        "at": "2024-03-03 09:00:00",
        "kind": "comment",
        "flag": "none",
        "sub": "AskBerlin",
        "parent": "t1_k0zzzz",
        "body": "[removed]",
    },
    {
        "key": "r_neutral",
        "id": "k1x2y5",
        "at": "2024-04-11 20:30:00",
        "kind": "comment",
        "flag": "none",
        "sub": "Coffee",
        "parent": "t3_1yyyyy",
        "body": "A flat white, every single morning ☕",
    },
]


def reddit_members() -> dict[str, bytes]:
    def table(header: list[str], rows: list[list[str]]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")

    def link(sub: str, pid: str, slug: str) -> str:
        return f"https://www.reddit.com/r/{sub}/comments/{pid}/{slug}/"

    posts = [
        [
            p["id"],
            link(p["sub"], p["id"], p["key"]),
            p["at"] + " UTC",
            "203.0.113.7",
            p["sub"],
            "0",
            p["title"],
            p.get("url") or link(p["sub"], p["id"], p["key"]),
            p["body"],
        ]
        for p in R_POSTS
    ]
    comments = [
        [
            c["id"],
            link(c["sub"], c["parent"][3:], "x") + c["id"] + "/",
            c["at"] + " UTC",
            "203.0.113.8",
            c["sub"],
            "0",
            link(c["sub"], c["parent"][3:], "x"),
            c["parent"],
            c["body"],
            "",
        ]
        for c in R_COMMENTS
    ]
    return {
        "posts.csv": table(
            ["id", "permalink", "date", "ip", "subreddit", "gildings", "title", "url", "body"],
            posts,
        ),
        "comments.csv": table(
            [
                "id",
                "permalink",
                "date",
                "ip",
                "subreddit",
                "gildings",
                "link",
                "parent",
                "body",
                "media",
            ],
            comments,
        ),
        "post_votes.csv": table(
            ["id", "permalink", "direction"], [["1q2w3e", link("Coffee", "1q2w3e", "x"), "up"]]
        ),
        "subscribed_subreddits.csv": table(["subreddit"], [["PostgreSQL"], ["Coffee"]]),
    }


# -------------------------------------------------------------------------------------------
# Expected facts
# -------------------------------------------------------------------------------------------
def _facts(
    archive: str, platform: str, groups: dict[str, list[dict[str, Any]]], text_of: Any
) -> dict[str, Any]:
    by_platform = {
        p: dict(sorted(Counter(s["kind"] for s in specs if s["kind"] != "like").items()))
        for p, specs in groups.items()
    }
    likes = sum(1 for specs in groups.values() for s in specs if s["kind"] == "like")
    notable = [
        {"key": s["key"], "platform": p, "kind": s["kind"], "flag": s["flag"], "text": text_of(s)}
        for p, specs in groups.items()
        for s in specs
    ]
    return {
        "archive": archive,
        "importer": platform,
        "rows": sum(sum(k.values()) for k in by_platform.values()),
        "by_platform_kind": by_platform,
        "likes": likes,
        "notable": notable,
    }


def expected() -> dict[str, Any]:
    return {
        "_about": "Facts about the archives written by make_more_samples.py, for tests. "
        "'rows' and 'by_platform_kind' count rows after import without likes; "
        "'likes' is the extra rows with include_likes=True. 'notable' gives each "
        "item's intended kind, the reason code the scorers are meant to produce "
        "('none' = a control) and its text after import.",
        "instagram": _facts(
            "instagram.zip",
            "instagram",
            {"instagram": IG_POSTS + IG_COMMENTS, "threads": THREADS},
            lambda s: s["text"],
        ),
        "linkedin": _facts(
            "linkedin.zip",
            "linkedin",
            {"linkedin": LI_SHARES + LI_COMMENTS},
            lambda s: s.get("text") or "\n".join(s["lines"]).strip(),
        ),
        "mastodon": _facts(
            "mastodon.tar.gz", "mastodon", {"mastodon": M_ITEMS}, lambda s: s.get("text", "")
        ),
        "bluesky": _facts(
            "bluesky.car",
            "bluesky",
            {"bluesky": BSKY},
            lambda s: (
                s.get("text", "").replace(*s.get("link", ("", "")))
                if s.get("link")
                else s.get("text", "")
            ),
        ),
        "reddit": _facts(
            "reddit.zip",
            "reddit",
            {"reddit": R_POSTS + R_COMMENTS},
            lambda s: (
                (
                    f"{s['title']}\n\n{s['body']}"
                    if s["body"] not in ("", "[deleted]")
                    else s["title"]
                )
                if "title" in s
                else ("" if s["body"] == "[removed]" else s["body"])
            ),
        ),
    }


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_zip(out / "instagram.zip", instagram_members())
    write_zip(out / "linkedin.zip", linkedin_members())
    write_tar_gz(out / "mastodon.tar.gz", mastodon_members())
    (out / "bluesky.car").write_bytes(bluesky_car())
    write_zip(out / "reddit.zip", reddit_members())
    (out / "EXPECTED_MORE.json").write_text(
        json.dumps(expected(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
