"""CPU time spent on the server side of a load run: gunicorn's processes and PostgreSQL's.

Throughput on two shared cores moves by ±15 % between runs; the CPU each request costs the
server and the database moves much less, so it is reported beside the rates to show where a
difference comes from. Read from ``/proc`` (Linux); elsewhere nothing is reported.
"""

from __future__ import annotations

import os
from pathlib import Path

_PROC = Path("/proc")
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def available() -> bool:
    """Return whether per-process CPU times can be read here."""
    return (_PROC / "self" / "stat").exists()


def _side(command: bytes) -> str | None:
    if b"gunicorn" in command:
        return "server"
    if command.startswith(b"postgres"):
        return "database"
    return None


def server_cpu() -> dict[str, float]:
    """Return the CPU seconds used so far by gunicorn and PostgreSQL processes, by side.

    Processes that end between two readings take their time with them, so read around a run
    in which the servers' processes stay up (gunicorn's workers and persistent connections).
    """
    totals = {"server": 0.0, "database": 0.0}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        side = _side(command)
        if side is None:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        totals[side] += (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
    return totals
