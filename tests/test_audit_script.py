"""scripts/audit's messages (`make audit`, Lighthouse against a local publish build): each
failure before Lighthouse runs, and a whole run's steps and scores, in a copy of the script
with stand-ins for Pelican, npm, Node.js and Lighthouse, so no build and no download happens."""

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


# Lighthouse's stand-in: a report with the four categories for each page it is run for (the
# region page's SEO not scored), one weighted audit of the post below 0.9.
LIGHTHOUSE_STAND_IN = """#!{python}
import json, sys
url = sys.argv[1]
out = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--output-path="))
post = "/aktuelles/" in url
scores = {{"performance": 0.62 if post else 0.97, "accessibility": 1, "best-practices": 0.96,
          "seo": None if "/regionen/" in url else 1}}
audits = {{"largest-contentful-paint": {{"id": "largest-contentful-paint", "score": 0.41 if post
           else 1, "displayValue": "3,1 s"}}, "unweighted": {{"id": "unweighted", "score": 0.1}}}}
refs = [{{"id": "largest-contentful-paint", "weight": 25}}, {{"id": "unweighted", "weight": 0}}]
categories = {{name: {{"score": score, "auditRefs": refs if name == "performance" else []}}
              for name, score in scores.items()}}
with open(out, "w") as report:
    json.dump({{"categories": categories, "audits": audits}}, report)
"""


def test_a_whole_run_says_each_step_and_shows_the_scores_in_german(audit):
    project = audit.venv.parent.parent
    _stand_in(audit.tools / "node", "exit 1")  # no Lighthouse yet: npm installs it
    lighthouse = project / ".tools/lighthouse/node_modules/.bin/lighthouse"
    lighthouse.parent.mkdir(parents=True)
    lighthouse.write_text(LIGHTHOUSE_STAND_IN.format(python=sys.executable), encoding="utf-8")
    lighthouse.chmod(0o755)
    port = _free_port()
    post = "aktuelles/2026/probe/index.html"
    done = audit(
        site={"index.html": "<h1>Start</h1>", post: "<h1>Probe</h1>"}, AUDIT_PORT=str(port)
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    site = f"http://127.0.0.1:{port}"
    assert done.stdout == (
        "audit: installiere lighthouse@12.2.3 nach .tools/lighthouse\n"
        f"audit: Veröffentlichungs-Build für {site}\n"
        f"audit: Lighthouse prüft {site}/\n"
        f"audit: Lighthouse prüft {site}/regionen/koblenz-mittelrhein/\n"
        f"audit: Lighthouse prüft {site}/aktuelles/2026/probe/\n"
        "\n"
        "Seite                                         "
        " Leistung  Barrierefreiheit    Best Practices               SEO\n"
        "home /                                        "
        "       97               100                96               100\n"
        "region /regionen/koblenz-mittelrhein/         "
        "       97               100                96                 -\n"
        "post /aktuelles/2026/probe/                   "
        "       62               100                96               100\n"
        "\n"
        "Prüfungen unter 0,9:\n"
        "  post: Leistung: largest-contentful-paint (0,41) 3,1 s\n"
        "\n"
        "Berichte: test-artifacts/lighthouse/\n"
    )
    assert (project / "test-artifacts/lighthouse/post.json").is_file()
