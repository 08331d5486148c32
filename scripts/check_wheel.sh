#!/usr/bin/env bash
# Prove the wheel is complete: build it (through the sdist, as PyPI users get it), check that it
# holds every file of the django_paypro source tree (templates, migrations, static, translations),
# install it into a fresh virtual environment and, from a directory outside the source tree, sign,
# migrate, run the system checks and render a shipped template.
#     bash scripts/check_wheel.sh        (PYTHON=... picks the interpreter that has `build`)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd -P)
python="${PYTHON:-$repo/.venv/bin/python}"

work=$(mktemp -d "${TMPDIR:-/tmp}/paypro-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

quietly() {  # run "$@" silently; on failure show its output and fail
    local log="$work/cmd.log"
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        echo "error: failed: $*" >&2
        return 1
    fi
}

echo "Building sdist and wheel ..."
# No --wheel: plain `build` makes the sdist and then the wheel from the unpacked sdist, so a file
# missing from the sdist is caught too, and stale files in ./build cannot leak into the wheel.
quietly "$python" -m build --outdir "$work/dist" .
wheel=$(ls "$work"/dist/*.whl)
echo "Built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"

echo "Checking the wheel holds every file of django_paypro/ ..."
"$python" - "$wheel" "$repo/django_paypro" <<'PY'
import sys
import zipfile
from pathlib import Path

wheel, package = sys.argv[1], Path(sys.argv[2])
names = set(zipfile.ZipFile(wheel).namelist())
skip_suffixes = (".pyc", ".pyo", ".mo.tmp", ".swp")
expected = sorted(
    "django_paypro/" + path.relative_to(package).as_posix()
    for path in package.rglob("*")
    if path.is_file()
    and "__pycache__" not in path.parts
    and not any(part.startswith(".") for part in path.relative_to(package).parts)
    and not path.name.endswith(skip_suffixes)
)
missing = [name for name in expected if name not in names]
problems = [f"missing from the wheel: {name}" for name in missing]
first_migration = "django_paypro/migrations/0001_initial.py"
if not (package / "migrations" / "0001_initial.py").is_file():
    problems.append(f"{first_migration} does not exist in the source tree (makemigrations)")
elif first_migration not in names:
    problems.append(f"missing from the wheel: {first_migration}")
for po in (name for name in expected if name.endswith(".po")):
    if po[:-3] + ".mo" not in names:
        problems.append(f"{po} has no compiled .mo beside it (run django-admin compilemessages)")
kinds = {
    kind: sum(1 for name in names if f"/{kind}/" in name)
    for kind in ("migrations", "templates", "static", "locale")
}
print("  " + ", ".join(f"{kind}: {count} files" for kind, count in kinds.items()))
if problems:
    print("\n".join(problems), file=sys.stderr)
    print("(package files reach the wheel through MANIFEST.in)", file=sys.stderr)
    sys.exit(1)
print(f"  all {len(expected)} source files are in the wheel")
PY

echo "Installing the wheel into a fresh virtual environment ..."
quietly "$python" -m venv "$work/venv"
quietly "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel"

# Everything below runs from here, with nothing of the source tree importable.
run="$work/run"
mkdir "$run"
cd "$run"
unset PYTHONPATH DJANGO_SETTINGS_MODULE
vpython="$work/venv/bin/python"

echo "Signing with the installed package ..."
signature=$("$vpython" -c "from django_paypro.signing import sign; print(sign({'tradeNo':'T1','amount':'300','timestamp':'1715941383720','remark':''}, 's3cr3t'))")
if [ "$signature" != a2d636ae4579982874dc105b7542d7aa ]; then
    echo "error: sign() printed '$signature', expected a2d636ae4579982874dc105b7542d7aa" >&2
    exit 1
fi
echo "  sign(...) = $signature"

location=$("$vpython" -c "import django_paypro; print(django_paypro.__file__)")
case "$location" in
    "$work/venv/"*) echo "  imported from $location" ;;
    *) echo "error: django_paypro was imported from $location, not from the fresh venv" >&2; exit 1 ;;
esac

cat >wheelcheck_settings.py <<'PY'
"""Minimal project settings for the wheel check."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "wheel-check-only"
DEBUG = True  # the PayPro sandbox base URL is expected here (paypro.W002 is for production)
ALLOWED_HOSTS = ["*"]
USE_TZ = True
USE_I18N = True
ROOT_URLCONF = "wheelcheck_urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rest_framework",
    "django_paypro",
    "django_paypro.sandbox",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
PAYPRO = {
    "MERCHANT_NO": "1234567890",
    "APP_SECRET": "wheel-check-secret",
    "COUNTRY": "MX",
    "NOTIFY_URL": "https://shop.example/paypro/notify/",
}
PY
cat >wheelcheck_urls.py <<'PY'
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("paypro/", include("django_paypro.urls")),
]
PY
export DJANGO_SETTINGS_MODULE=wheelcheck_settings PYTHONPATH="$run"

echo "Running migrate and check with the installed package ..."
quietly "$work/venv/bin/django-admin" migrate --noinput
"$work/venv/bin/django-admin" showmigrations django_paypro | sed 's/^/  /'
quietly "$work/venv/bin/django-admin" check --fail-level ERROR

echo "Rendering shipped templates and loading shipped translations ..."
"$vpython" - <<'PY'
import gettext
from pathlib import Path

import django

django.setup()

import django_paypro
from django.template import engines
from django.template.loader import get_template

package = Path(django_paypro.__file__).parent

# Every shipped template must at least parse (this loads every {% load %}ed tag library).
templates = sorted(
    path.relative_to(folder).as_posix()
    for folder in package.glob("**/templates")
    for path in folder.rglob("*")
    if path.is_file()
)
for name in templates:
    try:
        get_template(name)
    except Exception as error:
        raise SystemExit(f"error: shipped template {name} does not load: {error}") from error
print(f"  {len(templates)} shipped templates parse")

# The customer-facing tag renders the payment link, from the installed package.
from django_paypro.models import Payment

payment = Payment(
    trade_no="WHEEL1",
    country="MX",
    method="page",
    amount="300",
    currency="MXN",
    payment_url="https://pay.example/cashier/WHEEL1",
)
try:
    html = engines["django"].from_string("{% load paypro %}{% paypro_redirect payment %}").render(
        {"payment": payment}
    )
except Exception as error:
    raise SystemExit(f"error: {{% paypro_redirect %}} does not render: {error}") from error
assert "https://pay.example/cashier/WHEEL1" in html, html
print("  {% paypro_redirect %} rendered the payment link")

catalogs = sorted(package.glob("**/locale/*/LC_MESSAGES/*.mo"))
for mo in catalogs:
    with mo.open("rb") as handle:
        gettext.GNUTranslations(handle)  # raises on a corrupt catalog
print(f"  {len(catalogs)} shipped translation catalogs load")
PY

echo "Wheel check ok: $(basename "$wheel")"
