#!/usr/bin/env python3
"""Writes a benchmark snapshot of any size: a recorded-snapshot directory like Fixtures/demo.

Deterministic (seeded, standard library only). The models and JSON builders are the demo's
(scripts/generate-demo-snapshot.py, imported): weekly seasonality, slow growth, Poisson-like noise,
PostHog's response shapes. Each of the D dashboards holds:
  - I trends insights of B breakdown values each (D × I × B daily series, plus a few below),
  - a funnel (steps, with the previous period dashbrief asks /query/ for) and a weekly retention,
  - one more insight rotating through the demo's other kinds: lifecycle (with its history query),
    funnel conversion trend, funnel by breakdown, bold number, stickiness, HogQL table, an average
    with missing days, a weekly series, and a tile whose calculation failed,
  - a text tile.
Spikes, dips, level shifts, a funnel conversion drop and weaker retention are planted on known
dates in some of them and listed in ground_truth.json, in the demo's format.

The manifest holds every request `daily` and `weekly` make: the dashboards list page by page
(`limit=100`, following `next`), each dashboard with `refresh=blocking`, and the /query/ and insight
requests of the tiles that need them. dashbrief.json lists every dashboard, so that
`dashbrief weekly --config DIR/dashbrief.json` covers all of them (the default is the configured
Marketing and Product dashboards only); its `snapshot` field points at DIR.

Usage:
  scripts/generate-bench-snapshot.py --size large --out .bench-data/large
  scripts/generate-bench-snapshot.py --dashboards 50 --insights 10 --breakdown 10 --days 365 --out DIR [--seed N]
Sizes: small 10 × 10 × 5 (~500 series), large 100 × 10 × 5 (~5,000), xl 400 × 10 × 5 (~20,000).
Generated when benchmarking, never committed (.bench-data/ is ignored).
"""

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import random
import time
from pathlib import Path


