#!/usr/bin/env python3
"""Writes the PostHog insight fixtures of Tests/PostHogTests/Fixtures.

Shapes follow ../shared/posthog-shapes (query_hogql_response.json for SQL insights, the trends,
funnel, retention, lifecycle and stickiness insights for legacy filters); values are made up,
repeatable (no randomness), and carry the planted changes the tests look for:

- sql_daily_signups.json: one Date column and one UInt64 column, 98 days in UTC; signups drop
  to 45% on 2026-11-18.
- sql_daily_columns.json: DateTime values without an offset (`2026-11-24 00:00:00`, local to
  America/Los_Angeles, across the end of DST on 2026-11-01), three numeric columns, newest row
  first, one day with no row (2026-09-15) and one null average; visitors double on 2026-11-19.
- sql_daily_breakdown.json: a DataTableNode whose DateTime('UTC') values end in `Z` in a Los
  Angeles project, broken down by a nullable channel column; newsletter signups 3.5x on
  2026-11-20.
- sql_table_top_events.json: a table without a date column (the demo's, with an average).
- dashboard_empty_results.json: trends, SQL, funnel, retention, lifecycle and stickiness
  insights whose `result` is `[]`.
- legacy_filters_dashboard.json: insights with legacy `filters` and no `query` (older
  self-hosted PostHog), one per kind.

Run from the repository root: python3 Tests/PostHogTests/Fixtures/generate.py
"""

import datetime as dt
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
LAST_REFRESH = "2026-11-24T23:12:07.482Z"
LAST_DAY = dt.date(2026, 11, 24)
DAYS = 98
WEEKDAY = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77]  # Monday first


def wobble(day, salt):
    """A repeatable draw in [-1, 1]."""
    return ((day * 7919 + salt * 104729) % 41 - 20) / 20


def days():
    return [LAST_DAY - dt.timedelta(days=DAYS - 1 - i) for i in range(DAYS)]


def count(day_index, date, level, salt):
    noise = wobble(day_index, salt) * 1.5 * level ** 0.5
    return round(level * WEEKDAY[date.weekday()] + noise)


def insight(id_, short_id, name, query, result, timezone="UTC", **extra):
    body = {
        "id": id_,
        "short_id": short_id,
        "name": name,
        "derived_name": None,
        "filters": {},
        "query": query,
        "order": None,
        "deleted": False,
        "dashboards": [301],
        "dashboard_tiles": [{"id": id_ + 1000, "dashboard_id": 301, "deleted": None}],
        "last_refresh": LAST_REFRESH,
        "cache_target_age": "2026-11-25T05:12:07.482Z",
        "next_allowed_client_refresh": "2026-11-24T23:27:07.482Z",
        "result": result,
        "hasMore": None,
        "columns": None,
        "created_at": "2026-03-03T10:21:45.118204Z",
        "description": "",
        "updated_at": "2026-09-20T08:14:02.540119Z",
        "tags": [],
        "favorited": False,
        "saved": True,
        "last_modified_at": "2026-09-20T08:14:02.540119Z",
        "is_sample": False,
        "effective_restriction_level": 21,
        "effective_privilege_level": 37,
        "user_access_level": "editor",
        "timezone": timezone,
        "is_cached": True,
        "query_status": None,
        "hogql": None,
        "types": None,
        "resolved_date_range": None,
        "alerts": [],
        "last_viewed_at": None,
        "filters_hash": "cache_%032x" % id_,
    }
    body.update(extra)
    return body


def sql_query(sql, display="ActionsLineGraph", node="DataVisualizationNode", x=None, y=()):
    query = {"kind": node, "source": {"kind": "HogQLQuery", "query": sql}}
    if node == "DataVisualizationNode":
        query["display"] = display
        if x:
            query["chartSettings"] = {
                "xAxis": {"column": x},
                "yAxis": [{"column": c, "settings": {"formatting": {"prefix": "", "suffix": ""}}} for c in y],
            }
    else:
        query["full"] = True
    return query


