#!/usr/bin/env python3
"""dashbrief's weekly analysis as a Python user would write it, for the benchmark's peer ratio.

Reads a snapshot directory (Fixtures/demo, or one written by scripts/generate-bench-snapshot.py)
and times each stage on its own:
  decode             json.load of every response file the manifest lists
  normalise          each daily series to a float array with parsed dates, complete days only
                     (history and previous-period /query/ answers used as dashbrief uses them)
  anomaly            per daily series, and per breakdown total: statsmodels STL(period=7,
                     robust=True) over the last 84 complete days (the reviewed 28 and 8 weeks
                     before, as dashbrief), a generalized ESD test on the residual (alpha 0.05, at
                     most 3 outliers, 10% off and a volume of 20 as dashbrief) and a level-shift
                     check on the deseasonalised series
  trends             per daily series, statsmodels OLS slope and its standard error over the 28
                     reviewed days
  funnels_retention  chi-square tests (scipy) of each funnel's conversion against the previous
                     period and of each breakdown value against the others; retention of the 3
                     newest cohorts against the earlier ones at ages 1, 2 and 4
  correlation        every pair of daily series of different insights over the last 90 complete
                     days, trend and weekday means removed, at every lag in ±7 days (as dashbrief),
                     Šidák-adjusted for the 15 lags and Benjamini–Hochberg over all pairs
Idiomatic numpy/scipy/statsmodels, single process, nothing parallelised by hand; BLAS threads follow
OPENBLAS_NUM_THREADS (`make bench` sets 1).

Usage: python3 Benchmarks/peer/peer.py SNAPSHOT_DIR [--json] [--anomaly-days N]   (see README.md)
"""

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
import warnings
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import stats
from statsmodels.tsa.seasonal import STL

REVIEWED_DAYS = 28  # dashbrief's weekly window
DETECTION_DAYS = 84  # the reviewed days and 8 weeks before them: the history dashbrief's detector sees
CORRELATION_DAYS = 90
MAX_LAG = 7
SIGNIFICANCE = 0.01  # dashbrief's level for trend, funnel, retention and correlation tests
MINIMUM_EFFECT = 0.10
TREND_PER_WEEK = 0.05
RETENTION_AGES = (1, 2, 4)


# ---------------------------------------------------------------- decode

def decode(directory):
    """Every recorded response, parsed, by (method, path, tag)."""
    manifest = json.loads((directory / "manifest.json").read_text())
    bodies, size = {}, 0
    for exchange in manifest["exchanges"]:
        path = directory / exchange["file"]
        size += path.stat().st_size
        with open(path, "rb") as handle:
            bodies[(exchange["method"], exchange["path"], exchange.get("tag"))] = json.load(handle)
    return manifest, bodies, size


# ---------------------------------------------------------------- normalise

def first_incomplete_day(manifest):
    """The recording's day in the project's zone: that day and later are incomplete."""
    recorded = dt.datetime.fromisoformat(manifest["recorded_at"].replace("Z", "+00:00"))
    return np.datetime64(recorded.astimezone(ZoneInfo(manifest["timezone"])).date(), "D")


def source_of(insight):
    query = insight.get("query") or {}
    return query.get("source", query)


def daily_series(insight, results, dashboard, cutoff):
    """(name, dates, values) of each complete-day series of a trends-like result."""
    out = []
    for item in results:
        days = item.get("days") or []
        if not days or not isinstance(days[0], str):
            continue  # bold numbers, stickiness
        dates = np.array(days, dtype="datetime64[D]")
        values = np.array([np.nan if v is None else v for v in item["data"]], dtype=float)
        complete = dates < cutoff
        name = item.get("breakdown_value") or item.get("action", {}).get("custom_name") or item.get("label", "")
        out.append({"dashboard": dashboard, "insight_id": insight["id"], "insight": insight["name"],
                    "name": str(name), "dates": dates[complete], "values": values[complete],
                    "breakdown": item.get("breakdown_value") is not None})
    return out