def load_demo():
    """The demo generator as a module (its file name has hyphens, so no plain import)."""
    path = Path(__file__).resolve().parent / "generate-demo-snapshot.py"
    spec = importlib.util.spec_from_file_location("generate_demo_snapshot", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


demo = load_demo()

SIZES = {"small": (10, 10, 5), "large": (100, 10, 5), "xl": (400, 10, 5)}
DEFAULT_SEED = 20261201
PAGE = 100  # the client asks for dashboards/?limit=100 and follows `next`
HISTORY_DAYS = 91  # what dashbrief's history query (-90d) returns, for tiles under 84 days
TODAY = demo.TODAY

THEMES = ["Marketing", "Product", "Growth", "Sales", "Support", "Engineering", "Finance", "Mobile"]
EVENTS = [("$pageview", "Pageviews"), ("signed_up", "Signups"), ("project_created", "Projects created"),
          ("invite_sent", "Invites sent"), ("file_exported", "Exports"), ("checkout_completed", "Checkouts"),
          ("search_performed", "Searches"), ("comment_added", "Comments"), ("api_key_created", "API keys created"),
          ("dashboard_viewed", "Dashboard views"), ("feature_flag_called", "Flag calls"),
          ("subscription_renewed", "Renewals")]
BREAKDOWNS = {
    "utm_source": ["google", "direct", demo.BREAKDOWN_NULL, "newsletter", "twitter", "linkedin", "bing", "reddit"],
    "$browser": ["Chrome", "Safari", "Firefox", "Edge", "Opera", "Samsung Internet", "Brave", "Vivaldi"],
    "$os": ["Mac OS X", "Windows", "iOS", "Android", "Linux", "Chrome OS", "iPadOS", "Ubuntu"],
    "$geoip_country_code": ["US", "DE", "GB", "FR", "IN", "BR", "CA", "JP"],
    "plan": ["free", "pro", "team", "enterprise", demo.BREAKDOWN_NULL, "trial", "startup", "nonprofit"],
}
PLANTED_KINDS = [("spike", 3.0), ("drop", 0.5), ("level_shift", 1.3)]


def short_id(seed, insight_id):
    """An 8-character short id like PostHog's, derived from the insight id."""
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    number = int(hashlib.md5(f"{seed}:short-{insight_id}".encode()).hexdigest(), 16)
    text = ""
    for _ in range(8):
        number, digit = divmod(number, len(alphabet))
        text += alphabet[digit]
    return text


class Bench:
    """One snapshot being generated: its day range, planted changes and recordings."""

    def __init__(self, out, seed, dashboards, insights, breakdown, days):
        self.out, self.seed = out, seed
        self.dashboard_count, self.insight_count, self.breakdown = dashboards, insights, breakdown
        self.days = demo.days_between(TODAY - dt.timedelta(days=days - 1), TODAY)
        # Series are simulated over at least the history query's range, so that a short tile and
        # its history query come from one simulation.
        self.simulated = demo.days_between(TODAY - dt.timedelta(days=max(days, HISTORY_DAYS) - 1), TODAY)
        self.labels = [demo.day_label(d) for d in self.days]
        # The data come from the demo's `rng`, reseeded; the plan from its own stream, so that
        # planting more or less never changes the data around it.
        demo.rng = random.Random(seed)
        self.plan = random.Random(seed ^ 0x5EED)
        self.truth = []
        self.exchanges = []
        self.bytes = 0
        self.daily_series = 0
        self.project = f"/api/projects/{demo.PROJECT_ID}"

    # ------------------------------------------------------------ writing

    def write(self, relative, body):
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False) + "\n"
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.bytes += len(data)

    def record(self, method, path, relative, body, status=200, tag=None):
        self.write(relative, body)
        exchange = {"method": method, "path": path, "status": status, "file": relative}
        if tag:
            exchange["tag"] = tag
        self.exchanges.append(exchange)

    def record_query(self, tag, body, status=200):
        self.record("POST", f"{self.project}/query/", f"api/query/{tag}.json", body, status=status, tag=tag)

    # ------------------------------------------------------------ ids and names

    def dashboard_meta(self, index):
        theme = THEMES[index % len(THEMES)]
        return (f"{theme} {index + 1:03d}", f"Benchmark dashboard {index + 1}: {theme.lower()} metrics", index < 2)

    @staticmethod
    def dashboard_id(index):
        return 1001 + index

    @staticmethod
    def insight_id(index, slot):
        return 100_000 + 1000 * index + slot

    @staticmethod
    def tile_id(insight_id):
        return 10_000_000 + insight_id

    def rebrand(self, item, insight_id, dashboard_id):
        """A demo-built insight given this snapshot's ids; its /query/ answers re-tagged to match."""
        old_id = item["id"]
        item.update(id=insight_id, short_id=short_id(self.seed, insight_id), dashboards=[dashboard_id],
                    dashboard_tiles=[{"id": self.tile_id(insight_id), "dashboard_id": dashboard_id, "deleted": None}],
                    filters_hash=demo.cache_key(f"insight-{insight_id}"))
        if item["query_status"]:
            item["query_status"] = dict(item["query_status"], insight_id=insight_id, dashboard_id=dashboard_id)
        for tag in [t for t in demo.QUERY_RESPONSES if t.endswith(f"-{old_id}")]:
            status, body = demo.QUERY_RESPONSES.pop(tag)
            self.record_query(tag[:-len(str(old_id))] + str(insight_id), body, status)
        return item

    def plant(self, kind, dashboard, item, series, date, factor, description):
        self.truth.append({
            "id": f"{kind.replace('_', '-')}-{item['id']}", "kind": kind, "dashboard": dashboard,
            "insight_id": item["id"], "insight": item["name"], "series": series, "date": date.isoformat(),
            "factor": factor, "description": description})

    def recent_day(self, first_back, last_back):
        """A complete day between `last_back` and `first_back` days ago (the weekly window is 28)."""
        return TODAY - dt.timedelta(days=self.plan.randint(first_back, last_back))

    # ------------------------------------------------------------ trends

    def breakdown_values(self, prop):
        pool = BREAKDOWNS[prop] + [f"{prop.strip('$')}-{n}" for n in range(len(BREAKDOWNS[prop]), self.breakdown)]
        if self.breakdown >= 3:  # PostHog folds the values past the limit into "Other"
            return pool[:self.breakdown - 1] + [demo.BREAKDOWN_OTHER]
        return pool[:self.breakdown]

    def plan_change(self, slot):
        """(kind, factor, date) for every third trends insight, else None."""
        if slot % 3 != 1:
            return None
        kind, factor = PLANTED_KINDS[(slot // 3) % len(PLANTED_KINDS)]
        date = self.recent_day(7, 21) if kind == "level_shift" else self.recent_day(1, 27)
        return kind, factor, date

    @staticmethod
    def shape(change):
        if change is None:
            return lambda day, mean: mean
        kind, factor, date = change
        if kind == "level_shift":
            return lambda day, mean: mean * factor if day >= date else mean
        return lambda day, mean: mean * factor if day == date else mean

    def trends_insight(self, index, slot, dashboard):
        event, label = EVENTS[slot % len(EVENTS)]
        props = sorted(BREAKDOWNS)
        prop = props[(index + slot) % len(props)]
        math_kind = "dau" if slot % 3 == 2 else "total"
        suffix = f" ({slot // len(EVENTS) + 1})" if slot >= len(EVENTS) else ""  # names unique per dashboard
        name = (f"{label} by {prop.strip('$')}" if self.breakdown > 1 else label) + suffix
        level = 10 ** demo.rng.uniform(2.3, 3.8)
        growth = demo.rng.uniform(-0.0004, 0.0012)
        change = self.plan_change(slot)
        values = self.breakdown_values(prop) if self.breakdown > 1 else [None]
        shares = [0.55 ** k for k in range(len(values))]
        simulated = []
        for k, value in enumerate(values):
            # Planted in the largest value, where a change is big enough to matter.
            shape = self.shape(change if k == 0 else None)
            mean = level * shares[k] / sum(shares) * (0.6 if value == demo.BREAKDOWN_OTHER else 1.0)
            simulated.append((value, demo.daily_counts(mean, growth, shape, days=self.simulated)))
        insight_id = self.insight_id(index, slot)
        result = self.trends_result(simulated, self.days, event, math_kind, prop, label)
        item = demo.insight(insight_id, short_id(self.seed, insight_id), name, f"{event} {math_kind} by {prop}",
                            self.trends_query(event, math_kind, prop, label), result,
                            dashboard_id=self.dashboard_id(index), tile_id=self.tile_id(insight_id),
                            first_day=self.days[0], has_more=self.breakdown >= 3 or None)
        if len(self.days) < 84:  # dashbrief asks /query/ for 90 days behind a short daily tile
            history = self.trends_result(simulated, self.simulated[-HISTORY_DAYS:], event, math_kind, prop, label)
            self.record_query(f"history-{insight_id}", demo.query_response(history, self.simulated[-HISTORY_DAYS]))
        self.daily_series += len(values)
        if change:
            kind, factor, date = change
            series = values[0] if values[0] is not None else label
            what = {"spike": f"one day at {factor}x normal", "drop": f"one day at {factor:.0%} of normal",
                    "level_shift": f"{factor - 1:+.0%} from this day on"}[kind]
            self.plant(kind, dashboard, item, series, date, factor, f"Planted: {series} of {name}, {what}.")
        return item

    def trends_query(self, event, math_kind, prop, label):
        source = {"kind": "TrendsQuery", "dateRange": {"date_from": f"-{len(self.days) - 1}d"},
                  "filterTestAccounts": True, "interval": "day",
                  "series": [demo.events_node(event, math_kind, custom_name=None if self.breakdown > 1 else label)],
                  "trendsFilter": {"display": "ActionsLineGraph"}}
        if self.breakdown > 1:
            source["breakdownFilter"] = {"breakdown": prop, "breakdown_type": "event",
                                         "breakdown_limit": self.breakdown - 1 if self.breakdown >= 3 else self.breakdown}
        return demo.viz(source)

    def trends_result(self, simulated, days, event, math_kind, prop, label):
        labels = self.labels if days is self.days else [demo.day_label(d) for d in days]
        result = []
        for value, counts in simulated:
            counts = counts[-len(days):]
            if value is None:
                result.append(demo.trend_series(counts, days, event, event, 0, math_kind, custom_name=label,
                                                labels=labels))
            else:
                result.append(demo.trend_series(counts, days, value, event, 0, math_kind, breakdown_value=value,
                                                labels=labels,
                                                filter_extra={"breakdown": prop, "breakdown_type": "event"}))
        if self.breakdown > 1:  # PostHog orders breakdown series by total, largest first, "Other" last
            result.sort(key=lambda s: (s["breakdown_value"] == demo.BREAKDOWN_OTHER, -s["count"]))
        return result

    # ------------------------------------------------------------ funnels and retention

    def funnel_insight(self, index, slot, dashboard, rows, drop_from, also_in):
        insight_id = self.insight_id(index, slot)
        current, previous = demo.window_totals(rows[-15:]), demo.window_totals(rows[-29:-14])
        self.record_query(f"previous-{insight_id}", demo.query_response(
            demo.funnel_steps(previous), self.simulated[-29], self.simulated[-15]))
        item = demo.insight(insight_id, short_id(self.seed, insight_id), "Signup funnel",
                            "Pageview → viewed_pricing → signup_started → signed_up", demo.funnel_query(),
                            demo.funnel_steps(current), dashboard_id=self.dashboard_id(index),
                            tile_id=self.tile_id(insight_id), first_day=self.simulated[-15])
        if drop_from:
            self.truth.append({
                "id": f"funnel-conversion-drop-{insight_id}", "kind": "funnel_conversion_drop",
                "dashboard": dashboard, "insight_id": insight_id, "insight": item["name"], "series": "Conversion",
                "step": "signed_up", "date": drop_from.isoformat(), "from_rate": 0.38, "to_rate": 0.29,
                "also_in": also_in,
                "description": "Planted: signup_started → signed_up conversion fell from 38% to 29%."})
        return item

    def retention_insight(self, index, slot, dashboard, weaker_from):
        insight_id = self.insight_id(index, slot)
        result, first_day, last_day = demo.retention_cohorts(weaker_from)
        item = demo.insight(insight_id, short_id(self.seed, insight_id), "Weekly retention",
                            "Retention of users based on doing signed_up for the first time and returning with "
                            "Pageview", demo.retention_query(), result, dashboard_id=self.dashboard_id(index),
                            tile_id=self.tile_id(insight_id), first_day=first_day, last_day=last_day)
        if weaker_from:
            self.truth.append({
                "id": f"retention-drop-{insight_id}", "kind": "retention_drop", "dashboard": dashboard,
                "insight_id": insight_id, "insight": item["name"], "cohorts_from": weaker_from.isoformat(),
                "factor": 0.72, "description": "Planted: recent cohorts retain 28% fewer users after week 0."})
        return item

    def conversion_trend(self, index, slot, rows):
        """The demo's funnel conversion trend over this snapshot's days."""
        data = [round(100.0 * signed / started, 2) if started else 0.0 for _, _, started, signed in rows]
        data = data[-len(self.days):]
        query = demo.funnel_query({"funnelVizType": "trends", "funnelFromStep": 2, "funnelToStep": 3},
                                  date_from=f"-{len(self.days) - 1}d")
        query["source"]["interval"] = "day"
        result = [{"count": len(self.days), "data": data, "days": [d.isoformat() for d in self.days],
                   "labels": self.labels}]
        insight_id = self.insight_id(index, slot)
        self.daily_series += 1
        if len(self.days) < 84:
            history = [{"count": HISTORY_DAYS, "data": [round(100.0 * s / t, 2) if t else 0.0
                                                        for _, _, t, s in rows[-HISTORY_DAYS:]],
                        "days": [d.isoformat() for d in self.simulated[-HISTORY_DAYS:]],
                        "labels": [demo.day_label(d) for d in self.simulated[-HISTORY_DAYS:]]}]
            self.record_query(f"history-{insight_id}", demo.query_response(history, self.simulated[-HISTORY_DAYS]))
        return demo.insight(insight_id, short_id(self.seed, insight_id), "Signup completion rate",
                            "signup_started → signed_up conversion (trend)", query, result,
                            dashboard_id=self.dashboard_id(index), tile_id=self.tile_id(insight_id),
                            first_day=self.days[0])

    # ------------------------------------------------------------ the rotating extra insight

    @staticmethod
    def extra_kind(index):
        """Which of the demo's other kinds dashboard `index` holds (see `extra_insight`)."""
        return index % 9

    def extra_insight(self, index, slot, rows):
        """One insight of the demo's other kinds, chosen by dashboard index."""
        insight_id, dashboard_id = self.insight_id(index, slot), self.dashboard_id(index)
        kind = self.extra_kind(index)
        if kind == 0:
            self.daily_series += 4
            return self.rebrand(demo.user_lifecycle(), insight_id, dashboard_id)
        if kind == 1:
            return self.conversion_trend(index, slot, rows)
        if kind == 2:
            current, previous = demo.window_totals(rows[-15:]), demo.window_totals(rows[-29:-14])
            self.record_query(f"previous-{insight_id}", demo.query_response(
                demo.funnels_by_browser(previous), self.simulated[-29], self.simulated[-15]))
            return demo.insight(insight_id, short_id(self.seed, insight_id), "Signup funnel by browser",
                                "Signup funnel by $browser", demo.funnel_query(breakdown="$browser"),
                                demo.funnels_by_browser(current), dashboard_id=dashboard_id,
                                tile_id=self.tile_id(insight_id), first_day=self.simulated[-15])
        if kind == 3:
            return self.rebrand(demo.weekly_active_users(), insight_id, dashboard_id)
        if kind == 4:
            return self.rebrand(demo.feature_stickiness(), insight_id, dashboard_id)
        if kind == 5:
            return self.rebrand(demo.top_events_table(), insight_id, dashboard_id)
        if kind == 6:
            self.daily_series += 1
            return self.rebrand(demo.session_duration(), insight_id, dashboard_id)
        if kind == 7:
            return self.rebrand(demo.weekly_signups(), insight_id, dashboard_id)
        # A tile whose calculation failed: dashbrief asks the insight endpoint, then /query/.
        item = self.rebrand(demo.ad_spend_errored(), insight_id, dashboard_id)
        self.record("GET", f"{self.project}/insights/{insight_id}/?refresh=blocking",
                    f"api/insights/{insight_id}.json", item)
        return item

    # ------------------------------------------------------------ dashboards

    def dashboard(self, index):
        meta = self.dashboard_meta(index)
        name, dashboard_id = meta[0], self.dashboard_id(index)
        # Every third dashboard's funnel loses conversion (those with the conversion trend among
        # them), a different third's retention weakens.
        drop_from = self.recent_day(3, 10) if index % 3 == 1 else None
        weaker_from = None
        if index % 3 == 2:
            current_week = TODAY - dt.timedelta(days=(TODAY.weekday() + 1) % 7)
            weaker_from = current_week - dt.timedelta(weeks=self.plan.randint(2, 4))
        rows = demo.simulate_funnel_days(self.simulated, drop_from)
        items = [self.trends_insight(index, slot, name) for slot in range(self.insight_count)]
        slot = self.insight_count
        also_in = [self.insight_id(index, slot + 2)] if self.extra_kind(index) == 1 else []
        items.append(self.funnel_insight(index, slot, name, rows, drop_from, also_in))
        items.append(self.retention_insight(index, slot + 1, name, weaker_from))
        items.append(self.extra_insight(index, slot + 2, rows))
        tiles = [demo.text_tile(0, self.tile_id(self.insight_id(index, 999)), dashboard_id,
                                f"Benchmark dashboard {index + 1}. Ask #data before changing these insights.")]
        tiles += [demo.insight_tile(position, item) for position, item in enumerate(items, start=1)]
        for position, tile in enumerate(tiles):
            tile["order"], tile["layouts"] = position, demo.layouts(position)
        self.record("GET", f"{self.project}/dashboards/{dashboard_id}/?refresh=blocking",
                    f"api/dashboards/{dashboard_id}.json", demo.dashboard_detail(dashboard_id, tiles, meta))

    def listing(self):
        """The dashboards list, 100 a page, as PostHog pages it (`next` is an absolute URL)."""
        metas = sorted((self.dashboard_meta(i) + (self.dashboard_id(i),) for i in range(self.dashboard_count)),
                       key=lambda m: (not m[2], m[0]))
        summaries = [demo.dashboard_basic(m[3], m[:3]) for m in metas]
        base = f"{self.project}/dashboards/?limit={PAGE}"

        def path(offset):
            return base + (f"&offset={offset}" if offset else "")

        for offset in range(0, len(summaries), PAGE):
            later = offset + PAGE < len(summaries)
            body = {"count": len(summaries), "next": demo.BASE_URL + path(offset + PAGE) if later else None,
                    "previous": demo.BASE_URL + path(offset - PAGE) if offset else None,
                    "results": summaries[offset:offset + PAGE]}
            relative = f"api/dashboards-offset-{offset}.json" if offset else "api/dashboards.json"
            self.record("GET", path(offset), relative, body)

    def generate(self):
        self.listing()
        for index in range(self.dashboard_count):
            self.dashboard(index)
        names = [self.dashboard_meta(i)[0] for i in range(self.dashboard_count)]
        self.write("manifest.json", {
            "format": "dashbrief-snapshot", "version": 1, "project_id": str(demo.PROJECT_ID),
            "timezone": demo.TIMEZONE, "recorded_at": demo.iso_utc(demo.RECORDED_AT), "base_url": demo.BASE_URL,
            "source": f"generated by scripts/generate-bench-snapshot.py (seed {self.seed}, {self.dashboard_count} "
                      f"dashboards × {self.insight_count} trends insights × {self.breakdown} values, "
                      f"{len(self.days)} days)",
            "exchanges": self.exchanges,
        })
        self.write("ground_truth.json", {
            "generator": "scripts/generate-bench-snapshot.py", "seed": self.seed,
            "recorded_at": demo.iso_utc(demo.RECORDED_AT), "timezone": demo.TIMEZONE,
            "incomplete_day": TODAY.isoformat(),
            "dimensions": {"dashboards": self.dashboard_count, "trends_insights": self.insight_count,
                           "breakdown_values": self.breakdown, "days": len(self.days),
                           "daily_series": self.daily_series},
            "planted": self.truth,
        })
        # `snapshot` is read relative to this file: `dashbrief weekly --config DIR/dashbrief.json`.
        self.write("dashbrief.json", {"snapshot": ".", "dashboards": [{"name": n} for n in names]})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), help="preset dashboards × insights × breakdown values")
    parser.add_argument("--dashboards", type=int, help="dashboards (small 10, large 100, xl 400)")
    parser.add_argument("--insights", type=int, help="trends insights per dashboard (default 10)")
    parser.add_argument("--breakdown", type=int, help="breakdown values per trends insight (default 5)")
    parser.add_argument("--days", type=int, default=365, help="daily points per series (default 365, at least 29)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", required=True, type=Path, help="directory to write (e.g. .bench-data/large)")
    args = parser.parse_args()
    preset = SIZES[args.size or "small"]
    dashboards, insights, breakdown = (given if given is not None else default for given, default in
                                       zip((args.dashboards, args.insights, args.breakdown), preset))
    if dashboards < 1 or insights < 0 or breakdown < 1 or args.days < 29:
        parser.error("need at least 1 dashboard, 0 insights, 1 breakdown value and 29 days")
    if insights > 990:
        parser.error("at most 990 trends insights per dashboard (insight ids are numbered per dashboard)")
    started = time.perf_counter()
    bench = Bench(args.out, args.seed, dashboards, insights, breakdown, args.days)
    bench.generate()
    print(f"wrote {len(bench.exchanges) + 3} files ({bench.bytes / 1e6:.1f} MB) to {args.out} in "
          f"{time.perf_counter() - started:.1f} s: {dashboards} dashboards, {bench.daily_series} daily series, "
          f"{len(bench.truth)} planted changes")


if __name__ == "__main__":
    main()
