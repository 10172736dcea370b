#!/usr/bin/env python3
"""Writes Fixtures/demo: a recorded-snapshot of two PostHog dashboards, generated.

Deterministic (seeded, standard library only): running it twice gives byte-identical files.
The series have weekly seasonality, a slow trend and noise; a few changes are planted on known
dates and listed in ground_truth.json so that tests can check the analysis finds them.

Response bodies follow ../shared/posthog-shapes/ (field names, nesting, number types, the
incomplete last period, null values with `data::nan!` markers, non-UTC offsets). The manifest maps
each request the PostHog client makes to the file holding its response body.

Usage: scripts/generate-demo-snapshot.py [OUT_DIR]   (default: Fixtures/demo)

scripts/generate-bench-snapshot.py imports this file for its models and JSON builders: it reseeds
`rng` and passes its own day range to the builders that take one.
"""

import datetime as dt
import functools
import hashlib
import json
import math
import random
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

SEED = 20261124
PROJECT_ID = 48213
TIMEZONE = "America/Los_Angeles"
TZ = ZoneInfo(TIMEZONE)
BASE_URL = "https://us.posthog.com"
# "Now" of the recording: 15:12 local on a Tuesday, so the last day is 63% elapsed.
RECORDED_LOCAL = dt.datetime(2026, 11, 24, 15, 12, 7, 482000, tzinfo=TZ)
RECORDED_AT = RECORDED_LOCAL.astimezone(dt.timezone.utc)
TODAY = RECORDED_LOCAL.date()
FIRST_DAY = TODAY - dt.timedelta(days=139)  # 140 daily points, the last one incomplete
ELAPSED = (RECORDED_LOCAL - RECORDED_LOCAL.replace(hour=0, minute=0, second=0, microsecond=0)).total_seconds() / 86400

# Monday .. Sunday multipliers: business product, quiet weekends.
WEEKDAY = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77]

PLANTED = {
    "pageview_drop": dt.date(2026, 11, 18),
    "newsletter_spike": dt.date(2026, 11, 20),
    "dau_shift": dt.date(2026, 11, 12),
    "conversion_drop": dt.date(2026, 11, 16),
    "retention_weaker_from": dt.date(2026, 10, 25),
}

rng = random.Random(SEED)


def cache_key(identity):
    """PostHog-looking cache keys derived from what they name, so that they never consume the
    random stream the data comes from (adding a response must not change the data)."""
    return "cache_" + hashlib.md5(f"{SEED}:{identity}".encode()).hexdigest()


# ---------------------------------------------------------------- time helpers

def iso_utc(moment):
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# Cached: the bench generator formats the same days for thousands of series.
@functools.lru_cache(maxsize=None)
def iso_local_midnight(day):
    return dt.datetime(day.year, day.month, day.day, tzinfo=TZ).isoformat()


def iso_local_end(day):
    return dt.datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=TZ).isoformat()


@functools.lru_cache(maxsize=None)
def day_label(day):
    return f"{day.day}-{day.strftime('%b')}-{day.year}"


def week_label(start):
    end = start + dt.timedelta(days=6)
    if start.year != end.year:
        return f"{day_label(start)} – {day_label(end)}"
    if start.month != end.month:
        return f"{start.day}-{start.strftime('%b')} – {end.day}-{end.strftime('%b')}"
    return f"{start.day}–{end.day} {start.strftime('%b')}"


def days_between(first, last):
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


DAYS = days_between(FIRST_DAY, TODAY)


# ---------------------------------------------------------------- series models

def noisy_count(mean, relative_noise=0.035):
    """A count around `mean`: Poisson-like spread plus a little extra-Poisson noise."""
    sd = math.sqrt(max(mean, 1.0) + (relative_noise * mean) ** 2)
    return max(0, int(round(rng.gauss(mean, sd))))


def seasonal_mean(level, day, growth_per_day=0.0008):
    t = (day - FIRST_DAY).days
    return level * WEEKDAY[day.weekday()] * (1 + growth_per_day) ** t


def daily_counts(level, growth_per_day=0.0008, shape=lambda day, mean: mean, days=DAYS):
    values = []
    for day in days:
        mean = shape(day, seasonal_mean(level, day, growth_per_day))
        if day == TODAY:
            mean *= ELAPSED
        values.append(noisy_count(mean))
    return values


# ---------------------------------------------------------------- PostHog JSON builders

USER = {
    "id": 7,
    "uuid": "01890f3c-5a2e-0000-7c3d-6b1f0e9a2c41",
    "distinct_id": "kX3pQ9vT2mW8rL5nB7cY1zD4hF6jG0sA",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "ada@example.com",
    "is_email_verified": True,
    "hedgehog_config": None,
    "role_at_organization": "engineering",
}
CREATED_AT = "2026-03-03T10:21:45.118204Z"
MODIFIED_AT = "2026-09-20T08:14:02.540119Z"


