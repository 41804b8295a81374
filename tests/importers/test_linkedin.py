"""The LinkedIn importer: the real 2025 Shares.csv and Comments.csv, and synthetic quirks."""

from __future__ import annotations

import csv
import io
import warnings

import pytest

import audit
from audit.errors import ArchiveFormatError, AuditWarning
from audit.importers.linkedin import unwrap_lines
from audit.schema import validate_posts
from tests.helpers import shared_sample

SHARES = "linkedin/linkedin-2025_Shares.csv"
COMMENTS = "linkedin/linkedin-2025_Comments.csv"
BASE = "https://www.linkedin.com/feed/update/urn%3Ali%3A"


def load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", AuditWarning)
        return audit.load_archive(path)


def test_real_export_every_share_and_comment(make_archive):
    path = make_archive(
        {"Shares.csv": shared_sample(SHARES), "Comments.csv": shared_sample(COMMENTS)}
    )
    posts = load(path)
    validate_posts(posts)
    assert posts.attrs["platform"] == "linkedin"
    # 202 share rows are 198 shares: one video share fills 5 rows (one per thumbnail size).
    assert posts["kind"].value_counts().to_dict() == {"comment": 323, "post": 198}
    assert posts.attrs["duplicates"] == 4
    assert str(posts["created_at"].dtype) == "datetime64[us, UTC]"
    shares = posts[posts["kind"] == "post"]
    assert shares["url"].str.startswith(BASE).all()
    assert shares["post_id"].str.match(r"urn:li:(share|ugcPost|groupPost):[\w-]+$").all()
    assert (shares["text"] == "").sum() == 14  # image/document posts without commentary
    # no literal quote wrappers are left: no '""' line, and unwrapping again changes nothing
    assert not posts["text"].str.contains('\n""\n', regex=False).any()
    assert not posts["text"].str.contains(r'(?m)^""$', regex=True).any()
    assert posts["text"].map(lambda t: unwrap_lines(t) == t).all()
    first = shares.set_index("post_id").loc["urn:li:share:7345821826846990338", "text"]
    assert first.startswith("I'm off for a 10-day Vipassana meditation program.\n\n𝗪𝗛𝗔𝗧?")
    assert first.endswith("But I won't be replying.")
    comments = posts[posts["kind"] == "comment"]
    assert comments["url"].str.startswith(BASE).all()
    assert not comments["text"].str.contains('\\"', regex=False).any()
    assert comments["text"].str.contains('"', regex=False).any()  # the quotes themselves stay


def test_real_comments_break_a_default_reader_but_not_ours(tmp_path, make_archive):
    raw = shared_sample(COMMENTS).read_text(encoding="utf-8")
    default = list(csv.reader(io.StringIO(raw, newline="")))
    assert any(len(r) != 3 for r in default)  # the trap is real
    posts = load(make_archive({"Comments.csv": shared_sample(COMMENTS)}))
    assert len(posts) == 323


def _shares_csv(*rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"])
    w.writerows(rows)
    return out.getvalue()


def test_unwrap_lines_only_touches_the_wrapper_shape():
    assert unwrap_lines('Hi."\n""\n"Bye') == "Hi.\n\nBye"
    assert unwrap_lines('"Quoted" first."\n"second') == '"Quoted" first.\nsecond'
    assert unwrap_lines("one line") == "one line"
    assert unwrap_lines('a\nb "c"') == 'a\nb "c"'  # not the wrapper shape: unchanged


def test_reshare_is_a_repost_and_member_id_file_name(make_archive):
    files = {
        "Shares_123456.csv": _shares_csv(
            ["2024-05-02 08:30:00", BASE + "share%3A1", "", "https://example.org/a", "", "PUBLIC"],
            [
                "2024-05-03 02:07:00",
                BASE + "ugcPost%3A2",
                'Late."\n"Again',
                "",
                "https://m/x.png",
                "PUBLIC",
            ],
        ),
    }
    posts = load(make_archive(files)).set_index("post_id")
    assert posts.loc["urn:li:share:1", "kind"] == "repost"
    assert posts.loc["urn:li:share:1", "links"] == ["https://example.org/a"]
    assert posts.loc["urn:li:ugcPost:2", "text"] == "Late.\nAgain"
    assert posts.loc["urn:li:ugcPost:2", "media_count"] == 1
    # naive dates are read as UTC
    assert str(posts.loc["urn:li:ugcPost:2", "created_at"]) == "2024-05-03 02:07:00+00:00"


def test_backslash_quotes_and_a_malformed_row_is_counted(make_archive):
    comments = (
        "Date,Link,Message\n"
        f'2024-02-20 11:03:00,{BASE}activity%3A1,"Jo Try \\"EXPLAIN\\", then index"\n'
        f"not a date,{BASE}activity%3A2,hello\n"
        f"2024-02-21 11:03:00,{BASE}activity%3A3,plain #python text\n"
    )
    path = make_archive({"Comments.csv": comments})
    with pytest.warns(AuditWarning, match=r"Comments\.csv: skipped 1 malformed record"):
        posts = audit.load_archive(path)
    assert posts["text"].tolist() == ['Jo Try "EXPLAIN", then index', "plain #python text"]
    assert posts["hashtags"].tolist() == [[], ["python"]]
    assert posts.attrs["skipped"] == {"Comments.csv": 1}


def test_basic_export_without_shares_or_comments_says_so(make_archive):
    path = make_archive({"Profile.csv": "First Name\nSam\n", "Connections.csv": "x\n"})
    with pytest.raises(ArchiveFormatError, match=r"Basic export without them.*Complete export"):
        audit.load_archive(path)


def test_wrong_columns_name_the_file(make_archive):
    path = make_archive({"Shares.csv": "a,b\n1,2\n"})
    with pytest.raises(ArchiveFormatError, match=r"Shares\.csv: expected a LinkedIn CSV"):
        audit.load_archive(path)
