"""schemathesis, a stock client, against the real server and the OpenAPI document it
serves: every operation, as each kind of caller, with generated valid and invalid input.
No answer may be a 5xx, and every answer matches the schema the document gives it.
Each caller gets a server of its own (fuzzing as an admin changes passwords and
deactivates people)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.db import copy_instance
from tests.helpers import start_live_server

pytestmark = pytest.mark.fuzz

CALLERS = ("admin", "supervisor", "analyst", "expert", "officer", "trainee", "instructor", "auditor",
           "token:scanner:Beilun Gate 1", "token:integration:cos")
# Examples per operation in the fuzzing phase; the coverage phase adds its own boundary
# cases whatever this is (officer alone: 6,900 cases at 3, 7,695 at 8, in 62 % of the time).
EXAMPLES_PER_OPERATION = 3


def _headers(server, caller: str, folder: Path) -> list[str]:
    if caller.startswith("token:"):
        tokens = json.loads((folder / "demo_tokens.json").read_text())  # keys like "scanner:Beilun Gate 1"
        return ["-H", f"Authorization: Bearer {tokens[caller.removeprefix('token:')]}"]
    session = server.login(caller, DEMO_PASSWORD)
    csrf = session.get(f"{server.url}/api/v1/auth/csrf", timeout=30).json()["csrf_token"]
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    return ["-H", f"Cookie: {cookie}", "-H", f"X-CSRFToken: {csrf}"]


@pytest.mark.parametrize("caller", CALLERS)
def test_no_generated_request_gets_a_server_error(caller, demo_instance, tmp_path, record_property):
    folder = copy_instance(demo_instance, tmp_path / "instance")
    server = start_live_server(folder)
    try:
        run = subprocess.run(
            [str(Path(sys.executable).parent / "st"), "run", f"{server.url}/api/v1/openapi.json",
             "--checks", "not_a_server_error,response_schema_conformance", "--max-examples", str(EXAMPLES_PER_OPERATION),
             "--phases", "examples,coverage,fuzzing", "--workers", "1", "--seed", "20261201",
             "--request-timeout", "60", "--no-color", "--generation-database", "none",
             *_headers(server, caller, folder),
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
    assert cases >= 1000, run.stdout[-3000:]
