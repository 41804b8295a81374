"""The Reddit importer: synthetic GDPR-export files (no real export is available; FORMATS 7)."""

from __future__ import annotations

import csv
import io
import warnings

import pytest

import audit
from audit.errors import ArchiveFormatError, AuditWarning, UnknownArchiveError
from audit.schema import validate_posts

POSTS_HEADER = ["id", "permalink", "date", "ip", "subreddit", "gildings", "title", "url", "body"]
COMMENTS_HEADER = [
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
]


def table(header, *rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


POSTS = table(
    POSTS_HEADER,
    [
        "abc1",
        "/r/python/comments/abc1/tabs/",
        "2023-01-15 12:34:56 UTC",
        "203.0.113.7",
        "python",
        "0",
        "Tabs or spaces?",
        "https://www.reddit.com/r/python/comments/abc1/tabs/",
        'Line one.\n\nLine "two".',
    ],
    [
        "abc2",
        "/r/jobs/comments/abc2/hiring/",
        "2023-02-01 08:00:00 UTC",
        "",
        "jobs",
        "0",
        "Hiring",
        "https://jobs.example.com/1",
        "[deleted]",
    ],
)
COMMENTS = table(
    COMMENTS_HEADER,
    [
        "c1",
        "/r/python/comments/abc9/x/c1/",
        "2023-03-01 02:00:00 UTC",
        "203.0.113.8",
        "python",
        "0",
        "/r/python/comments/abc9/x/",
        "t3_abc9",
        "Use `ruff`, see https://docs.example.org\n- a",
        "",
    ],
    [
        "c2",
        "/r/python/comments/abc9/x/c2/",
        "2023-03-02 02:00:00 UTC",
        "",
        "python",
        "0",
        "/r/python/comments/abc9/x/",
        "t1_c1",
        "[removed]",
        "",
    ],
)


def load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", AuditWarning)
        return audit.load_archive(path)


def test_posts_and_comments(make_archive):
    path = make_archive({"posts.csv": POSTS, "comments.csv": COMMENTS, "post_votes.csv": "id\n"})
    posts = load(path)
    validate_posts(posts)
    assert posts.attrs["platform"] == "reddit"
    assert posts[["post_id", "kind"]].values.tolist() == [
        ["t3_abc1", "post"],
        ["t3_abc2", "post"],
        ["t1_c1", "comment"],
        ["t1_c2", "comment"],
    ]
    assert posts["text"].tolist() == [
        'Tabs or spaces?\n\nLine one.\n\nLine "two".',
        "Hiring",
        "Use `ruff`, see https://docs.example.org\n- a",
        "",
    ]
    assert posts["url"].str.startswith("https://www.reddit.com/r/").all()
    assert posts.loc[0, "links"] == []  # a self post's url is its own permalink
    assert posts.loc[1, "links"] == ["https://jobs.example.com/1"]
    assert posts["created_at"].iloc[0].isoformat() == "2023-01-15T12:34:56+00:00"
    # the IP address never reaches the table
    assert not posts.astype(str).apply(lambda c: c.str.contains("203.0.113")).any().any()


def test_detected_by_header_without_companion_files(make_archive):
    assert len(load(make_archive({"comments.csv": COMMENTS}))) == 2


def test_lone_unrelated_posts_csv_is_not_reddit(make_archive):
    with pytest.raises(UnknownArchiveError):
        audit.load_archive(make_archive({"posts.csv": "a,b\n1,2\n"}))


def test_youtube_comments_csv_is_refused_clearly(make_archive):
    youtube = table(
        ["Comment ID", "Channel ID", "Comment Create Timestamp", "Comment Text"],
        ["Ug1", "UC1", "2023-01-01T00:00:00+00:00", '{"text":"hi"}'],
    )
    path = make_archive({"Takeout/YouTube and YouTube Music/comments/comments.csv": youtube})
    with pytest.raises(ArchiveFormatError, match=r"Google Takeout YouTube comments file"):
        audit.load_archive(path)


def test_malformed_row_is_counted(make_archive):
    bad = COMMENTS + "c3,/r/x/,yesterday,,x,0,,,text,\r\n"
    path = make_archive({"comments.csv": bad, "comment_votes.csv": "id\n"})
    with pytest.warns(AuditWarning, match=r"comments\.csv: skipped 1 malformed record"):
        posts = audit.load_archive(path)
    assert len(posts) == 2
