#!/usr/bin/env bash
# Build the documentation into docs/_build/html, failing on any warning (a broken internal link,
# an unknown setting or check id, a bad include...). Installs docs/requirements.txt into .venv
# when something is missing.
#     bash scripts/docs.sh              (extra arguments go to sphinx-build, e.g. -E for a clean build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

paypro_ensure_venv
paypro_ensure_installed ""
python="$PAYPRO_VENV/bin/python"

if ! "$python" - docs/requirements.txt <<'PY' >/dev/null 2>&1
import sys
from importlib.metadata import PackageNotFoundError, version

from packaging.requirements import Requirement

for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    requirement = Requirement(line)
    try:
        installed = version(requirement.name)
    except PackageNotFoundError:
        sys.exit(1)
    if not requirement.specifier.contains(installed, prereleases=True):
        sys.exit(1)
PY
then
    echo "Installing the docs requirements (docs/requirements.txt) into $PAYPRO_VENV ..."
    "$python" -m pip install --quiet --disable-pip-version-check -r docs/requirements.txt
fi

# -W: warnings are errors; --keep-going: report all of them; -n: every reference must resolve.
exec "$python" -m sphinx -W --keep-going -n -q -b html docs docs/_build/html "$@"