def legacy_filter(interval, first, last, display, extra=None):
    echo = {
        "insight": "TRENDS",
        "filter_test_accounts": True,
        "date_to": iso_local_end(last),
        "date_from": iso_local_midnight(first),
        "entity_type": "events",
        "interval": interval,
        "smoothingIntervals": 1,
        "display": display,
        "showLegend": False,
        "showValuesOnSeries": False,
        "aggregationAxisFormat": "numeric",
    }
    echo.update(extra or {})
    return echo


def action(event, order, math_kind, days, custom_name=None, math_property=None):
    return {
        "days": [iso_local_midnight(d) for d in days],
        "id": event,
        "type": "events",
        "order": order,
        "name": event,
        "custom_name": custom_name,
        "math": math_kind,
        "math_property": math_property,
        "math_hogql": None,
        "math_group_type_index": None,
        "properties": {},
    }


def trend_series(values, days, label, event, order, math_kind, *, custom_name=None, display="ActionsLineGraph",
                 breakdown_value=None, math_property=None, interval="day", labels=None, filter_extra=None):
    present = [v for v in values if v is not None]
    series = {
        "data": values,
        "labels": labels or [day_label(d) for d in days],
        "days": [d.isoformat() for d in days],
        "count": float(sum(present)),
        "label": label,
        "filter": legacy_filter(interval, days[0], days[-1], display, filter_extra),
        "action": action(event, order, math_kind, days, custom_name, math_property),
    }
    nan_positions = {str(i): True for i, v in enumerate(values) if v is None}
    if nan_positions:
        series["data::nan!"] = nan_positions
    if breakdown_value is not None:
        series["breakdown_value"] = breakdown_value
    series["order"] = order
    return series


def insight(insight_id, short_id, name, derived_name, query, result, *, dashboard_id, tile_id, first_day,
            last_day=TODAY, description="", has_more=None, columns=None, types=None, query_status=None,
            last_refresh=RECORDED_AT):
    refreshed = last_refresh
    return {
        "id": insight_id,
        "short_id": short_id,
        "name": name,
        "derived_name": derived_name,
        "filters": {},
        "query": query,
        "order": None,
        "deleted": False,
        "dashboards": [dashboard_id],
        "dashboard_tiles": [{"id": tile_id, "dashboard_id": dashboard_id, "deleted": None}],
        "last_refresh": iso_utc(refreshed) if result is not None else None,
        "cache_target_age": iso_utc(refreshed + dt.timedelta(hours=6)) if result is not None else None,
        "next_allowed_client_refresh": iso_utc(refreshed + dt.timedelta(minutes=15)) if result is not None else None,
        "result": result,
        "hasMore": has_more,
        "columns": columns,
        "created_at": CREATED_AT,
        "created_by": USER,
        "description": description,
        "updated_at": MODIFIED_AT,
        "tags": [],
        "favorited": False,
        "saved": True,
        "last_modified_at": MODIFIED_AT,
        "last_modified_by": USER,
        "is_sample": False,
        "effective_restriction_level": 21,
        "effective_privilege_level": 37,
        "user_access_level": "editor",
        "timezone": TIMEZONE,
        "is_cached": result is not None,
        "query_status": query_status,
        "hogql": "SELECT ... LIMIT 50000" if columns is None else None,
        "types": types,
        "resolved_date_range": {"date_from": iso_local_midnight(first_day), "date_to": iso_local_end(last_day)},
        "alerts": [],
        "last_viewed_at": None,
        "filters_hash": cache_key(f"insight-{insight_id}"),
    }


def viz(source):
    return {"kind": "InsightVizNode", "source": dict(source, version=2), "full": True}


def events_node(event, math_kind="total", custom_name=None, math_property=None):
    node = {"kind": "EventsNode", "event": event, "name": event, "math": math_kind}
    if custom_name:
        node["custom_name"] = custom_name
    if math_property:
        node["math_property"] = math_property
    return node


# ---------------------------------------------------------------- the insights

ground_truth = []
# Bodies of POST /query/ requests a report makes, by replay tag: (status, body).
QUERY_RESPONSES = {}


