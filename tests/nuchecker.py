"""The Nu HTML Checker (vnu.jar from npm), started the way every test starts it."""

from __future__ import annotations

import shutil

from sitebuild import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# One run checks up to a few hundred pages and ends: the JIT's optimising tier costs more than
# it saves there (C1 only: 4.7 s of CPU instead of 11.4 s for 75 pages, same messages). Code
# from C1 alone needs a larger stack for the checker's schema evaluation, which otherwise
# stops with a StackOverflowError.
JAVA_OPTIONS = ("-Xss4m", "-XX:TieredStopAtLevel=1")


def nu_command(*arguments: str) -> list[str]:
    """The command line that runs the checker with `arguments` (options, then files)."""
    java = shutil.which("java")
    assert java, "java is missing: run scripts/install-test-deps"
    assert VNU.is_file(), f"{VNU} is missing: run scripts/install-test-deps"
    return [java, *JAVA_OPTIONS, "-jar", str(VNU), *arguments]
