"""Periodic chores run once per deployment, however many processes could run them."""

from __future__ import annotations

import time

import pytest

from tests.helpers import until
from tests.scaleout.cluster import make_cluster

pytestmark = [pytest.mark.scaleout, pytest.mark.timeout(300)]

INTERVAL = 0.5
SWEEP = "app.blueprints.assignments.engine.sweep"


def test_each_chore_runs_once_per_interval_with_two_web_processes_and_two_workers(tmp_path):
    cluster = make_cluster(tmp_path, CIPS_SWEEP_INTERVAL_SECONDS=str(INTERVAL), CIPS_EXAM_SWEEP_SECONDS=str(INTERVAL),
                           CIPS_EQUIPMENT_SWEEP_SECONDS=str(INTERVAL), CIPS_WORKER_HEARTBEAT_SECONDS="1")
    try:
        cluster.start_web("web1")
        cluster.start_web("web2")  # both with their embedded consumer: four beats in all
        cluster.start_worker("worker", processes=2)
        until(lambda: cluster.rows("SELECT count(*) FROM worker_processes")[0][0] >= 4, 60, "four consumers beating")

        def runs() -> dict[str, int]:
            return dict(cluster.rows("SELECT name, runs FROM chores"))

        until(lambda: runs().get(SWEEP, 0) > 0, 30, "the first sweep")
        start, before = time.monotonic(), runs()
        claimants = set()
        # At least 12 s; longer (up to 90 s) until a second process has won a claim: whoever
        # looks first after a chore falls due wins, and on a busy box one may lead for a while.
        while time.monotonic() - start < 12 or (len(claimants) < 2 and time.monotonic() - start < 90):
            claimants |= {by for (by,) in cluster.rows("SELECT last_run_by FROM chores WHERE name = :n", n=SWEEP)}
            time.sleep(0.1)
        elapsed, after = time.monotonic() - start, runs()

        assert len(claimants) >= 2  # several processes took turns...
        for name in (SWEEP, "app.blueprints.training.attempts.sweep", "app.blueprints.equipment.events.sweep_offline"):
            done = after[name] - before[name]
            # ...and together ran each chore once per interval, not once per process.
            assert elapsed / INTERVAL / 3 <= done <= elapsed / INTERVAL + 2, (name, done, elapsed)
    finally:
        cluster.stop()
