"""Files beside the paths the settings name that shape a build's output, named once: for the
code that reads them, and for the unchanged build's look (unchanged_build.py), which runs
before anything heavy is imported (cms/admin.py's imports alone take a quarter second)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

# Pagefind reads its configuration from the working folder (and from PAGEFIND_* variables).
PAGEFIND_CONFIG = ("pagefind.json", "pagefind.toml", "pagefind.yaml", "pagefind.yml")
# The `yaml` package's browser build, beside Decap in node_modules: showcase-yaml.js uses it
# to save data/regions.yaml with its comments and layout.
YAML_DIST = Path("yaml/browser/dist")


def pagefind_folder() -> Path | None:
    """pagefind-bin's folder, with Pagefind's executable (None: not installed)."""
    spec = importlib.util.find_spec("pagefind_bin")
    return None if spec is None or spec.origin is None else Path(spec.origin).parent
