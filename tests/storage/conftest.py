from tests.ingest.conftest import gate1, small_scan  # noqa: F401 - the scanner and scan the ingest tests use
