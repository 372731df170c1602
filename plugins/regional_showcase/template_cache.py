"""Jinja's compiled templates, kept on disk between builds.

Every build makes new Jinja environments, and parsing and compiling the theme's 58 templates
was a third of a build of the shipped site (0.8 s of 2.2 s, cProfile). Kept in the plugin's
cache folder, a repeated `make html` compiles only what changed; a cold build (CI, the
benchmark) is as before. `make serve` keeps them in memory instead (staff/serve.py).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from .environment import read_environment
from .preview.manifest import settings_digest


class TemplateCache(FileSystemBytecodeCache):
    """Compiled templates by name. Not by path: the bucket holds the source's checksum, so an
    edited template is compiled anew wherever it lives, and copies of the project (a test
    suite builds dozens) share one folder. Jinja writes each file atomically."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(name)

    def get_bucket(self, environment, name, filename, source):
        """Jinja's compiler puts the result of a filter or test applied to constants into
        the compiled template (`{{ 'x'|f }}` becomes f('x')): the code of the environment's
        filters and tests counts as the source does."""
        functions = getattr(environment, "_showcase_functions", None)
        if functions is None:
            functions = settings_digest(
                {"filters": environment.filters, "tests": environment.tests}
            )
            environment._showcase_functions = functions
        return super().get_bucket(environment, name, filename, f"{source}\0{functions}")


def template_cache(cache_dir: Path) -> TemplateCache:
    # SHOWCASE_TEMPLATE_CACHE names another folder, e.g. one for all test builds.
    folder = read_environment().template_cache or cache_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return TemplateCache(str(folder))
