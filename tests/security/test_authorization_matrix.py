"""Every route and every Socket.IO event, tried by every kind of principal, against
the least-privilege rules (app.access, README "Security"). The rules below are this
test's own: a route or event the application gains without a rule here fails it.

Route level: who may call it at all (everyone else gets 401 or 403). Scan level:
for routes about one live scan, who may see which scan (everyone else gets 404, or
403 where the route says "not yours" in its own words)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.database import utcnow
from app.extensions import db, socketio
from app.models import ApiToken, Assignment, Review, Scanner, User, Verdict
from tests.helpers import AuthActions, send_png
from tests.ingest.conftest import Scanner as Gate

PUBLIC = "public"
# Tile links signed for one person and scan (app/blueprints/scans/links.py): without a
# valid signature, nobody; the signature itself is tested in tests/scans/test_signed_tiles.py.
SIGNED = "signed link"
ANY_PERSON = "any person"
STAFF = ("admin", "instructor", "supervisor")
CANDIDATES = ("analyst", "expert", "trainee")
READERS = STAFF + CANDIDATES
LIVE = ("admin", "analyst", "expert", "site_officer", "supervisor")

RULES: dict[str, object] = {
    "admin.centre_add": ("admin",), "admin.centre_change": ("admin",),
    "admin.organisation_view": ("admin", "supervisor"), "admin.people_list": ("admin", "supervisor"),
    "admin.person": ("admin", "supervisor"), "admin.person_add": ("admin",), "admin.person_change": ("admin",),
    "admin.person_password": ("admin",), "admin.person_sessions_end": ("admin", "supervisor"),
    "admin.scanner_add": ("admin",), "admin.scanner_change": ("admin",), "admin.scanner_list": ("admin",),
    "admin.scanner_token": ("admin",), "admin.settings_list": ("admin",), "admin.setting_change": ("admin",), "admin.site_add": ("admin",), "admin.site_change": ("admin",),
    "admin.token_add": ("admin",), "admin.token_list": ("admin",), "admin.token_revoke": ("admin",),
    "admin.vendor_formats": ("admin",),
    "assignments.inspection": ("site_officer",), "assignments.priority": ("supervisor",),
    # Who among them sees which inspection is app/access.py's (tests/officer/test_inspection_api.py).
    "assignments.inspection_view": LIVE, "assignments.inspection_photo": LIVE,
    "assignments.queue": ("supervisor",), "assignments.reassign": ("supervisor",),
    "assignments.retry": ("supervisor",), "assignments.review_blind": ("expert",),
    "assignments.review_conclude": ("expert",), "assignments.reviews": ("expert",),
    "assignments.site_scans": ("site_officer",), "assignments.stats": ("admin", "supervisor"),
    "assignments.alarm_thresholds": ("admin", "supervisor"), "assignments.set_alarm_thresholds": ("admin", "supervisor"),
    "assignments.queue_alarms": ("admin", "supervisor"), "assignments.acknowledge_alarm": ("admin", "supervisor"),
    "assignments.verdict": ("analyst", "expert"), "assignments.workstation": ("analyst", "expert"),
    "assignments.workstation_state": ("analyst", "expert"),
    # Priors (app/access.py prior_scans): from one's own open assignment only, which the
    # assignment ids here are not (tests/workflow/test_priors.py tries the real ones).
    "assignments.priors_list": ("analyst", "expert"), "assignments.prior": ("analyst", "expert"),
    "assignments.prior_dzi": ("analyst", "expert"), "assignments.prior_tile": ("analyst", "expert"),
    "assignments.prior_thumbnail": ("analyst", "expert"), "assignments.prior_pixel": ("analyst", "expert"),
    "assignments.prior_histogram": ("analyst", "expert"), "assignments.prior_links": ("analyst", "expert"),
    "assignments.prior_region": ("analyst", "expert"),
    "audit.decisions": ("auditor",), "audit.events": ("auditor",), "audit.events_csv": ("auditor",),
    "audit.supervisor_actions": ("auditor",), "audit.verify": ("auditor",), "audit.views_outside": ("auditor",),
    "auth.csrf_token": PUBLIC, "auth.login": PUBLIC, "auth.logout": PUBLIC, "auth.me": ANY_PERSON,
    "auth.set_language": ANY_PERSON, "contract.languages": PUBLIC,
    "auth.token_identity": ("token:integration", "token:scanner"),
    "calibration.calibrate": ("admin",), "calibration.calibration": ("admin", "supervisor"),
    "calibration.reset": ("admin",),
    "declarations.declarations": ("token:integration",), "declarations.deliveries": ("admin",),
    "declarations.link": ("supervisor",), "declarations.replay": ("admin",),
    "declarations.results": ("token:integration",), "declarations.scan_declaration": LIVE,
    "declarations.unlink": ("analyst", "expert", "supervisor"), "declarations.unmatched": ("supervisor",),
    "equipment.acknowledge": ("supervisor",), "equipment.alerts": LIVE, "equipment.equipment_events": ("token:scanner",),
    "equipment.overview": LIVE, "equipment.reports": ("admin", "supervisor"), "equipment.timeline": LIVE,
    "equipment.wall": ("admin", "supervisor"),
    "frontend.assets": PUBLIC, "frontend.page": PUBLIC, "frontend.service_worker": PUBLIC,
    "frontend.web_manifest": PUBLIC, "frontend.icons": PUBLIC, "static": PUBLIC,
    "health.health": PUBLIC, "health.live": PUBLIC, "health.ready": PUBLIC, "contract.events_schema": PUBLIC,
    "contract.openapi_document": PUBLIC,
    "ingest.register_scan": ("token:scanner",), "ingest.tus_create": ("token:scanner",), "ingest.tus_options": PUBLIC,
    "ingest.tus_upload": ("token:scanner",),
    "scans.dzi": LIVE, "scans.histogram": LIVE, "scans.pixel": LIVE, "scans.scan": LIVE + ("token:scanner",),
    "scans.scans": LIVE, "scans.thumbnail": LIVE, "scans.tile": LIVE, "scans.links": LIVE, "scans.region": LIVE,
    "scans.signed_data": SIGNED, "scans.signed_data_tile": SIGNED, "scans.signed_dzi": SIGNED,
    "scans.signed_tile": SIGNED, "training.attempt_links": READERS, "training.attempt_region": READERS,
    "training.library_links": READERS, "training.library_region": READERS, "training.question_links": STAFF,
    "training.question_region": STAFF,
    "training.attempt": READERS, "training.attempt_answer": CANDIDATES, "training.attempt_dzi": READERS,
    "training.attempt_histogram": READERS, "training.attempt_pixel": READERS, "training.attempt_review": READERS,
    "training.attempt_start": CANDIDATES, "training.attempt_submit": CANDIDATES, "training.attempt_thumbnail": READERS,
    "training.attempt_tile": READERS, "training.attempts_mine": CANDIDATES, "training.certificate_pdf": READERS,
    "training.certificate_revoke": ("admin", "instructor"), "training.certificates_list": STAFF,
    "training.certificates_mine": READERS, "training.exam_add": STAFF, "training.exam_update": STAFF,
    "training.exams": READERS, "training.library_add": STAFF, "training.library_cases": STAFF,
    "training.library_dzi": READERS, "training.library_histogram": READERS, "training.library_item": READERS,
    "training.library_pixel": READERS, "training.library_promote": STAFF, "training.library_search": READERS,
    "training.library_thumbnail": READERS, "training.library_tile": READERS, "training.library_update": STAFF,
    "training.question": STAFF, "training.question_add": STAFF, "training.question_dzi": STAFF,
    "training.question_histogram": STAFF, "training.question_pixel": STAFF, "training.question_thumbnail": STAFF,
    "training.question_tile": STAFF, "training.question_update": STAFF, "training.questions": STAFF,
    "training.stats_candidates": STAFF, "training.stats_questions": STAFF, "training.training_image": STAFF,
    "training.training_image_status": STAFF, "training.training_scanners": STAFF,
    "training.verify": PUBLIC, "training.verify_page": PUBLIC,
    # Storage planning: admins and supervisors by role; a centre's supervisor is then refused
    # (403, scope "headquarters"): the report is for headquarters (tests/storage/test_retention.py).
    "storage.storage_report": ("admin", "supervisor"), "storage.storage_plan": ("admin", "supervisor"),
    "storage.retention_rules": ("admin", "supervisor"), "storage.retention_rule": ("admin",),
    "storage.legal_hold": ("admin",),
    # Threat image projection (docs/tip.md): the library is the instructors', supervisors' and admins'.
    "tip.threats": STAFF, "tip.threat_synthetic": STAFF, "tip.threat_upload": STAFF, "tip.threat_change": STAFF,
    "tip.threat_preview": STAFF, "tip.tip_scores": ("supervisor", "instructor", "admin", "analyst", "expert"),
    "tip.me": ("analyst", "expert"), "tip.centre_breaks": ("supervisor",), "tip.break_override": ("supervisor",),
    "tip.centre_probability": ("admin",),
}
# Routes about one live scan: who may see which is checked scan by scan.
SCAN_ROUTES = {"scans.dzi", "scans.histogram", "scans.pixel", "scans.scan", "scans.thumbnail", "scans.tile",
               "scans.links", "scans.region",
               "declarations.scan_declaration", "declarations.link", "declarations.unlink",
               "assignments.inspection", "assignments.priority", "assignments.retry"}
# Acting on a centre's queue is its own supervisors' work: headquarters watch, they do not move scans.
QUEUE_ROUTES = {"assignments.priority", "assignments.retry"}
# Never called here: they change who is signed in (tested on their own).
NOT_CALLED = {"auth.login", "auth.logout"}

SOCKET_RULES = {"connect": ANY_PERSON, "disconnect": ANY_PERSON,
                "workstation.ready": ("analyst", "expert"), "workstation.pause": ("analyst", "expert")}

PEOPLE = {  # demo username -> roles (and, for the rooms, their affiliation)
    "admin": {"admin"}, "hqsupervisor": {"supervisor"}, "supervisor": {"supervisor"}, "analyst": {"analyst"},
    "analyst3": {"analyst"}, "expert": {"analyst", "expert"}, "officer": {"site_officer"},
    "officer2": {"site_officer"}, "trainee": {"trainee"}, "instructor": {"instructor"}, "auditor": {"auditor"},
}
TOKENS = {"token:scanner": "scanner:Beilun Gate 1", "token:integration": "integration:cos"}


@pytest.fixture
def world(demo_app, demo_copy, client, gate1, small_scan, tmp_path):
    """Three live scans (Beilun: decided by `analyst` and reviewed by `expert`; Daxie:
    open with `analyst3`; Waigaoqiao: nobody's) and things to point ids at."""
    tokens = json.loads((demo_copy / "demo_tokens.json").read_text())
    daxie = Gate(client, tokens["scanner:Daxie Mobile"])
    wgq = Gate(client, tokens["scanner:Waigaoqiao Gate A"])
    scans = {"BEI": send_png(gate1, tmp_path, small_scan, "M-BEI"), "DAX": send_png(daxie, tmp_path, small_scan, "M-DAX"),
             "WGQ": send_png(wgq, tmp_path, small_scan, "M-WGQ")}
    with demo_app.app_context():
        user = {u.username: u for u in db.session.scalars(sa.select(User)).unique()}
        now = utcnow()
        decided = Assignment(scan_id=scans["BEI"], analyst_id=user["analyst"].id, state="decided", deadline=now,
                             ended_at=now)
        db.session.add_all([decided, Assignment(scan_id=scans["DAX"], analyst_id=user["analyst3"].id,
                                                deadline=now + timedelta(hours=1))])
        db.session.flush()
        verdict = Verdict(scan_id=scans["BEI"], assignment_id=decided.id, analyst_id=user["analyst"].id,
                          decision="clear", final_decision="clear", time_spent_s=5)
        db.session.add(verdict)
        db.session.flush()
        db.session.add(Review(verdict_id=verdict.id, expert_id=user["expert"].id))
        victim = User(username="matrix-victim", display_name="Victim", password_hash=None)
        spare = Scanner(site_id=1, name="Matrix spare", kind="fixed")
        db.session.add_all([victim, spare])
        db.session.flush()
        spare_token = ApiToken(name="spare", token_hash="0" * 64, prefix="cips_spare", user_id=user["cos"].id)
        db.session.add(spare_token)
        db.session.commit()
        ids = {"assignment_id": decided.id, "user_id": victim.id, "scanner_id": spare.id, "token_id": spare_token.id}
    return scans, ids, tokens


def _visible(who: str, scans: dict[str, int]) -> set[int]:
    """Which live scans each principal may see, written out from the rules."""
    return {scans[k] for k in {
        "admin": ("BEI", "DAX", "WGQ"), "hqsupervisor": ("BEI", "DAX", "WGQ"), "supervisor": ("BEI", "DAX"),
        "analyst": ("BEI",), "analyst3": ("DAX",), "expert": ("BEI",), "officer": ("BEI",), "officer2": ("WGQ",),
        "token:scanner": ("BEI",),
    }.get(who, ())}


def _allowed(rule: object, who: str) -> bool:
    if rule == PUBLIC:
        return True
    if rule == SIGNED:
        return False
    if who == "anonymous":
        return False
    if who.startswith("token:"):
        return who in rule if isinstance(rule, tuple) else False
    return rule == ANY_PERSON or bool(PEOPLE[who] & set(rule))


def _url(rule, values: dict) -> str:
    args = {}
    for name in rule.arguments:
        args[name] = values.get(name, {"level": 0, "col": 0, "row": 0, "ext": "jpeg", "action": "pause",
                                       "code": "XXXX-XXXX-XXXX-XXXX", "event_id": "no-such-event",
                                       "upload_id": "no-such-upload", "spa": "somewhere", "filename": "none.js",
                                       "position": 1}.get(name, 999999))
    url = rule.rule
    for name, value in args.items():
        url = url.replace(f"<{name}>", str(value))
        for conv in ("int", "path", "spa"):
            url = url.replace(f"<{conv}:{name}>", str(value))
        url = url.replace(f"<any(ready, pause):{name}>", str(value))
    return url + ("?x=1&y=1" if rule.endpoint.endswith("pixel") else "")


def test_every_route_refuses_everyone_its_rules_do_not_name(demo_app, world):
    scans, ids, tokens = world
    unruled = {r.endpoint for r in demo_app.url_map.iter_rules()} - set(RULES)
    assert not unruled, f"routes without a rule in this test: {sorted(unruled)}"

    callers = {"anonymous": demo_app.test_client()}
    csrf = {}
    for username in PEOPLE:
        c = demo_app.test_client()
        auth = AuthActions(c, _password())
        assert auth.login(username).status_code == 200, username
        callers[username], csrf[username] = c, auth.csrf()
    for kind in TOKENS:
        callers[kind] = demo_app.test_client()

    wrong = []
    for rule in demo_app.url_map.iter_rules():
        if rule.endpoint in NOT_CALLED:
            continue
        expected = RULES[rule.endpoint]
        scan_ids = list(scans.values()) if rule.endpoint in SCAN_ROUTES else [None]
        for method in sorted(rule.methods - {"HEAD"} - ({"OPTIONS"} if rule.methods - {"HEAD", "OPTIONS"} else set())):
            for scan_id in scan_ids:
                url = _url(rule, ids | ({"scan_id": scan_id} if scan_id else {}))
                for who, c in callers.items():
                    headers = {}
                    if who.startswith("token:"):
                        headers["Authorization"] = f"Bearer {tokens[TOKENS[who]]}"
                    elif who in csrf:
                        headers["X-CSRFToken"] = csrf[who]
                    kwargs = {"json": {}} if method in ("POST", "PUT", "PATCH", "DELETE") else {}
                    response = c.open(url, method=method, headers=headers, **kwargs)
                    status = response.status_code
                    allowed = _allowed(expected, who)
                    if scan_id is not None and allowed:
                        seen = _visible(who, scans)
                        if rule.endpoint in QUEUE_ROUTES and who == "hqsupervisor":
                            seen = set()
                        allowed = scan_id in seen
                        refused = status in (403, 404)
                    else:  # refused for who they are, not because an object is not theirs
                        refused = status == 401 or (status == 403 and (response.get_json() or {}).get("scope") == "route")
                    if status >= 500 or allowed == refused:
                        wrong.append(f"{method} {url} as {who}: {status} (expected {'served' if allowed else 'refused'})")
    assert not wrong, "\n".join(wrong[:60]) + f"\n({len(wrong)} in all)"


def _password() -> str:
    from tests.conftest import DEMO_PASSWORD

    return DEMO_PASSWORD


ROOMS = {
    "admin": {"user", "hq:1", "equipment:hq:1"}, "hqsupervisor": {"user", "hq:1", "equipment:hq:1"},
    "supervisor": {"user", "centre:1", "equipment:centre:1"}, "analyst": {"user", "equipment:centre:1"},
    "analyst3": {"user", "equipment:centre:1"}, "expert": {"user", "equipment:centre:1"},
    "officer": {"user", "site:1", "equipment:site:1"}, "officer2": {"user", "site:3", "equipment:site:3"},
    "trainee": {"user"}, "instructor": {"user"}, "auditor": {"user"},
}


def test_every_socket_event_and_room_follows_the_rules(demo_app):
    assert set(socketio.server.handlers["/"]) == set(SOCKET_RULES), "a Socket.IO event without a rule in this test"
    anonymous = socketio.test_client(demo_app, flask_test_client=demo_app.test_client())
    assert not anonymous.is_connected()
    with demo_app.app_context():
        user_ids = {u.username: u.id for u in db.session.scalars(sa.select(User)).unique()}
    wrong = []
    for username in PEOPLE:
        c = demo_app.test_client()
        assert AuthActions(c, _password()).login(username).status_code == 200
        sio = socketio.test_client(demo_app, flask_test_client=c)
        assert sio.is_connected(), username
        hello = next(e["args"][0] for e in sio.get_received() if e["name"] == "hello")
        rooms = {"user" if r == f"user:{user_ids[username]}" else r for r in hello["rooms"]}
        if rooms != ROOMS[username]:
            wrong.append(f"{username} joined {sorted(rooms)}, expected {sorted(ROOMS[username])}")
        for event in ("workstation.ready", "workstation.pause"):
            answer = sio.emit(event, callback=True)
            refused = answer.get("error") == "forbidden"
            if refused == _allowed(SOCKET_RULES[event], username):
                wrong.append(f"{event} as {username}: {answer}")
        sio.disconnect()
    assert not wrong, "\n".join(wrong)
