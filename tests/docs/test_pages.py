"""The pages exist, are all reachable, and their samples and doctests run."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from django_paypro.countries import PROFILES
from tests.docs.helpers import DOCS, ROOT, directives, load_extension, option, page

PAGES = sorted(path.stem for path in DOCS.glob("*.md") if path.stem != "README")
REQUIRED_PAGES = {
    "quickstart",
    "configuration",
    "payments",
    "signals",
    "notifications",
    "countries",
    "sandbox",
    "admin",
    "templatetags",
    "api",
    "testing",
    "security",
    "performance",
    "changelog",
}


def test_every_required_page_exists() -> None:
    assert set(PAGES) >= REQUIRED_PAGES


def test_every_page_is_in_the_table_of_contents() -> None:
    listed = set()
    for body in re.findall(r"```\{toctree\}\n(.*?)```", page("index"), re.S):
        listed.update(line.strip() for line in body.splitlines() if re.fullmatch(r"[\w-]+", line))
    assert listed == set(PAGES) - {"index"}


@pytest.mark.parametrize("name", PAGES)
def test_included_files_and_markers_exist(name: str) -> None:
    for path, body in directives(page(name), "literalinclude").items():
        target = DOCS / path
        assert target.is_file(), f"{name}.md includes a missing file {path}"
        text = target.read_text(encoding="utf-8")
        for key in ("start-after", "end-before"):
            marker = option(body, key)
            if marker:
                assert marker.strip('"') in text, f"{path} lacks the marker {marker}"


def test_quickstart_mentions_the_two_minute_path() -> None:
    assert "bash scripts/shop.sh" in page("quickstart")
    assert (ROOT / "scripts" / "shop.sh").is_file()


def test_every_country_has_its_section() -> None:
    generated = load_extension().countries_markdown()
    for code, profile in PROFILES.items():
        assert f"## {profile.name} ({code})" in generated
        for section in ("Operations in", "Fields and validators in", "Way and bank codes in"):
            assert f"### {section} {code}" in generated
    assert "{include} _generated/countries.md" in page("countries")


def test_every_country_field_appears_with_its_wire_name() -> None:
    generated = load_extension().countries_markdown()
    for profile in PROFILES.values():
        section = generated.split(f"## {profile.name} ({profile.code})", 1)[1].split("\n## ")[0]
        for specs in profile.operations.values():
            for spec in specs:
                assert f"| `{spec.name}` | `{spec.wire}` |" in section
        for path in profile.paths.values():
            assert f"`{path}`" in section
        for code in (*profile.way_codes, *profile.bank_codes):
            assert f"| `{code}` |" in section


def test_benchmark_report_is_made_safe_to_include(tmp_path: Path) -> None:
    report = tmp_path / "latest.md"
    report.write_text("# Results\n\n### Deep\n\nSee [the raw data](latest.json).\n")
    text = load_extension().benchmarks_markdown(report)
    assert text.splitlines()[0] == "## Results"
    assert "### Deep" in text
    assert "the raw data (`latest.json`)" in text
    assert "No figures yet" in load_extension().benchmarks_markdown(tmp_path / "missing.md")


PYCON = re.compile(r"^```pycon\n(.*?)^```", re.M | re.S)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in PAGES if "```pycon" in page(n)])
def test_page_doctests_pass(name: str) -> None:
    """Run the ``pycon`` blocks of a page as doctests, sharing names within the page."""
    parser, runner = (
        doctest.DocTestParser(),
        doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE),
    )
    namespace: dict[str, object] = {}
    for number, block in enumerate(PYCON.findall(page(name))):
        test = parser.get_doctest(block, namespace, f"{name}.md[{number}]", f"{name}.md", 0)
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0 and results.failed == 0
