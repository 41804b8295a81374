"""The batch report: run the parameterised notebook with papermill, export it to one HTML file.

``notebooks/02_batch_report.ipynb`` does the work (load, score, summarise, plot, tables); this
module runs it on the user's archives and turns the executed notebook into a standalone page with
our own nbconvert template (``audit/templates/footprint_report``): code hidden, figures embedded,
no script and no external resource, so opening a private report contacts nobody.

The notebook's helpers for tables (:func:`flagged_tables`) live here too, so the notebook only
calls the package.
"""

from __future__ import annotations

import html
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ._io import write_private
from .errors import AuditError, AuditWarning, cli_message, describe
from .privacy import mask_frame
from .privacy import mask_people as mask_people_frame
from .summary import display_timezone, posts_html

__all__ = [
    "REPORT_NOTEBOOK",
    "audit_archives",
    "check_archives",
    "check_output",
    "check_parameters",
    "export_html",
    "flagged_tables",
    "import_notes_html",
    "run_report",
    "scoring_config",
    "write_exports",
]

REPORT_NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_batch_report.ipynb"
_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _in_the_heat_of_the_moment(scored: pd.DataFrame) -> pd.Series:
    return scored["flags"].map(lambda fs: any(str(f).startswith("immediacy:") for f in fs))


# (title, which rows, the column they are sorted by, highest first). A post is listed once, in
# the first section that takes it: the most serious flag it carries.
_SECTIONS = (
    ("Negative posts aimed at a person", lambda s: s["is_negative"] & s["targets_person"], "risk"),
    ("Other negative posts", lambda s: s["is_negative"], "risk"),
    ("Oversharing", lambda s: s["is_overshare"], "risk"),
    ("Posts that add value", lambda s: s["is_value_add"], "value"),
    (
        "Not flagged, but posted late at night or in a burst",
        _in_the_heat_of_the_moment,
        "risk",
    ),
)


def scoring_config(
    negativity_threshold: float | None = None,
    overshare_threshold: float | None = None,
    value_threshold: float | None = None,
    timezone: str | None = None,
    not_a_problem: Sequence[str] = (),
    rules_only: bool = False,
) -> dict[str, Any]:
    """A :func:`audit.score_posts` config from the report's parameters (None keeps a default)."""
    thresholds: dict[str, dict[str, float]] = {}
    for table, value in (
        ("negativity", negativity_threshold),
        ("overshare", overshare_threshold),
        ("value", value_threshold),
    ):
        if value is not None:
            thresholds[table] = {"threshold": float(value)}
    config: dict[str, Any] = {"thresholds": thresholds, "not_a_problem": list(not_a_problem)}
    if timezone:
        config["timezone"] = timezone
    if rules_only:
        config["rules_only"] = True
    return config


