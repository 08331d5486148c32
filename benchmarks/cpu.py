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


def _side(command: bytes, server_port: int, database: str) -> str | None:
    """Return which side a process is on, if it is ours at all.

    PostgreSQL and the machine may be shared (other test runs, other benchmarks): only the
    gunicorn bound to ``server_port`` and the PostgreSQL backends connected to ``database``
    count. PostgreSQL's background processes (WAL writer, checkpointer) serve every database
    and are left out, so the database side is slightly undercounted for every endpoint alike.
    """
    if b"gunicorn" in command and f"127.0.0.1:{server_port}".encode() in command:
        return "server"
    if command.startswith(b"postgres: ") and f" {database} ".encode() in command:
        return "database"
    return None


Reading = dict[tuple[str, int], float]


def server_cpu(server_port: int, database: str) -> Reading:
    """Return the CPU seconds used so far by each of our gunicorn and PostgreSQL processes.

    Keys are ``(side, pid)``, side ``"server"`` or ``"database"``; :func:`spent` subtracts two
    readings.
    """
    reading: Reading = {}
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        side = _side(command.replace(b"\0", b" "), server_port, database)
        if side is None:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        reading[(side, int(entry.name))] = (int(fields[11]) + int(fields[12])) / _TICKS
    return reading


def spent(before: Reading, after: Reading) -> dict[str, float]:
    """Return the CPU seconds spent between two readings, by side.

    A process that ended in between (a gunicorn worker restarted after a timeout, say) takes
    its time with it and is left out, rather than subtracted; a new one counts from zero.
    """
    totals = {"server": 0.0, "database": 0.0}
    for (side, pid), seconds in after.items():
        totals[side] += seconds - before.get((side, pid), 0.0)
    return totals
