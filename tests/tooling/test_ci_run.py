""".ci/run runs every step, ends on the README test command's own output, and fails if any did.

The script runs for real in a scratch copy of the repository where the README's test command
is replaced by a one-line stand-in and the other steps' tools are missing (so they fail fast).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLOSING_LINE = "========== 7 passed, 1 skipped in 0.01s =========="


def _scratch_repo(tmp_path: Path, test_command: str) -> Path:
    """Copy .ci/run into ``tmp_path`` with a README whose test command is ``test_command``."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    (tmp_path / "scripts").mkdir()
    # Set-up is a no-op here: nothing may be installed by this test.
    (tmp_path / "scripts" / "_venv.sh").write_text(
        "PAYPRO_VENV=.venv\npaypro_ensure_venv() { :; }\npaypro_ensure_installed() { :; }\n"
    )
    readme = f"# x\n\n<!-- test-command -->\n```\n{test_command}\n```\n"
    (tmp_path / "README.md").write_text(readme)
    # A stand-in for the Django 4.2 virtual environment that fails at once, so no venv is made.
    stub = tmp_path / ".venv-django42" / "bin" / "python"
    stub.parent.mkdir(parents=True)
    stub.write_text("#!/bin/sh\nexit 3\n")
    stub.chmod(0o755)
    return tmp_path


#: The only commands the script finds: no apt-get, pg_ctlcluster or pip can run from a test.
TOOLS = ("bash", "dirname", "basename", "awk", "id", "sleep", "cat", "tail")


def _run(repo: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = repo / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    env = {**os.environ, "PATH": str(bin_dir), "PYTEST_ADDOPTS": ""}
    return subprocess.run(
        ["bash", str(repo / ".ci" / "run")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def passing_tests(tmp_path: Path) -> Path:
    return _scratch_repo(tmp_path, f"echo '{CLOSING_LINE}'")


def test_the_last_line_printed_is_the_test_commands_own(passing_tests: Path) -> None:
    result = _run(passing_tests)

    assert result.stdout.rstrip("\n").splitlines()[-1] == CLOSING_LINE


def test_the_other_steps_are_summarised_before_the_tests_and_their_failure_fails_ci(
    passing_tests: Path,
) -> None:
    result = _run(passing_tests)

    summary = result.stdout.index("=== summary of the steps above")
    assert summary < result.stdout.rindex(CLOSING_LINE)
    assert "ruff check + format --check" in result.stdout[summary:]
    assert "FAILED" in result.stdout[summary:]  # ruff, mypy... are missing in the scratch copy
    assert result.returncode != 0


def test_a_failing_test_command_fails_ci(tmp_path: Path) -> None:
    repo = _scratch_repo(tmp_path, f"echo '{CLOSING_LINE}'; exit 4")
    result = _run(repo)

    assert result.stdout.rstrip("\n").splitlines()[-1] == CLOSING_LINE
    assert result.returncode == 4


def test_every_step_runs_even_after_a_failure(passing_tests: Path) -> None:
    result = _run(passing_tests)

    for step in ("tests on PostgreSQL", "mypy django_paypro", "docs build", "benchmarks (smoke)"):
        assert f"=== {step}" in result.stdout
