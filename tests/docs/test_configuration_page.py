"""The configuration page documents every setting and check, and nothing that does not exist."""

from __future__ import annotations

import ast
import re

import pytest

from django_paypro.conf import DEFAULTS
from tests.docs.helpers import ROOT, directives, option, page

REQUIRED = {"MERCHANT_NO", "APP_SECRET", "NOTIFY_URL"}
SOURCE = ROOT / "django_paypro"


def documented_settings() -> dict[str, str]:
    return directives(page("configuration"), "confval")


def read_settings() -> set[str]:
    """Return every PAYPRO key the code reads through paypro_setting/country_setting."""
    keys: set[str] = set()
    pattern = re.compile(
        r"(?:paypro_setting\(\s*|country_setting\(\s*[^,()]+,\s*)[\"']([A-Z][A-Z0-9_]*)[\"']"
    )
    for path in SOURCE.rglob("*.py"):
        keys.update(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_setting_is_documented() -> None:
    missing = (set(DEFAULTS) | REQUIRED) - set(documented_settings())
    assert not missing, f"PAYPRO keys missing from docs/configuration.md: {sorted(missing)}"


def test_every_documented_setting_exists() -> None:
    """A documented setting that nothing reads is a lie to the merchant."""
    unknown = set(documented_settings()) - set(DEFAULTS) - REQUIRED
    assert not unknown, f"documented but not in django_paypro.conf.DEFAULTS: {sorted(unknown)}"


def test_every_setting_the_code_reads_is_documented() -> None:
    undocumented = read_settings() - set(documented_settings())
    assert not undocumented, (
        f"read by django_paypro but not documented (and so missing from DEFAULTS?): "
        f"{sorted(undocumented)}"
    )


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_documented_default_is_the_real_one(key: str) -> None:
    body = documented_settings()[key]
    shown = option(body, "default")
    assert shown is not None, f"{key} has no :default:"
    assert shown.startswith("'") and shown.endswith("'"), f"{key}: quote the default as '...'"
    assert ast.literal_eval(shown[1:-1]) == DEFAULTS[key], f"{key}: documented default {shown}"


@pytest.mark.parametrize("key", sorted(REQUIRED))
def test_required_settings_say_so(key: str) -> None:
    assert option(documented_settings()[key], "default") == "none: required"


@pytest.mark.parametrize("key", sorted(set(DEFAULTS) | REQUIRED))
def test_every_setting_is_explained_in_words(key: str) -> None:
    body = documented_settings()[key]
    words = " ".join(line for line in body.splitlines() if not line.startswith(":"))
    assert len(words.split()) >= 10, f"{key}: explain what it does"


def check_ids_in_code() -> set[str]:
    """Return every system check id django_paypro can emit, read from its source."""
    ids: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        ids.update(re.findall(r"[\"'](paypro(?:_\w+)?\.[CEWI]\d{3})[\"']", text))
        # id=f"paypro.{check_id}" with the ids listed in a tuple beside their keys
        if re.search(r"id=f[\"']paypro\.\{", text):
            ids.update(f"paypro.{i}" for i in re.findall(r"[\"']([CEWI]\d{3})[\"']", text))
    return ids


def test_check_ids_are_found_in_the_code() -> None:
    assert {"paypro.E000", "paypro.E002", "paypro.W001"} <= check_ids_in_code()


def test_every_check_is_documented_with_its_fix() -> None:
    documented = directives(page("configuration"), "check")
    missing = check_ids_in_code() - set(documented)
    assert not missing, f"system checks missing from docs/configuration.md: {sorted(missing)}"
    for check_id, body in documented.items():
        assert len(body.split()) >= 8, f"{check_id}: say what is wrong and how to fix it"


def test_every_documented_check_exists() -> None:
    unknown = set(directives(page("configuration"), "check")) - check_ids_in_code()
    assert not unknown, f"documented checks that the code never emits: {sorted(unknown)}"
