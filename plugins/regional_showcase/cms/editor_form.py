"""The form in which the web editor writes a Markdown file, to hold the site's files to it.

Decap CMS writes a file's YAML front matter anew on every save: its own line wrapping, key
order (the form's field order) and quoting. A file already in that form changes, in the
editor, only where staff edit it. decap-writer.js repeats Decap's steps with the npm packages
Decap uses; scripts/cms-format.py rewrites files into the form, tests/test_cms_config.py
checks them.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

WRITER = Path(__file__).parent / "decap-writer.js"
# Posts, pages and region texts, in every language (events keep their own order for now).
FORMATTED = re.compile(r"(news|pages|region_texts)(_[a-z]{2})?")


def markdown_files(collection: dict[str, Any], root: Path) -> tuple[list[str], list[Path]]:
    """The field order and the existing files of one Markdown collection of the editor."""
    if "folder" in collection:
        keys = [field["name"] for field in collection["fields"]]
        return keys, sorted((root / collection["folder"]).glob(f"*.{collection['extension']}"))
    files = [root / entry["file"] for entry in collection["files"]]
    return ["body"], [file for file in files if file.is_file()]


def resaved(keys: list[str], files: list[Path], node_modules: Path) -> dict[Path, str]:
    """Each file as the editor would save it after opening it and changing nothing."""
    if not files:
        return {}
    request = json.dumps({"keys": keys, "files": [str(file) for file in files]})
    result = subprocess.run(
        ["node", str(WRITER), str(node_modules)],
        input=request,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return {Path(name): text for name, text in json.loads(result.stdout).items()}


def out_of_form(config: dict[str, Any], root: Path, node_modules: Path) -> dict[Path, str]:
    """The files of the formatted collections that the editor would save differently."""
    changed = {}
    for collection in config["collections"]:
        if FORMATTED.fullmatch(collection["name"]):
            keys, files = markdown_files(collection, root)
            for path, text in resaved(keys, files, node_modules).items():
                if path.read_text(encoding="utf-8") != text:
                    changed[path] = text
    return changed
