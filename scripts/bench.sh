#!/usr/bin/env bash
# Run every benchmark and print each figure beside its baseline (see benchmarks/README.md).
#     bash scripts/bench.sh            (extra arguments go to python -m benchmarks, e.g. --quick)
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), as the test set-up does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

paypro_ensure_venv
paypro_ensure_installed "test,bench"
exec "$PAYPRO_VENV/bin/python" -m benchmarks "$@"
