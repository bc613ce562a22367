"""The `cips` command.

`cips serve` runs under gevent, whose monkey-patching must happen before
anything imports the standard library's socket or threading modules, so
`main` patches first and imports the rest afterwards."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["serve"]:
        from app.cli.serve import prepare_async

        prepare_async()
    from app.cli.commands import cli

    cli.main(args=args, prog_name="cips")
