"""`cips-agent init | run | status`."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from pathlib import Path

from cips_agent import config as config_mod
from cips_agent.journal import ACTIVE, Journal

log = logging.getLogger("cips_agent")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cips-agent", description="Deliver a scanner's scans to the CIPS centre.")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="write a configuration file")
    init.add_argument("--config", type=Path, default=Path("cips-agent.toml"))
    init.add_argument("--server-url", required=True)
    init.add_argument("--token", required=True)
    init.add_argument("--export-dir", type=Path, required=True)
    init.add_argument(
        "--data-dir", type=Path, default=Path("cips-agent-data"), help="archive/, quarantine/ and state/ go here"
    )
    init.add_argument("--format", default="png")
    init.add_argument("--force", action="store_true")
    for name in ("run", "status"):
        p = sub.add_parser(name)
        p.add_argument("--config", type=Path, default=Path("cips-agent.toml"))
    sub.choices["run"].add_argument("--log-level", default="INFO")
    sim = sub.add_parser("simulate", help="write synthetic scans into an export folder (a stand-in scanner)")
    sim.add_argument("--export-dir", type=Path, required=True)
    sim.add_argument("--count", type=int, default=10)
    sim.add_argument("--per-minute", type=float, default=60.0)
    sim.add_argument("--size", default="1024x512", help="WIDTHxHEIGHT in pixels")
    sim.add_argument("--prefix", default="SIM")
    args = parser.parse_args(argv)
    if args.command == "init":
        return _init(args)
    if args.command == "simulate":
        from cips_agent import logs, simulate

        logs.setup("INFO")
        width, height = (int(v) for v in args.size.lower().split("x"))
        return simulate.run(args.export_dir, args.count, args.per_minute, width, height, args.prefix)
    cfg = config_mod.load(args.config)
    if args.command == "run":
        return _run(cfg, args.log_level)
    return _status(cfg)


def _init(args: argparse.Namespace) -> int:
    if args.config.exists() and not args.force:
        print(f"{args.config} exists (use --force to overwrite)", file=sys.stderr)
        return 1
    data = args.data_dir.resolve()
    cfg = config_mod.Config(
        server_url=args.server_url,
        token=args.token,
        export_dir=args.export_dir.resolve(),
        archive_dir=data / "archive",
        quarantine_dir=data / "quarantine",
        state_dir=data / "state",
        format=args.format,
    )
    config_mod.write(cfg, args.config)
    args.config.chmod(0o600)  # it holds the token
    print(f"wrote {args.config}")
    return 0


def _run(cfg: config_mod.Config, level: str) -> int:
    from cips_agent import logs
    from cips_agent.agent import Agent

    logs.setup(level)
    agent = Agent(cfg)

    def _stop(signum: int, _frame: object) -> None:
        log.info("stopping", extra={"signal": signum})
        agent.stop.set()
        agent.wake.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    log.info("agent started", extra={"server": cfg.server_url, "export_dir": str(cfg.export_dir)})
    return agent.run()


def _bar(done: int, total: int, width: int = 30) -> str:
    share = done / total if total else 1.0
    filled = int(share * width)
    return "[" + "#" * filled + "-" * (width - filled) + f"] {share:6.1%}"


def _status(cfg: config_mod.Config) -> int:
    if not cfg.journal_path.exists():
        print("no journal yet: the agent has not run")
        return 0
    journal = Journal(cfg.journal_path)
    counts = journal.counts()
    print("scans: " + ", ".join(f"{s} {counts.get(s, 0)}" for s in (*ACTIVE, "archived", "quarantined")))
    now = time.time()
    for e in journal.rows(ACTIVE):
        line = f"  {e.scan_uid:30} {e.state:10}"
        if e.state == "uploading" and e.started_at:
            rate = e.sent / max(now - e.started_at, 1e-3) / 1e6
            line += f" {_bar(e.sent, e.total)} {e.sent / 1e6:.1f}/{e.total / 1e6:.1f} MB {rate:.2f} MB/s"
        if e.error:
            line += f"  (attempt {e.attempts}, retry in {max(0, e.next_try - now):.0f}s: {e.error[:80]})"
        print(line)
    last = journal.fetch("last_error")
    if last:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(last["at"]))
        print(f"last error ({when} UTC, {last['scan_uid']}): {last['error']}")
    journal.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