def query_response(results, first_day, last_day=TODAY):
    """A /query/ answer as PostHog dumps it (all fields, nulls included)."""
    return {
        "cache_key": cache_key(f"query-{first_day}-{last_day}-{len(results)}"), "cache_target_age": iso_utc(RECORDED_AT + dt.timedelta(hours=6)),
        "calculation_trigger": None, "error": None, "hogql": "SELECT ...", "is_cached": False,
        "last_refresh": iso_utc(RECORDED_AT), "modifiers": {"personsOnEventsMode": "person_id_override_properties_on_events"},
        "next_allowed_client_refresh": iso_utc(RECORDED_AT + dt.timedelta(minutes=15)), "query_metadata": None,
        "query_status": None,
        "resolved_date_range": {"date_from": iso_local_midnight(first_day), "date_to": iso_local_end(last_day)},
        "results": results, "timezone": TIMEZONE,
        "timings": [{"k": "./query", "t": 0.0121}, {"k": "./execute", "t": 0.4817}, {"k": ".", "t": 0.5102}],
    }


def website_traffic():
    def drop(day, mean):
        return mean * 0.55 if day == PLANTED["pageview_drop"] else mean

    pageviews = daily_counts(5200, shape=drop)
    visitors = daily_counts(1900)
    ground_truth.append({
        "id": "pageview-tracking-drop", "kind": "drop", "dashboard": "Marketing Dashboard",
        "insight_id": 2001, "insight": "Website traffic", "series": "Pageviews",
        "date": PLANTED["pageview_drop"].isoformat(), "factor": 0.55,
        "description": "Pageview tracking broke on the docs site for one day: pageviews at 55% of normal.",
    })
    query = viz({
        "kind": "TrendsQuery", "dateRange": {"date_from": "-139d"}, "filterTestAccounts": True, "interval": "day",
        "series": [events_node("$pageview", custom_name="Pageviews"),
                   events_node("$pageview", "dau", custom_name="Unique visitors")],
        "trendsFilter": {"display": "ActionsLineGraph"},
    })
    result = [
        trend_series(pageviews, DAYS, "$pageview", "$pageview", 0, "total", custom_name="Pageviews"),
        trend_series(visitors, DAYS, "$pageview", "$pageview", 1, "dau", custom_name="Unique visitors"),
    ]
    return insight(2001, "Wt7rA2fQ", "Website traffic", "Pageview count & Pageview unique users", query, result,
                   dashboard_id=101, tile_id=501, first_day=FIRST_DAY)


BREAKDOWN_OTHER = "$$_posthog_breakdown_other_$$"
BREAKDOWN_NULL = "$$_posthog_breakdown_null_$$"


def signups_by_channel():
    channels = [("google", 118), ("direct", 84), (BREAKDOWN_NULL, 31), ("newsletter", 26), ("twitter", 19),
                ("linkedin", 14), (BREAKDOWN_OTHER, 23)]
    result = []
    for name, level in channels:
        def spike(day, mean, name=name):
            return mean * 3.5 if name == "newsletter" and day == PLANTED["newsletter_spike"] else mean
        values = daily_counts(level, shape=spike)
        result.append(trend_series(values, DAYS, name, "signed_up", 0, "total", breakdown_value=name,
                                   filter_extra={"breakdown": "utm_source", "breakdown_type": "event"}))
    # PostHog orders breakdown series by total, largest first, "Other" last.
    result.sort(key=lambda s: (s["breakdown_value"] == BREAKDOWN_OTHER, -s["count"]))
    ground_truth.append({
        "id": "newsletter-signup-spike", "kind": "spike", "dashboard": "Marketing Dashboard",
        "insight_id": 2002, "insight": "Signups by channel", "series": "newsletter",
        "date": PLANTED["newsletter_spike"].isoformat(), "factor": 3.5,
        "description": "The November newsletter went out: newsletter signups at 3.5x normal for one day.",
    })
    query = viz({
        "kind": "TrendsQuery", "dateRange": {"date_from": "-139d"}, "filterTestAccounts": True, "interval": "day",
        "series": [events_node("signed_up")],
        "breakdownFilter": {"breakdown": "utm_source", "breakdown_type": "event", "breakdown_limit": 5},
        "trendsFilter": {"display": "ActionsLineGraph"},
    })
    return insight(2002, "Sg4cH9nL", "Signups by channel", "signed_up count by utm_source", query, result,
                   dashboard_id=101, tile_id=502, first_day=FIRST_DAY, has_more=True)


def weekly_active_users():
    window = DAYS[-8:]
    query = viz({
        "kind": "TrendsQuery", "dateRange": {"date_from": "-7d"}, "filterTestAccounts": True, "interval": "day",
        "series": [events_node("$pageview", "weekly_active", custom_name="Weekly active users")],
        "trendsFilter": {"display": "BoldNumber"},
    })
    series = {
        "data": [], "days": [], "count": 0, "aggregated_value": 8421, "label": "$pageview",
        "filter": legacy_filter("day", window[0], window[-1], "BoldNumber"),
        "action": action("$pageview", 0, "weekly_active", window, "Weekly active users"), "order": 0,
    }
    return insight(2003, "Wk2uB8cD", "Weekly active users", "Pageview weekly active users", query, [series],
                   dashboard_id=101, tile_id=503, first_day=window[0])


