"""deploy/prometheus: the config and rules are valid, the rule tests pass, names exist."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from streams.metrics import exported_names

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed (Debian: apt install prometheus)")
    return subprocess.run(
        [promtool, *args], cwd=DEPLOY, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        ("check", "config", "prometheus.yml"),
        ("check", "rules", "rules.yml"),
        ("test", "rules", "rules_test.yml"),
    ],
    ids=["config", "rules", "rule-tests"],
)
def test_promtool(args: tuple[str, ...]) -> None:
    result = _promtool(*args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_rules_use_only_metrics_the_workers_export() -> None:
    """A renamed metric must not leave a rule that never fires."""
    exported = exported_names()
    used = set(re.findall(r"\bwirefeed_\w+", (DEPLOY / "rules.yml").read_text()))
    assert used, "no wirefeed metric in the rules"
    assert used <= exported, sorted(used - exported)
