"""docs/languages.md, the catalogues and the example shop name the same languages."""

from __future__ import annotations

import ast
import re

from django.utils.translation import to_locale

from tests.docs.helpers import ROOT, page

LOCALE = ROOT / "django_paypro" / "locale"
SHOP_SETTINGS = ROOT / "example_project" / "shop_site" / "settings.py"


def languages_in(source: str) -> list[tuple[str, str]]:
    """Return the value of the ``LANGUAGES = [...]`` assignment in Python ``source``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "LANGUAGES" for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("no LANGUAGES assignment")


def documented() -> list[tuple[str, str]]:
    blocks = re.findall(r"```python\n(.*?)```", page("languages"), re.S)
    return languages_in(next(block for block in blocks if "LANGUAGES" in block))


def test_the_example_shop_serves_the_documented_languages() -> None:
    assert languages_in(SHOP_SETTINGS.read_text(encoding="utf-8")) == documented()


def test_every_documented_language_but_english_has_a_catalogue_and_back() -> None:
    shipped = {path.name for path in LOCALE.iterdir() if (path / "LC_MESSAGES").is_dir()}
    assert {to_locale(code) for code, _name in documented() if code != "en"} == shipped