def sql_insight(id_, short_id, name, query, columns, types, rows, timezone="UTC", has_more=False):
    hogql = query["source"]["query"].replace("\n", " ")
    return insight(
        id_, short_id, name, query, rows, timezone=timezone, columns=columns, types=types, hasMore=has_more,
        hogql=hogql)


def daily_signups():
    rows = []
    for i, date in enumerate(days()):
        value = count(i, date, 400, 1)
        if date == dt.date(2026, 11, 18):
            value = round(value * 0.45)
        if date == LAST_DAY:
            value = round(value * 0.9)  # the day is not over
        rows.append([date.isoformat(), value])
    query = sql_query(
        "select toDate(timestamp) as day, count() as signups\nfrom events\nwhere event = 'signed_up'\n"
        "  and timestamp >= now() - interval 98 day\ngroup by day\norder by day",
        x="day", y=["signups"])
    return sql_insight(
        3101, "Sq1dSgnP", "Signups (SQL)", query, ["day", "signups"], [["day", "Date"], ["signups", "UInt64"]], rows)


def daily_columns():
    rows = []
    for i, date in enumerate(days()):
        if date == dt.date(2026, 9, 15):
            continue  # no row: missing, not zero
        pageviews = count(i, date, 5200, 2)
        visitors = count(i, date, 900, 3)
        if date == dt.date(2026, 11, 19):
            visitors *= 2
        # i * i: wobble(i) steps by a constant a week, a weekly ramp a periodic season fits exactly.
        average = None if date == dt.date(2026, 10, 2) else round(180 + 25 * wobble(i * i, 4), 3)
        rows.append([f"{date.isoformat()} 00:00:00", pageviews, visitors, average])
    rows.reverse()  # newest first, as tables are often ordered
    query = sql_query(
        "select toStartOfDay(timestamp) as day, count() as pageviews, uniq(person_id) as visitors,\n"
        "       avg(properties.$session_duration) as avg_session_seconds\nfrom events\n"
        "where event = '$pageview' and timestamp >= now() - interval 98 day\ngroup by day\norder by day desc",
        display="ActionsTable")
    return sql_insight(
        3102, "Sq2cLmNs", "Traffic (SQL)", query, ["day", "pageviews", "visitors", "avg_session_seconds"],
        [["day", "DateTime('America/Los_Angeles')"], ["pageviews", "UInt64"], ["visitors", "UInt64"],
         ["avg_session_seconds", "Nullable(Float64)"]], rows, timezone="America/Los_Angeles")


def daily_breakdown():
    channels = [("google", 120, 5), ("newsletter", 30, 6), ("twitter", 45, 7), (None, 60, 8)]
    rows = []
    for i, date in enumerate(days()):
        for channel, level, salt in channels:
            value = count(i, date, level, salt)
            if channel == "newsletter" and date == dt.date(2026, 11, 20):
                value = round(value * 3.5)
            rows.append([f"{date.isoformat()}T00:00:00Z", channel, value])
    query = sql_query(
        "select toStartOfDay(timestamp) as day, properties.utm_source as channel, count() as signups\n"
        "from events\nwhere event = 'signed_up' and timestamp >= now() - interval 98 day\n"
        "group by day, channel\norder by day, channel\nlimit 1000",
        node="DataTableNode")
    return sql_insight(
        3103, "Sq3bRkDn", "Signups by channel (SQL)", query, ["day", "channel", "signups"],
        [["day", "DateTime('UTC')"], ["channel", "Nullable(String)"], ["signups", "UInt64"]], rows,
        timezone="America/Los_Angeles")


def top_events():
    rows = [["$pageview", 728391, 3.4], ["$autocapture", 512204, 2.1], ["$pageleave", 430118, 1.9],
            ["signed_up", 4312, 1.0], ["used_export", 3977, 1.3]]
    query = sql_query(
        "select event, count(), round(count() / uniq(person_id), 1) as per_person\nfrom events\n"
        "where timestamp > now() - interval 7 day\ngroup by event\norder by count() desc\nlimit 5",
        display="ActionsTable")
    return sql_insight(
        3104, "Sq4tPvNt", "Top events this week", query, ["event", "count()", "per_person"],
        [["event", "String"], ["count()", "UInt64"], ["per_person", "Float64"]], rows)


