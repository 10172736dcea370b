#!/usr/bin/env python3
"""Writes Fixtures/reference/*.json: expected outputs of the Stats module, computed with
numpy/scipy, so the Swift tests check dashbrief's numbers against an independent implementation.

Run by hand after changing an input here (CI does not run it; it needs numpy, scipy,
statsmodels and pymannkendall from PyPI):
    python3 scripts/reference/generate_reference.py
"""

import json
from pathlib import Path

import numpy as np
import pymannkendall
import scipy
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

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

    # Distributions.
    from scipy.stats import chi2, norm, t
    z_points = [-8.0, -3.0, -1.96, -0.5, 0.0, 0.3, 1.0, 2.5, 6.0]
    probabilities = [1e-10, 1e-4, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999, 1 - 1e-9]
    t_cases = [(df, x) for df in [1, 2.5, 5, 30, 300] for x in [-4.0, -1.0, 0.2, 2.0, 10.0]]
    distributions = {
        "normal_cdf": [[x, float(norm.cdf(x))] for x in z_points],
        "normal_quantile": [[p, float(norm.ppf(p))] for p in probabilities],
        "t_cdf": [[df, x, float(t.cdf(x, df))] for df, x in t_cases],
        "t_two_sided": [[df, x, float(2 * t.sf(abs(x), df))] for df, x in t_cases],
        "t_quantile": [[df, p, float(t.ppf(p, df))] for df in [1, 3, 7.5, 40] for p in [0.001, 0.05, 0.6, 0.975, 0.9999]],
        "chi2_sf": [[k, x, float(chi2.sf(x, k))] for k in [1, 2, 7, 40] for x in [0.01, 1.0, 5.5, 30.0, 120.0]],
    }

    # Robust scale, OLS inference.
    robust = {
        "sample": [float(v) for v in sample],
        "mad_scaled": float(scipy.stats.median_abs_deviation(sample, scale="normal")),
        "mad_raw": float(scipy.stats.median_abs_deviation(sample)),
    }
    fit = scipy.stats.linregress(np.arange(28), seasonal.round(0))
    tcrit = t.ppf(0.975, 26)
    ols_inference = {
        "y": [float(v) for v in seasonal.round(0)],
        "slope_p_value": float(fit.pvalue),
        "slope_ci_95": [float(fit.slope - tcrit * fit.stderr), float(fit.slope + tcrit * fit.stderr)],
    }

    # Theil-Sen (with ties in y), Mann-Kendall (original and seasonal).
    ties = np.array([3, 5, 5, 4, 8, 9, 9, 9, 12, 10, 14, 13, 13, 17, 16], dtype=float)
    theil = []
    for name, y in [("seasonal_daily_counts", seasonal.round(0)), ("with_ties", ties)]:
        r = scipy.stats.theilslopes(y, np.arange(len(y)), alpha=0.95)
        theil.append({"name": name, "y": [float(v) for v in y], "slope": float(r.slope),
                      "intercept": float(r.intercept), "low_slope": float(r.low_slope), "high_slope": float(r.high_slope)})
    mk = []
    for name, y in [("seasonal_daily_counts", seasonal.round(0)), ("with_ties", ties),
                    ("no_trend", rng.normal(0, 1, 40).round(2))]:
        r = pymannkendall.original_test(y)
        mk.append({"name": name, "y": [float(v) for v in y], "s": float(r.s), "var_s": float(r.var_s),
                   "z": float(r.z), "p": float(r.p), "tau": float(r.Tau)})
    weeks = 8
    daily = (1000 * weekly[np.arange(7 * weeks) % 7] * (1.01 ** (np.arange(7 * weeks) / 7)) + rng.normal(0, 15, 7 * weeks)).round(0)
    r = pymannkendall.seasonal_test(daily, period=7)
    seasonal_mk = {"y": [float(v) for v in daily], "period": 7, "s": float(r.s), "var_s": float(r.var_s),
                   "z": float(r.z), "p": float(r.p), "tau": float(r.Tau)}

    # Two proportions (funnel step this period against last), Benjamini-Hochberg.
    proportion_cases = []
    for x1, n1, x2, n2 in [(310, 1040, 395, 1030), (45, 120, 40, 118), (7, 50, 1, 60)]:
        z_stat, p_value = proportions_ztest([x1, x2], [n1, n2])
        low, high = confint_proportions_2indep(x1, n1, x2, n2, method="wald", compare="diff")
        proportion_cases.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": float(z_stat), "p": float(p_value),
                                 "ci_95": [float(low), float(high)]})
    p_values = [0.01, 0.04, 0.03, 0.005, 0.5, 0.2, 0.0001, 0.049, 0.9, 0.02]
    bh = {"p": p_values, "adjusted": [float(v) for v in multipletests(p_values, method="fdr_bh")[1]]}

    # Mann-Whitney U as an effect size, U(second) / (n1 n2): a level step, overlapping samples
    # with ties, and identical samples.
    # (own generator, so that the cases drawn after these keep their values)
    step_rng = np.random.default_rng(7)
    step_before = step_rng.normal(100, 8, 30).round(0)
    step_after = step_rng.normal(112, 8, 25).round(0)
    mann_whitney = []
    for name, first, second in [("level_step", step_before, step_after),
                                ("ties", np.array([1, 2, 2, 3, 3, 3, 4.0]), np.array([2, 3, 3, 5, 5.0])),
                                ("identical", np.array([4, 4, 4.0]), np.array([4, 4.0]))]:
        u = scipy.stats.mannwhitneyu(second, first).statistic
        mann_whitney.append({"name": name, "first": [float(v) for v in first], "second": [float(v) for v in second],
                             "probability_of_superiority": float(u / (len(first) * len(second)))})

    # Generalized ESD, written out from Rosner (1983) with scipy's t quantiles, robust (median/MAD)
    # and classic (mean/sd), on a series with three planted outliers.
    esd_data = rng.normal(50, 5, 60).round(2)
    esd_data[[7, 30, 44]] = [95.0, 4.0, 81.0]
    def esd(values, r, alpha, robust_variant):
        idx = list(range(len(values))); n = len(values); out = []; found = 0
        for i in range(1, r + 1):
            sample = values[idx]
            if robust_variant:
                centre = np.median(sample); scale = scipy.stats.median_abs_deviation(sample, scale="normal")
            else:
                centre = sample.mean(); scale = sample.std(ddof=1)
            j = int(np.argmax(np.abs(sample - centre)))
            stat = abs(sample[j] - centre) / scale
            p = 1 - alpha / (2 * (n - i + 1)); tq = t.ppf(p, n - i - 1)
            lam = (n - i) * tq / np.sqrt((n - i - 1 + tq * tq) * (n - i + 1))
            out.append([idx[j], float(stat), float(lam)])
            if stat > lam:
                found = i
            del idx[j]
        return out[:found]
    esd_reference = {"values": [float(v) for v in esd_data], "max_outliers": 6, "alpha": 0.05,
                     "robust": esd(esd_data, 6, 0.05, True), "classic": esd(esd_data, 6, 0.05, False)}

    # STL (statsmodels), robust and classic, daily (period 7) and hourly (period 24) shapes.
    from statsmodels.tsa.seasonal import STL as SMSTL
    days = 70
    stl_daily = (2400 * weekly[np.arange(days) % 7] * (1.003 ** np.arange(days)) + rng.normal(0, 40, days)).round(0)
    stl_daily[45] *= 0.55  # a one-day drop: robust STL must leave it in the residual
    hours = 24 * 12
    stl_hourly = (100 + 40 * np.sin(2 * np.pi * np.arange(hours) / 24) + rng.normal(0, 4, hours)).round(2)
    stl_cases = []
    for name, y, period, robust_fit, passes in [("daily_robust", stl_daily, 7, True, None),
                                                ("daily_classic", stl_daily, 7, False, None),
                                                ("hourly_robust", stl_hourly, 24, True, None),
                                                ("daily_robust_1_inner_3_outer", stl_daily, 7, True, (1, 3))]:
        fit = SMSTL(y, period=period, robust=robust_fit).fit(
            **({} if passes is None else {"inner_iter": passes[0], "outer_iter": passes[1]}))
        stl_cases.append({"name": name, "y": [float(v) for v in y], "period": period, "robust": robust_fit,
                          **({} if passes is None else {"inner": passes[0], "outer": passes[1]}),
                          "trend": [float(v) for v in fit.trend], "seasonal": [float(v) for v in fit.seasonal],
                          "residual": [float(v) for v in fit.resid], "weights": [float(v) for v in fit.weights]})

    # Changepoints: exact optimal partitioning by O(n^2) dynamic programming (a different algorithm
    # from PELT, which must find the same optimum).
    def optimal_partition(x, penalty, minimum):
        n = len(x); c1 = np.concatenate([[0], np.cumsum(x)]); c2 = np.concatenate([[0], np.cumsum(x * x)])
        cost = lambda a, b: c2[b] - c2[a] - (c1[b] - c1[a]) ** 2 / (b - a)
        best = np.full(n + 1, np.inf); best[0] = -penalty; prev = np.zeros(n + 1, int)
        for end in range(minimum, n + 1):
            for start in range(0, end - minimum + 1):
                if start != 0 and start < minimum:
                    continue
                if not np.isfinite(best[start]):
                    continue
                v = best[start] + cost(start, end) + penalty
                if v < best[end]:
                    best[end], prev[end] = v, start
        out = []; end = n
        while end > 0:
            start = prev[end]
            if start > 0:
                out.append(int(start))
            end = start
        return sorted(out)
    shifts = np.concatenate([rng.normal(10, 1, 40), rng.normal(14, 1, 30), rng.normal(9, 1, 50), rng.normal(9.5, 1, 20)])
    changepoint_cases = []
    for penalty, minimum in [(2 * np.log(140) * 1.0, 5), (30.0, 7), (2.0, 2)]:
        changepoint_cases.append({"penalty": float(penalty), "minimum_segment": minimum,
                                  "changes": optimal_partition(shifts, penalty, minimum)})
    changepoints = {"values": [float(v) for v in shifts], "cases": changepoint_cases}

    # Correlation: residuals after an OLS trend and weekday means, Pearson r of every pair, BH over
    # all pairs, best lag, and the eigenvalues of the correlation matrix.
    T, n_series = 84, 30
    driver = rng.normal(0, 1, T)
    series = []
    for k in range(n_series):
        base = 500 + 20 * k + 1.5 * np.arange(T) + 40 * weekly[np.arange(T) % 7]
        noise = rng.normal(0, 10, T)
        if k < 4:
            noise += 25 * driver          # a group of four series driven together
        if k == 5:
            noise += 25 * np.roll(driver, 3)  # follows the group three days later
        series.append((base + noise).round(1))
    def residual(y, period=7):
        x = np.arange(len(y)); slope, intercept = np.polyfit(x, y, 1)
        r = y - (intercept + slope * x)
        for phase in range(period):
            r[phase::period] -= r[phase::period].mean()
        r = r - r.mean()
        return r / np.linalg.norm(r)
    residuals = np.array([residual(np.asarray(y, float)) for y in series])
    corr = residuals @ residuals.T
    iu = np.triu_indices(n_series, 1)
    rs = corr[iu]
    tstat = rs * np.sqrt((T - 2) / (1 - rs ** 2))
    ps = 2 * t.sf(np.abs(tstat), T - 2)
    reject, adjusted, _, _ = multipletests(ps, alpha=0.05, method="fdr_bh")
    order = np.argsort(-np.abs(rs), kind="stable")[:10]
    a5 = residuals[0]; b5 = residuals[5]
    lags = {lag: float(np.sum(a5[max(0, -lag):T - max(0, lag)] * b5[max(0, lag):T - max(0, -lag)]) /
                       np.sqrt(np.sum(a5[max(0, -lag):T - max(0, lag)] ** 2) * np.sum(b5[max(0, lag):T - max(0, -lag)] ** 2)))
            for lag in range(-7, 8)}
    best_lag = max(lags, key=lambda k: abs(lags[k]))
    correlation = {
        "series": [[float(v) for v in y] for y in series], "period": 7,
        "residual_0": [float(v) for v in residuals[0]],
        "top_pairs": [[int(iu[0][i]), int(iu[1][i]), float(rs[i]), float(ps[i]), float(adjusted[i])] for i in order],
        "significant_count": int(reject.sum()),
        "weakest_significant_r": float(np.min(np.abs(rs[reject]))) if reject.any() else None,
        "best_lag_0_5": [int(best_lag), float(lags[best_lag])],
        "eigenvalues": [float(v) for v in np.linalg.eigvalsh(corr)[::-1][:5]],
    }

    # Lagged scan: every pair at lags -7..7, r over each lag's overlap, the largest |r| (ties to the
    # smaller |lag|, then the positive one); Bartlett's factor with Pyper & Peterman's weights over
    # h = 1..T/5 (at least 1, at most overlap/3); a t test on overlap/factor - 2 degrees of freedom;
    # Sidak over the 15 lags; BH over the pairs tested. Series 0 and 1 share a group (an insight)
    # and the pair (2, 3) is excluded, so 433 of the 435 pairs are tested.
    def best_lag(a, b, max_lag=7):
        rows = []
        for lag in range(-max_lag, max_lag + 1):
            x = a[max(0, -lag):T - max(0, lag)]; y = b[max(0, lag):T - max(0, -lag)]
            r = float(np.sum(x * y) / np.sqrt(np.sum(x ** 2) * np.sum(y ** 2)))
            rows.append((lag, r, int(np.sum((x != 0) & (y != 0)))))
        chosen = None
        for row in sorted(rows, key=lambda row: (abs(row[0]), -row[0])):
            if chosen is None or abs(row[1]) > abs(chosen[1]):
                chosen = row
        return chosen
    H = T // 5
    acfs = np.array([[np.sum(x[:T - h] * x[h:]) / np.sum(x ** 2) for h in range(1, H + 1)] for x in residuals])
    pp_weights = 1 - np.arange(1, H + 1) / T
    tested = [(i, j) for i, j in zip(*iu) if (i, j) != (0, 1) and (i, j) != (2, 3)]
    lagged_rows = []
    for i, j in tested:
        lag, r, overlap = best_lag(residuals[i], residuals[j])
        factor = min(max(1.0, 1 + 2 * float(np.sum(pp_weights * acfs[i] * acfs[j]))), max(1.0, overlap / 3))
        effective = overlap / factor
        single = 2 * t.sf(abs(r) * np.sqrt((effective - 2) / (1 - r * r)), effective - 2)
        lagged_rows.append([int(i), int(j), lag, r, overlap, effective, float(-np.expm1(15 * np.log1p(-single)))])
    _, lagged_adjusted, _, _ = multipletests([row[6] for row in lagged_rows], method="fdr_bh")
    for row, value in zip(lagged_rows, lagged_adjusted):
        row.append(float(value))
    lagged_rows.sort(key=lambda row: (row[6], -abs(row[3]), row[0], row[1]))
    correlation["lagged_pair_count"] = len(tested)
    correlation["lagged_top_pairs"] = lagged_rows[:12]
    correlation["lagged_significant_count"] = int(sum(row[7] < 0.05 for row in lagged_rows))

    OUT.mkdir(parents=True, exist_ok=True)
    import statsmodels
    meta = {"generator": "scripts/reference/generate_reference.py", "numpy": np.__version__, "scipy": scipy.__version__,
            "statsmodels": statsmodels.__version__, "pymannkendall": pymannkendall.__version__}
    for name, body in [("linear_trend.json", {"meta": meta, "cases": trends}),
                       ("least_squares.json", dict(meta=meta, **least_squares)),
                       ("descriptive.json", dict(meta=meta, **descriptive)),
                       ("distributions.json", dict(meta=meta, **distributions)),
                       ("robust_and_inference.json", dict(meta=meta, robust=robust, ols=ols_inference, theil_sen=theil,
                                                          mann_kendall=mk, seasonal_mann_kendall=seasonal_mk,
                                                          two_proportions=proportion_cases, benjamini_hochberg=bh,
                                                          mann_whitney=mann_whitney,
                                                          generalized_esd=esd_reference)),
                       ("stl.json", {"meta": meta, "cases": stl_cases}),
                       ("changepoints.json", dict(meta=meta, **changepoints)),
                       ("correlation.json", dict(meta=meta, **correlation))]:
        (OUT / name).write_text(json.dumps(body, indent=1) + "\n")
    print(f"wrote reference values to {OUT}")


if __name__ == "__main__":
    main()