FUNNEL_STEPS = [("$pageview", "Visited landing page"), ("viewed_pricing", None), ("signup_started", None),
                ("signed_up", "Completed signup")]


def simulate_funnel_days(days=DAYS, drop_from=PLANTED["conversion_drop"]):
    """Daily counts per funnel step; the last step's conversion falls from `drop_from` on (never
    when it is None)."""
    rows = []
    for day in days:
        entered = noisy_count(seasonal_mean(760, day) * (ELAPSED if day == TODAY else 1))
        pricing = noisy_count(entered * 0.38, 0.0)
        started = noisy_count(pricing * 0.37, 0.0)
        rate = 0.29 if drop_from is not None and day >= drop_from else 0.38
        if day == TODAY:
            rate *= 0.7  # people who started today have not all finished yet
        signed = noisy_count(started * rate, 0.0)
        rows.append((entered, pricing, started, signed))
    return rows


FUNNEL_DAYS = simulate_funnel_days()


def funnel_steps(counts, breakdown=None):
    steps = []
    for order, ((event, custom), count) in enumerate(zip(FUNNEL_STEPS, counts)):
        step = {
            "action_id": event, "name": event, "custom_name": custom, "order": order, "people": [],
            "count": count, "type": "events",
            "average_conversion_time": None if order == 0 else round(140.0 + 95.3 * order + rng.random() * 20, 2),
            "median_conversion_time": None if order == 0 else round(80.0 + 60.0 * order + rng.random() * 10, 1),
        }
        if breakdown is not None:
            step["breakdown"] = breakdown
            step["breakdown_value"] = [breakdown]
        steps.append(step)
    return steps


def funnel_query(extra=None, breakdown=None, date_from="-14d"):
    source = {
        "kind": "FunnelsQuery", "dateRange": {"date_from": date_from}, "filterTestAccounts": True,
        "series": [events_node(e, custom_name=c) for e, c in FUNNEL_STEPS],
        "funnelsFilter": dict({"funnelVizType": "steps", "funnelOrderType": "ordered", "funnelWindowInterval": 14,
                               "funnelWindowIntervalUnit": "day"}, **(extra or {})),
    }
    if breakdown:
        source["breakdownFilter"] = {"breakdown": breakdown, "breakdown_type": "event"}
    return viz(source)


def window_totals(rows):
    return [sum(row[i] for row in rows) for i in range(4)]


# "-14d" covers the last 15 days (today included); dashbrief asks /query/ for "-28d" to "-14d" too.
CURRENT_FUNNEL_DAYS = FUNNEL_DAYS[-15:]
PREVIOUS_FUNNEL_DAYS = FUNNEL_DAYS[-29:-14]


def signup_funnel():
    totals = window_totals(CURRENT_FUNNEL_DAYS)
    QUERY_RESPONSES["previous-2004"] = (200, query_response(funnel_steps(window_totals(PREVIOUS_FUNNEL_DAYS)),
                                                            DAYS[-29], DAYS[-15]))
    return insight(2004, "Fn8sT4uV", "Signup funnel", "Pageview → viewed_pricing → signup_started → signed_up",
                   funnel_query(), funnel_steps(totals), dashboard_id=101, tile_id=504, first_day=DAYS[-15])


def signup_conversion_trend():
    data, labels = [], []
    for day, (_, _, started, signed) in zip(DAYS, FUNNEL_DAYS):
        data.append(round(100.0 * signed / started, 2) if started else 0.0)
        labels.append(day_label(day))
    ground_truth.append({
        "id": "signup-completion-conversion-drop", "kind": "funnel_conversion_drop", "dashboard": "Marketing Dashboard",
        "insight_id": 2005, "insight": "Signup completion rate", "series": "Conversion",
        "step": "signed_up", "date": PLANTED["conversion_drop"].isoformat(), "from_rate": 0.38, "to_rate": 0.29,
        "also_in": [2004, 2006],
        "description": "A form change broke autofill: signup_started → signed_up conversion fell from 38% to 29%.",
    })
    query = funnel_query({"funnelVizType": "trends", "funnelFromStep": 2, "funnelToStep": 3}, date_from="-139d")
    query["source"]["interval"] = "day"
    result = [{"count": len(DAYS), "data": data, "days": [d.isoformat() for d in DAYS], "labels": labels}]
    return insight(2005, "Cv3pK7mZ", "Signup completion rate", "signup_started → signed_up conversion (trend)",
                   query, result, dashboard_id=101, tile_id=505, first_day=FIRST_DAY)


