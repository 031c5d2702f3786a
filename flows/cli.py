"""The `newsevents` command line: run, validate, releases, diff, export, prune-cache, serve.

Errors reach the user once: a failing command prints one ``newsevents: ...`` message on stderr and exits
non-zero, without a traceback; ``--debug`` adds the traceback and Prefect's INFO logs. Prefect's own
console logs are kept at WARNING otherwise (the full logs still go to the Prefect API when one is set).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from flows.api import ReleaseNotFoundError
from flows.settings import apply_environment

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, the shell convention
EXPORT_FORMATS = ("csv", "jsonl")
DEFAULT_DIFF_ROWS = 5


class CliError(Exception):
    """A failure the user can act on: printed as one line, no traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def version_text() -> str:
    from flows.versioning import package_version, pipeline_version
    from transforms.schemas import SCHEMA_VERSION

    return f"newsevents {package_version()} (pipeline {pipeline_version()}, schema version {SCHEMA_VERSION})"


class _VersionAction(argparse.Action):
    """--version, computed only when asked (the pipeline version hashes the source tree)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_text())
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    # --debug is accepted before or after the command (`newsevents --debug run` or `newsevents run --debug`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks and Prefect's INFO logs",
    )
    parser = argparse.ArgumentParser(
        prog="newsevents", description="Turn news articles into a versioned open dataset.", parents=[common]
    )
    parser.add_argument("--version", action=_VersionAction, help="print the package, pipeline and schema versions")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="build, validate and publish a release", parents=[common])
    run.add_argument("--input", help="folder of articles, read recursively (default: seeds/ or the config's)")
    run.add_argument("--output", help="folder for releases (default: output/ or the config's)")
    run.add_argument("--config", help="TOML config file (default: newsevents.toml if present)")
    run.add_argument("--full-refresh", action="store_true", help="ignore the per-document NLP cache")
    run.add_argument("--n-process", type=int, help="worker processes for the per-document stages")
    run.add_argument("--dask-address", help="run the per-document stages on an existing Dask cluster (tcp://HOST:PORT)")
    run.add_argument("--dask-workers", type=int, help="start a local Dask cluster of N worker processes for this run")

    validate = sub.add_parser(
        "validate", help="re-check a downloaded release: checksums, then the expectation suites", parents=[common]
    )
    validate.add_argument("path", help="release folder (containing manifest.json)")

    releases = sub.add_parser("releases", help="list the releases in an output folder", parents=[common])
    releases.add_argument("--output", default="output")

    diff = sub.add_parser("diff", help="rows added, removed and changed between two releases", parents=[common])
    diff.add_argument("v1", help="older release: a version, 'previous' or 'latest'")
    diff.add_argument("v2", help="newer release: a version, 'previous' or 'latest'")
    diff.add_argument("--output", default="output")
    diff.add_argument("--table", help="also show example rows of this table")
    diff.add_argument(
        "--rows",
        type=int,
        default=None,
        help=f"example rows per kind (added, removed, changed) with --table (default {DEFAULT_DIFF_ROWS})",
    )

    export = sub.add_parser("export", help="write one table of a release as CSV or JSON Lines", parents=[common])
    export.add_argument("table", help="table name, e.g. events")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="csv", help="csv (lists joined by ';') or jsonl")
    export.add_argument("--release", default="latest", help="release version or folder (default: latest)")
    export.add_argument("--output", default="output", help="output folder holding releases/ (default: output)")
    export.add_argument("--to", help="file to write (default: standard output)")

    prune = sub.add_parser(
        "prune-cache",
        help="delete the cache entries the current code and config can no longer read",
        parents=[common],
    )
    prune.add_argument("--output", help="output folder holding .cache/ (default: output/ or the config's)")
    prune.add_argument("--config", help="TOML config file (default: newsevents.toml if present)")
    prune.add_argument("--dry-run", action="store_true", help="list what would be deleted, delete nothing")

    serve = sub.add_parser("serve", help="serve the scheduled Prefect deployment of build_release", parents=[common])
    serve.add_argument("--config", help="TOML config file")
    serve.add_argument(
        "--port",
        type=int,
        default=None,
        help="port of the local Prefect server started when PREFECT_API_URL is not set (default 4200)",
    )
    return parser


# --- console logging --------------------------------------------------------------------------


class _OneMessagePerFailure(logging.Filter):
    """Drops what would repeat the CLI's own error message: records carrying a traceback ("Task run
    failed with exception", "Encountered exception during execution") and Prefect's closing state
    line of each run ("Finished in state Failed('...')", logged at ERROR)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            return False
        return not (record.name.startswith("prefect.") and record.getMessage().startswith("Finished in state "))


@contextmanager
def prefect_console(debug: bool) -> Iterator[None]:
    """Prefect's console handler at WARNING and without tracebacks, unless ``debug`` (then INFO and all).

    Only the console: records still reach Prefect's API handler, so a server's UI keeps the full logs.
    The level stays for the rest of the process (Prefect logs "Stopping temporary server" at exit);
    the traceback filter is removed afterwards, so an in-process caller's later runs are unaffected.
    """
    from prefect.logging.handlers import PrefectConsoleHandler

    handlers = [h for h in logging.getLogger().handlers if isinstance(h, PrefectConsoleHandler)]
    no_tracebacks = _OneMessagePerFailure()
    for handler in handlers:
        if debug:
            handler.setLevel(logging.NOTSET)
        else:
            handler.setLevel(max(handler.level, logging.WARNING))
            handler.addFilter(no_tracebacks)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(no_tracebacks)


