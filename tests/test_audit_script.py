"""scripts/audit's messages (`make audit`, Lighthouse against a local publish build): each
failure before Lighthouse runs, in a copy of the script with stand-ins for Pelican, npm and
Node.js, so no build and no download happens."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = "12.2.3"  # the script's pin: its stand-in node reports it installed

pytestmark = pytest.mark.build  # runs scripts/audit in a process of its own


def _stand_in(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/usr/bin/env bash\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def audit(tmp_path: Path):
    """Runs the copied script; `site` is what the stand-in Pelican writes (file → text)."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts/audit", project / "scripts/audit")
    tools = tmp_path / "tools"
    _stand_in(tools / "npm", "exit 0")
    _stand_in(tools / "node", f"echo {LIGHTHOUSE}")
    venv = project / ".venv/bin"
    venv.mkdir(parents=True)
    (venv / "python").symlink_to(sys.executable)

    def run(*, site=None, pelican_fails=False, **env: str) -> subprocess.CompletedProcess:
        written = "".join(
            f'mkdir -p "$out/{Path(name).parent}"; printf %s {text!r} > "$out/{name}"\n'
            for name, text in (site or {}).items()
        )
        failing = "echo 'CRITICAL: kaputt'; exit 1" if pelican_fails else ""
        _stand_in(
            venv / "pelican",
            f"while [[ $# -gt 0 ]]; do [[ $1 == -o ]] && out=$2; shift; done\n{failing}\n{written}",
        )
        environment = {
            **os.environ,
            "PATH": f"{tools}:{os.environ['PATH']}",
            "CHROME_PATH": "/bin/true",
            "AUDIT_PORT": str(_free_port()),
            **env,
        }
        return subprocess.run(
            [project / "scripts/audit"],
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
        )

    run.tools = tools
    run.venv = venv
    return run


def test_a_missing_chromium_is_named_with_how_to_install_it(audit):
    done = audit(CHROME_PATH="/nicht/da/chromium")
    assert done.returncode == 1
    assert done.stderr == (
        "audit: Chromium fehlt unter /nicht/da/chromium. Installieren Sie es mit "
        "scripts/install-test-deps oder nennen Sie den Pfad in CHROME_PATH.\n"
    )


def test_a_missing_npm_is_named_with_how_to_install_it(audit, tmp_path):
    # A PATH with only what the script runs before it looks for npm.
    bare = tmp_path / "bare"
    bare.mkdir()
    for tool in ("bash", "dirname", "mktemp", "rm"):
        (bare / tool).symlink_to(shutil.which(tool))
    done = audit(PATH=str(bare))
    assert done.returncode == 1
    assert done.stderr == (
        "audit: npm fehlt (es installiert Lighthouse). Debian: sudo apt-get install npm\n"
    )


def test_a_busy_port_is_refused_before_the_build(audit):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = audit(AUDIT_PORT=str(port))
    assert done.returncode == 1
    assert "Build" not in done.stdout  # refused before building
    assert done.stderr == (
        f"audit: Port {port} ist schon belegt. Wählen Sie einen freien mit AUDIT_PORT, "
        "z. B. AUDIT_PORT=8766 make audit\n"
    )


def test_a_failed_build_shows_its_log(audit):
    done = audit(pelican_fails=True)
    assert done.returncode == 1
    assert done.stderr == "audit: Der Build ist fehlgeschlagen:\nCRITICAL: kaputt\n"


def test_a_server_that_ends_is_reported_with_its_output(audit):
    audit.venv.joinpath("python").unlink()
    _stand_in(audit.venv / "python", "echo 'Adresse schon belegt' >&2; exit 1")
    done = audit(site={"index.html": "<h1>Start</h1>"})
    assert done.returncode == 1
    assert done.stderr.startswith("audit: Der Server auf Port ") and done.stderr.endswith(
        " ist nicht gestartet. Seine Ausgabe:\nAdresse schon belegt\n"
    )


@pytest.mark.parametrize("news", [{}, {"aktuelles/index.html": "<h1>Aktuelles</h1>"}])
def test_a_site_without_a_post_is_refused_with_what_to_do(audit, news):
    done = audit(site={"index.html": "<h1>Start</h1>", **news})
    assert done.returncode == 1
    assert done.stderr == (
        "audit: Der Build enthält keine Meldung (aktuelles/JJJJ/…/index.html), Lighthouse "
        "prüft aber eine. Legen Sie eine an: make post\n"
    )
