"""Time and peak memory of loading hostile archives (zip bomb, huge members, many members).

Timings do not belong in tests (shared, noisy machines); this script prints them. Each case runs
``audit.load_archive`` in a fresh subprocess so its peak RSS is its own, and reports the outcome
(rows, or the first words of the AuditError), wall time and peak memory.

Usage::

    .venv/bin/python benchmarks/hostile_inputs.py [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

CHILD = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
t = time.perf_counter()
import audit
try:
    posts = audit.load_archive(sys.argv[1])
    outcome = f"{len(posts)} rows"
except audit.AuditError as exc:
    outcome = "AuditError: " + str(exc).split(": expected", 1)[-1][:70]
# VmHWM belongs to this process image (ru_maxrss would carry the parent's peak over exec).
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0]
peak_mb = int(hwm.split()[1]) / 1024
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - t, "peak_mb": peak_mb}))
"""

TWEET = (
    '{"tweet": {"id_str": "%d", "created_at": "Fri Mar 06 13:02:05 +0000 2026", '
    '"full_text": "%s", "entities": {"urls": [], "user_mentions": [], "hashtags": []}}}'
)


def _bomb(path: Path, gib: int = 2) -> None:
    """tweets.js of ``gib`` GiB of spaces: compresses about 1000 to 1."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open("data/tweets.js", "w", force_zip64=True) as fh,
    ):
        fh.write(b"window.YTD.tweets.part0 = [")
        block = b" " * (1 << 20)
        for _ in range(gib << 10):
            fh.write(block)
        fh.write(b"]")


def _huge_text(path: Path, mib: int = 200) -> None:
    """One tweet whose text is ``mib`` MiB of varied letters (a huge but legal member)."""
    text = ("lorem ipsum dolor sit amet " * ((mib << 20) // 27 + 1))[: mib << 20]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("data/tweets.js", "window.YTD.tweets.part0 = [" + TWEET % (1, text) + "]")


def _many_members(path: Path, n: int = 50_000) -> None:
    """One real tweet and ``n`` tiny media files, as a big media-heavy export lists them."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("data/tweets.js", "window.YTD.tweets.part0 = [" + TWEET % (1, "hi") + "]")
        for i in range(n):
            zf.writestr(f"data/tweets_media/{i}-x.jpg", b"\xff\xd8")


def _truncated(path: Path, tweets: int = 200_000) -> None:
    """A large archive cut in half (the download stopped)."""
    whole = path.with_suffix(".whole.zip")
    body = ",".join(TWEET % (i + 1, f"post number {i} about nothing much") for i in range(tweets))
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/tweets.js", "window.YTD.tweets.part0 = [" + body + "]")
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    whole.unlink()


CASES = {
    "zip bomb (2 GiB of spaces)": _bomb,
    "one 200 MiB tweet text": _huge_text,
    "50,000 media members": _many_members,
    "truncated 200k-tweet zip": _truncated,
}


def main(argv: list[str] | None = None) -> int:
    """Build each hostile archive, load it in a subprocess, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=None, help="where to build the files")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="audit-hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'case':32} {'file MB':>8} {'seconds':>8} {'peak MB':>8}  outcome")
    for name, build in CASES.items():
        path = work / (name.split()[0] + ".zip")
        build(path)
        run = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
        )
        r = json.loads(run.stdout.strip().splitlines()[-1])
        size = path.stat().st_size / 1e6
        print(f"{name:32} {size:8.1f} {r['seconds']:8.2f} {r['peak_mb']:8.0f}  {r['outcome']}")
        path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