BROWSER_SHARES = [("Chrome", 0.61, 1.03), ("Safari", 0.22, 0.86), ("Firefox", 0.09, 1.0), ("Edge", 0.05, 1.02),
                  (BREAKDOWN_OTHER, 0.03, 0.95)]


def funnels_by_browser(totals):
    result = []
    for name, share, last_step_factor in BROWSER_SHARES:
        entered = int(round(totals[0] * share))
        counts = [entered]
        for i in range(1, 4):
            rate = totals[i] / totals[i - 1]
            if i == 3:
                rate *= last_step_factor
            counts.append(int(round(counts[-1] * rate)))
        result.append(funnel_steps(counts, breakdown=name))
    return result


def funnel_by_browser():
    QUERY_RESPONSES["previous-2006"] = (200, query_response(funnels_by_browser(window_totals(PREVIOUS_FUNNEL_DAYS)),
                                                            DAYS[-29], DAYS[-15]))
    return insight(2006, "Fb5rW2xY", "Signup funnel by browser", "Signup funnel by $browser",
                   funnel_query(breakdown="$browser"), funnels_by_browser(window_totals(CURRENT_FUNNEL_DAYS)),
                   dashboard_id=101, tile_id=506, first_day=DAYS[-15])


def ad_spend_errored():
    query = viz({
        "kind": "TrendsQuery", "dateRange": {"date_from": "-30d"}, "interval": "day",
        "series": [{"kind": "DataWarehouseNode", "id": "google_ads_spend", "table_name": "google_ads_spend",
                    "timestamp_field": "date", "distinct_id_field": "campaign_id", "id_field": "id",
                    "math": "sum", "math_property": "cost_micros"}],
        "trendsFilter": {"display": "ActionsLineGraph"},
    })
    status = {"id": "0193a7c2-8f11-7b4e-a1d5-3c2b9e8f7a61", "team_id": PROJECT_ID, "insight_id": 2007,
              "dashboard_id": 101, "complete": True, "error": True,
              "error_message": "Table google_ads_spend is not available: the warehouse sync failed"}
    # dashbrief retries a missing result through /query/; the warehouse table is still broken there.
    QUERY_RESPONSES["result-2007"] = (400, {
        "type": "validation_error", "code": "invalid_input",
        "detail": "Table google_ads_spend is not available: the warehouse sync failed", "attr": None})
    return insight(2007, "Ad6sP1eN", "Ad spend", "Data warehouse: google_ads_spend sum of cost_micros", query, None,
                   dashboard_id=101, tile_id=507, first_day=DAYS[-31], query_status=status)


def daily_active_users():
    def shift(day, mean):
        return mean * 1.2 if day >= PLANTED["dau_shift"] else mean

    values = daily_counts(2400, growth_per_day=0.0005, shape=shift)
    ground_truth.append({
        "id": "dau-level-shift", "kind": "level_shift", "dashboard": "Product Dashboard",
        "insight_id": 2011, "insight": "Daily active users", "series": "Daily active users",
        "date": PLANTED["dau_shift"].isoformat(), "factor": 1.2,
        "description": "The mobile app launch lifted daily active users by 20% from this day on.",
    })
    query = viz({
        "kind": "TrendsQuery", "dateRange": {"date_from": "-139d"}, "filterTestAccounts": True, "interval": "day",
        "series": [events_node("$pageview", "dau", custom_name="Daily active users")],
        "trendsFilter": {"display": "ActionsLineGraph"},
    })
    result = [trend_series(values, DAYS, "$pageview", "$pageview", 0, "dau", custom_name="Daily active users")]
    return insight(2011, "Du9xQ4wE", "Daily active users", "Pageview unique users", query, result,
                   dashboard_id=102, tile_id=511, first_day=FIRST_DAY)


RETENTION_CURVE = [1.0, 0.43, 0.34, 0.30, 0.28, 0.265, 0.255, 0.25, 0.245, 0.24, 0.236, 0.233]


def retention_cohorts(weaker_from):
    """Weekly cohorts up to the current one; cohorts from `weaker_from` on (none when None) retain
    28% fewer users after week 0. Returns the result rows and the first and last day covered."""
    intervals = len(RETENTION_CURVE)
    # PostHog weeks start on Sunday by default; the newest cohort is the current, incomplete week.
    current_week = TODAY - dt.timedelta(days=(TODAY.weekday() + 1) % 7)
    starts = [current_week - dt.timedelta(weeks=intervals - 1 - i) for i in range(intervals)]
    week_fraction = ((TODAY - current_week).days + ELAPSED) / 7
    result = []
    for index, start in enumerate(starts):
        weaker = weaker_from is not None and start >= weaker_from
        size = noisy_count(610 * (1 + 0.01 * index))
        values = []
        for age in range(intervals):
            if index + age > intervals - 1:
                count = 0.0  # not happened yet: PostHog fills these cells with 0.0
            else:
                rate = RETENTION_CURVE[age] * (0.72 if weaker and age > 0 else 1.0)
                count = size if age == 0 else noisy_count(size * rate, 0.0)
                if index + age == intervals - 1:  # the current week: only partly elapsed
                    count = int(round(count * week_fraction)) if age > 0 else int(round(size * week_fraction))
            values.append({"count": count, "label": f"Week {age}"})
        result.append({"values": values, "label": f"Week {index}", "date": iso_local_midnight(start),
                       "breakdown_value": None})
    return result, starts[0], current_week + dt.timedelta(days=6)


