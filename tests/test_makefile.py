"""`make` alone prints `make help`: every target of the Makefile with its one line, and every
target is listed in the one `.PHONY`."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAKEFILE = ROOT / "Makefile"
# A rule with a name of its own (`html: $(STAMP)`), not an assignment (`LOCK := …`) and not a
# file made from a variable (`$(STAMP): …`).
TARGET = re.compile(r"^([A-Za-z0-9][\w-]*):(?![:=])(.*)$", re.MULTILINE)
HEADER = (
    "Aufruf: make <Ziel>, z. B. make serve. Für die Redaktion: docs/redaktion.md; "
    "alles Weitere: README.md."
)


def help_lines(makefile: str) -> dict[str, str]:
    """Each target and its help line, the text after `## ` on the target's line ('' if none)."""
    return {name: rest.partition("## ")[2].strip() for name, rest in TARGET.findall(makefile)}


def make(*arguments: str) -> str:
    """Run make in the checkout as a person would, not as a sub-make of `make test`."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEFILES"}
    }
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout


def test_every_target_has_a_help_line():
    lines = help_lines(MAKEFILE.read_text(encoding="utf-8"))
    assert [name for name, line in lines.items() if not line] == []


def test_every_target_is_phony_in_one_place():
    makefile = MAKEFILE.read_text(encoding="utf-8")
    phony = re.findall(r"^\.PHONY:(.*)$", makefile, re.MULTILINE)
    assert len(phony) == 1
    assert sorted(phony[0].split()) == sorted(help_lines(makefile))


@pytest.mark.build  # runs make in a process of its own
def test_make_alone_is_make_help():
    # Dry runs, so a wrong default goal shows without installing anything.
    assert make("-n") == make("-n", "help")


@pytest.mark.build  # runs make in a process of its own
def test_make_help_prints_every_target_with_its_line():
    printed = make("-s", "help").splitlines()
    lines = help_lines(MAKEFILE.read_text(encoding="utf-8"))
    assert printed[0] == HEADER
    assert [line.split(None, 2) for line in printed[1:]] == [
        ["make", name, text] for name, text in lines.items()
    ]
