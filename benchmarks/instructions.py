"""CPU instructions per scored post: a speed figure that a busy machine does not move.

Wall-clock times on a shared machine swing by 20-50 % from one minute to the next, so a change
that saves 3 % cannot be seen in them. The number of instructions the CPU executes for the same
work is repeatable (valgrind's cachegrind counts them; runs of the same code differ by about
2 %, from hash seeds and allocation), so the speed changes of issue 5 were judged by it.

What is counted: ``audit.score_posts(posts, workers=1)`` of ``--posts`` posts of a synthetic X
archive (``make_archives.py``, seed 5), in one process, after one post has built the caches
(lexicons, VADER, TextBlob's tables). Two runs under valgrind, one scoring no posts and one
scoring them all, so that interpreter start, imports, loading and warming cancel out; the
difference over the number of posts is printed.

Needs valgrind (Debian: ``apt-get install valgrind``); takes about a minute for 3,000 posts.

Usage::

    python benchmarks/instructions.py               # 3,000 posts
    python benchmarks/instructions.py --posts 1000
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _child(folder: Path, n: int) -> None:
    """Load the archive, warm the caches on one post, then score ``n`` posts on one core."""
    import audit

    posts = audit.load_archive(folder)
    audit.score_posts(posts.iloc[:1], workers=1)
    if n:
        audit.score_posts(posts.iloc[1 : 1 + n], workers=1)


def child_env(pythonpath: str | None = None) -> dict[str, str]:
    """The environment of a child run: fixed hash seed, ``pythonpath`` (if any) first."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (pythonpath, env.get("PYTHONPATH"))))
    return env


def _count(folder: Path, n: int, pythonpath: str | None = None) -> int:
    """Instructions executed by a child process scoring ``n`` posts (valgrind's "I refs").

    ``pythonpath`` puts another copy of the package first (``compiled.py`` counts a compiled
    build with it).
    """
    cmd = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(n),
        "--archive",
        str(folder),
    ]
    env = child_env(pythonpath)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if proc.returncode or not found:
        raise SystemExit(f"valgrind run failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--posts", type=int, default=3000, help="posts to score (default 3000)")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--archive", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        _child(args.archive, args.child)
        return 0
    if args.posts < 1:
        raise SystemExit("--posts: expected at least 1")
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    sys.path.insert(0, str(HERE))
    from make_archives import write_x_archive

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "x"
        write_x_archive(folder, args.posts + 1, seed=5)
        idle = _count(folder, 0)
        busy = _count(folder, args.posts)
    per_post = (busy - idle) / args.posts
    print(f"{args.posts:,} posts: {busy - idle:,} instructions, {per_post:,.0f} per post")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
