"""Settings for several processes, and the health checks a load balancer reads."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import ROOT


def _cips(instance, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CIPS_")}
    environment.update({"CIPS_INSTANCE_PATH": str(instance), **env})
    return subprocess.run([sys.executable, "-c", "from app.cli import main; main()", *args], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=120)


def test_with_redis_and_no_secret_key_serve_and_worker_refuse_to_start_with_one_line(instance):
    for args in (("serve", "--port", "1"), ("worker",)):
        done = _cips(instance, *args, CIPS_REDIS_URL="redis://127.0.0.1:6379/0")
        assert done.returncode != 0
        last = done.stderr.strip().splitlines()[-1]
        assert "CIPS_SECRET_KEY" in last and "CIPS_REDIS_URL" in last, done.stderr


def test_a_worker_without_redis_says_why(instance):
    done = _cips(instance, "worker", CIPS_SECRET_KEY="k" * 32)
    assert done.returncode != 0 and "CIPS_REDIS_URL" in done.stderr.strip().splitlines()[-1]


def test_the_channel_defaults_to_one_per_database_and_can_be_set(make_app, instance, tmp_path):
    first = make_app(instance)
    other = tmp_path / "other"
    other.mkdir()
    second = make_app(other)
    assert first.config["REDIS_CHANNEL"].startswith("cips-")
    assert first.config["REDIS_CHANNEL"] != second.config["REDIS_CHANNEL"]
    assert make_app(instance, REDIS_CHANNEL="ningbo").config["REDIS_CHANNEL"] == "ningbo"


def test_pool_settings_reach_the_engine(make_app, instance, tmp_path):
    app = make_app(instance, DATABASE_URL="postgresql://nobody@127.0.0.1:1/none", DB_POOL_SIZE=3, DB_MAX_OVERFLOW=4)
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert (options["pool_size"], options["max_overflow"]) == (3, 4)
    assert options["pool_pre_ping"] is True  # a server may have dropped an idle connection
    # A SQLite file is never dropped: no ping statement on every request's checkout.
    sqlite = make_app(instance, DATABASE_URL=f"sqlite:///{tmp_path / 'other.db'}")
    assert "pool_pre_ping" not in sqlite.config["SQLALCHEMY_ENGINE_OPTIONS"]


def test_live_always_answers_and_ready_names_what_is_missing(demo_app):
    client = demo_app.test_client()
    assert client.get("/api/v1/health/live").get_json() == {"status": "ok"}
    # No consumer has beaten yet in this fresh instance: not ready, and it says why.
    response = client.get("/api/v1/health/ready")
    body = response.get_json()
    assert response.status_code == 503
    assert body["checks"] == {"database": "ok", "redis": "not configured", "store": "ok", "queue": "ok",
                              "workers": "none alive"}
    assert body["queue_depth"] == 0


def test_ready_once_a_consumer_beats(live_server):
    import requests

    from tests.helpers import until

    def ready():
        response = requests.get(f"{live_server.url}/api/v1/health/ready", timeout=10)
        return response.status_code == 200 and response.json()

    body = until(ready, 30, "the embedded consumer's heartbeat")
    assert body["status"] == "ok" and body["workers"][0]["kind"] == "embedded"
