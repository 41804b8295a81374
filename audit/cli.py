"""Command line: ``python -m audit`` (also installed as ``audit``).

Commands::

    audit scan ARCHIVE... [--csv FILE]          summary in the terminal
    audit report ARCHIVE... -o report.html      the standalone HTML report (papermill + nbconvert)
    audit export ARCHIVE... -o DIR              flagged.csv, delete/keep lists, tweets.js to delete
    audit inventory ARCHIVE... -o page.html     what was imported, per platform, kind and year
    audit --help-formats                        the files and layouts each platform's export has

Every input (archives, time zone, thresholds, --decisions file, output paths) is checked before
any work starts. Exit codes: 0 done; 1 ``scan --strict`` found negative or oversharing posts; 2 a
mistake the user can fix (wrong path, unsupported or damaged archive, bad option; one line on
stderr with one ``Fix:``, no traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ._io import write_private
from .errors import AuditError, AuditWarning, cli_message, describe

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_FLAGGED, EXIT_USER_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def _platforms() -> list[str]:
    from .importers import importers

    return [imp.name for imp in importers()]


def _config(args: argparse.Namespace, not_a_problem: Sequence[str] = ()) -> dict:
    from .report import scoring_config

    return scoring_config(
        args.negativity_threshold,
        args.overshare_threshold,
        args.value_threshold,
        args.timezone,
        not_a_problem,
        args.rules_only,
    )


def _load_and_score(args: argparse.Namespace):
    """Load every archive (progress bar on a terminal) and score the posts."""
    from .decisions import Decisions
    from .loading import load_archives
    from .scoring import score_posts

    decisions = Decisions(_decisions_file(args))
    posts = load_archives(
        args.archives, progress=False if args.quiet else None, platform=args.platform
    )
    scored = score_posts(
        posts,
        config=_config(args, sorted(decisions.not_a_problem())),
        progress=False if args.quiet else None,  # None: a bar on a terminal, for large inputs
    )
    return scored, decisions


def _decisions_file(args: argparse.Namespace) -> Path | None:
    """The --decisions file (checked by :func:`_check_inputs`: it exists and is one)."""
    return Path(args.decisions).expanduser() if args.decisions else None


def _check_inputs(args: argparse.Namespace) -> None:
    """Check every input of the command before any work starts (well under a second).

    Options first (time zone, thresholds, --decisions, output paths), so that a typo fails
    before archives are read; ``report`` checks the archives too (:func:`audit.report.run_report`
    does, before its notebook starts); the other commands read them at once anyway.
    """
    from .report import check_output, check_parameters

    if args.command != "inventory":
        check_parameters(
            {
                "timezone": args.timezone,
                "negativity_threshold": args.negativity_threshold,
                "overshare_threshold": args.overshare_threshold,
                "value_threshold": args.value_threshold,
                "decisions_file": args.decisions,
            },
            cli=True,
        )
    if args.command == "scan":
        if args.top < 0:
            raise AuditError(
                describe(
                    "a number of posts, 0 or more",
                    str(args.top),
                    "pass e.g. --top 10",
                    where="--top",
                )
            )
        if args.csv:
            check_output(args.csv, option="--csv")
    elif args.command == "export":
        check_output(args.output, folder=True, option="-o")
    else:
        check_output(args.output, option="-o")


def _scan(args: argparse.Namespace) -> int:
    from .exports import flagged_csv
    from .summary import summarize

    scored, decisions = _load_and_score(args)
    summary = summarize(
        scored, decisions, top=args.top, mask_pii=args.mask_pii, mask_people=args.mask_people
    )
    print(summary.to_markdown())
    if args.csv:
        path = flagged_csv(
            scored, args.csv, decisions, mask_pii=args.mask_pii, mask_people=args.mask_people
        )
        print(f"flagged posts written to {path.resolve()}")
    if args.strict and summary.counts["negative_or_oversharing"]:
        return EXIT_FLAGGED
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from .report import run_report

    params = {
        "negativity_threshold": args.negativity_threshold,
        "overshare_threshold": args.overshare_threshold,
        "value_threshold": args.value_threshold,
        "timezone": args.timezone,
        "rules_only": args.rules_only,
        "decisions_file": str(_decisions_file(args).resolve()) if args.decisions else None,
        "platform": args.platform,
    }
    out = run_report(
        args.archives,
        args.output,
        mask_pii=args.mask_pii,
        mask_people=args.mask_people,
        parameters=params,
        progress=not args.quiet and sys.stderr.isatty(),
    )
    print(f"report written to {out.resolve()}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .exports import export_all

    scored, decisions = _load_and_score(args)
    marks = decisions if args.decisions else None
    written = export_all(
        scored,
        args.output,
        marks,
        args.archives,
        mask_pii=args.mask_pii,
        mask_people=args.mask_people,
    )
    for name, path in written.items():
        print(f"{name}: {path.resolve()}")
    return EXIT_OK


def _inventory(args: argparse.Namespace) -> int:
    from .inventory import inventory_html
    from .loading import load_archives

    posts = load_archives(args.archives, platform=args.platform)
    out = Path(args.output)
    write_private(out, inventory_html(posts, [str(a) for a in args.archives]))
    kinds = ", ".join(f"{n} {k}" for k, n in posts["kind"].value_counts().sort_index().items())
    print(f"{len(posts)} items imported ({kinds}); wrote {out.resolve()}")
    return EXIT_OK


def _add_common(p: argparse.ArgumentParser, scoring: bool = True) -> None:
    p.add_argument(
        "archives",
        nargs="+",
        metavar="ARCHIVE",
        help="an archive as downloaded (zip, tar.gz, .car) or extracted (folder); "
        "--help-formats lists what each platform's holds",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--help-formats", action=_FormatsAction)
    p.add_argument(
        "--platform",
        choices=sorted(_platforms()),
        help="the platform of the archives, when it is not recognised from their files",
    )
    if not scoring:
        return
    p.add_argument(
        "--mask-pii",
        action="store_true",
        help="mask phone numbers, emails, addresses, IPs and coordinates in the output",
    )
    p.add_argument(
        "--mask-people",
        action="store_true",
        help="replace other people's @handles and names by @person1, [name2] (your own handle "
        "stays); with --mask-pii, output safe to hand on",
    )
    p.add_argument(
        "--decisions",
        metavar="FILE",
        help="decisions.json from the interactive audit (keep / delete / not a problem)",
    )
    p.add_argument(
        "--timezone",
        metavar="TZ",
        help="time zone for late-night posting: an IANA name (Europe/Berlin) or X's (Kyiv); "
        "default: the archive's, else UTC",
    )
    p.add_argument(
        "--rules-only",
        action="store_true",
        help="judge with the rules alone, without the learned model (more flags, more of them "
        "wrong)",
    )
    for name, what in (
        ("negativity", "negative"),
        ("overshare", "oversharing"),
        ("value", "value-add"),
    ):
        p.add_argument(
            f"--{name}-threshold",
            type=float,
            metavar="X",
            help=f"flag as {what} above this score, 0..1 (default: the learned judgement's "
            "own, about 0.85-0.90; 0.5 with --rules-only)",
        )


class _FormatsAction(argparse.Action):
    """``--help-formats``: print what each platform's export holds (from the importer
    registry) and exit, like ``--help``."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="list the files and layouts each platform's export has, and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from .importers import formats_text

        print(formats_text())
        print("\nName a platform with --platform NAME when its files were renamed.")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors in the shape of every other error: one line, one Fix."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}. Fix: see '{self.prog} --help'\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = _Parser(
        prog="audit",
        description="Audit your own social-media archives before a recruiter does: negative "
        "posts and whom they target, oversharing, and posts that add value, each with its "
        "reason. Everything runs on this machine. Nothing is sent anywhere.",
        epilog="Exit codes: 0 done, 1 scan --strict found flagged posts, 2 user error.",
    )
    parser.add_argument("--help-formats", action=_FormatsAction)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scan = sub.add_parser(
        "scan",
        help="audit archives and print a summary",
        description="Audit archives and print the summary: counts, what to "
        "do, trends and the riskiest posts.",
    )
    _add_common(scan)
    scan.add_argument("--csv", metavar="FILE", help="also write the flagged posts to a CSV file")
    scan.add_argument("--top", type=int, default=10, help="how many riskiest posts to list")
    scan.add_argument(
        "--strict", action="store_true", help="exit with 1 when any post is negative or oversharing"
    )
    scan.set_defaults(func=_scan)

    report = sub.add_parser(
        "report",
        help="write the standalone HTML report",
        description="Run the batch-report notebook on the archives and "
        "export it to one HTML file that opens offline.",
    )
    _add_common(report)
    report.add_argument("-o", "--output", default="reports/report.html", help="HTML file")
    report.set_defaults(func=_report)

    export = sub.add_parser(
        "export",
        help="write flagged posts, delete/keep lists, tweets.js",
        description="Write flagged.csv, and with --decisions the delete-list, "
        "keep-list and (for X) a tweets.js of the tweets to delete, in the "
        "format tweet-deletion tools read.",
    )
    _add_common(export)
    export.add_argument(
        "-o", "--output", default="reports/export", metavar="DIR", help="folder to write into"
    )
    export.set_defaults(func=_export)

    inv = sub.add_parser(
        "inventory",
        help="write an HTML page of what was imported",
        description="Import archives and write a page counting posts per "
        "platform, kind and year (no scoring).",
    )
    _add_common(inv, scoring=False)
    inv.add_argument("-o", "--output", default="reports/inventory.html", help="HTML file")
    inv.set_defaults(func=_inventory)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AuditWarning)
        try:
            _check_inputs(args)
            code = args.func(args)
        except AuditError as exc:
            message = " ".join(cli_message(exc).splitlines())  # one line, whatever a name holds
            print(f"audit: error: {message}", file=sys.stderr)
            code = EXIT_USER_ERROR
        except KeyboardInterrupt:
            print("audit: interrupted", file=sys.stderr)
            code = EXIT_INTERRUPTED
    for w in caught:
        if issubclass(w.category, AuditWarning):
            print(f"audit: warning: {w.message}", file=sys.stderr)
    return code