def viz(source):
    return {"kind": "InsightVizNode", "source": source, "full": True}


def events_series(*names):
    return [{"kind": "EventsNode", "event": n, "name": n, "math": "total"} for n in names]


def empty_results():
    tiles = [
        insight(3201, "Em1tRnds", "Exports (nothing tracked yet)",
                viz({"kind": "TrendsQuery", "interval": "day", "series": events_series("used_export")}), []),
        sql_insight(3202, "Em2sQlTb", "Refunds (SQL)",
                    sql_query("select toDate(timestamp) as day, count() as refunds from events "
                              "where event = 'refund' group by day order by day"),
                    ["day", "refunds"], [["day", "Date"], ["refunds", "UInt64"]], []),
        insight(3203, "Em3fNnls", "Checkout funnel",
                viz({"kind": "FunnelsQuery", "series": events_series("checkout_started", "purchased"),
                     "funnelsFilter": {"funnelVizType": "steps"}}), []),
        insight(3204, "Em4rTntn", "Buyer retention",
                viz({"kind": "RetentionQuery", "retentionFilter": {"period": "Week", "totalIntervals": 8}}), []),
        insight(3205, "Em5lFcyc", "Buyer lifecycle",
                viz({"kind": "LifecycleQuery", "interval": "day", "series": events_series("purchased")}), []),
        insight(3206, "Em6sTcky", "Buyer stickiness",
                viz({"kind": "StickinessQuery", "interval": "day", "series": events_series("purchased")}), []),
        insight(3207, "Em7bLdNm", "Purchases this week",
                viz({"kind": "TrendsQuery", "series": events_series("purchased"),
                     "trendsFilter": {"display": "BoldNumber"}}), []),
    ]
    return dashboard(302, "Launch Dashboard", tiles)


def dashboard(id_, name, insights):
    return {
        "id": id_,
        "name": name,
        "description": "",
        "pinned": False,
        "created_at": "2026-03-03T10:20:11.004512Z",
        "deleted": False,
        "creation_mode": "default",
        "filters": {},
        "tags": [],
        "last_refresh": LAST_REFRESH,
        "team_id": 12345,
        "tiles": [
            {"id": item["id"] + 1000, "insight": item, "text": None, "button_tile": None, "color": None,
             "layouts": {"sm": {"x": 0, "y": 4 * index, "w": 6, "h": 4}}, "order": index,
             "last_refresh": LAST_REFRESH, "is_cached": True}
            for index, item in enumerate(insights)
        ],
    }


WEEK = [(LAST_DAY - dt.timedelta(days=7 - i)) for i in range(8)]


def labels(dates):
    return [f"{d.day}-{d.strftime('%b')}-{d.year}" for d in dates]


def legacy(id_, short_id, name, filters, result):
    body = insight(id_, short_id, name, None, result)
    body["filters"] = filters
    return body


def legacy_action(entity, order, math="total"):
    kind, ident, name, custom = entity
    return {"id": ident, "type": kind, "order": order, "name": name, "custom_name": custom, "math": math,
            "math_property": None, "properties": []}


def legacy_trends():
    pageview = ("events", "$pageview", "$pageview", None)
    signup = ("actions", 12, "Signed up", "Signups")
    filters = {
        "insight": "TRENDS", "interval": "day", "display": "ActionsLineGraph", "date_from": "-7d",
        "events": [{"id": "$pageview", "name": "$pageview", "type": "events", "order": 0, "math": "total"}],
        "actions": [{"id": 12, "name": "Signed up", "type": "actions", "order": 1, "math": "dau",
                     "custom_name": "Signups"}],
        "breakdown": "$browser", "breakdown_type": "event", "filter_test_accounts": True,
    }
    result = []
    for order, entity, math, base in [(0, pageview, "total", 900), (1, signup, "dau", 40)]:
        for browser, share in [("Chrome", 0.6), ("Safari", 0.3), ("$$_posthog_breakdown_other_$$", 0.1)]:
            data = [round(base * share * WEEKDAY[d.weekday()]) for d in WEEK]
            result.append({
                "data": data, "labels": labels(WEEK), "days": [d.isoformat() for d in WEEK],
                "count": float(sum(data)), "label": f"{entity[2]} - {browser}", "breakdown_value": browser,
                "action": legacy_action(entity, order, math), "order": order,
                "filter": {"insight": "TRENDS", "interval": "day", "display": "ActionsLineGraph"},
            })
    return legacy(3301, "Lg1tRnds", "Traffic and signups by browser", filters, result)


