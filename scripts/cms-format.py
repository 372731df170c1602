"""Rewrite posts, pages and region texts in the form the web editor writes them.

Usage: .venv/bin/python scripts/cms-format.py [settings file, default pelicanconf.py]
Then an edit in the editor changes only what staff edit (see cms/editor_form.py). Run it after
writing or changing such files by hand; tests/test_cms_config.py names any file out of form.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pelican.settings import read_settings

from regional_showcase.cms.editor import editor_config
from regional_showcase.cms.editor_form import out_of_form
from regional_showcase.data.loader import load_site_data
from regional_showcase.markup import render_markdown
from regional_showcase.settings import apply_defaults


def main(settings_file: str = "pelicanconf.py") -> int:
    settings = apply_defaults(read_settings(settings_file))
    config = editor_config(settings, load_site_data(settings.data, render=render_markdown))
    root = Path(settings_file).resolve().parent
    # Decap's writer needs all its npm packages; `make html` installs only the shipped bundle.
    subprocess.run([root / "scripts/install-node-deps"], check=True)
    changed = out_of_form(config, root, root / "node_modules")
    for path, text in changed.items():
        path.write_text(text, encoding="utf-8")
        print(f"umgeschrieben: {path.relative_to(root)}")
    print(f"{len(changed)} Datei(en) umgeschrieben.")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
