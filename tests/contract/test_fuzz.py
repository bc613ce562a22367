"""schemathesis, a stock client, against the real server and the OpenAPI document it
serves: every operation, as each kind of caller, with generated valid and invalid input.
No answer may be a 5xx, and every answer matches the schema the document gives it.
Each caller gets a server of its own (fuzzing as an admin changes passwords and
deactivates people).

Each caller is fuzzed on the operations the document opens to it (its roles' or its
token's, and the session's own under `auth.`; the anonymous caller, a browser before
sign-in, on the public ones: see `open_to`). Every other operation refuses it with a 401
or 403 before reading any of its input, which tests/security/test_authorization_matrix.py
proves for every route and caller; fuzzing those refusals as well made up over two thirds
of the cases (69k against 19k)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.conftest import DEMO_PASSWORD
from tests.db import copy_instance
from tests.helpers import start_live_server

pytestmark = pytest.mark.fuzz

CALLERS = ("anonymous", "admin", "supervisor", "analyst", "expert", "officer", "trainee", "instructor", "auditor",
           "token:scanner:Beilun Gate 1", "token:integration:cos")
# Examples per operation in the fuzzing phase; the coverage phase adds its own boundary
# cases whatever this is (officer alone: 6,900 cases at 3, 7,695 at 8, in 62 % of the time).
EXAMPLES_PER_OPERATION = 3


def _caller(server, caller: str, folder: Path) -> tuple[list[str], set[str], str | None]:
    """The caller's headers, its roles and its token's kind."""
    if caller == "anonymous":  # a browser before sign-in: a session cookie and its CSRF token
        session = requests.Session()
        csrf = session.get(f"{server.url}/api/v1/auth/csrf", timeout=30).json()["csrf_token"]
        cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
        return ["-H", f"Cookie: {cookie}", "-H", f"X-CSRFToken: {csrf}"], set(), None
    if caller.startswith("token:"):
        tokens = json.loads((folder / "demo_tokens.json").read_text())  # keys like "scanner:Beilun Gate 1"
        kind = caller.split(":")[1]
        return ["-H", f"Authorization: Bearer {tokens[caller.removeprefix('token:')]}"], set(), kind
    session = server.login(caller, DEMO_PASSWORD)
    csrf = session.get(f"{server.url}/api/v1/auth/csrf", timeout=30).json()["csrf_token"]
    roles = set(session.get(f"{server.url}/api/v1/auth/me", timeout=30).json()["user"]["roles"])
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    return ["-H", f"Cookie: {cookie}", "-H", f"X-CSRFToken: {csrf}"], roles, None


def open_to(document: dict, roles: set[str], token: str | None, anonymous: bool = False) -> list[str]:
    """The operationIds the document opens to a caller with `roles` (a person) or a token of
    kind `token`: any signed-in person's (no roles listed), its roles', its token's; or, to
    an anonymous caller, the public ones.

    A public operation answers everyone alike (a health check, a signed tile link, the
    documents), except the session's own under `auth.`: those are fuzzed as every caller,
    the others once, anonymously (fuzzing those 14 as each of ten callers was a fifth of
    the runs, for the same answers)."""
    ids = []
    for item in document["paths"].values():
        for operation in item.values():
            schemes = {name for requirement in operation["security"] for name in requirement}
            if not schemes - {"csrf"}:
                if anonymous or operation["operationId"].startswith("auth."):
                    ids.append(operation["operationId"])
            elif anonymous:
                continue
            elif token is not None:
                if "bearer" in schemes and token in operation["x-cips-tokens"]:
                    ids.append(operation["operationId"])
            elif "session" in schemes and (not operation["x-cips-roles"] or roles & set(operation["x-cips-roles"])):
                ids.append(operation["operationId"])
    return ids


def test_each_caller_is_fuzzed_on_what_it_may_call_and_nothing_else():
    document = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
    officer = set(open_to(document, {"site_officer"}, None))
    assert "assignments.verdict.post" not in officer and "auth.me.get" in officer
    assert "assignments.verdict.post" in open_to(document, {"analyst"}, None)
    scanner = set(open_to(document, set(), "scanner"))
    assert "ingest.register_scan.post" in scanner and "auth.login.post" in scanner
    assert not {"health.health.get", "admin.people_list.get", "assignments.verdict.post"} & scanner
    anonymous = set(open_to(document, set(), None, anonymous=True))
    assert {"health.health.get", "scans.signed_tile.get", "auth.login.post"} <= anonymous
    assert not {"admin.people_list.get", "ingest.register_scan.post", "auth.token_identity.get"} & anonymous
    everyone = [o["operationId"] for item in document["paths"].values() for o in item.values()]
    assert set(open_to(document, {"admin", "supervisor", "analyst", "expert", "site_officer", "trainee", "instructor",
                                  "auditor"}, None)) | set(open_to(document, set(), "scanner")) \
        | set(open_to(document, set(), "integration")) | anonymous == set(everyone), "an operation nobody may call"


@pytest.mark.parametrize("caller", CALLERS)
def test_no_generated_request_gets_a_server_error(caller, demo_instance, tmp_path, record_property):
    folder = copy_instance(demo_instance, tmp_path / "instance")
    server = start_live_server(folder)
    try:
        headers, roles, token = _caller(server, caller, folder)
        document = requests.get(f"{server.url}/api/v1/openapi.json", timeout=30).json()
        operations = open_to(document, roles, token, anonymous=caller == "anonymous")
        allowed = "|".join(re.escape(i) for i in operations)
        run = subprocess.run(
            [str(Path(sys.executable).parent / "st"), "run", f"{server.url}/api/v1/openapi.json",
             "--checks", "not_a_server_error,response_schema_conformance", "--max-examples", str(EXAMPLES_PER_OPERATION),
             "--phases", "examples,coverage,fuzzing", "--workers", "1", "--seed", "20261201",
             "--request-timeout", "60", "--no-color", "--generation-database", "none",
             *headers, "--include-operation-id-regex", f"^({allowed})$",
             # Signing out would end the very session being fuzzed.
             "--exclude-path", "/api/v1/auth/logout",
             # A tus chunk (application/offset+octet-stream) has no generator; tuspy tests it.
             "--exclude-operation-id", "ingest.tus_upload.patch"],
            capture_output=True, text=True, timeout=900)
    finally:
        server.stop()
    counted = re.search(r"(\d+) generated", run.stdout)
    cases = int(counted.group(1)) if counted else 0
    record_property("schemathesis_cases", cases)  # summed in the run's summary (tests/conftest.py)
    failures = "\n".join(line for line in run.stdout.splitlines() if line.lstrip().startswith(("curl", "[5")))
    assert run.returncode == 0, f"schemathesis found server errors as {caller}:\n{failures}\n{run.stdout[-3000:]}"
    # Each operation had its examples, boundary cases and generated ones (a filter matching
    # nothing, or a caller refused everywhere, would pass with a handful).
    assert cases >= 10 * len(operations), run.stdout[-3000:]
