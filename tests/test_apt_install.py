"""scripts/apt-install: the Debian packages of install-node-deps and install-test-deps, with the
package lists fetched only when an install cannot do without them (a fresh CI runner: once, not
once per script). Run against a stand-in apt-get that records its calls."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.build,  # runs the script in a process of its own
    # Not root, the script runs apt-get through sudo, whose PATH is not the stand-in's.
    pytest.mark.skipif(os.geteuid() != 0, reason="apt-install calls sudo apt-get unless root"),
]

# A stand-in apt-get: `update` fetches the lists (a file), `install` needs them and a known package.
APT_GET = """#!/usr/bin/env bash
echo "$*" >> "$APT_CALLS"
case $1 in
  update) touch "$APT_LISTS" ;;
  install)
    [[ -f $APT_LISTS ]] || { echo "E: Unable to locate package ${@: -1}" >&2; exit 100; }
    [[ ${@: -1} != gibtsnicht ]] || { echo "E: Unable to locate package gibtsnicht" >&2; exit 100; }
    ;;
esac
"""


@pytest.fixture
def apt(tmp_path: Path):
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "apt-get").write_text(APT_GET)
    (tools / "apt-get").chmod(0o755)
    calls = tmp_path / "calls"
    env = {
        **os.environ,
        "PATH": f"{tools}:{os.environ['PATH']}",
        "APT_CALLS": str(calls),
        "APT_LISTS": str(tmp_path / "lists"),
    }

    def run(*packages: str) -> tuple[subprocess.CompletedProcess, list[str]]:
        calls.write_text("")
        done = subprocess.run(
            [ROOT / "scripts/apt-install", *packages], capture_output=True, text=True, env=env
        )
        return done, calls.read_text().splitlines()

    return run


def test_the_lists_are_fetched_once_for_both_scripts_on_a_fresh_runner(apt):
    install = "install -y -qq --no-install-recommends"
    done, calls = apt("nodejs")  # install-node-deps, first: no lists yet
    assert done.returncode == 0, done.stderr
    assert calls == [f"{install} nodejs", "update -qq", f"{install} nodejs"]
    done, calls = apt("chromium", "nginx-light")  # install-test-deps, after it
    assert done.returncode == 0, done.stderr
    assert calls == [f"{install} chromium nginx-light"]


def test_nothing_to_install_calls_no_apt_get(apt):
    done, calls = apt()
    assert (done.returncode, calls) == (0, [])


def test_a_package_apt_does_not_know_fails_with_apts_message(apt):
    done, calls = apt("gibtsnicht")
    assert done.returncode == 100
    assert calls[1:] == ["update -qq", "install -y -qq --no-install-recommends gibtsnicht"]
    assert done.stderr == "E: Unable to locate package gibtsnicht\n"
