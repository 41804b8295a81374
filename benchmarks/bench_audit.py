"""Benchmark: the full audit against the naive TextBlob baseline, at 50k, 200k and 1M posts.

Two workloads on the same synthetic X archive (``benchmarks/make_archives.py``):

- **baseline**, what a notebook user writes by hand: read ``tweets.js`` and its parts, strip the
  JS prefix, ``json.loads``, then ``TextBlob(text).sentiment.polarity`` for every tweet;
- **audit**: ``audit.load_archive(folder)`` then ``audit.score_posts(posts)``: every score,
  category, flag and ``why`` sentence.

Every measurement runs in a fresh Python process, so peak memory is that run's own: the peak
resident set (``VmHWM``) of the process, and of its largest worker process
(``getrusage(RUSAGE_CHILDREN)``; forked workers share the parent's pages, so parent + worker
overstates the real total). Times exclude interpreter start and imports; everything else (lexicon
loading included) is timed. Runs alternate baseline, audit, baseline, audit ... so that load on a
shared machine hits both alike; the median is reported. Sizes above ``--baseline-max`` time only
the audit, and the baseline figure is *extrapolated* linearly from the largest measured size
(marked ``~`` in the table and ``"baseline_extrapolated": true`` in the JSON).

Also timed: the HTML report of ``--report`` posts (``audit.report.run_report``: load, score,
execute the report notebook, export HTML).

Usage::

    python benchmarks/make_archives.py --sizes 50000 200000 1000000 100000
    python benchmarks/bench_audit.py --sizes 50000 200000 1000000 --report 100000 \\
        --json benchmarks/results.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = Path("/tmp/footprint-bench")


# ----------------------------------------------------------------------------------------------
# child side: one measurement per process
# ----------------------------------------------------------------------------------------------
def _peak_rss_mb() -> float:
    """Peak resident set of this process (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _child_baseline(folder: Path) -> dict[str, Any]:
    from textblob import TextBlob

    t0 = time.perf_counter()
    polarities = []
    files = sorted((folder / "data").glob("tweets*.js"))
    for f in files:
        raw = f.read_text(encoding="utf-8")
        data = json.loads(raw[raw.index("[") :])
        del raw
        for element in data:
            polarities.append(TextBlob(element["tweet"]["full_text"]).sentiment.polarity)
        del data
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "posts": len(polarities)}


def _child_audit(folder: Path, workers: int | None) -> dict[str, Any]:
    import audit

    t0 = time.perf_counter()
    posts = audit.load_archive(folder)
    t1 = time.perf_counter()
    scored = audit.score_posts(posts, workers=workers)
    t2 = time.perf_counter()
    return {
        "seconds": t2 - t0,
        "load_seconds": t1 - t0,
        "score_seconds": t2 - t1,
        "posts": len(scored),
        "negative_share": round(float(scored["is_negative"].mean()), 4),
        "overshare_share": round(float(scored["is_overshare"].mean()), 4),
        "value_share": round(float(scored["is_value_add"].mean()), 4),
    }


def _child_report(folder: Path) -> dict[str, Any]:
    from audit.report import run_report

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        out = run_report([folder], Path(tmp) / "report.html")
        seconds = time.perf_counter() - t0
        size = out.stat().st_size
    return {"seconds": seconds, "html_bytes": size}


class _PssSampler:
    """Samples the proportional set size (PSS) of this process plus its children (every 2 s).

    PSS splits pages shared between a parent and its forked workers among them, so the sum is the
    memory the whole run really occupies (RSS of each process would count shared pages twice).
    Sampling is not free (the kernel walks the page tables), hence the long interval; a short
    peak between two samples can be missed, so VmHWM is reported as well.
    """

    def __init__(self) -> None:
        import threading

        self.peak_mb = 0.0
        self.interval = float(os.environ.get("BENCH_PSS_INTERVAL", "2.0"))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        out = []
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                text = (task / "children").read_text().split()
                out += [int(c) for c in text]
        except OSError:
            pass
        return out

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.interval):
            children = self._children(me)
            total = sum(self._pss_kb(p) for p in [me, *children]) / 1024
            # A process forked between the reads would be counted twice (its pages still whole
            # in the parent's figure, shared in its own): such a sample is dropped.
            if self._children(me) == children:
                self.peak_mb = max(self.peak_mb, total)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mb


def _child(args: argparse.Namespace) -> int:
    folder = Path(args.path)
    sampler = _PssSampler()
    if args.child == "baseline":
        result = _child_baseline(folder)
    elif args.child == "audit":
        result = _child_audit(folder, args.workers)
    else:
        result = _child_report(folder)
    result["peak_pss_total_mb"] = round(sampler.stop(), 1)
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    result["worker_peak_rss_mb"] = round(_children_peak_mb(), 1)
    print("RESULT " + json.dumps(result))
    return 0


# ----------------------------------------------------------------------------------------------
# parent side
# ----------------------------------------------------------------------------------------------
def _run(kind: str, folder: Path, workers: int | None = None) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--path", str(folder)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode or not lines:
        raise RuntimeError(f"{kind} run failed on {folder}:\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT ") :])