def retention_query():
    return viz({
        "kind": "RetentionQuery", "filterTestAccounts": True,
        "retentionFilter": {"period": "Week", "totalIntervals": len(RETENTION_CURVE),
                            "retentionType": "retention_first_time",
                            "targetEntity": {"id": "signed_up", "name": "signed_up", "type": "events"},
                            "returningEntity": {"id": "$pageview", "name": "$pageview", "type": "events"}},
    })


def weekly_retention():
    result, first_day, last_day = retention_cohorts(PLANTED["retention_weaker_from"])
    ground_truth.append({
        "id": "weaker-recent-retention", "kind": "retention_drop", "dashboard": "Product Dashboard",
        "insight_id": 2012, "insight": "Weekly retention", "cohorts_from": PLANTED["retention_weaker_from"].isoformat(),
        "factor": 0.72,
        "description": "Cohorts from late October on retain 28% fewer users at every age after week 0.",
    })
    return insight(2012, "Rt5wE1yU", "Weekly retention", "Retention of users based on doing signed_up for the first "
                   "time and returning with Pageview", retention_query(), result, dashboard_id=102, tile_id=512,
                   first_day=first_day, last_day=last_day)


LIFECYCLE_HISTORY_DAYS = 91  # what the history query (-90d) returns


def lifecycle_series(days, values_by_status):
    result = []
    for status, values in values_by_status:
        result.append({
            "action": {"id": "$pageview", "name": "$pageview", "type": "events", "order": 0, "math": "total"},
            "data": values, "count": float(sum(values)), "labels": [day_label(d) for d in days],
            "days": [d.isoformat() for d in days], "label": f"$pageview - {status}", "status": status,
        })
    return result


def user_lifecycle():
    """The tile covers 57 days, fewer than the 84 daily periods dashbrief wants for baselines, so a
    report also asks /query/ for 90 days: both answers come from one simulated history."""
    days = DAYS[-LIFECYCLE_HISTORY_DAYS:]
    statuses = [("new", 190), ("returning", 1480), ("resurrecting", 150), ("dormant", -310)]
    history = []
    for status, level in statuses:
        values = []
        for day in days:
            mean = abs(seasonal_mean(level, day, 0.0004)) * (ELAPSED if day == TODAY else 1)
            count = float(noisy_count(mean))
            values.append(-count if level < 0 else count)
        history.append((status, values))
    tile_days = days[-57:]
    tile = lifecycle_series(tile_days, [(status, values[-57:]) for status, values in history])
    query = viz({
        "kind": "LifecycleQuery", "dateRange": {"date_from": "-56d"}, "filterTestAccounts": True, "interval": "day",
        "series": [events_node("$pageview")], "lifecycleFilter": {"showValuesOnSeries": False},
    })
    item = insight(2013, "Lc2mN6oP", "User lifecycle", "User lifecycle based on Pageview", query, tile,
                   dashboard_id=102, tile_id=513, first_day=tile_days[0])
    QUERY_RESPONSES["history-2013"] = (200, query_response(lifecycle_series(days, history), days[0]))
    return item


def feature_stickiness():
    data = [1320, 512, 287, 181, 118, 83, 61, 97]
    result = [{"count": sum(data), "data": data, "days": list(range(1, 9)), "label": "used_export",
               "labels": ["1 day"] + [f"{n} days" for n in range(2, 9)],
               "action": {"order": 0, "type": "events", "name": "used_export", "id": "used_export",
                          "custom_name": "Used export"}}]
    query = viz({
        "kind": "StickinessQuery", "dateRange": {"date_from": "-7d"}, "filterTestAccounts": True, "interval": "day",
        "series": [events_node("used_export", custom_name="Used export")],
        "stickinessFilter": {"display": "ActionsLineGraph"},
    })
    return insight(2014, "St9kJ3hG", "Export stickiness", "Stickiness of used_export", query, result,
                   dashboard_id=102, tile_id=514, first_day=DAYS[-8])