def breakdown_total(series):
    """The total of a breakdown's series (none when not broken down), which dashbrief analyses too."""
    parts = [s for s in series if s["breakdown"]]
    if len(parts) < 2 or any(len(p["dates"]) != len(parts[0]["dates"]) for p in parts):
        return []
    return [dict(parts[0], name="Total", breakdown=False, values=np.nansum([p["values"] for p in parts], axis=0))]


def normalise(manifest, bodies):
    """Daily series (with breakdown totals apart), funnels with their previous period, retention."""
    cutoff = first_incomplete_day(manifest)
    answers = {tag: body for (method, _, tag), body in bodies.items() if method == "POST" and tag}
    series, totals, funnels, retention = [], [], [], []
    for (method, path, _), body in bodies.items():
        if method != "GET" or "/dashboards/" not in path or "refresh=blocking" not in path:
            continue
        for tile in body["tiles"]:
            insight = tile.get("insight")
            if not insight or insight.get("result") is None:
                continue
            source = source_of(insight)
            kind, result = source.get("kind"), insight["result"]
            if kind == "TrendsQuery" or (kind == "FunnelsQuery" and
                                         source.get("funnelsFilter", {}).get("funnelVizType") == "trends"):
                if source.get("interval", "day") != "day":
                    continue
                history = answers.get(f"history-{insight['id']}")
                items = daily_series(insight, history["results"] if history else result, body["name"], cutoff)
                series += items
                totals += breakdown_total(items)
            elif kind == "FunnelsQuery":
                previous = answers.get(f"previous-{insight['id']}")
                funnels.append((insight, result, previous["results"] if previous else None))
            elif kind == "RetentionQuery":
                retention.append((insight, result))
    return series, totals, funnels, retention


# ---------------------------------------------------------------- anomaly

def filled(values):
    """Missing days linearly interpolated: STL needs every point."""
    missing = np.isnan(values)
    if not missing.any():
        return values
    if missing.all():
        return np.zeros_like(values)
    index = np.arange(len(values))
    return np.where(missing, np.interp(index, index[~missing], values[~missing]), values)


def generalized_esd(residual, max_outliers=3, alpha=0.05):
    """Rosner's generalized ESD test: indices of the outliers, most extreme first."""
    x, index = residual.copy(), np.arange(len(residual))
    candidates, count = [], 0
    for i in range(1, max_outliers + 1):
        sd = x.std(ddof=1)
        if sd == 0:
            break
        deviation = np.abs(x - x.mean())
        j = int(np.argmax(deviation))
        n = len(residual) - i + 1
        t = stats.t.ppf(1 - alpha / (2 * n), n - 2)
        critical = (n - 1) * t / np.sqrt((n - 2 + t * t) * n)
        candidates.append(index[j])
        if deviation[j] / sd > critical:
            count = i
        x, index = np.delete(x, j), np.delete(index, j)
    return candidates[:count]


def level_shift(deseasonalised, residual, reviewed):
    """The strongest split in the reviewed days: a two-sample t on the deseasonalised series with
    the residual's robust spread. (index, step) when |t| > 5 and the change is at least 10%."""
    n = len(deseasonalised)
    scale = 1.4826 * np.median(np.abs(residual - np.median(residual)))
    if scale == 0:
        return None
    splits = np.arange(max(n - reviewed, 7), n - 2)  # at least 3 days after the shift
    prefix = np.concatenate([[0.0], np.cumsum(deseasonalised)])
    before = prefix[splits] / splits
    after = (prefix[n] - prefix[splits]) / (n - splits)
    t = (after - before) / (scale * np.sqrt(1 / splits + 1 / (n - splits)))
    best = int(np.argmax(np.abs(t)))
    step = after[best] - before[best]
    if abs(t[best]) > 5 and abs(step) >= MINIMUM_EFFECT * max(abs(before[best]), 1e-9):
        return int(splits[best]), step
    return None


