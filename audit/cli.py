"""Command line: ``python -m audit`` (also installed as ``audit``).

Errors a user can fix (a wrong path, an unsupported archive) print one line and exit 2; they
never show a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

from .errors import AuditError, AuditWarning
from .inventory import inventory_html
from .loading import load_archives

__all__ = ["main"]

EXIT_OK, EXIT_USER_ERROR = 0, 2


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _inventory(args: argparse.Namespace) -> int:
    posts = load_archives(args.archives)
    out = Path(args.output)
    _write_atomic(out, inventory_html(posts, [str(a) for a in args.archives]))
    kinds = ", ".join(f"{n} {k}" for k, n in posts["kind"].value_counts().sort_index().items())
    print(f"{len(posts)} items imported ({kinds}); wrote {out.resolve()}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(
        prog="audit",
        description="Audit your own social-media archives locally. Nothing is sent anywhere.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    inv = sub.add_parser(
        "inventory",
        help="import archives and write an HTML page of what was found",
        description="Import one or more archives (zip or extracted folder; X/Twitter or "
        "Facebook) and write a standalone HTML page counting posts per platform, kind and year.",
    )
    inv.add_argument("archives", nargs="+", metavar="ARCHIVE", help="zip file or folder")
    inv.add_argument("-o", "--output", default="reports/inventory.html", help="HTML file to write")
    inv.set_defaults(func=_inventory)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AuditWarning)
        try:
            code = args.func(args)
        except AuditError as exc:
            print(f"audit: error: {exc}", file=sys.stderr)
            code = EXIT_USER_ERROR
    for w in caught:
        print(f"audit: warning: {w.message}", file=sys.stderr)
    return code
