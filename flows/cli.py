"""The `newsevents` command line: run, validate, releases, diff, serve."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.settings import apply_environment

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsevents", description="Turn news articles into a versioned open dataset.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="build, validate and publish a release")
    run.add_argument("--input", help="folder of articles, read recursively (default: seeds/ or the config's)")
    run.add_argument("--output", help="folder for releases (default: output/ or the config's)")
    run.add_argument("--config", help="TOML config file (default: newsevents.toml if present)")
    run.add_argument("--full-refresh", action="store_true", help="ignore the per-document NLP cache")
    run.add_argument("--n-process", type=int, help="spaCy worker processes")

    validate = sub.add_parser("validate", help="re-check a downloaded release: checksums, then the expectation suites")
    validate.add_argument("path", help="release folder (containing manifest.json)")

    releases = sub.add_parser("releases", help="list the releases in an output folder")
    releases.add_argument("--output", default="output")

    diff = sub.add_parser("diff", help="rows added, removed and changed between two releases")
    diff.add_argument("v1")
    diff.add_argument("v2")
    diff.add_argument("--output", default="output")

    serve = sub.add_parser("serve", help="serve the scheduled Prefect deployment of build_release")
    serve.add_argument("--config", help="TOML config file")
    return parser


def _print_summary(summary) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if summary.rows:
        table = Table(title="Rows per table")
        table.add_column("table")
        table.add_column("rows", justify="right")
        for name, n in summary.rows.items():
            table.add_row(name, str(n))
        console.print(table)
        console.print(
            f"documents: {summary.n_documents} ({summary.n_parsed} parsed, {summary.n_from_cache} from cache); "
            f"rejects: {summary.n_rejects}; validation warnings: {summary.n_warnings}"
        )
    console.print(summary.message)
    if summary.release_path:
        console.print(f"release: {summary.release_path}")


def _run(args) -> int:
    from flows.config import ConfigError, load_config

    overrides = {"input": args.input, "output": args.output, "n_process": args.n_process}
    try:
        config = load_config(Path(args.config) if args.config else None, overrides=overrides)
    except (ConfigError, FileNotFoundError) as error:
        print(f"newsevents: config error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if not Path(config.input).is_dir():
        print(f"newsevents: input folder not found: {config.input}", file=sys.stderr)
        return EXIT_USAGE
    from flows.locking import OutputNotWritableError, PublishLockTimeout, check_output_writable

    try:
        check_output_writable(config.output)
    except OutputNotWritableError as error:
        print(f"newsevents: {error}", file=sys.stderr)
        return EXIT_USAGE

    from flows.build import ValidationGateError, build_release

    try:
        summary = build_release(
            input_dir=str(config.input),
            output_dir=str(config.output),
            config_path=args.config,
            full_refresh=args.full_refresh,
            n_process=config.n_process,
        )
    except (ValidationGateError, PublishLockTimeout) as error:
        print(f"newsevents: {error}", file=sys.stderr)
        return EXIT_FAILED
    if summary.status == "locked_out":
        print(f"newsevents: {summary.message}", file=sys.stderr)
        return EXIT_FAILED
    _print_summary(summary)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `newsevents` command."""
    apply_environment()
    args = _parser().parse_args(argv)
    if args.command == "run":
        return _run(args)
    if args.command == "validate":
        from flows.validation import validate_cli

        return validate_cli(args.path)
    if args.command == "releases":
        from flows.commands import releases_cli

        return releases_cli(Path(args.output))
    if args.command == "diff":
        from flows.commands import diff_cli

        return diff_cli(Path(args.output), args.v1, args.v2)
    if args.command == "serve":
        from flows.config import load_config
        from flows.deploy import serve

        serve(load_config(Path(args.config) if args.config else None))
        return EXIT_OK
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