def anomalies(series, window=DETECTION_DAYS):
    """Outliers and level shifts among the reviewed days of each series. An outlier must also be
    10% off the expectation and count at least 20 (dashbrief's minimum change and volume): ESD on a
    robust STL's residual flags ordinary Poisson noise otherwise. What is found is kept on the
    series for the correlation stage, which leaves it out as dashbrief does."""
    analysed = outliers = shifts = 0
    recent = slice(-window if window else None, None)  # window 0 or None: the whole series
    for item in series:
        dates, values = item["dates"][recent], filled(item["values"][recent])
        if len(values) < 4 * 7:
            continue
        fit = STL(values, period=7, robust=True).fit()
        expected = fit.trend + fit.seasonal
        found = [i for i in generalized_esd(fit.resid)
                 if abs(fit.resid[i]) >= MINIMUM_EFFECT * abs(expected[i]) and max(values[i], expected[i]) >= 20]
        # Against the 8 weeks before the reviewed days at most: a year's growth is no step.
        tail = slice(-DETECTION_DAYS, None)
        shift = level_shift((values - fit.seasonal)[tail], fit.resid[tail], REVIEWED_DAYS)
        reviewed_from = len(values) - REVIEWED_DAYS
        outliers += sum(1 for i in found if i >= reviewed_from)
        shifts += shift is not None
        analysed += 1
        item["outlier_dates"] = dates[found]
        item["shift"] = (dates[tail][shift[0]], shift[1]) if shift else None
    return {"series": analysed, "outliers": outliers, "level_shifts": shifts}


# ---------------------------------------------------------------- trends

def trends(series):
    """OLS slope and standard error per series over the reviewed days; significant and at least 5%
    a week of the mean."""
    analysed = significant = 0
    for item in series:
        values = item["values"][-REVIEWED_DAYS:]
        keep = ~np.isnan(values)
        if keep.sum() < 8:
            continue
        x = sm.add_constant(np.arange(len(values), dtype=float)[keep])
        fit = sm.OLS(values[keep], x).fit()
        slope, stderr = fit.params[1], fit.bse[1]
        mean = values[keep].mean()
        analysed += 1
        if stderr > 0 and fit.pvalues[1] < SIGNIFICANCE and mean > 0 and abs(7 * slope / mean) >= TREND_PER_WEEK:
            significant += 1
    return {"series": analysed, "significant": significant}


# ---------------------------------------------------------------- funnels and retention

def two_proportions(converted1, trials1, converted2, trials2):
    """p-value and relative change of a 2 × 2 chi-square test (the two-proportion z test)."""
    if min(trials1, trials2) <= 0 or converted1 + converted2 in (0, trials1 + trials2):
        return None
    table = [[converted1, trials1 - converted1], [converted2, trials2 - converted2]]
    _, p, _, _ = stats.chi2_contingency(table, correction=False)
    before = converted2 / trials2
    return p, (converted1 / trials1 - before) / before if before else np.inf


def significant(test):
    return bool(test is not None and test[0] < SIGNIFICANCE and abs(test[1]) >= MINIMUM_EFFECT)


def funnel_list(result):
    """Per breakdown value, the step counts (one funnel when not broken down)."""
    if result and isinstance(result[0], list):
        return {str(steps[0].get("breakdown_value")): [s["count"] for s in steps] for steps in result}
    return {None: [s["count"] for s in result]}


def funnel_tests(funnels):
    tests = found = 0
    for _, result, previous in funnels:
        current = funnel_list(result)
        before = funnel_list(previous) if previous else {}
        for key, counts in current.items():
            if key in before:  # overall conversion against the previous period
                old = before[key]
                test = two_proportions(counts[-1], counts[0], old[-1], old[0])
                tests, found = tests + 1, found + significant(test)
            if len(current) > 1:  # each step of each value against all other values
                for step in range(1, len(counts)):
                    others = [c for k, c in current.items() if k != key]
                    test = two_proportions(counts[step], counts[step - 1], sum(c[step] for c in others),
                                           sum(c[step - 1] for c in others))
                    tests, found = tests + 1, found + significant(test)
    return tests, found


