"""Rewrite the content files in the form the web editor writes them.

Usage: .venv/bin/python scripts/cms-format.py [settings file, default pelicanconf.py]
Decap CMS writes a file's YAML front matter anew on every save (its own line wrapping, key
order and quoting). A file already in that form changes, in the editor, only where staff
edit it. Run this after writing or changing posts, pages or region texts by hand;
tests/test_cms_config.py names any file that is not in that form.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from pelican.settings import read_settings

from regional_showcase.cms.config import editor_config
from regional_showcase.data.loader import load_site_data
from regional_showcase.settings import apply_defaults

ROOT = Path(__file__).resolve().parent.parent
WRITER = ROOT / "scripts/decap-writer.js"
# Posts, pages and region texts, in every language (events keep their own order for now).
FORMATTED = re.compile(r"(news|pages|region_texts)(_[a-z]{2})?")


def markdown_files(collection: dict, root: Path) -> tuple[list[str], list[Path]]:
    """The field order and the files of one Markdown collection of the editor."""
    if "folder" in collection:
        keys = [field["name"] for field in collection["fields"]]
        return keys, sorted((root / collection["folder"]).glob(f"*.{collection['extension']}"))
    files = [root / entry["file"] for entry in collection["files"]]
    return ["body"], [file for file in files if file.is_file()]


def resaved(keys: list[str], files: list[Path]) -> dict[str, str]:
    """Each file as the editor would save it after opening it and changing nothing."""
    request = json.dumps({"keys": keys, "files": [str(file) for file in files]})
    result = subprocess.run(
        ["node", str(WRITER)],
        input=request,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def main(settings_file: str = "pelicanconf.py") -> int:
    settings = apply_defaults(read_settings(settings_file))
    config = editor_config(settings, load_site_data(settings.data))
    root = Path(settings_file).resolve().parent
    changed = 0
    for collection in config["collections"]:
        if not FORMATTED.fullmatch(collection["name"]):
            continue
        keys, files = markdown_files(collection, root)
        for name, text in resaved(keys, files).items() if files else ():
            path = Path(name)
            if path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"umgeschrieben: {path.relative_to(root)}")
                changed += 1
    print(f"{changed} Datei(en) umgeschrieben.")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