def legacy_number():
    filters = {"insight": "TRENDS", "display": "BoldNumber", "date_from": "-30d",
               "events": [{"id": "$pageview", "name": "$pageview", "type": "events", "order": 0, "math": "dau"}]}
    result = [{"data": [], "days": [], "count": 0, "aggregated_value": 1842, "label": "$pageview",
               "action": legacy_action(("events", "$pageview", "$pageview", None), 0, "dau"), "order": 0}]
    return legacy(3302, "Lg2bLdNm", "Monthly visitors", filters, result)


def legacy_hourly():
    hours = [dt.datetime(2026, 11, 24, 16) + dt.timedelta(hours=h) for h in range(8)]
    filters = {"insight": "TRENDS", "interval": "hour", "display": "ActionsBar", "date_from": "-8h",
               "events": [{"id": "$exception", "name": "$exception", "type": "events", "order": 0}]}
    data = [12, 9, 14, 11, 30, 10, 8, 3]
    result = [{"data": data, "labels": [h.strftime("%-d-%b %H:%M") for h in hours],
               "days": [h.strftime("%Y-%m-%d %H:%M:%S") for h in hours], "count": float(sum(data)),
               "label": "$exception", "action": legacy_action(("events", "$exception", "$exception", None), 0),
               "order": 0}]
    return legacy(3303, "Lg3hRly0", "Errors per hour", filters, result)


def lifecycle_result():
    rows = []
    for status, base in [("new", 60), ("returning", 300), ("resurrecting", 20), ("dormant", -90)]:
        data = [float(round(base * WEEKDAY[d.weekday()])) for d in WEEK]
        rows.append({"action": {"id": "$pageview", "name": "$pageview", "type": "events", "order": 0,
                                "math": "total"},
                     "data": data, "count": float(sum(data)), "labels": labels(WEEK),
                     "days": [d.isoformat() for d in WEEK], "label": f"$pageview - {status}", "status": status})
    return rows


def legacy_lifecycle():
    filters = {"insight": "LIFECYCLE", "shown_as": "Lifecycle", "interval": "day", "date_from": "-7d",
               "events": [{"id": "$pageview", "name": "$pageview", "type": "events", "order": 0}]}
    return legacy(3304, "Lg4lFcyc", "Visitor lifecycle", filters, lifecycle_result())


def legacy_lifecycle_shown_as():
    filters = {"insight": "TRENDS", "shown_as": "Lifecycle", "interval": "day", "date_from": "-7d",
               "events": [{"id": "$pageview", "name": "$pageview", "type": "events", "order": 0}]}
    return legacy(3305, "Lg5sHwnA", "Visitor lifecycle (2020)", filters, lifecycle_result())


def legacy_retention():
    filters = {"insight": "RETENTION", "period": "Week", "total_intervals": 4,
               "retention_type": "retention_first_time", "date_to": None,
               "target_entity": {"id": "signed_up", "name": "signed_up", "type": "events"},
               "returning_entity": {"id": "$pageview", "name": "$pageview", "type": "events"}}
    starts = [dt.date(2026, 11, 1) + dt.timedelta(weeks=w) for w in range(4)]
    sizes = [412, 398, 455, 120]
    result = []
    for index, (start, size) in enumerate(zip(starts, sizes)):
        cells = [size] + [round(size * r) for r in (0.46, 0.35, 0.31)][: 3 - index]
        cells += [0.0] * (4 - len(cells))
        result.append({"values": [{"count": c, "label": f"Week {i}"} for i, c in enumerate(cells)],
                       "label": f"Week {index}", "date": f"{start.isoformat()}T00:00:00Z",
                       "people_url": f"/api/person/retention/?period=Week&selected_interval={index}",
                       "breakdown_value": None})
    return legacy(3306, "Lg6rTntn", "Weekly retention", filters, result)


