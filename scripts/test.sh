#!/usr/bin/env bash
# Run the test suite on SQLite, setting up .venv first if needed (no root required):
#     bash scripts/test.sh [pytest arguments...]
# PAYPRO_TEST_DB=postgres runs the same suite on PostgreSQL at 127.0.0.1:5432 (database "test").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

paypro_ensure_venv
paypro_ensure_installed test

if [ ! -x /usr/bin/chromium ]; then
    echo "note: /usr/bin/chromium is missing, so browser tests will be skipped" \
        "(Debian: apt-get install chromium chromium-driver)"
fi

set +e
"$PAYPRO_VENV/bin/python" -m pytest "$@"
status=$?
set -e

if [ "$status" -eq 5 ]; then
    # pytest's "no tests collected": a run that tested nothing proves nothing, so it fails.
    echo "error: pytest collected no tests (exit code 5); treating that as a failure" >&2
    exit 1
fi
exit "$status"
