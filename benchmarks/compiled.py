"""What compiling the scoring code as it is would give: instructions, time, and the same table.

Issue 5 asks for a million posts in 60 s; the pure-Python scorers need about half their CPU
instructions per post for that (``README.md`` here). This script measures the obvious next step,
compiling the scoring modules unchanged with mypyc (mypy's compiler, used by black and mypy
itself), without touching the checkout:

1. copies ``audit/`` to a temporary folder and compiles ``audit/scoring.py`` and
   ``audit/scorers/*.py`` there (about 80 s);
2. scores ``--check`` posts of a synthetic X archive (``make_archives.py``, seed 5) on one core
   with each build, alternating ``--rounds`` times, prints the median times, and checks that the
   two scored tables are identical (``pandas.testing.assert_frame_equal``): exit 1 if not;
3. unless ``--no-valgrind``, counts instructions per scored post of each build as
   ``instructions.py`` does (``--posts`` posts under valgrind).

Needs mypy (``pip install mypy``, not a dependency of the package), a C compiler and the Python
headers (Debian: ``apt-get install gcc python3-dev``), and valgrind for step 3.

Usage::

    python benchmarks/compiled.py
    python benchmarks/compiled.py --check 5000 --rounds 1 --no-valgrind
"""

from __future__ import annotations

import argparse
import importlib.util
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _child(folder: Path, n: int, out: Path) -> None:
    """Score ``n`` posts on one core after warming the caches; pickle (seconds, table)."""
    import audit

    posts = audit.load_archive(folder).iloc[: n + 1]
    audit.score_posts(posts.iloc[:1], workers=1)
    start = time.perf_counter()
    scored = audit.score_posts(posts.iloc[1:], workers=1)
    seconds = time.perf_counter() - start
    where = Path(audit.scoring.__file__).name
    out.write_bytes(pickle.dumps((seconds, where, scored)))


def _compile(build: Path) -> None:
    """Copy the package to ``build`` and compile its scoring modules there with mypyc."""
    shutil.copytree(ROOT / "audit", build / "audit", ignore=shutil.ignore_patterns("__pycache__"))
    scorers = (build / "audit" / "scorers").glob("*.py")
    modules = [
        "audit/scoring.py",
        *sorted(str(p.relative_to(build)) for p in scorers if p.name != "__init__.py"),
    ]
    cmd = [sys.executable, "-m", "mypyc", "--ignore-missing-imports", "--follow-imports=silent"]
    proc = subprocess.run(cmd + modules, cwd=build, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"mypyc failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}")


def _score(folder: Path, n: int, pythonpath: str | None, out: Path) -> tuple[float, str, object]:
    """Run :func:`_child` in a fresh process, with ``pythonpath`` first: (seconds, file, table)."""
    from instructions import child_env

    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(n)]
    cmd += ["--archive", str(folder), "--out", str(out)]
    subprocess.run(cmd, env=child_env(pythonpath), check=True)
    return pickle.loads(out.read_bytes())


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", type=int, default=20_000, help="posts scored and compared")
    ap.add_argument("--rounds", type=int, default=3, help="alternating timed rounds")
    ap.add_argument("--posts", type=int, default=3000, help="posts counted under valgrind")
    ap.add_argument("--no-valgrind", action="store_true", help="skip the instruction counts")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--archive", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        _child(args.archive, args.child, args.out)
        return 0
    if args.check < 1 or args.rounds < 1 or args.posts < 1:
        raise SystemExit("--check, --rounds and --posts: expected at least 1")
    if importlib.util.find_spec("mypyc") is None:
        raise SystemExit("mypyc is not installed: pip install mypy (into this environment)")
    if not args.no_valgrind and shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    sys.path.insert(0, str(HERE))
    import pandas as pd
    from instructions import _count
    from make_archives import write_x_archive

    with tempfile.TemporaryDirectory() as tmp:
        folder, build, out = Path(tmp) / "x", Path(tmp) / "build", Path(tmp) / "scored.pkl"
        write_x_archive(folder, max(args.check, args.posts) + 1, seed=5)
        print("compiling audit/scoring.py and audit/scorers/*.py with mypyc ...", flush=True)
        _compile(build)
        builds = (("pure Python", None), ("mypyc", str(build)))
        times: dict[str, list[float]] = {"pure Python": [], "mypyc": []}
        tables = {}
        for _ in range(args.rounds):
            for name, path in builds:
                seconds, where, table = _score(folder, args.check, path, out)
                times[name].append(seconds)
                tables[name] = table
                print(f"  {name:11s} ({where}): {seconds:.2f} s", flush=True)
        pure, fast = (statistics.median(t) for t in times.values())
        print(
            f"{args.check:,} posts on one core, median of {args.rounds}: pure Python {pure:.2f} s,"
            f" mypyc {fast:.2f} s (ratio {fast / pure:.2f})"
        )
        try:
            pd.testing.assert_frame_equal(tables["pure Python"], tables["mypyc"])
        except AssertionError as exc:
            print(f"the scored tables differ:\n{exc}")
            return 1
        print(f"the scored tables are identical ({args.check:,} posts)")
        if not args.no_valgrind:
            per_post = {}
            for name, path in builds:
                idle = _count(folder, 0, path)
                per_post[name] = (_count(folder, args.posts, path) - idle) / args.posts
            ratio = per_post["mypyc"] / per_post["pure Python"]
            print(
                f"instructions per post ({args.posts:,} posts): pure Python "
                f"{per_post['pure Python']:,.0f}, mypyc {per_post['mypyc']:,.0f} "
                f"(ratio {ratio:.2f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