def _ensure(folder: Path, n: int, generate: bool) -> None:
    if (folder / "data" / "tweets.js").exists():
        return
    if not generate:
        raise SystemExit(
            f"{folder} is missing: run python benchmarks/make_archives.py --sizes {n} "
            f"--out {folder.parent} (or pass --generate)"
        )
    subprocess.run(
        [
            sys.executable,
            str(HERE / "make_archives.py"),
            "--sizes",
            str(n),
            "--out",
            str(folder.parent),
            "--no-facebook",
        ],
        check=True,
    )


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def _rounds_for(n: int, rounds: int | None) -> int:
    if rounds:
        return rounds
    return 3 if n <= 50_000 else 2 if n <= 200_000 else 1


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[50_000, 200_000, 1_000_000])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the archives")
    ap.add_argument("--rounds", type=int, default=None, help="alternating rounds per size")
    ap.add_argument(
        "--baseline-max",
        type=int,
        default=200_000,
        help="largest size at which the baseline is measured (above: extrapolated)",
    )
    ap.add_argument("--report", type=int, default=100_000, help="posts for the report (0: skip)")
    ap.add_argument("--workers", type=int, default=None, help="score_posts(workers=...)")
    ap.add_argument("--generate", action="store_true", help="generate missing archives")
    ap.add_argument("--json", type=Path, default=None, help="write the results here")
    ap.add_argument("--child", choices=["baseline", "audit", "report"], help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return _child(args)

    results: dict[str, Any] = {
        "machine": {
            "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        },
        "sizes": [],
    }
    measured_rate: float | None = None  # baseline seconds per post at the largest measured size
    for n in sorted(args.sizes):
        folder = args.data / f"x-{n}"
        _ensure(folder, n, args.generate)
        stats_file = folder / "texts.json"
        texts = json.loads(stats_file.read_text()) if stats_file.exists() else {}
        do_base = n <= args.baseline_max
        base_runs, audit_runs = [], []
        for r in range(_rounds_for(n, args.rounds)):
            if do_base:
                base_runs.append(_run("baseline", folder))
                print(
                    f"  {n:>9,} round {r + 1}: baseline {base_runs[-1]['seconds']:.1f} s",
                    file=sys.stderr,
                )
            audit_runs.append(_run("audit", folder, args.workers))
            print(
                f"  {n:>9,} round {r + 1}: audit {audit_runs[-1]['seconds']:.1f} s", file=sys.stderr
            )
        row: dict[str, Any] = {
            "posts": n,
            "unique_text_share": texts.get("unique_share"),
            "mean_chars": texts.get("mean_chars"),
            "audit_runs": audit_runs,
            "baseline_runs": base_runs,
            "audit_seconds": _median(audit_runs, "seconds"),
            "audit_load_seconds": _median(audit_runs, "load_seconds"),
            "audit_score_seconds": _median(audit_runs, "score_seconds"),
            "audit_peak_rss_mb": max(r["peak_rss_mb"] for r in audit_runs),
            "audit_worker_peak_rss_mb": max(r["worker_peak_rss_mb"] for r in audit_runs),
            "audit_peak_pss_total_mb": max(r["peak_pss_total_mb"] for r in audit_runs),
        }
        if base_runs:
            row["baseline_seconds"] = _median(base_runs, "seconds")
            row["baseline_peak_rss_mb"] = max(r["peak_rss_mb"] for r in base_runs)
            row["baseline_peak_pss_total_mb"] = max(r["peak_pss_total_mb"] for r in base_runs)
            row["baseline_extrapolated"] = False
            measured_rate = row["baseline_seconds"] / n
        elif measured_rate is not None:
            row["baseline_seconds"] = measured_rate * n
            row["baseline_peak_rss_mb"] = None
            row["baseline_extrapolated"] = True
        if "baseline_seconds" in row:
            row["ratio"] = row["audit_seconds"] / row["baseline_seconds"]
        results["sizes"].append(row)
    if args.report:
        folder = args.data / f"x-{args.report}"
        _ensure(folder, args.report, args.generate)
        results["report"] = {"posts": args.report, **_run("report", folder)}

    _print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def _print_table(results: dict[str, Any]) -> None:
    m = results["machine"]
    print(
        f"machine: {m['cpus']} cores, Python {m['python']}, "
        f"load at start {m['load_average_at_start']}"
    )
    head = (
        f"{'posts':>9} | {'baseline s':>10} | {'audit s':>8} | {'(load+score)':>13} | "
        f"{'ratio':>5} | {'baseline/s':>10} | {'audit/s':>8} | {'base MB':>7} | "
        f"{'audit MB':>8} | {'worker MB':>9} | {'total MB':>8} | unique"
    )
    print(head)
    print("-" * len(head))
    for r in results["sizes"]:
        ext = "~" if r.get("baseline_extrapolated") else ""
        base = r.get("baseline_seconds")
        base_s = f"{ext}{base:.1f}" if base is not None else "-"
        ratio = f"{ext}{r['ratio']:.2f}" if "ratio" in r else "-"
        base_rate = f"{ext}{r['posts'] / base:,.0f}" if base else "-"
        base_mb = r.get("baseline_peak_rss_mb")
        print(
            f"{r['posts']:>9,} | {base_s:>10} | {r['audit_seconds']:>8.1f} | "
            f"{r['audit_load_seconds']:>5.1f}+{r['audit_score_seconds']:<7.1f} | {ratio:>5} | "
            f"{base_rate:>10} | {r['posts'] / r['audit_seconds']:>8,.0f} | "
            f"{(f'{base_mb:.0f}' if base_mb else '-'):>7} | {r['audit_peak_rss_mb']:>8.0f} | "
            f"{r['audit_worker_peak_rss_mb']:>9.0f} | {r['audit_peak_pss_total_mb']:>8.0f} | "
            f"{r['unique_text_share']}"
        )
    rep = results.get("report")
    if rep:
        print(
            f"HTML report of {rep['posts']:,} posts: {rep['seconds']:.1f} s "
            f"(peak {rep['peak_rss_mb']:.0f} MB, kernel {rep['worker_peak_rss_mb']:.0f} MB)"
        )
    print("~ = extrapolated from the largest measured baseline (not measured)")
    print(
        "MB: peak RSS of the process (base/audit) and of its largest worker; total = peak PSS of "
        "the process and its workers together (shared pages counted once)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
