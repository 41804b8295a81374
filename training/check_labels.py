"""Check the FORMAT of an annotator's CSV; it assigns no label.

Usage: ``python3 check_labels.py BATCH.txt OUT.csv``. Annotators run it when they are done and
fix what it reports: every post of the batch labelled once, 0/1 flags, known categories, a
category exactly when its flag is 1, a target only on a negative post.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OVERSHARE = {"alcohol", "drugs", "dating", "revealing", "pii", "health", "finance", "location",
             "work-confidential", "none"}
VALUE = {"educational", "security", "answer", "article", "opportunity", "milestone", "none"}
COLUMNS = ["n", "negative", "targets_person", "overshare", "overshare_category", "value_add",
           "value_category", "notes"]


def problems(batch: Path, out: Path) -> list[str]:
    """What is wrong with the labels file ``out`` of ``batch`` (empty when nothing)."""
    numbers = [int(m) for m in re.findall(r"^=== (\d+) ===$", batch.read_text("utf-8"), re.M)]
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    found = []
    if rows and list(rows[0]) != COLUMNS:
        found.append(f"header must be {','.join(COLUMNS)}; got {list(rows[0])}")
    seen: dict[int, dict[str, str]] = {}
    for line, r in enumerate(rows, 2):
        try:
            n = int(r["n"])
        except (TypeError, ValueError):
            found.append(f"line {line}: n={r.get('n')!r} is not a number")
            continue
        where = f"line {line} (post {n})"
        if n in seen:
            found.append(f"{where}: labelled twice")
        seen[n] = r
        for c in ("negative", "targets_person", "overshare", "value_add"):
            if r.get(c) not in ("0", "1"):
                found.append(f"{where}: {c}={r.get(c)!r}, must be 0 or 1")
        if r.get("overshare_category") not in OVERSHARE:
            found.append(f"{where}: overshare_category={r.get('overshare_category')!r}")
        if r.get("value_category") not in VALUE:
            found.append(f"{where}: value_category={r.get('value_category')!r}")
        if r.get("negative") == "0" and r.get("targets_person") == "1":
            found.append(f"{where}: targets_person=1 needs negative=1")
        pairs = (("overshare", "overshare_category"), ("value_add", "value_category"))
        for flag, category in pairs:
            if (r.get(flag) == "1") != (r.get(category) not in ("none", None)):
                found.append(f"{where}: {flag} and {category} disagree")
    missing = sorted(set(numbers) - set(seen))
    extra = sorted(set(seen) - set(numbers))
    if missing:
        found.append(f"{len(missing)} posts not labelled yet: {missing[:40]}")
    if extra:
        found.append(f"posts not in the batch: {extra[:20]}")
    return found


def main() -> int:
    """Print what is wrong (exit 1) or ``OK`` (exit 0)."""
    batch, out = Path(sys.argv[1]), Path(sys.argv[2])
    found = problems(batch, out)
    if found:
        print("\n".join(found))
        return 1
    print("OK: format valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
