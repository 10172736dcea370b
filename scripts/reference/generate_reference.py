#!/usr/bin/env python3
"""Writes Fixtures/reference/*.json: expected outputs of the Stats module, computed with
numpy/scipy, so the Swift tests check dashbrief's numbers against an independent implementation.

Run by hand after changing an input here (CI does not run it; it needs numpy and scipy):
    python3 scripts/reference/generate_reference.py
"""

import json
from pathlib import Path

import numpy as np
import scipy

OUT = Path(__file__).resolve().parents[2] / "Fixtures" / "reference"


def linear_trend_case(name, y, x=None):
    y = np.asarray(y, dtype=float)
    x = np.arange(len(y), dtype=float) if x is None else np.asarray(x, dtype=float)
    keep = np.isfinite(y) & np.isfinite(x)
    xs, ys = x[keep], y[keep]
    fit = scipy.stats.linregress(xs, ys)
    residuals = ys - (fit.intercept + fit.slope * xs)
    return {
        "name": name,
        "y": [None if not np.isfinite(v) else float(v) for v in y],
        "x": None if x is None else [float(v) for v in x],
        "slope": float(fit.slope),
        "intercept": float(fit.intercept),
        "r_squared": float(fit.rvalue ** 2),
        "slope_standard_error": float(fit.stderr),
        "residual_sum_of_squares": float(np.sum(residuals ** 2)),
    }


def main():
    rng = np.random.default_rng(20261124)
    weekly = np.array([1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77])
    seasonal = 5000 * weekly[np.arange(28) % 7] * (1.004 ** np.arange(28)) + rng.normal(0, 120, 28)
    gappy = seasonal.copy()
    gappy[[3, 17]] = np.nan
    trends = [
        linear_trend_case("exact_line", [2.0 + 0.5 * i for i in range(10)]),
        linear_trend_case("seasonal_daily_counts", seasonal.round(0)),
        linear_trend_case("with_missing_values", gappy.round(0)),
        linear_trend_case("uneven_x", [3.1, 4.9, 9.2, 11.8, 20.5], x=[0, 1, 3, 4, 8]),
        linear_trend_case("large_offset_x", [10.0, 12.5, 14.1, 17.2], x=[1.7e9, 1.7e9 + 86400, 1.7e9 + 2 * 86400, 1.7e9 + 3 * 86400]),
    ]

    design = rng.normal(size=(12, 3))
    observations = design @ np.array([1.5, -2.0, 0.25]) + rng.normal(0, 0.1, 12)
    coefficients, residual, _, _ = np.linalg.lstsq(design, observations, rcond=None)
    least_squares = {
        "rows": 12, "columns": 3,
        "column_major": [float(v) for v in design.flatten(order="F")],
        "observations": [float(v) for v in observations],
        "coefficients": [float(v) for v in coefficients],
        "residual_sum_of_squares": float(residual[0]),
    }

    sample = rng.normal(100, 15, 101).round(3)
    with_nan = np.concatenate([sample[:20], [np.nan, np.inf], sample[20:40]])
    descriptive = {
        "sample": [float(v) for v in sample],
        "mean": float(np.mean(sample)),
        "median": float(np.median(sample)),
        "quantiles": {str(q): float(np.quantile(sample, q)) for q in [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]},
        "with_non_finite": [None if np.isnan(v) else ("inf" if np.isinf(v) else float(v)) for v in with_nan],
        "with_non_finite_median": float(np.median(with_nan[np.isfinite(with_nan)])),
        "even_sample": [4.0, 1.0, 3.0, 2.0],
        "even_sample_median": float(np.median([4.0, 1.0, 3.0, 2.0])),
    }

    OUT.mkdir(parents=True, exist_ok=True)
    meta = {"generator": "scripts/reference/generate_reference.py", "numpy": np.__version__, "scipy": scipy.__version__}
    for name, body in [("linear_trend.json", {"meta": meta, "cases": trends}),
                       ("least_squares.json", dict(meta=meta, **least_squares)),
                       ("descriptive.json", dict(meta=meta, **descriptive))]:
        (OUT / name).write_text(json.dumps(body, indent=1) + "\n")
    print(f"wrote reference values to {OUT}")


if __name__ == "__main__":
    main()
