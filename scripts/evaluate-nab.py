#!/usr/bin/env python3
"""Event-level F1 of `dashbrief detect` on ../shared/nab, per category.

Runs the release binary with the product's defaults (one fixed setting, never tuned per file)
on each NAB file and scores its detections with the metric of
../shared/research/nab-scorer-notes.md section 10: probationary rows ignored; detections thinned
into alerts by a cooldown of 1% of the file's rows; a window is found if any detection falls in
it; false positives are alerts outside every window.

Usage: swift build -c release && python3 scripts/evaluate-nab.py [--binary PATH]
"""

import argparse
import csv
import io
import json
import math
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAB = ROOT.parent / "shared" / "nab"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "dashbrief"))
    args = parser.parse_args()
    labels = json.load(open(NAB / "labels.json"))
    totals = {"tp": 0, "fn": 0, "fp": 0}
    categories = {}
    for name in sorted(labels):
        rows = list(csv.reader(open(NAB / name)))[1:]
        timestamps = [r[0] for r in rows]
        n = len(rows)
        first = {}
        for index, stamp in enumerate(timestamps):
            first.setdefault(stamp, index)
        windows = [(first[a.split(".")[0]], first[b.split(".")[0]]) for a, b in labels[name]]
        output = subprocess.run([args.binary, "detect", str(NAB / name), "--format", "csv"], check=True,
                                capture_output=True, text=True).stdout
        flagged = sorted({first[r["timestamp"]] for r in csv.DictReader(io.StringIO(output))})
        probation = min(math.floor(0.15 * n), 750)
        detections = [i for i in flagged if i >= probation]
        tp = sum(1 for left, right in windows if any(max(left, probation) <= i <= right for i in detections))
        fn = len(windows) - tp
        cooldown, last, fp = round(0.01 * n), -10**9, 0
        for i in detections:
            if i - last > cooldown:
                last = i
                if not any(left <= i <= right for left, right in windows):
                    fp += 1
        category = categories.setdefault(name.split("/")[0], {"tp": 0, "fn": 0, "fp": 0})
        for key, value in (("tp", tp), ("fn", fn), ("fp", fp)):
            category[key] += value
            totals[key] += value
        print(f"{name:60s} windows {tp}/{tp + fn}  false alerts {fp}")

    def f1(c):
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return score, precision, recall

    print()
    for name, c in sorted(categories.items()):
        score, precision, recall = f1(c)
        print(f"{name:24s} F1 {score:.3f}  P {precision:.2f}  R {recall:.2f}  windows {c['tp']}/{c['tp'] + c['fn']}  FP {c['fp']}")
    score, precision, recall = f1(totals)
    print(f"{'all 35 files':24s} F1 {score:.3f}  P {precision:.2f}  R {recall:.2f}  windows {totals['tp']}/{totals['tp'] + totals['fn']}  FP {totals['fp']}")


if __name__ == "__main__":
    main()