def retention_tests(retention):
    """The 3 newest complete cohorts against the earlier ones, at each age."""
    tests = found = 0
    for _, cohorts in retention:
        n = len(cohorts)
        for age in RETENTION_AGES:
            # Cohort i has reached age a completely when i + a < n - 1 (the current period is partial).
            observed = [(c["values"][0]["count"], c["values"][age]["count"]) for i, c in enumerate(cohorts)
                        if i + age < n - 1 and c["values"][0]["count"] > 0]
            recent, earlier = observed[-3:], observed[:-3]
            if len(earlier) < 2:
                continue
            test = two_proportions(sum(k for _, k in recent), sum(s for s, _ in recent),
                                   sum(k for _, k in earlier), sum(s for s, _ in earlier))
            tests, found = tests + 1, found + significant(test)
    return tests, found


def funnels_retention(funnels, retention):
    funnel_count, funnel_found = funnel_tests(funnels)
    retention_count, retention_found = retention_tests(retention)
    return {"funnels": len(funnels), "funnel_tests": funnel_count, "funnel_significant": funnel_found,
            "retention_insights": len(retention), "retention_tests": retention_count,
            "retention_significant": retention_found}


# ---------------------------------------------------------------- correlation

def aligned(series):
    """The last 90 complete days any series has, one row per series with at least 28 of them, its
    level shift subtracted and its outliers interpolated over: a step or a spike on the same day in
    two series is one event, not a relationship."""
    days = np.unique(np.concatenate([s["dates"] for s in series]))[-CORRELATION_DAYS:]
    rows, groups = [], []
    for item in series:
        present = np.isin(item["dates"], days)
        if present.sum() < 28:
            continue
        row = np.full(len(days), np.nan)
        row[np.searchsorted(days, item["dates"][present])] = item["values"][present]
        row[np.isin(days, item.get("outlier_dates", []))] = np.nan
        if item.get("shift"):
            date, step = item["shift"]
            row[days >= date] -= step
        rows.append(filled(row))
        groups.append(item["insight_id"])
    return days, np.array(rows), np.array(groups)


def residuals(matrix, days):
    """Each row without its linear trend and weekday means (one least-squares fit for all rows)."""
    weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday
    design = np.column_stack([(weekday == d).astype(float) for d in range(7)] + [np.arange(len(days), dtype=float)])
    coefficients, *_ = np.linalg.lstsq(design, matrix.T, rcond=None)
    return matrix - (design @ coefficients).T


def standardised(block):
    """Rows with mean 0 and unit norm, so that a product of two is their Pearson r."""
    centred = block - block.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(centred, axis=1, keepdims=True)
    return np.divide(centred, norm, out=np.zeros_like(centred), where=norm > 0)


def best_lags(x, groups, block=1000):
    """For every pair (i < j) of different insights, the lag in ±7 with the largest |r|; returns
    the pairs tested and the candidates with |r| ≥ 0.5 as (r, overlap). Row blocks keep the
    memory to block × series values per lag (xl has 20,000 series)."""
    n, length = x.shape
    lagged = {lag: (standardised(x[:, lag:]), standardised(x[:, :length - lag])) for lag in range(MAX_LAG + 1)}
    tested, candidates = 0, []
    for start in range(0, n, block):
        stop = min(start + block, n)
        best = np.zeros((stop - start, n - start))
        best_overlap = np.full(best.shape, length)
        for lag, (later, earlier) in lagged.items():
            # later[i]·earlier[j]: i follows j by `lag`; earlier[i]·later[j]: j follows i.
            products = [later[start:stop] @ earlier[start:].T]
            if lag:
                products.append(earlier[start:stop] @ later[start:].T)
            for r in products:
                stronger = np.abs(r) > np.abs(best)
                best[stronger], best_overlap[stronger] = r[stronger], length - lag
        upper = np.arange(start, n)[None, :] > np.arange(start, stop)[:, None]
        keep = upper & (groups[start:stop, None] != groups[None, start:])
        tested += int(keep.sum())
        strong = keep & (np.abs(best) >= 0.5)
        candidates.append(np.column_stack([best[strong], best_overlap[strong]]))
    return tested, np.concatenate(candidates) if candidates else np.empty((0, 2))