def top_events_table():
    rows = [["$pageview", 728391], ["$autocapture", 512204], ["$pageleave", 430118], ["signed_up", 4312],
            ["used_export", 3977]]
    sql = "select event, count() from events where timestamp > now() - interval 7 day group by event order by count() desc limit 5"
    query = {"kind": "DataVisualizationNode", "source": {"kind": "HogQLQuery", "query": sql},
             "display": "ActionsTable"}
    return insight(2015, "Tb1eV6sQ", "Top events this week", "", query, rows, dashboard_id=102, tile_id=515,
                   first_day=DAYS[-8], has_more=False, columns=["event", "count()"],
                   types=[["event", "String"], ["count()", "UInt64"]])


def session_duration():
    missing = {dt.date(2026, 8, 15), dt.date(2026, 9, 3)}  # days the property was not captured
    values = []
    for day in DAYS:
        if day in missing:
            values.append(None)
            continue
        mean = 312.0 * (1.04 if day.weekday() < 5 else 0.9)
        values.append(round(rng.gauss(mean, 9.0), 2))
    query = viz({
        "kind": "TrendsQuery", "dateRange": {"date_from": "-139d"}, "filterTestAccounts": True, "interval": "day",
        "series": [events_node("$pageview", "avg", custom_name="Avg session duration (s)",
                               math_property="$session_duration")],
        "trendsFilter": {"display": "ActionsLineGraph"},
    })
    result = [trend_series(values, DAYS, "$pageview", "$pageview", 0, "avg",
                           custom_name="Avg session duration (s)", math_property="$session_duration")]
    return insight(2016, "Sd2uR5tY", "Avg session duration", "Pageview average $session_duration", query, result,
                   dashboard_id=102, tile_id=516, first_day=FIRST_DAY)


def weekly_signups():
    current_week = TODAY - dt.timedelta(days=(TODAY.weekday() + 1) % 7)
    weeks = [current_week - dt.timedelta(weeks=19 - i) for i in range(20)]
    values = []
    for start in weeks:
        days_in = sum(1 for i in range(7) if start + dt.timedelta(days=i) <= TODAY)
        fraction = (days_in - 1 + ELAPSED) / 7 if start == current_week else 1.0
        values.append(noisy_count(2150 * fraction * 1.004 ** (weeks.index(start))))
    query = viz({
        "kind": "TrendsQuery", "dateRange": {"date_from": "-19w"}, "filterTestAccounts": True, "interval": "week",
        "series": [events_node("signed_up", custom_name="Signups")],
        "trendsFilter": {"display": "ActionsBar"},
    })
    result = [trend_series(values, weeks, "signed_up", "signed_up", 0, "total", custom_name="Signups",
                           display="ActionsBar", interval="week", labels=[week_label(w) for w in weeks])]
    return insight(2017, "Ws8kL3pJ", "Weekly signups", "signed_up count", query, result,
                   dashboard_id=102, tile_id=517, first_day=weeks[0], last_day=current_week + dt.timedelta(days=6))


# ---------------------------------------------------------------- dashboards