# --- commands ---------------------------------------------------------------------------------


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
            f"documents: {summary.n_documents} ({getattr(summary, 'n_cleaned', 0)} cleaned, "
            f"{summary.n_parsed} parsed, {summary.n_from_cache} from cache); "
            f"rejects: {summary.n_rejects}; validation warnings: {summary.n_warnings}"
        )
        if getattr(summary, "n_events_without_party", 0):
            console.print(
                f"event candidates not coded for want of an actor or recipient: {summary.n_events_without_party}"
            )
        if getattr(summary, "n_events_private_parties", 0):
            console.print(
                "event candidates not coded, every party private (a firm, a customer, a product, the reader): "
                f"{summary.n_events_private_parties}"
            )
        if getattr(summary, "n_events_apolitical_story", 0):
            console.print(
                "event candidates not coded, a story not about states, peoples or political agents and no political "
                f"party in the act: {summary.n_events_apolitical_story}"
            )
        quarantined = getattr(summary, "quarantined", None) or {}
        if quarantined:
            console.print(
                f"quarantined by the quality gate: {sum(quarantined.values())} rows ("
                + ", ".join(f"{rule}: {n}" for rule, n in quarantined.items())
                + ")",
                markup=False,
                highlight=False,
            )
    if summary.timings:
        console.print("seconds per stage: " + ", ".join(f"{k} {v:.1f}" for k, v in summary.timings.items()))
    if getattr(summary, "peak_mb", None):
        console.print("peak MB after stage: " + ", ".join(f"{k} {v}" for k, v in summary.peak_mb.items()))
    if getattr(summary, "cpu_seconds", None):
        console.print("CPU seconds per stage: " + ", ".join(f"{k} {v:.1f}" for k, v in summary.cpu_seconds.items()))
    console.print(summary.message)
    if summary.release_path:
        console.print(f"release: {summary.release_path}")


def _run(args) -> int:
    from flows import server

    # Before anything imports Prefect (whose settings are read once, at import): the temporary server boots
    # in its own process while the flow's modules import and the config is read.
    temporary = server.start_if_needed()
    from flows.config import ConfigError, load_config

    overrides = {
        "input": args.input,
        "output": args.output,
        "n_process": args.n_process,
        "runner.dask_address": args.dask_address,
        "runner.dask_workers": args.dask_workers,
    }
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

    if temporary is not None:
        # Otherwise seconds pass in silence on a small machine while the temporary server starts.
        print("Starting a temporary Prefect server (set PREFECT_API_URL to use a running one)...", flush=True)
    from flows.build import ValidationGateError, build_release

    if temporary is not None:
        temporary.wait_ready(float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")))
    with prefect_console(args.debug):
        try:
            summary = build_release(
                input_dir=str(config.input),
                output_dir=str(config.output),
                config_path=args.config,
                full_refresh=args.full_refresh,
                n_process=config.n_process,
                dask_address=config.dask_address,
                dask_workers=config.dask_workers,
            )
        except (ValidationGateError, PublishLockTimeout) as error:
            raise CliError(str(error)) from error
    if summary.status == "locked_out":
        raise CliError(summary.message)
    _print_summary(summary)
    return EXIT_OK


def _prune_cache(args) -> int:
    from flows.cache_prune import prune_cache_cli
    from flows.config import ConfigError, load_config

    try:
        config = load_config(Path(args.config) if args.config else None, overrides={"output": args.output})
    except (ConfigError, FileNotFoundError) as error:
        print(f"newsevents: config error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return prune_cache_cli(config, dry_run=args.dry_run)


def _serve(args) -> int:
    from flows.config import ConfigError, load_config
    from flows.deploy import DEFAULT_SERVER_PORT, serve

    try:
        config = load_config(Path(args.config) if args.config else None)
    except (ConfigError, FileNotFoundError) as error:
        print(f"newsevents: config error: {error}", file=sys.stderr)
        return EXIT_USAGE
    serve(config, port=args.port or DEFAULT_SERVER_PORT)
    return EXIT_OK


def _dispatch(args) -> int:
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

        if args.rows is not None and args.table is None:
            raise CliError("--rows needs --table (e.g. --table events --rows 5)", EXIT_USAGE)
        return diff_cli(
            Path(args.output),
            args.v1,
            args.v2,
            table=args.table,
            example_rows=DEFAULT_DIFF_ROWS if args.rows is None else args.rows,
        )
    if args.command == "export":
        from flows.commands import export_cli

        return export_cli(
            Path(args.output), args.table, fmt=args.format, release=args.release, to=Path(args.to) if args.to else None
        )
    if args.command == "prune-cache":
        return _prune_cache(args)
    if args.command == "serve":
        return _serve(args)
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands


def _describe(error: BaseException) -> str:
    """The one line a user reads: the message alone for errors that explain themselves."""
    text = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    text = text.strip()
    if isinstance(error, (CliError, OSError, LookupError, ValueError)) and text:
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `newsevents` command."""
    apply_environment()
    args = _parser().parse_args(argv)
    args.debug = getattr(args, "debug", False)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("newsevents: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`newsevents export events | head`): not an error. Point stdout at
        # /dev/null so Python's own flush at exit does not complain a second time.
        # (ValueError/OSError: a stdout without a file descriptor, as in-process callers may have.)
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        if args.debug:
            traceback.print_exc()
        print(f"newsevents: {_describe(error)}", file=sys.stderr)
        if not args.debug and not isinstance(error, (CliError, ReleaseNotFoundError)):
            print("(run again with --debug for the traceback)", file=sys.stderr)
        return error.exit_code if isinstance(error, CliError) else EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
