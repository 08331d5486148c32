#!/usr/bin/env bash
# Run the example shop on SQLite against the bundled PayPro sandbox, at http://127.0.0.1:8000/
#     bash scripts/shop.sh            (SHOP_ADDR=127.0.0.1:8001 bash scripts/shop.sh for another port)
# Sets up .venv on the first run; the database is example_project/db.sqlite3 (delete it to start
# over). Extra arguments go to runserver, e.g. --noreload.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

addr="${SHOP_ADDR:-127.0.0.1:8000}"
# The shop tells the sandbox where to send notifications: it must be this server's address.
export SHOP_BASE_URL="${SHOP_BASE_URL:-http://$addr}"
export DJANGO_SETTINGS_MODULE=shop_site.settings

paypro_ensure_venv
paypro_ensure_installed ""
manage=("$PAYPRO_VENV/bin/python" example_project/manage.py)

"${manage[@]}" migrate --noinput --verbosity 0
echo "Database migrated."
# Adds the demo products and the superuser admin/admin if missing, and prints the login.
"${manage[@]}" shop_demo

cat <<EOF

Shop:           $SHOP_BASE_URL/
PayPro sandbox: $SHOP_BASE_URL/paypro-sandbox/
Admin:          $SHOP_BASE_URL/admin/   (login admin / admin)
Stop with Ctrl-C.

EOF
exec "${manage[@]}" runserver "$@" "$addr"
