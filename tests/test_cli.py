"""The command line, end to end: ``python -m audit inventory``."""

from __future__ import annotations

import subprocess
import sys

from audit.cli import main
from tests.helpers import DATA_SAMPLES, REPO


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
