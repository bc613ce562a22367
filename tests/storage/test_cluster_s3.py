"""Done-when of issue 16: two web processes and a worker on different instance folders
(as on three machines) share only the bucket (SeaweedFS) and the database
(PostgreSQL); a scan ingested by one web process is processed by the worker and served
by the other web process from its own cache."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone

import pytest
import requests
from PIL import Image

from app.synthetic import generate_scan
from tests.conftest import DEMO_PASSWORD
from tests.helpers import until
from tests.s3 import BUCKET
from tests.scaleout.cluster import make_cluster

pytestmark = [pytest.mark.scaleout, pytest.mark.timeout(600)]


def test_a_scan_ingested_by_one_web_process_is_served_by_another_sharing_only_the_bucket(tmp_path, s3_server):
    prefix = "cluster-" + tmp_path.name[-8:]
    # CIPS_STORE_PATH empty: each process keeps scratch and cache in its own instance folder.
    cluster = make_cluster(tmp_path, CIPS_STORE_PATH="", CIPS_STORE_CACHE_BYTES=str(256 * 1024**2),
                           **s3_server.env(prefix))
    try:
        web1 = cluster.start_web("web1", "--no-worker")
        web2 = cluster.start_web("web2", "--no-worker")
        cluster.start_worker("worker")
        token = cluster.tokens()["scanner:Beilun Gate 1"]
        buffer = io.BytesIO()
        Image.fromarray(generate_scan(7, 1200, 400).high).save(buffer, format="PNG")
        meta = {"scan_uid": "S3-CLUSTER-1", "scanned_at": datetime.now(timezone.utc).isoformat(),
                "conveyance": {"kind": "container"}, "weight_kg": 20000, "radiation": {"alarm": False, "cps": 100}}
        response = requests.post(f"{web1.url}/api/v1/scans", headers={"Authorization": f"Bearer {token}"},
                                 data={"metadata": json.dumps(meta)},
                                 files={"single": ("scan.png", buffer.getvalue(), "image/png")}, timeout=120)
        assert response.status_code == 201, response.text
        scan_id = response.json()["id"]
        until(lambda: cluster.rows("SELECT status FROM scans WHERE id = :id", id=scan_id)[0][0] == "ready",
              180, f"the worker to process the scan\n{cluster.logs()}")

        # Only the ingesting process holds the original; the worker fetched the decoded
        # channel from the bucket; the second web process has nothing of the scan yet.
        assert list((tmp_path / "web1" / "store" / "scans" / str(scan_id) / "original").iterdir())
        assert not (tmp_path / "web2" / "store" / "scans" / str(scan_id)).exists()
        keys = [o["Key"] for o in s3_server.client().list_objects_v2(
            Bucket=BUCKET, Prefix=f"{prefix}/").get("Contents", [])]
        assert f"{prefix}/scans/{scan_id}/pyramid/manifest.json" in keys
        assert any(k.endswith("/original/single.png") for k in keys)

        tiles = {}
        for name, server in (("web2", web2), ("web1", web1)):
            session = server.login("supervisor", DEMO_PASSWORD)
            scan = session.get(f"{server.url}/api/v1/scans/{scan_id}", timeout=30).json()
            dzi = session.get(f"{server.url}{scan['links']['dzi']}" if scan["links"]["dzi"].startswith("/")
                              else scan["links"]["dzi"], timeout=30)
            assert dzi.status_code == 200, dzi.text
            files = scan["links"]["dzi"].replace(".dzi", "_files")
            files = files if files.startswith("http") else f"{server.url}{files}"
            tile = session.get(f"{files}/11/0_0.jpeg", timeout=30)
            assert tile.status_code == 200, tile.text
            assert tile.headers["Content-Type"].startswith("image/jpeg")
            tiles[name] = tile.content
        assert tiles["web2"] == tiles["web1"]
        # web2 served it from its own cache, filled from the bucket.
        cached = list((tmp_path / "web2" / "store").rglob("*.npy"))
        assert cached, "web2 should have cached the levels it served"
    finally:
        cluster.stop()