def legacy_stickiness():
    filters = {"insight": "STICKINESS", "shown_as": "Stickiness", "interval": "day", "date_from": "-7d",
               "events": [{"id": "$pageview", "name": "$pageview", "type": "events", "order": 0,
                           "custom_name": "Visits"}]}
    data = [812, 301, 164, 97, 61, 38, 22, 15]
    result = [{"count": sum(data), "data": data, "days": list(range(1, 9)), "label": "$pageview",
               "labels": [f"{n} day" + ("" if n == 1 else "s") for n in range(1, 9)],
               "action": {"order": 0, "type": "events", "name": "$pageview", "id": "$pageview",
                          "custom_name": "Visits"}}]
    return legacy(3307, "Lg7sTcky", "Visit stickiness", filters, result)


def funnel_events():
    return [{"id": "$pageview", "name": "$pageview", "type": "events", "order": 0},
            {"id": "signup_started", "name": "signup_started", "type": "events", "order": 1},
            {"id": "signed_up", "name": "signed_up", "type": "events", "order": 2,
             "custom_name": "Completed signup"}]


def legacy_funnel():
    filters = {"insight": "FUNNELS", "funnel_viz_type": "steps", "funnel_window_interval": 14,
               "funnel_window_interval_unit": "day", "date_from": "-30d", "events": funnel_events()}
    result = []
    for order, (name, count_, avg, median) in enumerate(
            [("$pageview", 1000, None, None), ("signup_started", 420, 183.52, 96.0),
             ("signed_up", 261, 412.07, 240.5)]):
        result.append({"action_id": name, "name": name, "custom_name": None, "order": order, "people": [],
                       "count": count_, "type": "events", "average_conversion_time": avg,
                       "median_conversion_time": median,
                       "converted_people_url": f"/api/person/funnel/?funnel_step={order + 1}",
                       "dropped_people_url": None})
    return legacy(3308, "Lg8fNnls", "Signup funnel", filters, result)


def legacy_funnel_trends():
    filters = {"insight": "FUNNELS", "funnel_viz_type": "trends", "interval": "day", "date_from": "-7d",
               "events": funnel_events()}
    data = [24.31, 26.02, 25.11, 27.4, 23.9, 18.75, 17.2, 22.86]
    result = [{"count": 8, "data": data, "days": [d.isoformat() for d in WEEK], "labels": labels(WEEK)}]
    return legacy(3309, "Lg9fTrnd", "Signup conversion", filters, result)


def legacy_paths():
    filters = {"insight": "PATHS", "include_event_types": ["$pageview"], "step_limit": 5}
    result = [{"source": "1_/pricing", "target": "2_/signup", "value": 120, "average_conversion_time": 31.0}]
    return legacy(3310, "Lg0pThs0", "Paths from pricing", filters, result)


def write(name, body):
    with open(os.path.join(HERE, name), "w") as out:
        json.dump(body, out, indent=2, ensure_ascii=False)
        out.write("\n")


if __name__ == "__main__":
    write("sql_daily_signups.json", daily_signups())
    write("sql_daily_columns.json", daily_columns())
    write("sql_daily_breakdown.json", daily_breakdown())
    write("sql_table_top_events.json", top_events())
    write("dashboard_empty_results.json", empty_results())
    write("legacy_filters_dashboard.json", dashboard(303, "Self-hosted Dashboard", [
        legacy_trends(), legacy_number(), legacy_hourly(), legacy_lifecycle(), legacy_lifecycle_shown_as(),
        legacy_retention(), legacy_stickiness(), legacy_funnel(), legacy_funnel_trends(), legacy_paths()]))
