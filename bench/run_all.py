"""Run every benchmark in bench/ (on demand, never in the test suite); each writes bench/results/*.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent

if __name__ == "__main__":
    failures = 0
    for script in sorted(BENCH.glob("*.py")):
        if script.name == "run_all.py":
            continue
        print(f"== {script.name}", flush=True)
        failures += subprocess.run([sys.executable, str(script)]).returncode != 0
    sys.exit(1 if failures else 0)
