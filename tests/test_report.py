"""The batch report: the notebook under papermill, and its standalone, offline HTML export."""

from __future__ import annotations

import re
import stat

import nbformat
import papermill as pm
import pytest

from audit.errors import AuditError
from audit.report import REPORT_NOTEBOOK, run_report
from tests.helpers import REPO, sample_archives
from tests.message_shape import assert_one_fix

IDENTIFIERS = ["555-0187", "555-0142", "38.7742"]  # phone numbers and coordinates in the samples


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    plain = run_report(sample_archives(), out / "plain.html")
    masked = run_report(sample_archives(), out / "masked.html", mask_pii=True)
    return plain.read_text(encoding="utf-8"), masked.read_text(encoding="utf-8"), plain


def test_notebook_runs_under_papermill_with_parameters(tmp_path):
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(
        str(REPORT_NOTEBOOK),
        str(out),
        parameters={
            "archives": [str(p) for p in sample_archives()],
            "output_dir": str(tmp_path / "exports"),
            "negativity_threshold": 0.9,
        },
        kernel_name="python3",
        cwd=str(REPORT_NOTEBOOK.parent),
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(c.metadata.get("tags") == ["injected-parameters"] for c in nb.cells)
    html_out = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert html_out.count("data:image/png;base64,") >= 5
    assert "Negative posts aimed at a person" in html_out
    assert "Exports written to" in html_out and (tmp_path / "exports" / "flagged.csv").is_file()


def test_report_is_standalone_and_offline(reports):
    page, _, path = reports
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    targets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", page)
    assert targets  # figures at least
    allowed = ("data:image/png;base64,", "#", "https://x.com/sample_dev/status/")
    assert [t for t in targets if not t.startswith(allowed)] == []  # nothing is fetched
    assert "<link" not in page.lower()
    assert page.count('src="data:image/png;base64,') == 5  # no before/after without decisions
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_report_shows_tables_reasons_and_no_code(reports):
    page, _, _ = reports
    assert "my manager is a useless clown" in page
    assert "negative about a person" in page  # the reason, in words
    assert "Negative posts aimed at a person" in page and "Oversharing" in page
    assert "What to do" in page
    assert "Riskiest posts" not in page  # each post once: the sections below list them
    assert "audit_archives(" not in page and "import audit" not in page  # code is hidden
    assert "Every record of these archives was read." in page


def test_masked_report_hides_what_the_plain_one_shows(reports):
    plain, masked, _ = reports
    for ident in IDENTIFIERS[:2]:
        assert ident in plain
        assert ident not in masked
    assert "[phone]" in masked
    assert "Personal identifiers are masked" in masked


def test_missing_archive_is_a_clear_error(tmp_path):
    with pytest.raises(AuditError, match=r"nope\.zip: expected an archive file or folder"):
        run_report([tmp_path / "nope.zip"], tmp_path / "r.html")


def test_unsupported_archive_fails_before_the_notebook_starts(tmp_path, monkeypatch):
    calls = _no_notebook(monkeypatch)
    bad = tmp_path / "notes"
    bad.mkdir()
    (bad / "todo.txt").write_text("x")
    with pytest.raises(AuditError) as err:
        run_report([bad], tmp_path / "r.html")
    cause = "holds no file any importer knows: 1 file: todo.txt"
    assert_one_fix(str(err.value), starts=f"{bad} {cause}. Fix:")
    assert not (tmp_path / "r.html").exists()
    with pytest.raises(AuditError, match=r"expected the files of a X/Twitter"):
        run_report([bad], tmp_path / "r.html", parameters={"platform": "twitter"})
    assert calls == []  # no kernel was started: the messages are the importers' own


def _no_notebook(monkeypatch) -> list:
    """Replace papermill's run by one that records that it was called (and fails)."""
    calls: list = []

    def execute_notebook(*args, **kwargs):
        calls.append(args)
        raise AssertionError("the notebook was started")

    monkeypatch.setattr(pm, "execute_notebook", execute_notebook)
    return calls


def _bad_inputs(t):
    """(run_report arguments, the start of the message, its fix) for every kind of bad input."""
    (t / "afile").write_text("x")
    (t / "decisions.json").write_text('{"version": 7}')
    (t / "x.zip").write_text("<!DOCTYPE html><html>Link expired</html>")
    x = sample_archives()[0]
    out = t / "r.html"
    return [
        (
            ([x], out, {"timezone": "Mars/Olympus"}),
            "timezone: expected an IANA time-zone name",
            'pass e.g. "Europe/Berlin"',
        ),
        (
            ([x], out, {"negativity_threshold": 7}),
            "negativity_threshold: expected a number from 0 to 1; got 7",
            "pass e.g. 0.7",
        ),
        (
            ([x], out, {"overshare_threshold": "high"}),
            "overshare_threshold: expected a number from 0 to 1; got 'high'",
            "pass e.g. 0.7",
        ),
        (
            ([x], out, {"decisions_file": str(t / "nope.json")}),
            f"{t / 'nope.json'}: expected the decisions.json the interactive audit wrote; got no "
            "such file",
            "leave decisions_file out",
        ),
        (
            ([x], out, {"decisions_file": str(t / "decisions.json")}),
            f"{t / 'decisions.json'}: expected a decisions file (JSON, version 1); got something "
            "else",
            "move the file away",
        ),
        (([x], out, {"platform": "myspace"}), "expected a platform in ['bluesky'", "pass one"),
        (
            ([x], out, {"output_dir": str(t / "afile")}),
            f"{t / 'afile'} is a file, not a folder",
            "give output_dir a path",
        ),
        (
            ([x], t / "afile" / "r.html", {}),
            f"{t / 'afile' / 'r.html'} cannot be written: {t / 'afile'} is a file",
            "give output_html a path in a folder you can write to",
        ),
        (([x], t, {}), f"{t} is a folder, not a file", "give output_html a file name"),
        (
            ([t / "x.zip"], out, {}),
            f"{t / 'x.zip'} is not a readable zip file (damaged or not a zip): it holds a web page "
            "(an error page saved instead of the download?), not a zip",
            "download the archive",
        ),
        (([t / "nope.zip"], out, {}), f"{t / 'nope.zip'}: expected an archive", "check the path"),
        (([], out, {}), "expected at least one archive path", "pass the archives"),
    ]


def test_every_bad_input_fails_before_the_notebook_starts(tmp_path, monkeypatch):
    calls = _no_notebook(monkeypatch)
    cases = _bad_inputs(tmp_path)
    for (archives, out, parameters), starts, fix in cases:
        with pytest.raises(AuditError) as err:
            run_report(archives, out, parameters=parameters)
        assert_one_fix(str(err.value), starts=starts, fix=fix)
    assert calls == []
    assert not (tmp_path / "r.html").exists()


def test_good_parameters_pass_the_checks(tmp_path):
    import numpy as np

    from audit.report import check_parameters

    decisions = tmp_path / "decisions.json"
    decisions.write_text('{"version": 1, "decisions": {}}')
    check_parameters(
        {
            "timezone": "Kyiv",  # X's name, as the archive writes it
            "negativity_threshold": np.float64(0.7),
            "overshare_threshold": 1,
            "value_threshold": np.int64(0),
            "decisions_file": str(decisions),
            "platform": "twitter",
            "output_dir": str(tmp_path / "new" / "exports"),  # made when written
            "rules_only": True,
        }
    )
    assert not (tmp_path / "new").exists()  # checking writes nothing


def test_an_audit_error_raised_in_the_notebook_is_shown_once(tmp_path, monkeypatch):
    from audit.errors import ArchiveFormatError

    raised = "x.zip!data/tweets.js is not readable (the zip is damaged here): CRC. Fix: download"

    def fails(*args, **kwargs):
        raise pm.PapermillExecutionError(2, 3, "src", "ArchiveFormatError", raised, [])

    monkeypatch.setattr(pm, "execute_notebook", fails)
    with pytest.raises(ArchiveFormatError) as err:
        run_report(sample_archives()[:1], tmp_path / "r.html")
    assert str(err.value) == raised  # not wrapped in "the notebook ... got X in cell 3"

    def bug(*args, **kwargs):
        raise pm.PapermillExecutionError(2, 3, "src", "KeyError", "'risk'", [])

    monkeypatch.setattr(pm, "execute_notebook", bug)
    with pytest.raises(AuditError) as err:
        run_report(sample_archives()[:1], tmp_path / "r.html")
    assert_one_fix(
        str(err.value),
        starts=f"{REPORT_NOTEBOOK}: expected the report notebook to run to the end; got KeyError "
        "in cell 3: 'risk'. Fix: this is a bug in footprint audit",
    )


def test_a_damaged_member_found_inside_the_notebook_reads_as_when_loading(tmp_path):
    """A zip whose index is fine but whose tweets.js is damaged passes the checks (they read
    names only) and fails in the notebook: the user sees the loader's message, once."""
    from tests.helpers import lay_out, tweet, ytd

    path = lay_out(tmp_path, {"data/tweets.js": ytd("tweets", [tweet("1", "x " * 500)])}, "zip")
    data = bytearray(path.read_bytes())
    start = data.index(b"PK\x03\x04") + 30 + len("data/tweets.js")
    for i in range(start + 5, start + 40):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(AuditError) as direct:
        import audit

        audit.load_archive(path)
    with pytest.raises(AuditError) as err:
        run_report([path], tmp_path / "r.html")
    assert str(err.value) == str(direct.value).replace(str(path), str(path.resolve()))
    assert_one_fix(str(err.value), fix="download the archive again")


def test_notebooks_carry_no_outputs():
    for nb_path in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, nb_path.name
                assert not re.search(r"^\s*(def|class) ", cell.source, re.M), nb_path.name
        assert nb.metadata["kernelspec"]["name"] == "python3"


def test_share_safe_report_hides_every_other_person(tmp_path):
    # issue 17: --mask-pii --mask-people gives a report to hand on. Both reports judge with the
    # rules alone, so that many posts (and the people in them) are shown.
    import html as html_lib

    import audit
    from audit.privacy import PeopleMasker

    params = {"rules_only": True}
    plain = run_report(sample_archives(), tmp_path / "plain.html", parameters=params)
    safe = run_report(
        sample_archives(),
        tmp_path / "safe.html",
        mask_pii=True,
        mask_people=True,
        parameters=params,
    )
    plain_page = html_lib.unescape(plain.read_text(encoding="utf-8"))
    safe_page = html_lib.unescape(safe.read_text(encoding="utf-8"))
    scored = audit.score_posts(audit.load_archives(sample_archives()), rules_only=True)
    owners = scored.attrs["usernames"]
    assert owners == ["sample_dev"]  # the account owner's own handle stays in the report
    people = PeopleMasker(scored, owners)
    shown = [f"@{h}" for h in people.handles if re.search(rf"@{re.escape(h)}\b", plain_page, re.I)]
    shown += [n for n in people.names if re.search(rf"\b{re.escape(n)}\b", plain_page)]
    assert len(shown) >= 5  # the unmasked report does show other people
    for who in shown:
        assert not re.search(rf"(?<![\w@]){re.escape(who)}\b", safe_page, re.I), who
    assert "@person1" in safe_page and "[name1]" in safe_page
    # the same flags, and the flagged posts still read (placeholders, not blanks)
    sections = r"<h3>((?:Negative|Other negative|Oversharing|Posts that add)[^<]*): (\d+)"
    assert re.findall(sections, plain_page) == re.findall(sections, safe_page)
    assert "criticises [name" in safe_page  # "1 post criticises [name3]: delete or archive it."


def test_the_kernel_is_reached_over_ipc_with_no_tcp_warning(tmp_path, capfd):
    # the report's kernel listens on no TCP port: nothing else on the machine can reach it, and
    # the user sees no "Kernel is running over TCP without encryption" warning
    run_report([sample_archives()[0]], tmp_path / "r.html")
    err = capfd.readouterr().err
    assert "TCP" not in err and "WARNING" not in err


def test_the_reports_loading_errors_name_no_python_arguments(tmp_path):
    from audit.report import audit_archives

    empty = tmp_path / "x" / "data"
    empty.mkdir(parents=True)
    (empty / "tweets.js").write_text("window.YTD.tweets.part0 = []", encoding="utf-8")
    with pytest.raises(AuditError) as err:
        audit_archives([empty.parent])
    message = str(err.value)
    assert_one_fix(message, cause="got none in", fix="check that these are the exports")
    assert "allow_empty" not in message and "platform=" not in message
