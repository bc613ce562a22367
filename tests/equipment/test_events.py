"""Scanner events in, and what is derived from them (in-process, real database)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest


@pytest.fixture
def tokens(demo_copy) -> dict:
    return json.loads((demo_copy / "demo_tokens.json").read_text())


def post(client, token: str, body):
    return client.post("/api/v1/equipment/events", json=body, headers={"Authorization": f"Bearer {token}"})


DAY = "2026-11-20"  # a past day at Beilun (Asia/Shanghai, +08:00)


def _day_of_events() -> list[dict]:
    def at(hh, mm=0):
        return f"{DAY}T{hh:02d}:{mm:02d}:00+08:00"
    return [
        {"type": "startup", "at": at(8)},
        {"type": "heartbeat", "at": at(8, 30), "data": {"scans_since_startup": 10, "anomalies": 1, "radiation_alarms": 0}},
        {"type": "heartbeat", "at": at(9, 30), "data": {"scans_since_startup": 25, "anomalies": 2, "radiation_alarms": 1}},
        {"type": "fault", "at": at(10), "data": {"code": "LINAC-17", "text": "klystron temperature"}},
        {"type": "fault_cleared", "at": at(10, 30)},
        {"type": "shutdown", "at": at(12)},
        {"type": "startup", "at": at(13)},  # counters restart at start-up
        {"type": "heartbeat", "at": at(14, 15), "data": {"scans_since_startup": 7, "anomalies": 0}},
        {"type": "shutdown", "at": at(17)},
    ]


def test_a_day_of_events_gives_the_right_running_time_and_counts(client, auth, tokens):
    response = post(client, tokens["scanner:Beilun Gate 1"], _day_of_events())
    assert response.status_code == 200
    assert response.get_json() == {"stored": 9, "duplicates": 0, "skewed": 0}
    auth.login("supervisor")
    overview = client.get("/api/v1/equipment/overview").get_json()
    gate = next(s for c in overview["headquarters"][0]["centres"] for site in c["sites"] for s in site["scanners"]
                if s["name"] == "Beilun Gate 1")
    day = client.get(f"/api/v1/equipment/scanners/{gate['id']}/timeline?date={DAY}").get_json()
    assert day["figures"]["running_seconds"] == 8 * 3600  # 08-12 and 13-17
    assert day["figures"]["anomalies"] == 2 and day["figures"]["faults"] == 1
    # Scans and radiation alarms are the scans received (none here), not the agent's counters:
    # its heartbeats say 0 alarms whatever the scans carried.
    assert day["figures"]["scans"] == 0 and day["figures"]["radiation_alarms"] == 0 and sum(day["scans_per_hour"]) == 0
    assert day["figures"]["utilisation"] == 0.0  # powered on 8 h, never scanning
    assert [(r["start"][11:16], r["end"][11:16]) for r in day["runs"]] == [("00:00", "04:00"), ("05:00", "09:00")]
    assert day["faults"][0]["code"] == "LINAC-17"
    assert gate["status"] == "stopped"  # the last event of that day was a shut-down


def test_events_sent_twice_are_stored_once(client, tokens):
    token = tokens["scanner:Beilun Gate 2"]
    events = _day_of_events()[:3]
    assert post(client, token, events).get_json()["stored"] == 3
    again = post(client, token, events[1:] + [{"type": "heartbeat", "at": f"{DAY}T11:00:00+08:00"}]).get_json()
    assert again == {"stored": 1, "duplicates": 2, "skewed": 0}


def test_a_clock_ahead_is_flagged_and_not_trusted(client, auth, tokens):
    ahead = (datetime.now(timezone.utc) + timedelta(hours=3)).isoformat()
    body = post(client, tokens["scanner:Daxie Mobile"], [{"type": "startup", "at": ahead}]).get_json()
    assert body["skewed"] == 1
    auth.login("officer2")  # another site's officer does not see it
    assert all(s["name"] != "Daxie Mobile" for h in client.get("/api/v1/equipment/overview").get_json()["headquarters"]
               for c in h["centres"] for site in c["sites"] for s in site["scanners"])


@pytest.mark.parametrize("event, field", [
    ({"type": "reboot", "at": "2026-11-27T08:00:00Z"}, "events[0].type"),
    ({"type": "heartbeat", "at": "yesterday"}, "events[0].at"),
    ({"type": "heartbeat", "at": "2026-11-27T08:00:00Z", "data": {"scans_since_startup": -1}},
     "events[0].data.scans_since_startup"),
    ({"type": "heartbeat", "at": "2026-11-27T08:00:00Z", "data": {"anomalies": 1.5}}, "events[0].data.anomalies"),
])
def test_bad_events_are_422(client, tokens, event, field):
    response = post(client, tokens["scanner:Beilun Gate 1"], [event])
    assert response.status_code == 422 and response.get_json()["field"] == field


def test_another_scanners_events_are_403(client, tokens):
    body = {"scanner_id": 999, "events": [{"type": "startup", "at": "2026-11-27T08:00:00Z"}]}
    assert post(client, tokens["scanner:Beilun Gate 1"], body).status_code == 403


def test_a_flood_of_heartbeats_is_limited_but_start_up_still_gets_through(demo_app, client, tokens):
    demo_app.config["HEARTBEAT_RATE"] = "3 per minute"
    token = tokens["scanner:Beilun Rail"]
    base = datetime(2026, 11, 27, 1, 0, tzinfo=timezone.utc)
    codes = [post(client, token, [{"type": "heartbeat", "at": (base + timedelta(seconds=i)).isoformat()}]).status_code
             for i in range(6)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429, 429]
    startup = post(client, token, [{"type": "startup", "at": (base + timedelta(minutes=5)).isoformat()},
                                   {"type": "heartbeat", "at": (base + timedelta(minutes=6)).isoformat()}])
    assert startup.status_code == 200 and startup.get_json()["stored"] == 2


def test_a_centre_sees_its_own_scanners_and_headquarters_all(client, auth):
    auth.login("supervisor")  # Ningbo centre
    centre = client.get("/api/v1/equipment/overview").get_json()
    assert centre["scope"] == "centre"
    assert [c["code"] for h in centre["headquarters"] for c in h["centres"]] == ["NBC"]
    ningbo = {s["id"] for h in centre["headquarters"] for c in h["centres"] for site in c["sites"] for s in site["scanners"]}
    auth.logout()
    auth.login("hqsupervisor")
    everything = client.get("/api/v1/equipment/overview").get_json()
    assert everything["scope"] == "headquarters"
    assert [c["code"] for c in everything["headquarters"][0]["centres"]] == ["NBC", "SHC"]
    all_ids = {s["id"] for c in everything["headquarters"][0]["centres"] for site in c["sites"] for s in site["scanners"]}
    assert len(all_ids) == 9 and ningbo < all_ids
    shanghai = next(iter(all_ids - ningbo))
    auth.logout()
    auth.login("supervisor")
    assert client.get(f"/api/v1/equipment/scanners/{shanghai}/timeline").status_code == 404


def test_reports_as_json_and_csv(client, auth, tokens):
    post(client, tokens["scanner:Beilun Gate 1"], _day_of_events())
    auth.login("supervisor")
    rows = client.get(f"/api/v1/reports?period=day&date={DAY}").get_json()["equipment"]
    gate = next(r for r in rows if r["unit"] == "NB-BEI / Beilun Gate 1")
    assert gate["running_seconds"] == 8 * 3600 and gate["anomalies"] == 2
    site = next(r for r in rows if r["level"] == "site" and r["unit"] == "NB-BEI")
    assert site["running_seconds"] == 8 * 3600 and site["utilisation"] == 0.0
    month = client.get("/api/v1/reports?period=month&date=2026-11").get_json()["equipment"]
    assert next(r for r in month if r["unit"] == "NB-BEI / Beilun Gate 1")["faults"] == 1
    week = client.get(f"/api/v1/reports?period=week&date={DAY}").get_json()
    first = week["centres"][0]
    start = datetime.fromisoformat(first["start"]).astimezone(ZoneInfo(first["timezone"]))
    assert week["date"] == DAY and (start.date().isoformat(), start.hour) == ("2026-11-16", 0)  # Monday, centre's clock
    csv_text = client.get(f"/api/v1/reports?period=day&date={DAY}&format=csv&section=equipment").data.decode()
    assert csv_text.splitlines()[0].startswith("Level,Unit,Powered on (s),Scanning (s),Scans")
    chinese = client.get(f"/api/v1/reports?period=day&date={DAY}&format=csv&section=equipment",
                         headers={"Accept-Language": "zh-CN"}).data.decode()
    assert chinese.splitlines()[0].startswith("层级,单位,开机时长（秒）")
    assert "scanner,NB-BEI / Beilun Gate 1,28800,0,0" in csv_text
    assert client.get("/api/v1/reports?period=week&date=x").status_code == 400
    assert client.get(f"/api/v1/reports?date={DAY}&format=csv&section=nope").status_code == 400