def audit_archives(
    archives: str | Path | Sequence[str | Path],
    config: Mapping[str, Any] | None = None,
    platform: str | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Load and score archives, collecting the import warnings for the report.

    Returns
    -------
    (pandas.DataFrame, list of str)
        The scored table and the text of every :class:`audit.AuditWarning` raised on the way
        (skipped records, manifest mismatches), to show the reader what was not read.
    """
    from .loading import load_archives
    from .scoring import score_posts

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AuditWarning)
        try:
            posts = load_archives(archives, platform=platform)
        except AuditError as exc:
            # the report is asked for from the command line or the app, never with Python
            # arguments: its message names none (no "allow_empty=True", no "platform=")
            raise type(exc)(cli_message(exc)) from None
        scored = score_posts(posts, config=config)
    notes = [str(w.message) for w in caught if issubclass(w.category, AuditWarning)]
    return scored, notes


def import_notes_html(
    archives: str | Path | Sequence[str | Path], scored: pd.DataFrame, notes: Sequence[str]
) -> str:
    """What was read: the archives (file names only), rows per platform and kind, and notes.

    Parameters
    ----------
    archives : path or sequence of paths
        The archives audited.
    scored : pandas.DataFrame
        The scored table.
    notes : sequence of str
        Import warnings from :func:`audit_archives`.
    """
    paths = [archives] if isinstance(archives, str | Path) else list(archives)
    names = "".join(f"<li><code>{html.escape(Path(p).name)}</code></li>" for p in paths)
    counts = scored.groupby(["platform", "kind"]).size().unstack("kind", fill_value=0)
    parts = [f"<p>Archives:</p><ul>{names}</ul>", counts.to_html(classes="audit-table", border=0)]
    if notes:
        items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        parts.append(f"<p>Import notes (records that could not be read):</p><ul>{items}</ul>")
    else:
        parts.append("<p>Every record of these archives was read.</p>")
    return "\n".join(parts)


def flagged_tables(
    scored: pd.DataFrame, mask_pii: bool = False, limit: int = 200, mask_people: bool = False
) -> str:
    """HTML sections of flagged posts with their reasons, riskiest first, each post once.

    A post is listed under its most serious flag only (aimed at a person, negative,
    oversharing, adding value), and posts with no flag but written late at night or in a burst
    come last. Times are on the clock of the late-night reasons, named in the column head.

    Parameters
    ----------
    scored : pandas.DataFrame
        Output of :func:`audit.score_posts`.
    mask_pii : bool
        Mask personal identifiers in the text and reasons.
    limit : int
        At most this many rows per section (the count says how many there are in all).
    mask_people : bool
        Replace other people's handles and names by placeholders.

    Returns
    -------
    str
        An HTML fragment: one heading and table per section.
    """
    shown = mask_people_frame(scored) if mask_people else scored
    shown = mask_frame(shown) if mask_pii else shown
    timezone = display_timezone(scored)
    listed = pd.Series(False, index=scored.index)
    parts = []
    for title, select, order in _SECTIONS:
        chosen = select(scored) & ~listed
        listed |= chosen
        rows = shown[chosen].sort_values(order, ascending=False)
        note = f" (the first {limit})" if len(rows) > limit else ""
        parts.append(f"<h3>{html.escape(title)}: {len(rows)}{note}</h3>")
        table = posts_html(rows.head(limit), timezone=timezone)
        parts.append(table if len(rows) else "<p>None.</p>")
    return "\n".join(parts)


def write_exports(
    scored: pd.DataFrame,
    output_dir: str | Path | None,
    decisions: Any = None,
    archives: str | Path | Sequence[str | Path] = (),
    mask_pii: bool = False,
) -> str:
    """Write the exports (flagged CSV, decision lists, tweets.js) when a folder is given.

    Returns
    -------
    str
        An HTML line saying what was written where, or that nothing was written.
    """
    from .exports import export_all

    if not output_dir:
        return "<p>No exports were written (no output folder was given).</p>"
    paths = [archives] if isinstance(archives, str | Path) else list(archives)
    marks = decisions if decisions is not None and len(decisions) else None
    written = export_all(scored, output_dir, marks, paths, mask_pii=mask_pii)
    items = "".join(f"<li><code>{html.escape(p.name)}</code></li>" for p in written.values())
    return f"<p>Exports written to <code>{html.escape(str(output_dir))}</code>:</p><ul>{items}</ul>"


def export_html(executed_notebook: str | Path) -> str:
    """Render an executed notebook as one standalone HTML page (no code, no external resources).

    Parameters
    ----------
    executed_notebook : str or Path
        The ``.ipynb`` papermill wrote.

    Returns
    -------
    str
        The HTML document.
    """
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.TemplateExporter.exclude_input = True
    c.TemplateExporter.exclude_input_prompt = True
    c.TemplateExporter.exclude_output_prompt = True
    c.HTMLExporter.exclude_anchor_links = True  # no "¶" after every heading
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {"remove", "parameters", "injected-parameters"}
    exporter = HTMLExporter(
        config=c, extra_template_basedirs=[str(_TEMPLATES)], template_name="footprint_report"
    )
    exporter.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=True)
    nb = nbformat.read(str(executed_notebook), as_version=4)
    body, _ = exporter.from_notebook_node(nb)
    return body


def check_archives(paths: Sequence[str | Path], platform: str | None = None) -> None:
    """Fail fast, before any notebook starts, when no archive is one the importers know.

    Opens each archive and looks at its file names only (what :func:`audit.load_archive`
    detects by): a missing, unknown or damaged archive is an AuditError within a second, not
    after the kernel has started. As when loading, an unrecognised archive among recognised ones
    (the media-only zip of a split export) is left for the load to skip with a warning.
    """
    from .archive import open_archive
    from .errors import UnknownArchiveError
    from .importers import get_importer
    from .loading import _check_named, _detect

    problems: list[AuditError] = []
    for p in paths:
        try:
            with open_archive(p) as archive:
                if platform:
                    _check_named(archive, get_importer(platform))
                else:
                    _detect(archive)
        except UnknownArchiveError as exc:
            problems.append(exc)
    if problems and len(problems) == len(paths):
        raise problems[0]


def check_output(path: str | Path, *, folder: bool = False, option: str = "output_html") -> Path:
    """Fail fast when ``path`` cannot be written, before any work is done.

    Parameters
    ----------
    path : str or Path
        The file (or, with ``folder``, the folder) to be written; missing folders on the way
        are fine (they are created when writing).
    folder : bool
        ``path`` is a folder to write files into, not a file.
    option : str
        How the caller names it in the fix (``-o``, ``--csv``, ``output_dir``).

    Returns
    -------
    Path
        ``path``, with ``~`` expanded.

    Raises
    ------
    AuditError
        When it is a folder where a file is wanted (or the reverse), sits under a file, or its
        folder cannot be written (tried with a temporary file that is removed at once).
    """
    from .errors import problem

    target = Path(path).expanduser()
    fix = f"give {option} a path in a folder you can write to"
    if target.is_dir() and not folder:
        example = target / "report.html"
        cause, fix_name = "is a folder, not a file", f"give {option} a file name, e.g. {example}"
        raise AuditError(problem(str(target), cause, fix_name))
    if target.exists() and folder and not target.is_dir():
        raise AuditError(problem(str(target), "is a file, not a folder", fix))
    existing = target if folder else target.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise AuditError(problem(str(target), f"cannot be written: {existing} is a file", fix))
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        cause = f"cannot be written: {existing} is not writable ({exc.strerror or exc})"
        raise AuditError(problem(str(target), cause, fix)) from None
    return target


# How the command line spells a report parameter (for the messages of check_parameters).
_CLI_NAMES = {"decisions_file": "--decisions", "output_dir": "-o"}


def _option(key: str, cli: bool) -> str:
    return _CLI_NAMES.get(key, "--" + key.replace("_", "-")) if cli else key


def check_parameters(parameters: Mapping[str, Any], *, cli: bool = False) -> None:
    """Fail fast on a report parameter the notebook would only reject after it started.

    Checks the time zone, the thresholds (numbers in 0..1), the platform name, the decisions
    file (it must exist and be one; the notebook would start from none) and the exports folder.
    The same checks serve the command line's other commands.

    Parameters
    ----------
    parameters : mapping
        Report parameters, as for :func:`run_report` (None values are left out of the checks).
    cli : bool
        Name the options as the command line spells them (``--timezone``) in the messages.

    Raises
    ------
    AuditError
        Naming the parameter, what it got and what to pass instead (one ``Fix:``).
    """
    from numbers import Real

    from .decisions import Decisions
    from .importers import get_importer
    from .timezones import user_timezone

    values = {k: v for k, v in parameters.items() if v is not None}
    if "timezone" in values:
        user_timezone(values["timezone"], where=_option("timezone", cli))
    for key in ("negativity_threshold", "overshare_threshold", "value_threshold"):
        value = values.get(key)
        ok = isinstance(value, Real) and not isinstance(value, bool) and 0 <= value <= 1
        if key in values and not ok:
            raise AuditError(
                describe(
                    "a number from 0 to 1",
                    repr(value),
                    "pass e.g. 0.7 (higher flags fewer posts; 1 flags none)",
                    where=_option(key, cli),
                )
            )
    if "platform" in values:
        get_importer(values["platform"])
    if "decisions_file" in values:
        path = Path(values["decisions_file"]).expanduser()
        if not path.is_file():
            raise AuditError(
                describe(
                    "the decisions.json the interactive audit wrote",
                    "no such file",
                    f"check the path, or leave {_option('decisions_file', cli)} out",
                    where=str(path),
                )
            )
        Decisions(path)  # a file that is not a decisions file fails here, with its reason
    if "output_dir" in values:
        check_output(values["output_dir"], folder=True, option=_option("output_dir", cli))


def _notebook_error(exc: Any, nb_path: Path) -> AuditError:
    """The error a user sees when the notebook failed: an AuditError raised in the notebook is
    shown as it was raised (its one message, its one fix), anything else as a bug to report."""
    from . import errors

    ours = {cls.__name__: cls for cls in (errors.AuditError, *_subclasses(errors.AuditError))}
    if exc.ename in ours:
        return ours[exc.ename](str(exc.evalue))
    return AuditError(
        describe(
            "the report notebook to run to the end",
            f"{exc.ename} in cell {exc.exec_count}: {' '.join(str(exc.evalue).split())[:200]}",
            "this is a bug in footprint audit: please report this line (not your archive)",
            where=str(nb_path),
        )
    )


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return out


def _ipc_kernel_manager(folder: Path) -> type:
    """A kernel manager that talks to the report's kernel over IPC: Unix sockets in ``folder``
    (the report's private temporary folder), no TCP port at all, so nothing else on the
    machine can reach the kernel and the kernel has no "running over TCP without encryption"
    to warn about."""
    from jupyter_client.manager import AsyncKernelManager

    class _IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(folder / "kernel")

    return _IPCKernelManager


def run_report(
    archives: str | Path | Sequence[str | Path],
    output_html: str | Path,
    *,
    mask_pii: bool = False,
    mask_people: bool = False,
    parameters: Mapping[str, Any] | None = None,
    notebook: str | Path = REPORT_NOTEBOOK,
    timeout: int = 1800,
    progress: bool = False,
) -> Path:
    """Produce the HTML report of some archives.

    Parameters
    ----------
    archives : path or sequence of paths
        The archives to audit (zip files or extracted folders).
    output_html : str or Path
        Where to write the report (atomically, owner-only permissions).
    mask_pii : bool
        Mask phone numbers, emails, addresses, IPs and coordinates in the report.
    mask_people : bool
        Replace other people's @handles and names by stable placeholders (``@person1``,
        ``[name2]``) everywhere in the report and its exports; with ``mask_pii``, a report to
        hand on.
    parameters : mapping, optional
        More notebook parameters (``negativity_threshold``, ``overshare_threshold``,
        ``value_threshold``, ``timezone``, ``decisions_file``, and ``output_dir``: a folder to
        also write the exports into, see :func:`write_exports`).
    notebook : str or Path
        The report notebook (the packaged one by default).
    timeout : int
        Seconds a single cell may run.
    progress : bool
        Show papermill's progress bar over the cells.

    Returns
    -------
    Path
        The report written.

    Raises
    ------
    AuditError
        Before the notebook starts, when an archive is missing, unknown or damaged, the output
        cannot be written or a parameter is wrong (:func:`check_parameters`); after, when the
        notebook fails (an AuditError it raised is raised again as it was).
    """
    paths = [archives] if isinstance(archives, str | Path) else list(archives)
    if not paths:
        raise AuditError(
            describe("at least one archive path", "an empty list", "pass the archives to audit")
        )
    for p in paths:
        if not Path(p).exists():
            raise AuditError(
                describe(
                    "an archive file or folder",
                    "nothing at that path",
                    "check the path",
                    where=str(p),
                )
            )
    # every input is checked before the kernel starts (in well under a second)
    check_output(output_html)
    check_parameters(parameters or {})
    check_archives(paths, (parameters or {}).get("platform"))
    nb_path = Path(notebook)
    if not nb_path.is_file():
        raise AuditError(
            describe(
                "the report notebook notebooks/02_batch_report.ipynb",
                "no such file",
                "run from a checkout of footprint audit (pip install -e .)",
                where=str(nb_path),
            )
        )
    params = {
        "archives": [str(Path(p).resolve()) for p in paths],
        "mask_pii": bool(mask_pii),
        "mask_people": bool(mask_people),
        **dict(parameters or {}),
    }
    import papermill as pm  # (after the checks: its import alone takes a second)

    with tempfile.TemporaryDirectory(prefix="audit-report-") as tmp:
        executed = Path(tmp) / "report.ipynb"
        try:
            pm.execute_notebook(
                str(nb_path),
                str(executed),
                parameters=params,
                kernel_name="python3",
                progress_bar=progress,
                cwd=str(nb_path.parent),
                execution_timeout=timeout,
                log_output=False,
                kernel_manager_class=_ipc_kernel_manager(Path(tmp)),
            )
        except pm.PapermillExecutionError as exc:
            raise _notebook_error(exc, nb_path) from None
        page = export_html(executed)
    return write_private(output_html, page)