def correlation(series):
    days, matrix, groups = aligned(series)
    if len(matrix) < 2:
        return {"series": len(matrix), "pairs_tested": 0, "candidates": 0, "significant": 0}
    tested, candidates = best_lags(residuals(matrix, days), groups)
    r, overlap = candidates[:, 0], candidates[:, 1]
    t = r * np.sqrt((overlap - 2) / np.maximum(1 - r * r, 1e-12))
    p = 2 * stats.t.sf(np.abs(t), overlap - 2)
    p = 1 - (1 - p) ** (2 * MAX_LAG + 1)  # Šidák: the best of 15 lags
    # Benjamini–Hochberg over every pair tested. The pairs left out (|r| < 0.5) have the larger
    # p-values, so the candidates hold the smallest ranks and m is the number of tests.
    order = np.argsort(p)
    adjusted = np.minimum.accumulate((p[order] * tested / np.arange(1, len(p) + 1))[::-1])[::-1]
    return {"series": len(matrix), "days": len(days), "lags": 2 * MAX_LAG + 1, "pairs_tested": tested,
            "candidates": len(r), "significant": int((adjusted < SIGNIFICANCE).sum())}


# ---------------------------------------------------------------- main

def timed(stages, name, function, *args):
    """Runs one stage; its wall seconds, and its counts when it returns a dict, go in `stages`."""
    started = time.perf_counter()
    value = function(*args)
    stages[name] = {"seconds": round(time.perf_counter() - started, 4)}
    if isinstance(value, dict):
        stages[name].update(value)
    return value


def run(directory, anomaly_days=DETECTION_DAYS):
    stages = {}
    started = time.perf_counter()
    manifest, bodies, size = timed(stages, "decode", decode, directory)
    stages["decode"].update(files=len(bodies), megabytes=round(size / 1e6, 1))
    series, totals, funnels, retention = timed(stages, "normalise", normalise, manifest, bodies)
    stages["normalise"].update(series=len(series), breakdown_totals=len(totals),
                               points=int(sum(len(s["values"]) for s in series)))
    timed(stages, "anomaly", anomalies, series + totals, anomaly_days)
    timed(stages, "trends", trends, series)
    timed(stages, "funnels_retention", funnels_retention, funnels, retention)
    timed(stages, "correlation", correlation, series)
    stages["total"] = {"seconds": round(time.perf_counter() - started, 4)}
    return stages


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("snapshot", type=Path, help="snapshot directory (manifest.json and api/...)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--anomaly-days", type=int, default=DETECTION_DAYS,
                        help="complete days STL and ESD see per series (default 84, dashbrief's window; 0: all)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # statsmodels' convergence chatter on flat series
    stages = run(args.snapshot, args.anomaly_days)
    environment = {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                   "statsmodels": statsmodels.__version__,
                   "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS")}
    if args.json:
        print(json.dumps({"snapshot": str(args.snapshot), "environment": environment, "stages": stages}))
        return
    print(f"peer on {args.snapshot} (numpy {np.__version__}, scipy {scipy.__version__}, "
          f"statsmodels {statsmodels.__version__})")
    for name, figures in stages.items():
        counts = ", ".join(f"{k} {v}" for k, v in figures.items() if k != "seconds")
        print(f"  {name:18s} {figures['seconds']:9.3f} s  {counts}")


if __name__ == "__main__":
    sys.exit(main())
