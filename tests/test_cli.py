"""The command line, end to end: ``python -m audit inventory``."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from audit.cli import main
from tests.helpers import DATA_SAMPLES, REPO, sample_archives
from tests.message_shape import assert_one_fix


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
    head = page.split("<body>", 1)[0]
    assert "http://" not in head and "https://" not in head  # nothing loaded from anywhere
    assert "default-src 'none'" in head  # and the browser is told to load nothing
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
    code = main(
        [
            "scan",
            str(DATA_SAMPLES / "twitter.zip"),
            "-q",
            "--decisions",
            str(tmp_path / "decisons.json"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "decisons.json: expected the decisions.json the interactive audit wrote" in err


def test_platform_option_names_the_platform(tmp_path, capsys):
    import shutil
    import zipfile

    folder = tmp_path / "renamed"
    with zipfile.ZipFile(DATA_SAMPLES / "twitter.zip") as zf:
        zf.extractall(folder)
    assert (
        main(["inventory", str(folder), "--platform", "twitter", "-o", str(tmp_path / "i.html")])
        == 0
    )
    shutil.move(folder / "data" / "tweets.js", folder / "data" / "my-tweets.js")
    for extra in folder.rglob("*.js"):
        if extra.name != "my-tweets.js":
            extra.unlink()
    code = main(["inventory", str(folder), "--platform", "twitter", "-o", str(tmp_path / "j.html")])
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


# -- every input checked before any work starts (issue 16) -----------------------------------


@pytest.fixture
def inputs(tmp_path):
    """Bad inputs of every kind, side by side."""
    afile = tmp_path / "afile"
    afile.write_text("x")
    bad_json = tmp_path / "decisions.json"
    bad_json.write_text("{bad")
    notzip = tmp_path / "x.zip"
    notzip.write_text("not a zip")
    cut_tar = tmp_path / "archive-1.tar.gz"
    cut_tar.write_bytes((DATA_SAMPLES / "mastodon.tar.gz").read_bytes()[:400])
    notcar = tmp_path / "repo.car"
    notcar.write_text("not a car " * 20)
    notes = tmp_path / "notes"
    notes.mkdir()
    for name in ("a.txt", "b.pdf", "c.md"):
        (notes / name).write_text("x")
    takeout = tmp_path / "takeout"
    (takeout / "Takeout").mkdir(parents=True)
    (takeout / "Takeout" / "archive_browser.html").write_text("<html>")
    return tmp_path


X = str(DATA_SAMPLES / "twitter.zip")
TZ = (
    "--timezone: expected an IANA time-zone name (Europe/Berlin) or one of X's (Kyiv, London); "
    "got 'Mars/Olympus'",
    'Fix: pass e.g. "Europe/Berlin"',
)
# (arguments, with {t} for the folder of bad inputs; the message after "audit: error: "; its fix)
OPTION_ERRORS = [
    (["scan", X, "--timezone", "Mars/Olympus"], *TZ),
    (["report", X, "--timezone", "Mars/Olympus"], *TZ),
    (["export", X, "--timezone", "Mars/Olympus"], *TZ),
    (
        ["scan", X, "--negativity-threshold", "7"],
        "--negativity-threshold: expected a number from 0 to 1; got 7.0",
        "Fix: pass e.g. 0.7",
    ),
    (
        ["report", X, "--value-threshold", "-0.5"],
        "--value-threshold: expected a number from 0 to 1; got -0.5",
        "Fix: pass e.g. 0.7",
    ),
    (
        ["scan", X, "--decisions", "{t}/nope.json"],
        "{t}/nope.json: expected the decisions.json the interactive audit wrote; got no such file",
        "Fix: check the path, or leave --decisions out",
    ),
    (
        ["report", X, "--decisions", "{t}/decisions.json"],
        "{t}/decisions.json: expected a decisions file (JSON, version 1); got something else",
        "Fix: move the file away",
    ),
    (
        ["report", X, "-o", "{t}/afile/r.html"],
        "{t}/afile/r.html cannot be written: {t}/afile is a file",
        "Fix: give -o a path in a folder",
    ),
    (
        ["report", X, "-o", "{t}"],
        "{t} is a folder, not a file",
        "Fix: give -o a file name, e.g. {t}/report.html",
    ),
    (
        ["inventory", X, "-o", "{t}/afile/i.html"],
        "{t}/afile/i.html cannot be written: {t}/afile is a file",
        "Fix: give -o a path",
    ),
    (["export", X, "-o", "{t}/afile"], "{t}/afile is a file, not a folder", "Fix: give -o a path"),
    (
        ["scan", X, "--csv", "{t}/afile/f.csv"],
        "{t}/afile/f.csv cannot be written: {t}/afile is a file",
        "Fix: give --csv a path",
    ),
    (
        ["scan", X, "--top", "-1"],
        "--top: expected a number of posts, 0 or more; got -1",
        "Fix: pass e.g. --top 10",
    ),
]
HELP = "(python -m audit --help-formats lists each platform's files)"
ARCHIVE_ERRORS = [
    (
        ["report", "{t}/x.zip"],
        "{t}/x.zip is not a readable zip file (damaged or not a zip): it holds plain text, "
        "not a zip",
        "Fix: download the archive again",
    ),
    (
        ["report", "{t}/archive-1.tar.gz"],
        "{t}/archive-1.tar.gz is not a readable .tar.gz file (damaged or not a tar.gz)",
        "Fix: download the archive again",
    ),
    (
        ["report", "{t}/repo.car"],
        "{t}/repo.car is not a readable Bluesky .car file (damaged or not a CAR): it holds "
        "plain text",
        "Fix: export your data again",
    ),
    (
        ["report", "{t}/notes"],
        "{t}/notes holds no file any importer knows: 3 files: a.txt, b.pdf, c.md",
        f"Fix: pass the export as downloaded, or name its platform with --platform {HELP}",
    ),
    (
        ["scan", "{t}/notes"],
        "{t}/notes holds no file any importer knows: 3 files: a.txt, b.pdf, c.md",
        f"Fix: pass the export as downloaded, or name its platform with --platform {HELP}",
    ),
    (
        ["inventory", "{t}/takeout"],
        "{t}/takeout looks like a Google Takeout archive, which footprint audit does not read",
        f"Fix: pass an export of one of the platforms it reads {HELP}",
    ),
    (["export", "{t}/x.zip"], "{t}/x.zip is not a readable zip file", "Fix: download"),
]


def _run_checked(monkeypatch, capsys, argv):
    """Run the command line with the notebook and the loading watched; return what happened."""
    import papermill

    import audit.loading

    started = {"notebook": 0, "load": 0}

    def no_notebook(*args, **kwargs):
        started["notebook"] += 1
        raise AssertionError("the notebook was started")

    real_load = audit.loading.load_archives

    def watched_load(*args, **kwargs):
        started["load"] += 1
        return real_load(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", no_notebook)
    monkeypatch.setattr(audit.loading, "load_archives", watched_load)
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured, started


@pytest.mark.parametrize(
    ("argv", "message", "fix"),
    OPTION_ERRORS,
    ids=lambda v: " ".join(v)[-40:] if isinstance(v, list) else None,
)
def test_a_bad_option_fails_at_once_in_one_line_before_any_work(
    inputs, monkeypatch, capsys, argv, message, fix
):
    t = str(inputs)
    argv = [a.format(t=t) for a in argv]
    if "-o" not in argv and argv[0] != "scan":
        argv += ["-o", f"{t}/out/{argv[0]}"]
    code, captured, started = _run_checked(monkeypatch, capsys, [*argv, "-q"])
    assert code == 2 and captured.out == ""
    assert captured.err.startswith(f"audit: error: {message.format(t=t)}")
    assert_one_fix(captured.err, fix=fix.format(t=t).removeprefix("Fix: "))
    assert started == {"notebook": 0, "load": 0}  # nothing was read, no kernel was started
    assert not (inputs / "out").exists()


@pytest.mark.parametrize(
    ("argv", "message", "fix"),
    ARCHIVE_ERRORS,
    ids=lambda v: " ".join(v)[-30:] if isinstance(v, list) else None,
)
def test_a_bad_archive_fails_in_one_line_naming_the_cause(
    inputs, monkeypatch, capsys, argv, message, fix
):
    t = str(inputs)
    argv = [a.format(t=t) for a in argv]
    if argv[0] != "scan":
        argv += ["-o", f"{t}/out/{argv[0]}"]
    code, captured, started = _run_checked(monkeypatch, capsys, [*argv, "-q"])
    assert code == 2 and captured.out == ""
    assert captured.err.startswith(f"audit: error: {message.format(t=t)}")
    assert_one_fix(captured.err, fix=fix.removeprefix("Fix: "))
    assert "platform=" not in captured.err  # the command line spells it --platform
    assert started["notebook"] == 0


def test_a_file_name_with_a_line_break_still_makes_one_line(tmp_path, capsys):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "two\nlines.txt").write_text("x")
    assert main(["inventory", str(folder), "-o", str(tmp_path / "i.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "two lines.txt" in err
    assert_one_fix(err)


def test_an_unwritable_folder_is_refused_before_any_work(tmp_path, capsys):
    import os
    from pathlib import Path

    locked = tmp_path / "locked"
    if os.geteuid() == 0:  # root writes in any folder with permissions; not in /proc
        if not Path("/proc/self").is_dir():
            pytest.skip("root writes everywhere and there is no /proc to try")
        locked = Path("/proc")
    else:
        locked.mkdir()
        locked.chmod(0o500)
    try:
        assert main(["report", X, "-o", str(locked / "r.html")]) == 2
    finally:
        if locked != Path("/proc"):
            locked.chmod(0o700)
    err = capsys.readouterr().err
    assert err.startswith(
        f"audit: error: {locked / 'r.html'} cannot be written: {locked} is not writable ("
    )
    assert_one_fix(err, fix="give -o a path in a folder you can write to")


def test_help_formats_lists_the_registry(capsys):
    from audit.importers import formats_text, importers

    with pytest.raises(SystemExit) as exc:
        main(["--help-formats"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert (
        out == formats_text() + "\n\nName a platform with --platform NAME when its files were "
        "renamed.\n"
    )
    for imp in importers():
        assert f"\n{imp.name}: " in out
    with pytest.raises(SystemExit):  # also after a command, where the error pointed at it
        main(["report", "--help-formats"])
    assert capsys.readouterr().out == out
    run = subprocess.run(
        [sys.executable, "-m", "audit", "--help-formats"], capture_output=True, text=True, cwd=REPO
    )
    assert run.returncode == 0 and run.stdout == out and run.stderr == ""


def test_a_damaged_zip_exits_2_without_a_traceback(tmp_path):
    bad = tmp_path / "twitter-2024.zip"
    bad.write_bytes((DATA_SAMPLES / "twitter.zip").read_bytes()[:1000])
    run = subprocess.run(
        [sys.executable, "-m", "audit", "report", str(bad), "-o", str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f"audit: error: {bad} is not a readable zip file (damaged or ")
    assert_one_fix(run.stderr, fix="download the archive again")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    ("argv", "cause", "fix"),
    [
        (["scan"], "the following arguments are required: ARCHIVE", "'audit scan --help'"),
        (["scan", "x.zip", "--platform", "nope"], "invalid choice: 'nope'", "'audit scan --help'"),
        (["nosuch"], "invalid choice: 'nosuch'", "'audit --help'"),
        (["report", "x.zip", "--negativity-threshold", "abc"], "invalid float value: 'abc'",
         "'audit report --help'"),
    ],
)
def test_usage_mistakes_are_one_line_with_one_fix(argv, cause, fix, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert_one_fix(err, starts=f"audit{' ' + argv[0] if argv[0] != 'nosuch' else ''}: error: ",
                   cause=cause, fix=fix)
    assert "usage:" not in err
