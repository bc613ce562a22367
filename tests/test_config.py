"""Configuration order: defaults, instance/config.py, CIPS_* variables, test overrides."""

from __future__ import annotations

import pytest

from app import create_app


def test_defaults_put_everything_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CIPS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("CIPS_DATABASE_URL", raising=False)
    app = create_app()
    assert app.instance_path == str(tmp_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'cips.db'}"
    assert app.config["STORE_PATH"] == str(tmp_path / "store")
    assert app.config["ASYNC_MODE"] == "gevent"
    key = (tmp_path / "secret_key").read_text().strip()
    assert app.config["SECRET_KEY"] == key and len(key) == 64
    assert create_app().config["SECRET_KEY"] == key  # generated once, then reused


def test_instance_file_then_environment_then_test_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("CIPS_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text("ASYNC_MODE = 'threading'\nMESSAGE_QUEUE = 'redis://from-file'\n")
    assert create_app().config["ASYNC_MODE"] == "threading"
    monkeypatch.setenv("CIPS_MESSAGE_QUEUE", "redis://from-env")
    monkeypatch.setenv("CIPS_DATABASE_URL", "postgresql://u@127.0.0.1/db")
    app = create_app()
    assert app.config["MESSAGE_QUEUE"] == "redis://from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1/db"
    assert create_app({"MESSAGE_QUEUE": None}).config["MESSAGE_QUEUE"] is None


def test_an_unknown_async_mode_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CIPS_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ValueError, match="ASYNC_MODE"):
        create_app({"ASYNC_MODE": "asyncio"})


def test_eventlet_without_the_package_is_a_clear_error(tmp_path, monkeypatch):
    import importlib.util

    monkeypatch.setenv("CIPS_INSTANCE_PATH", str(tmp_path))
    if importlib.util.find_spec("eventlet") is not None:
        assert create_app({"ASYNC_MODE": "eventlet"}).config["ASYNC_MODE"] == "eventlet"
        return
    with pytest.raises(ValueError, match=r"cips\[eventlet\]"):
        create_app({"ASYNC_MODE": "eventlet"})


def test_an_unknown_certificate_grade_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CIPS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CIPS_CERTIFICATE_MIN_GRADE", "master")
    with pytest.raises(ValueError, match="CIPS_CERTIFICATE_MIN_GRADE must be one of junior, intermediate, senior"):
        create_app({"ASYNC_MODE": "threading"})


@pytest.mark.parametrize("name, value", [("CIPS_ASYNC_MODE", "asyncio"), ("CIPS_STORE_URL", "ftp://x"),
                                         ("CIPS_PASSWORD_HASH_MEMORY_KIB", "4")])
def test_a_cips_command_refuses_a_bad_setting_in_one_line(tmp_path, monkeypatch, name, value):
    from click.testing import CliRunner

    from app.cli.commands import cli

    monkeypatch.setenv("CIPS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {name}") and result.output.count("\n") == 1, result.output
    assert "Traceback" not in result.output
