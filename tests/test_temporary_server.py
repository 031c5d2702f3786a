"""The temporary Prefect server a run starts: it must come up under a PREFECT_HOME whose parents do not exist yet,
and a server that dies must be reported in one line naming its error."""

from __future__ import annotations

import os
import subprocess
import sys

from flows.server import TemporaryServer


def test_server_starts_under_a_prefect_home_whose_parents_do_not_exist(tmp_path, monkeypatch):
    # The server's SQLite database lives under PREFECT_HOME: the folder must exist, parents and all, before the
    # server opens it (it died with "unable to open database file").  Waiting for the health check as well would
    # cost a full database migration (about 20 s); the folder and a live process at start are what the fix gives.
    home = tmp_path / "not" / "made" / "yet" / ".prefect"
    monkeypatch.setenv("PREFECT_HOME", str(home))
    # start() points PREFECT_API_URL at the new server; monkeypatch restores the session's value afterwards.
    monkeypatch.setenv("PREFECT_API_URL", os.environ.get("PREFECT_API_URL", ""))
    server = TemporaryServer().start()
    try:
        assert home.is_dir()
        assert server.log_path is not None and server.log_path.parent == home
        assert server.process is not None and server.process.poll() is None
    finally:
        server.stop()


def test_a_server_that_dies_is_reported_with_its_last_error_line(tmp_path):
    log = tmp_path / "temporary-server.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; print('Traceback ...', file=sys.stderr); "
                "print('OperationalError: unable to open database file', file=sys.stderr); sys.exit(3)",
            ],
            stderr=stderr,
        )
    process.wait()
    server = TemporaryServer(process=process, log_path=log)
    try:
        server.wait_ready(timeout=5)
    except RuntimeError as error:
        message = str(error)
    else:
        raise AssertionError("a dead server was taken as ready")
    assert "exit code 3" in message
    assert "OperationalError: unable to open database file" in message
    assert "\n" not in message
