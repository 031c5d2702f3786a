"""A temporary Prefect API server for one `newsevents run`, started early and never left behind.

Without ``PREFECT_API_URL`` Prefect starts its own temporary server when the flow begins and waits for it
(about 6-20 s), and a ``kill -9`` of the run leaves that server running forever.  We start the same server
(Prefect's own ``uvicorn`` command line and environment) as the command begins, so it boots while the
rest of the program imports and reads the input, and we ask the kernel to stop it when our process dies,
however it dies (``PR_SET_PDEATHSIG``, Linux).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

_PR_SET_PDEATHSIG = 1
# Prefect's SubprocessASGIServer environment: the UI off, the server in ephemeral mode (no background services).
_SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    # Not Linux: no death signal; the atexit stop still covers normal exits.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()


@dataclass
class TemporaryServer:
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> TemporaryServer:
        """Start the server process and point this process (and its children) at it; returns at once."""
        import importlib.util

        prefect_dir = Path(importlib.util.find_spec("prefect").origin).parent
        # The server opens its SQLite database under PREFECT_HOME and exits with a traceback when that folder's
        # parent does not exist (Prefect creates only the last level); its own errors go to a log whose last
        # lines the one-line failure message quotes.
        home = prefect_home()
        home.mkdir(parents=True, exist_ok=True)
        self.log_path = home / "temporary-server.log"
        log = self.log_path.open("wb")
        # Must run in the main thread: the death signal follows the thread that created the child.
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                str(prefect_dir.parent),
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env={**os.environ, **_SERVER_ENV},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            preexec_fn=_die_with_parent,
        )
        log.close()  # the child holds its own descriptor
        os.environ["PREFECT_API_URL"] = self.api_url
        import atexit

        atexit.register(self.stop)
        return self

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Block until the API answers its health check (raises RuntimeError naming what went wrong)."""
        import httpx

        deadline = time.monotonic() + timeout
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                if self.process is None or self.process.poll() is not None:
                    code = None if self.process is None else self.process.returncode
                    raise RuntimeError(
                        f"the temporary Prefect server exited before it was ready (exit code {code}){self._last_error()}"
                    )
                try:
                    if client.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise RuntimeError(f"the temporary Prefect server did not answer within {timeout:.0f} s")

    def _last_error(self) -> str:
        """The last non-blank line of the server's log (the exception it died of), or nothing."""
        try:
            lines = [line for line in self.log_path.read_text(errors="replace").splitlines() if line.strip()]
        except (OSError, AttributeError):
            return ""
        return f": {lines[-1].strip()} (log: {self.log_path})" if lines else ""

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def configured_api_url() -> str | None:
    """PREFECT_API_URL from the environment or the active Prefect profile (read without importing Prefect)."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    import tomllib

    try:
        profiles = tomllib.loads((prefect_home() / "profiles.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active", "ephemeral")
    return (profiles.get("profiles", {}).get(active) or {}).get("PREFECT_API_URL") or None


def start_if_needed() -> TemporaryServer | None:
    """A temporary server unless the user points us at one (``PREFECT_API_URL``, env or profile), or Prefect
    is already imported in this process (its settings are read once, at import, so it would not see ours:
    it then starts its own temporary server, as without this module)."""
    if configured_api_url() or "prefect.settings" in sys.modules:
        return None
    return TemporaryServer().start()