def layouts(index):
    x, y = (index % 2) * 6, (index // 2) * 5
    return {"sm": {"h": 5, "w": 6, "x": x, "y": y, "minH": 1, "minW": 1},
            "xs": {"h": 5, "w": 1, "x": 0, "y": index * 5, "minH": 1, "minW": 1}}


def insight_tile(index, item):
    tile_id = item["dashboard_tiles"][0]["id"]
    return {"id": tile_id, "insight": item, "text": None, "button_tile": None, "layouts": layouts(index),
            "color": None, "filters_overrides": {}, "show_description": None, "transparent_background": None,
            "order": index, "last_refresh": item["last_refresh"], "is_cached": item["is_cached"]}


def text_tile(index, tile_id, dashboard_id, body):
    return {"id": tile_id, "insight": None,
            "text": {"id": 90 + index, "created_by": USER, "last_modified_by": None, "body": body,
                     "dashboard_tiles": [{"id": tile_id, "dashboard_id": dashboard_id, "deleted": None}],
                     "last_modified_at": "2026-09-01T12:00:00Z", "team": PROJECT_ID},
            "button_tile": None, "layouts": layouts(index), "color": None, "filters_overrides": {},
            "show_description": None, "transparent_background": None, "order": index, "last_refresh": None,
            "is_cached": False}


DASHBOARD_META = {
    101: ("Marketing Dashboard", "Acquisition: traffic, signups by channel, the signup funnel", True),
    102: ("Product Dashboard", "Engagement: active users, retention, lifecycle", True),
    103: ("Growth KPIs", "Board-level numbers", False),
    104: ("Web analytics", "", False),
    105: ("Support queue", "Tickets and response times", False),
}


def dashboard_basic(dashboard_id, meta=None):
    """`meta`: (name, description, pinned); default: the demo's `DASHBOARD_META` entry."""
    name, description, pinned = meta or DASHBOARD_META[dashboard_id]
    return {
        "id": dashboard_id, "name": name, "description": description, "pinned": pinned,
        "created_at": "2026-01-14T09:12:44.102931Z", "created_by": USER,
        "last_accessed_at": "2026-11-24T16:58:02.371845Z", "last_viewed_at": "2026-11-24T16:58:02.371845Z",
        "is_shared": False, "deleted": False, "creation_mode": "default", "tags": [],
        "restriction_level": 21, "effective_restriction_level": 21, "effective_privilege_level": 37,
        "user_access_level": "editor", "access_control_version": "v2",
        "last_refresh": iso_utc(RECORDED_AT) if pinned else None, "team_id": PROJECT_ID,
    }


def dashboard_detail(dashboard_id, tiles, meta=None):
    body = dashboard_basic(dashboard_id, meta)
    body.pop("created_by")
    detail = {}
    for key, value in body.items():
        detail[key] = value
        if key == "created_at":
            detail["created_by"] = USER
        if key == "creation_mode":
            detail.update({"filters": {}, "variables": {}, "breakdown_colors": [], "data_color_theme_id": None})
    detail.update({"persisted_filters": None, "persisted_variables": None, "quick_filter_ids": [], "tiles": tiles})
    return detail


# ---------------------------------------------------------------- writing

def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "Fixtures" / "demo")
    marketing = [website_traffic(), signups_by_channel(), weekly_active_users(), signup_funnel(),
                 signup_conversion_trend(), funnel_by_browser(), ad_spend_errored()]
    product = [daily_active_users(), weekly_retention(), user_lifecycle(), feature_stickiness(), top_events_table(),
               session_duration(), weekly_signups()]

    marketing_tiles = [insight_tile(i, item) for i, item in enumerate(marketing)]
    marketing_tiles.insert(3, text_tile(3, 509, 101, "Targets for Q4: **300 signups a day**, signup completion "
                                                        "above 35%. Ask #growth before changing the funnel."))
    for index, tile in enumerate(marketing_tiles):
        tile["order"] = index
        tile["layouts"] = layouts(index)
    product_tiles = [insight_tile(i, item) for i, item in enumerate(product)]

    project = f"/api/projects/{PROJECT_ID}"
    files = {}
    exchanges = []

    def record(method, path, relative, body, status=200, tag=None):
        files[relative] = body
        exchange = {"method": method, "path": path, "status": status, "file": relative}
        if tag:
            exchange["tag"] = tag
        exchanges.append(exchange)

    listing = {"count": len(DASHBOARD_META), "next": None, "previous": None,
               "results": [dashboard_basic(i) for i in sorted(DASHBOARD_META, key=lambda i: (not DASHBOARD_META[i][2], DASHBOARD_META[i][0]))]}
    record("GET", f"{project}/dashboards/?limit=100", "api/dashboards.json", listing)
    record("GET", f"{project}/dashboards/101/?refresh=blocking", "api/dashboards/101.json",
           dashboard_detail(101, marketing_tiles))
    record("GET", f"{project}/dashboards/102/?refresh=blocking", "api/dashboards/102.json",
           dashboard_detail(102, product_tiles))
    for item in marketing + product:
        record("GET", f"{project}/insights/{item['id']}/?refresh=blocking", f"api/insights/{item['id']}.json", item)
        record("GET", f"{project}/insights/?refresh=blocking&short_id={item['short_id']}",
               f"api/insights/short_id/{item['short_id']}.json",
               {"count": 1, "next": None, "previous": None, "results": [item]})
    for tag, (status, body) in sorted(QUERY_RESPONSES.items()):
        record("POST", f"{project}/query/", f"api/query/{tag}.json", body, status=status, tag=tag)

    manifest = {
        "format": "dashbrief-snapshot",
        "version": 1,
        "project_id": str(PROJECT_ID),
        "timezone": TIMEZONE,
        "recorded_at": iso_utc(RECORDED_AT),
        "base_url": BASE_URL,
        "source": f"generated by scripts/generate-demo-snapshot.py (seed {SEED})",
        "exchanges": exchanges,
    }
    truth = {
        "generator": "scripts/generate-demo-snapshot.py", "seed": SEED, "recorded_at": iso_utc(RECORDED_AT),
        "timezone": TIMEZONE, "incomplete_day": TODAY.isoformat(), "planted": ground_truth,
    }

    out.mkdir(parents=True, exist_ok=True)
    for relative, body in [("manifest.json", manifest), ("ground_truth.json", truth), *files.items()]:
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(files) + 2} files to {out}")


if __name__ == "__main__":
    main()
