# shellcheck shell=bash
# Make .venv and install the project into it; sourced by scripts/test.sh, scripts/shop.sh and
# .ci/run from the repository root. Everything here is idempotent: a second run only checks.

PAYPRO_VENV="${PAYPRO_VENV:-.venv}"
PAYPRO_STAMP="$PAYPRO_VENV/.paypro-install-stamp"

paypro_python_ok() {
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1
}

# Print the first interpreter that is Python >= 3.10: $PYTHON if set, else python3, else a
# versioned python3.X (an old distribution python3 often sits beside a newer one).
paypro_find_python() {
    if [ -n "${PYTHON:-}" ]; then
        if paypro_python_ok "$PYTHON"; then
            echo "$PYTHON"
            return 0
        fi
        echo "error: PYTHON=$PYTHON is not a working Python >= 3.10" >&2
        return 1
    fi
    local candidate
    for candidate in python3 python3.13 python3.12 python3.11 python3.10; do
        if command -v "$candidate" >/dev/null 2>&1 && paypro_python_ok "$candidate"; then
            if [ "$candidate" != python3 ] && command -v python3 >/dev/null 2>&1; then
                echo "note: python3 is $(python3 -c 'import platform; print(platform.python_version())' 2>/dev/null || echo unusable);" \
                    "django-paypro needs >= 3.10, so using $candidate" >&2
            fi
            echo "$candidate"
            return 0
        fi
    done
    echo "error: no Python >= 3.10 found (tried python3, python3.13 ... python3.10)." >&2
    echo "       Install one, or point PYTHON=/path/to/python3.x at it." >&2
    return 1
}

paypro_ensure_venv() {
    if [ -x "$PAYPRO_VENV/bin/python" ] && paypro_python_ok "$PAYPRO_VENV/bin/python"; then
        return 0
    fi
    if [ -e "$PAYPRO_VENV" ]; then
        echo "$PAYPRO_VENV exists but has no working Python >= 3.10: recreating it" >&2
        rm -rf "$PAYPRO_VENV"
    fi
    local python
    python=$(paypro_find_python) || return 1
    echo "Creating $PAYPRO_VENV with $python ($("$python" -c 'import platform; print(platform.python_version())'))"
    if ! "$python" -m venv "$PAYPRO_VENV"; then
        echo "error: '$python -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
        rm -rf "$PAYPRO_VENV"
        return 1
    fi
}

paypro_setup_hash() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum setup.cfg | cut -d' ' -f1
    else
        shasum -a 256 setup.cfg | cut -d' ' -f1
    fi
}

# paypro_ensure_installed [EXTRAS]: pip install -e ".[EXTRAS]" unless the stamp says that this
# setup.cfg was already installed with those extras (or a superset of them).
paypro_ensure_installed() {
    local extras="${1:-}" hash line have wanted missing spec log
    hash=$(paypro_setup_hash)
    if [ -f "$PAYPRO_STAMP" ]; then
        while read -r line; do
            [ "${line%% *}" = "$hash" ] || continue
            have=",${line#* },"
            missing=
            for wanted in ${extras//,/ }; do
                case "$have" in *",$wanted,"*) ;; *) missing=1 ;; esac
            done
            [ -z "$missing" ] && return 0
        done <"$PAYPRO_STAMP"
    fi
    spec=.
    [ -n "$extras" ] && spec=".[$extras]"
    echo "Installing django-paypro (editable${extras:+, extras: $extras}) into $PAYPRO_VENV ..."
    log=$(mktemp)
    if ! "$PAYPRO_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "error: pip install -e \"$spec\" failed (output above)" >&2
        return 1
    fi
    rm -f "$log"
    # Keep only lines for the current setup.cfg: older ones can never match again.
    if [ -f "$PAYPRO_STAMP" ]; then
        grep "^$hash " "$PAYPRO_STAMP" >"$PAYPRO_STAMP.new" || true
        mv "$PAYPRO_STAMP.new" "$PAYPRO_STAMP"
    fi
    echo "$hash $extras" >>"$PAYPRO_STAMP"
}
