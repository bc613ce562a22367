from __future__ import annotations

import logging

import click

from app.config import ConfigError
from app.errors import ApiError


def _app():
    from app import create_app

    return create_app()


class AppGroup(click.Group):
    """Turns service errors and unusable settings into one clear line and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ApiError as exc:
            raise click.ClickException(exc.message) from None
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=AppGroup, help="CIPS: Centralized Image Processing System for customs NII scanners.")
@click.option("-v", "--verbose", is_flag=True, help="Log more.")
def cli(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(levelname)s %(name)s: %(message)s")


@cli.group(cls=AppGroup, help="Database schema (Alembic migrations).")
def db() -> None:
    pass


@db.command("upgrade", help="Migrate the database to REVISION (default: the newest).")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    from app import migrate

    migrate.upgrade(_app().config["SQLALCHEMY_DATABASE_URI"], revision)
    click.echo(f"database at {revision}")


@db.command("downgrade", help="Migrate the database back to REVISION ('base' empties it).")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    from app import migrate

    migrate.downgrade(_app().config["SQLALCHEMY_DATABASE_URI"], revision)
    click.echo(f"database at {revision}")


@cli.group(cls=AppGroup, help="People.")
def user() -> None:
    pass


@user.command("add", help="Add a person. Roles: analyst, expert, site_officer, trainee, instructor, supervisor, admin, "
              "integration.")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, help="Repeat for several roles.")
@click.option("--name", "display_name", help="Full name shown in the interface.")
@click.option("--site", help="Code of the site the person belongs to.")
@click.option("--centre", help="Code of the image interpretation centre.")
@click.option("--hq", help="Code of the headquarters.")
@click.password_option(help="Prompted for if not given.")
def user_add(username, roles, display_name, site, centre, hq, password) -> None:
    from app.blueprints.auth.services import check_password_policy, create_user, find_affiliation

    with _app().app_context():
        check_password_policy(password, username)
        org = find_affiliation(site=site, centre=centre, hq=hq)
        created = create_user(username, password, roles, display_name, org)
        click.echo(f"user {created.username} added with roles {', '.join(sorted(created.roles))}")


@cli.group(cls=AppGroup, help="Scanners and their tokens.")
def scanner() -> None:
    pass


@scanner.command("add", help="Register a scanner; prints its bearer token once, alone on the last line.")
@click.option("--site", required=True, help="Code of the site the scanner stands at.")
@click.option("--name", required=True)
@click.option("--vendor", help="Key of the format plug-in for its files (sniffed if absent).")
@click.option("--kind", default="fixed", show_default=True)
@click.option("--source", default="linac", show_default=True)
@click.option("--energy-high-kev", type=int)
@click.option("--energy-low-kev", type=int)
def scanner_add(site, name, vendor, kind, source, energy_high_kev, energy_low_kev) -> None:
    from app.blueprints.equipment.services import create_scanner

    with _app().app_context():
        sc, token = create_scanner(
            site_code=site, name=name, vendor=vendor, kind=kind, source=source,
            energy_high_kev=energy_high_kev, energy_low_kev=energy_low_kev,
        )
        click.echo(f"scanner {sc.name} (id {sc.id}) added at site {site}; its token, shown only now:")
        click.echo(token)


@scanner.command("wedge", help="Write a synthetic step-wedge scan (two-page TIFF) and its description (JSON) "
                 "into OUT_DIR, as a scanner of MODEL would take it.")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--model", default="linac-6/4", show_default=True, help="Scanner type, e.g. linac-6/4, tube-160/80.")
@click.option("--seed", default=0, show_default=True)
def scanner_wedge(out_dir, model, seed) -> None:
    import json
    from pathlib import Path

    from app.synthetic_wedge import generate_wedge
    from app.vendors.writers import write_tiff

    try:
        high, low, wedge = generate_wedge(model, seed)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    write_tiff(folder / "wedge.tif", high, low)
    (folder / "wedge.json").write_text(json.dumps(wedge.to_dict(), indent=1))
    click.echo(f"{folder / 'wedge.tif'} and {folder / 'wedge.json'}: {len(wedge.steps)} steps")


@scanner.command("calibrate", help="Fit a scanner's material calibration to its step-wedge scan: FILES in any "
                 "vendor format (roles from names, or a two-page TIFF), WEDGE_JSON describing the steps.")
@click.argument("scanner_id", type=int)
@click.argument("wedge_json", type=click.Path(exists=True, dir_okay=False))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", help="Scanner type (default: from the description or the scanner's energies).")
@click.option("--format", "fmt", help="Vendor plug-in key (sniffed if absent).")
def scanner_calibrate(scanner_id, wedge_json, files, model, fmt) -> None:
    from pathlib import Path

    from app.blueprints.calibration.services import calibrate_scanner, describe, parse_wedge

    with _app().app_context():
        paths = [Path(f) for f in files]
        roles = [("sidecar" if p.suffix == ".json" else None, p) for p in paths]
        scanner = calibrate_scanner(scanner_id, roles, parse_wedge(Path(wedge_json).read_bytes()), model, fmt)
        report = describe(scanner)["report"]
    rms = report["rms"] or {}
    click.echo(f"scanner {scanner_id} calibrated as {report['label']}: noise {report['noise']:.4f}, "
               f"block {report['block']} px, misfit high {rms.get('high', 0):.4f} low {rms.get('low', 0):.4f}")
    for m in report["materials"]:
        gaps = ", ".join(f"{a:g}-{b:g}" for a, b in m["undetermined"]) or "none"
        click.echo(f"  {m['material']:<13} Z_eff {m['z_eff']:>5} {m['class']:<9} undetermined at {gaps} g/cm2")


@cli.group(cls=AppGroup, help="API tokens for integration clients (the customs operation system).")
def token() -> None:
    pass


@token.command("add", help="Issue a token for a user with the integration role; printed once, on the last line.")
@click.option("--user", "username", required=True)
@click.option("--name", required=True, help="What the token is for, e.g. 'COS production'.")
def token_add(username, name) -> None:
    import sqlalchemy as sa

    from app.blueprints.auth.services import issue_token
    from app.extensions import db as database
    from app.models import User

    with _app().app_context():
        owner = database.session.scalar(sa.select(User).where(User.username == username))
        if owner is None:
            raise click.ClickException(f"no user {username!r}")
        raw = issue_token(name, user=owner)
        click.echo(f"token {name!r} issued for {username}; shown only now:")
        click.echo(raw)


@cli.group(cls=AppGroup, help="Certificates of image analysis (the academy issues them on passed exams).")
def certificate() -> None:
    pass


@certificate.command("grant", help="Record a certificate held before CIPS (no exam behind it); prints its code.")
@click.argument("username")
@click.option("--grade", type=click.Choice(["junior", "intermediate", "senior"]), required=True)
@click.option("--kinds", default="", help="Scanner kinds it covers, comma-separated (default: all).")
@click.option("--days", type=click.IntRange(1, 3650), default=730, show_default=True, help="Valid for this long.")
def certificate_grant(username, grade, kinds, days) -> None:
    import sqlalchemy as sa

    from app.blueprints.training.certificates import grant
    from app.extensions import db as database
    from app.models import User
    from app.models.org import SCANNER_KINDS

    with _app().app_context():
        holder = database.session.scalar(sa.select(User).where(User.username == username))
        if holder is None:
            raise click.ClickException(f"no user {username!r}")
        wanted = [k.strip() for k in kinds.split(",") if k.strip()] or list(SCANNER_KINDS)
        try:
            cert = grant(holder, grade, wanted, days)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"{grade} certificate for {username} ({', '.join(wanted)}) until {cert.expires_at:%Y-%m-%d}; code:")
        click.echo(cert.code)


@cli.group(cls=AppGroup, help="The audit trail.")
def audit() -> None:
    pass


@audit.command("verify", help="Walk the hash chain; report the first row modified, deleted or inserted (exit 1).")
def audit_verify() -> None:
    from app.audit.trail import verify

    with _app().app_context():
        checked, problem = verify()
    if problem is None:
        click.echo(f"audit trail intact: {checked} rows checked")
        return
    click.echo(f"audit trail BROKEN after {checked} rows: {problem.kind} at row {problem.event_id}: {problem.message}")
    raise SystemExit(1)


@audit.command("checkpoint", help="Sign the head of the chain now (the server does it every AUDIT_CHECKPOINT_SECONDS).")
def audit_checkpoint() -> None:
    from app.audit.trail import checkpoint

    with _app().app_context():
        cp = checkpoint()
        click.echo("nothing new since the last checkpoint" if cp is None else
                   f"checkpoint at row {cp.last_id}: {cp.last_hash} signed {cp.signature}")


@cli.group(cls=AppGroup, help="The published contract, generated from the code.")
def contract() -> None:
    pass


@contract.command("write", help="Write the realtime events' JSON Schema (events.schema.json) and the HTTP API's "
                                "OpenAPI document (openapi.json) to FOLDER (default docs/; the frontend's event and "
                                "API types are generated from them).")
@click.argument("folder", default="docs", type=click.Path(file_okay=False))
def contract_write(folder: str) -> None:
    import json
    import os
    import tempfile
    from pathlib import Path

    from app import channels, openapi

    app = _app()
    with app.app_context():
        documents = {"events.schema.json": channels.schema(), "openapi.json": openapi.spec(app)}
    for name, document in documents.items():
        target = Path(folder) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=target.parent, prefix=f".{name}.")
        with os.fdopen(fd, "w") as fh:
            fh.write(json.dumps(document, indent=2) + "\n")
        os.chmod(scratch, 0o644)  # mkstemp's 0600 would hide a published document from other readers
        os.replace(scratch, target)
        click.echo(f"wrote {target}")


@cli.group(cls=AppGroup, help="Resumable uploads.")
def uploads() -> None:
    pass


@uploads.command("cleanup", help="Delete uploads that expired unfinished (the server also does this every 10 minutes).")
def uploads_cleanup() -> None:
    from app.blueprints.ingest.uploads import cleanup_expired

    with _app().app_context():
        click.echo(f"removed {cleanup_expired()} expired uploads")


@cli.command(help="Seed demo data (idempotent) and print the demo logins.")
@click.option("--password", envvar="CIPS_DEMO_PASSWORD", default="cips-demo", show_default=True,
              help="Password of every demo account.")
@click.option("--scans/--no-scans", default=True, show_default=True, help="Also send synthetic scans from every scanner.")
def demo(password: str, scans: bool) -> None:
    from app.demo import seed_demo

    with _app().app_context():
        report = seed_demo(password, with_scans=scans)
    click.echo(report)


@cli.command(help="Virtual scanners: synthetic scans in each scanner's format, delivered by real site agents.")
@click.option("--server", default="http://127.0.0.1:5000", show_default=True, help="The centre to deliver to.")
@click.option("--tokens", "tokens_file", type=click.Path(dir_okay=False),
              help="JSON of scanner tokens (default: the demo's, in the instance folder).")
@click.option("--scanners", default=9, show_default=True, help="How many scanners to simulate.")
@click.option("--per-minute", default=2.0, show_default=True, help="Scans per minute per scanner (on average).")
@click.option("--size", default="4000x1000", show_default=True, help="WIDTHxHEIGHT of each scan.")
@click.option("--duration", default=0.0, help="Seconds to run; 0 runs until Ctrl+C.")
def simulate(server, tokens_file, scanners, per_minute, size, duration) -> None:
    import json
    from pathlib import Path

    from app.simulate import run

    app = _app()
    path = Path(tokens_file) if tokens_file else Path(app.instance_path) / "demo_tokens.json"
    if not path.exists():
        raise click.ClickException(f"{path} not found: run `cips demo` first or pass --tokens")
    try:
        width, height = (int(v) for v in size.lower().split("x"))
    except ValueError:
        raise click.ClickException("--size is WIDTHxHEIGHT, e.g. 4000x1000") from None
    written = run(server.rstrip("/"), json.loads(path.read_text()), Path(app.instance_path) / "simulate",
                  scanners, per_minute, width, height, duration)
    click.echo(f"{written} simulated scans written")


@cli.command(help="Serve CIPS (gevent, WebSocket included); runs a job consumer too unless --no-worker.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--worker/--no-worker", default=None,
              help="Run queued jobs in this process too (default: CIPS_EMBEDDED_WORKER, true).")
def serve(host: str, port: int, worker: bool | None) -> None:
    from app.cli.serve import serve as run

    app = _app()
    if worker is not None:
        app.config["EMBEDDED_WORKER"] = worker
    _refuse_misconfiguration(app)
    run(app, host, port)


@cli.command(help="Run queued jobs (decoding, pyramids, deliveries, chores) in N processes.")
@click.option("--processes", "-n", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes; each runs one job at a time.")
def worker(processes: int) -> None:
    from app import create_app
    from app.cli.worker import run

    # Not a web server: no event loop to share, jobs run in this thread (CPU in-line).
    app = create_app({"ASYNC_MODE": "threading"})
    _refuse_misconfiguration(app)
    if not app.config.get("REDIS_URL"):
        raise click.ClickException("cips worker needs CIPS_REDIS_URL (events, presence and the queue cross "
                                   "processes through Redis); on one box `cips serve` runs the jobs itself")
    run(app, processes)


def _refuse_misconfiguration(app) -> None:
    from app.config import multi_process_problem

    problem = multi_process_problem(app.config)
    if problem:
        raise click.ClickException(problem)


@cli.group(cls=AppGroup, help="The image store (docs/storage.md).")
def storage() -> None:
    pass


def _size(n: float | None) -> str:
    if n is None:
        return "-"
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if abs(n) < 1000 or unit == "PB":
            return f"{n:,.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1000
    return str(n)


@storage.command("report", help="Bytes by site, scanner, kind of object and month; growth per day; days until "
                                "full (CIPS_STORE_CAPACITY_BYTES); with --scanners etc. the storage a plan needs.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (the API's fields).")
@click.option("--days", default=30, show_default=True, help="Growth measured over the last DAYS days.")
@click.option("--scanners", type=int, help="Plan: number of scanners.")
@click.option("--scans-per-day", type=float, help="Plan: scans per scanner and day.")
@click.option("--bytes-per-scan", type=int, help="Plan: bytes per scan (default: measured here).")
@click.option("--retention-days", type=int, help="Plan: days scans are kept.")
def storage_report(as_json, days, scanners, scans_per_day, bytes_per_scan, retention_days) -> None:
    import json

    from app.blueprints.storage import report

    with _app().app_context():
        body = report.report(days=days)
        if scanners is not None:
            body["plan"] = report.plan(scanners, scans_per_day or 0, bytes_per_scan or body["bytes_per_scan"],
                                       retention_days or 0)
    if as_json:
        click.echo(json.dumps(body, indent=2))
        return
    click.echo(f"store {body['store']} ({body['kind']}): {_size(body['total_bytes'])} in {body['objects']} objects, "
               f"{body['scans']} scans, {_size(body['bytes_per_scan'])} per scan")
    for axis in ("by_site", "by_scanner", "by_kind", "by_month"):
        click.echo(f"{axis.replace('_', ' ')}:")
        for key, value in body[axis].items():
            click.echo(f"  {key:<40} {_size(value):>12}")
    click.echo(f"growth: {_size(body['growth_bytes_per_day'])} per day (last {body['growth_days']} days)")
    click.echo(f"capacity: {_size(body['capacity_bytes'])}; days until full: {body['days_until_full'] or '-'}")
    if "plan" in body:
        p = body["plan"]
        click.echo(f"plan: {p['scanners']} scanners x {p['scans_per_day']} scans/day x {_size(p['bytes_per_scan'])} "
                   f"x {p['retention_days']} days = {_size(p['bytes_needed'])} ({_size(p['bytes_per_day'])} per day)")


@storage.command("check", help="Verify every recorded object against the store: present, same size, same SHA-256 "
                               "read back. Exit status 1 when something is missing or corrupt.")
@click.option("--scan", "scan_id", type=int, help="Only this scan's objects.")
@click.option("--quick", is_flag=True, help="Sizes only, no read-back.")
@click.option("--json", "as_json", is_flag=True)
def storage_check(scan_id, quick, as_json) -> None:
    import json

    from app.blueprints.storage import check

    with _app().app_context():
        body = check.check(scan_id=scan_id, quick=quick)
    if as_json:
        click.echo(json.dumps(body, indent=2))
    else:
        click.echo(f"checked {body['checked']} objects in {body['store']} ({_size(body['bytes_read'])} read back)")
        for entry in body["missing"]:
            click.echo(f"MISSING {entry['key']} (scan {entry['scan_id']}, {entry['kind']})")
        for entry in body["corrupt"]:
            click.echo(f"CORRUPT {entry['key']} (scan {entry['scan_id']}, {entry['kind']}): {entry['problem']}")
        click.echo("ok" if body["ok"] else f"{len(body['missing'])} missing, {len(body['corrupt'])} corrupt")
    if not body["ok"]:
        raise SystemExit(1)


@storage.command("retention", help="Apply the retention rules now (the server does it daily).")
def storage_retention() -> None:
    from app.blueprints.storage import retention

    with _app().app_context():
        result = retention.apply()
    click.echo(f"purged {len(result['purged'])} scans, dropped {len(result['pyramids_dropped'])} pyramids, "
               f"freed {_size(result['bytes_freed'])}; kept: {result['kept']}")


@storage.command("housekeeping", help="Remove orphaned objects (older than CIPS_ORPHAN_MIN_AGE_SECONDS) and scratch "
                                      "folders a crash left (the server does it every CIPS_HOUSEKEEPING_SECONDS).")
def storage_housekeeping() -> None:
    from app.blueprints.ingest.processing import remove_old_scratch
    from app.blueprints.storage import check

    with _app().app_context():
        from flask import current_app

        orphans = check.remove_orphans(current_app.config["ORPHAN_MIN_AGE_SECONDS"])
        scratch = remove_old_scratch()
    click.echo(f"removed {orphans} orphaned objects and {scratch} scratch folders")


@storage.command("adopt", help="Record the objects of scans stored before this version (local folder), so that "
                               "check, report and retention see them.")
def storage_adopt() -> None:
    from app.blueprints.storage import check

    with _app().app_context():
        result = check.adopt()
    click.echo(f"recorded {result['objects']} objects of {result['scans']} scans")
