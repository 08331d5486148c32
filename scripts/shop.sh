#!/usr/bin/env bash
# Run the example shop on SQLite against the bundled PayPro sandbox, at http://127.0.0.1:8000/
#     bash scripts/shop.sh            (SHOP_ADDR=127.0.0.1:8001 bash scripts/shop.sh for another port)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh

manage=example_project/manage.py
addr="${SHOP_ADDR:-127.0.0.1:8000}"
if [ ! -f "$manage" ]; then
    echo "error: $manage not found: run this from a django-paypro checkout" >&2
    exit 1
fi

paypro_ensure_venv
paypro_ensure_installed ""
python="$PAYPRO_VENV/bin/python"

"$python" "$manage" migrate --noinput --verbosity 0
echo "Database migrated."

if "$python" "$manage" help shop_demo >/dev/null 2>&1; then
    # Creates the demo products and the admin user, and prints the login.
    "$python" "$manage" shop_demo
else
    "$python" "$manage" shell --verbosity 0 -c "
from django.contrib.auth import get_user_model
User = get_user_model()
if not User.objects.filter(username='admin').exists():
    User.objects.create_superuser('admin', 'admin@example.com', 'admin')
"
    echo "Admin login: admin / admin"
fi

echo
echo "Shop:  http://$addr/"
echo "Admin: http://$addr/admin/"
echo "Stop with Ctrl-C."
exec "$python" "$manage" runserver "$addr"
