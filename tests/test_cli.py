"""The command line, end to end: ``python -m audit inventory``."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from audit.cli import main
from tests.helpers import DATA_SAMPLES, REPO, sample_archives


def test_inventory_writes_a_standalone_page(tmp_path, capsys):
    out = tmp_path / "reports" / "inventory.html"
    code = main(
        [
            "inventory",
            str(DATA_SAMPLES / "twitter.zip"),
            str(DATA_SAMPLES / "facebook.zip"),
            "-o",
            str(out),
        ]
    )
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "80 posts, replies, reposts and comments, 2015-08-09 to 2025-06-27." in page
    assert "<td>twitter</td>" in page and "<td>facebook</td>" in page
    assert "http" not in page.split("<body>", 1)[0]  # nothing loaded from anywhere
    assert "<script" not in page
    printed = capsys.readouterr().out
    assert printed.startswith("80 items imported (11 comment, 57 post, 2 quote, 7 reply, 3 repost)")


def test_user_errors_are_one_line_and_exit_2(tmp_path, capsys):
    code = main(["inventory", str(tmp_path / "missing.zip"), "-o", str(tmp_path / "x.html")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("audit: error: ") and "nothing at that path" in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_python_dash_m_audit(tmp_path):
    out = tmp_path / "inv.html"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "audit",
            "inventory",
            str(DATA_SAMPLES / "twitter.zip"),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    assert "41 items imported" in run.stdout
    assert out.is_file()
    help_run = subprocess.run(
        [sys.executable, "-m", "audit", "--help"], capture_output=True, text=True
    )
    assert "inventory" in help_run.stdout and "Nothing is sent anywhere" in help_run.stdout


def test_scan_prints_summary_and_writes_csv(tmp_path, capsys):
    csv = tmp_path / "flagged.csv"
    code = main(["scan", *map(str, sample_archives()), "--csv", str(csv), "--top", "3", "-q"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# Footprint audit\n\n80 posts audited")
    assert out.count("risk 0.") == 3
    assert csv.is_file() and "flagged posts written to" in out


def test_scan_strict_exit_code_and_masking(capsys):
    code = main(
        ["scan", str(DATA_SAMPLES / "twitter.zip"), "--strict", "--mask-pii", "-q", "--top", "40"]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "555-01" not in out


def test_thresholds_change_the_flags(capsys):
    main(
        [
            "scan",
            str(DATA_SAMPLES / "twitter.zip"),
            "-q",
            "--negativity-threshold",
            "1",
            "--overshare-threshold",
            "1",
            "--value-threshold",
            "1",
        ]
    )
    out = capsys.readouterr().out
    assert ": 0 negative (0 aimed at a person), 0 oversharing, 0 adding value." in out


def test_export_with_decisions(tmp_path, capsys):
    import json

    decisions = tmp_path / "decisions.json"
    decisions.write_text(
        json.dumps(
            {
                "version": 1,
                "decisions": {
                    "twitter:969756162922676520": {
                        "decision": "delete",
                        "at": "2026-01-01T00:00:00+00:00",
                    }
                },
            }
        )
    )
    code = main(
        [
            "export",
            str(DATA_SAMPLES / "twitter.zip"),
            "-o",
            str(tmp_path / "out"),
            "--decisions",
            str(decisions),
            "-q",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    for name in ("flagged.csv", "delete-list.csv", "keep-list.csv"):
        assert (tmp_path / "out" / name).is_file(), name
    assert "flagged:" in out and "tweets.js:" in out
    js = (tmp_path / "out" / "tweets-to-delete.js").read_text(encoding="utf-8")
    assert '"id_str" : "969756162922676520"' in js or '"id_str": "969756162922676520"' in js


def test_report_command_end_to_end(tmp_path):
    out = tmp_path / "r" / "report.html"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "audit",
            "report",
            str(DATA_SAMPLES / "twitter.zip"),
            "-o",
            str(out),
            "--mask-pii",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    assert f"report written to {out}" in run.stdout
    page = out.read_text(encoding="utf-8")
    assert "41 posts audited" in page and "<script" not in page


def test_bad_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["scan"])
    assert exc.value.code == 2
    assert "the following arguments are required: ARCHIVE" in capsys.readouterr().err


def test_scan_and_export_with_mask_people_name_nobody_else(tmp_path, capsys):
    import pandas as pd

    from tests.real_format import ENGLISH, x_archive

    timeline = [(ENGLISH[0], "en"), ("@anna_b you are a useless liar, Kevin knows it", "en")]
    path = str(x_archive(tmp_path / "a", timeline=timeline))
    args = [path, "-q", "--rules-only"]
    assert main(["scan", *args, "--mask-people"]) == 0
    out = capsys.readouterr().out
    assert main(["export", *args, "--mask-people", "-o", str(tmp_path / "x")]) == 0
    assert main(["export", *args, "-o", str(tmp_path / "y")]) == 0
    flagged = pd.read_csv(tmp_path / "x" / "flagged.csv", dtype=str, keep_default_na=False)
    original = pd.read_csv(tmp_path / "y" / "flagged.csv", dtype=str, keep_default_na=False)
    assert len(flagged) == len(original) == 2  # the same flags
    shown = " ".join([*original["text"], *original["target"]])
    assert {"@dave", "@anna_b", "Kevin"} <= set(re.findall(r"@\w+|Kevin", shown))
    masked = " ".join([*flagged["text"], *flagged["target"], out])
    assert not re.search(r"@dave|@anna_b|Kevin", masked)
    assert "@person1" in masked and "@person2" in masked and "[name1]" in masked


def test_a_missing_decisions_file_is_an_error(tmp_path, capsys):
    code = main(["scan", str(DATA_SAMPLES / "twitter.zip"), "-q", "--decisions",
                 str(tmp_path / "decisons.json")])
    assert code == 2
    err = capsys.readouterr().err
    assert "decisons.json: expected the decisions.json the interactive audit wrote" in err


def test_platform_option_names_the_platform(tmp_path, capsys):
    import shutil
    import zipfile

    folder = tmp_path / "renamed"
    with zipfile.ZipFile(DATA_SAMPLES / "twitter.zip") as zf:
        zf.extractall(folder)
    assert main(["inventory", str(folder), "--platform", "twitter", "-o",
                 str(tmp_path / "i.html")]) == 0
    shutil.move(folder / "data" / "tweets.js", folder / "data" / "my-tweets.js")
    for extra in folder.rglob("*.js"):
        if extra.name != "my-tweets.js":
            extra.unlink()
    code = main(["inventory", str(folder), "--platform", "twitter", "-o",
                 str(tmp_path / "j.html")])
    assert code == 2
    assert "expected the files of a X/Twitter" in capsys.readouterr().err


def test_make_lab_runs_as_root_and_fetches_no_news():
    import json
    import os
    import shutil

    if shutil.which("make") is None:
        pytest.skip("needs make")
    command = subprocess.run(
        ["make", "-n", "lab"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    assert "--LabApp.news_url=None" in command and "NeverCheckForUpdate" in command
    assert ("--allow-root" in command) == (os.getuid() == 0)
    overrides = REPO / ".venv" / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if sys.prefix == str(REPO / ".venv"):  # installed by make: the news prompt is off
        settings = json.loads(overrides.read_text(encoding="utf-8"))
        assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
