"""Writing /admin/: the editor page, its generated configuration and Decap's own files.

The editor is served from the site itself (no CDN). Decap CMS comes from npm
(`node_modules/decap-cms/dist`, pinned in package.json) and is linked or copied as it is;
source maps stay behind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..atomic_write import write_bytes
from ..data.model import SiteData
from ..outside_inputs import YAML_DIST
from ..settings import ShowcaseSettings
from .config import content_state, editor_rules
from .editor import editor_config
from .text_facts import text_facts as text_facts_of

if TYPE_CHECKING:
    from ..build_record import KeptTexts
    from ..preview.memo import PreviewMemo

ADMIN_DIR = "admin"
DECAP_DIR = "decap"
STATIC = Path(__file__).parent / "static"
# Shipped from Decap's dist/: the bundle, its code-split chunks, WebAssembly and licences.
DIST_SUFFIXES = (".js", ".wasm", ".css", ".txt")
# The `yaml` package's browser build (YAML_DIST), beside Decap in node_modules.
YAML_DIR = "yaml"
# The editor's own scripts, after Decap and rules.js, in this order (each registers with
# window.CMS before Decap draws the editor).
EDITOR_SCRIPTS = (
    "showcase-yaml.js",
    "showcase-cms.js",
    "showcase-german.js",
    "showcase-fields.js",
    "showcase-uploads.js",
    "showcase-paste.js",
    "showcase-backup.js",
    # The rules' answer to a save, shown at the fields (staff/entry_check.py).
    "showcase-check.js",
    # Really last: starts Decap, which showcase-wait.js (before Decap) told to wait for it.
    "showcase-start.js",
)
SCRIPTS = (*EDITOR_SCRIPTS, "showcase-wait.js", "showcase-yaml-lib.js", "showcase-admin.css")


class EditorMissing(RuntimeError):
    """Decap CMS is not installed where the settings say."""


def content_security_policy(config: dict[str, Any]) -> str:
    """The editor page's CSP: the public pages' policy, loosened only where Decap needs it.

    - script-src 'unsafe-eval': Decap compiles its configuration schema (ajv) with `new Function`.
    - style-src 'unsafe-inline': its UI is styled with CSS-in-JS (emotion) that adds <style> tags.
    - img-src blob: data:: previews of a picture before it is uploaded.
    - connect-src: the one Git backend the configuration names (and the local proxy), and
      blob: for the pictures Decap keeps in the browser's draft backup.
    """
    connect = ["'self'", "blob:", *backend_origins(config)]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src {' '.join(connect)}",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
            "frame-src 'self' blob:",
        ]
    )


def backend_origins(config: dict[str, Any]) -> list[str]:
    """The hosts the editor talks to besides the site itself."""
    backend = config["backend"]
    origins = []
    if config.get("local_backend"):
        port = backend_proxy_port(config)
        origins += [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
    name = backend.get("name")
    if name == "gitlab":
        origins.append(_origin(backend.get("api_root", "https://gitlab.com/api/v4")))
        origins.append(_origin(backend.get("base_url", "https://gitlab.com")))
    elif name == "github":
        origins.append(_origin(backend.get("api_root", "https://api.github.com")))
        if backend.get("base_url"):
            origins.append(_origin(backend["base_url"]))
    return list(dict.fromkeys(origins))


def backend_proxy_port(config: dict[str, Any]) -> int:
    local = config.get("local_backend")
    url = local.get("url", "") if isinstance(local, dict) else ""
    return int(url.split(":")[2].split("/")[0]) if url.count(":") >= 2 else 8081


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/')[0]}"


def admin_page(csp: str, stylesheet: str) -> str:
    """admin/index.html: no index, no referrer, the editor's scripts and nothing else."""
    scripts = "\n".join(f'  <script src="{name}"></script>' for name in EDITOR_SCRIPTS)
    return f"""<!doctype html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="{escape(csp)}">
  <meta name="robots" content="noindex, nofollow">
  <meta name="referrer" content="no-referrer">
  <title>Redaktion – Starke Regionen</title>
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
  <link rel="stylesheet" href="showcase-admin.css">
  <meta name="showcase-preview-style" content="{escape(stylesheet)}">
</head>
<body>
  <script src="showcase-wait.js"></script>
  <script src="{DECAP_DIR}/decap-cms.js"></script>
  <script src="rules.js"></script>
{scripts}
  <script type="module" src="showcase-yaml-lib.js"></script>
</body>
</html>
"""


def write_admin(
    settings: ShowcaseSettings,
    site: SiteData,
    output: Path,
    stylesheet: str,
    memo: PreviewMemo | None = None,
    kept: KeptTexts | None = None,
    text_facts: dict[Path, tuple] | None = None,
) -> None:
    """Write output/admin/ (index.html, config.yml, rules.js, the scripts and Decap).

    `memo` (the preview's) keeps the generated files' texts while the settings and what they
    read of the region data (editor_facts) stay the same: writing config.yml as YAML is most
    of this function's time, and an edited claim or figure changes none of them. `kept` (a
    build into a fresh folder) keeps them in cache/ by the site's key (settings, data, code,
    content/ outside the posts) and the same values. `text_facts` (the build's check keeps
    them in cache/ by each text's bytes) gives cms/config.py's text_facts of the texts it
    holds."""
    dist = settings.cms_dist
    yaml_dist = dist.parents[1] / YAML_DIST
    for needed in (dist / "decap-cms.js", yaml_dist / "index.js"):
        if not needed.is_file():
            raise EditorMissing(
                f"Der Web-Editor fehlt: {needed} nicht gefunden. "
                "Installieren Sie ihn mit 'scripts/install-node-deps --publish' (macht 'make html' von "
                "selbst)."
            )
    # rules.js names the pictures and taken addresses of content/: part of the key, so that
    # a picture uploaded in the preview is known to the next upload (about 4 ms).
    read = None
    if text_facts:

        def read(path: Path) -> tuple:
            held = text_facts.get(path)
            return text_facts_of(path) if held is None else held

    state = content_state(settings, memo, read)
    content = json.dumps(state, sort_keys=True)
    make = partial(_admin_texts, settings, site, stylesheet, state)
    facts = editor_facts(site)
    if memo is not None:
        texts = memo.get("admin", (settings, facts, stylesheet, content), make)
    elif kept is not None:
        # content/'s state is read by rules.js alone: a new or deleted post makes it again,
        # not config.yml, whose YAML is most of this function's time (0.14 s at 1,000 posts).
        editor = partial(_editor_texts, settings, site, stylesheet)
        rules = partial(_rules_texts, settings, site, state)
        texts = {
            **kept.get("admin", f"{stylesheet}|{facts!r}", editor),
            **kept.get("admin-rules", f"{content}|{facts!r}", rules),
        }
    else:
        texts = make()
    target = output / ADMIN_DIR
    target.mkdir(parents=True, exist_ok=True)
    # make serve writes into the same folder after every save: a file that already holds
    # these bytes is left alone there (atomic_write.same_bytes_left; about 50 ms a rebuild
    # on a loaded machine), its time set as a write would (the preview removes a page older
    # than its build as stale: preview/manifest.py remove_unwritten_pages).
    for name, text in texts.items():
        write_bytes(target / name, text.encode("utf-8"))
    for name in SCRIPTS:
        write_bytes(target / name, (STATIC / name).read_bytes())
    _link_tree(dist, target / DECAP_DIR)
    _link_tree(yaml_dist, target / YAML_DIR)


def editor_facts(site: SiteData) -> tuple:
    """All that the editor's generated files read of the region data: each region's slug,
    name and name in each language, each topic's name and slug, in order (the editor's
    choices list them so). Its key: the rest of the data (texts, figures …) is edited in
    the editor's form for regions.yaml, made from the schema, not from the data."""
    regions = tuple(
        (r.slug, r.name, tuple(sorted((lang, t.get("name")) for lang, t in r.translations.items())))
        for r in site.regions
    )
    return regions, tuple((t.name, t.slug) for t in site.topics)


def _admin_texts(
    settings: ShowcaseSettings, site: SiteData, stylesheet: str, content: dict[str, Any]
) -> dict[str, str]:
    """The generated files of output/admin/, by name; `content`: content_state's."""
    return {
        **_editor_texts(settings, site, stylesheet),
        **_rules_texts(settings, site, content),
    }


# libyaml's emitter where PyYAML was built with it (its wheels are): the same text as
# yaml.safe_dump's pure-Python one (tests/test_cms_config.py compares them on the shipped
# editor's config), five times as fast: 0.08 -> 0.017 s of a cold build's CPU, whose
# config.yml is not in cache/ yet. It escapes what PyYAML writes as it is: NEL and
# characters beyond the Basic Multilingual Plane (an emoji in a region's name), and it
# cannot write a lone surrogate, which PyYAML escapes; a config holding one of them is
# written by PyYAML's emitter, so config.yml keeps its bytes.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
ESCAPED_BY_LIBYAML = re.compile("[\x85\ud800-\udfff\U00010000-\U0010ffff]")


def config_yaml(config: dict[str, Any]) -> str:
    """config.yml's YAML, as yaml.safe_dump writes it (see DUMPER)."""
    held = json.dumps(config, ensure_ascii=False, default=str)
    dumper = yaml.SafeDumper if ESCAPED_BY_LIBYAML.search(held) else DUMPER
    return yaml.dump(config, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def _editor_texts(settings: ShowcaseSettings, site: SiteData, stylesheet: str) -> dict[str, str]:
    """index.html and config.yml: made from the settings and the region data, not content/."""
    config = editor_config(settings, site)
    return {
        "index.html": admin_page(content_security_policy(config), stylesheet),
        "config.yml": "# Generated by the regional_showcase plugin at build time: do not edit.\n"
        + config_yaml(config),
    }


def _rules_texts(
    settings: ShowcaseSettings, site: SiteData, content: dict[str, Any]
) -> dict[str, str]:
    """rules.js: the editor's checks, with content/'s pictures and taken addresses."""
    rules = json.dumps(
        editor_rules(site, settings.languages[1:], settings=settings, content=content),
        ensure_ascii=False,
        sort_keys=True,
        indent=1,
    )
    return {"rules.js": f"window.SHOWCASE_RULES = {rules};\n"}


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link (or copy) Decap's files: 12 MB per build would otherwise be copied each time.
    A file already there with the same size is left alone. One os.scandir of each folder and
    one stat per file: `make serve` does this after every save, and asking pathlib (four
    stats per file of Decap's 385) took 8 ms of each rebuild."""
    target.mkdir(parents=True, exist_ok=True)
    there = _sizes(target)
    with os.scandir(source) as entries:
        files = [e for e in entries if e.name.endswith(DIST_SUFFIXES) and e.is_file()]
    for entry in sorted(files, key=lambda e: e.name):
        destination = target / entry.name
        size = there.get(entry.name)
        if size is not None:
            if size == entry.stat().st_size:
                continue
            destination.unlink()
        try:
            os.link(entry.path, destination)
        except FileExistsError:
            # Another build into the same folder (two `pelican -o output` at once) put it
            # there since the scandir: its link is this one; anything else is replaced whole.
            if not os.path.samefile(entry.path, destination):
                _replace_with(entry.path, destination)
        except OSError:
            shutil.copyfile(entry.path, destination)


def _replace_with(source: str, destination: Path) -> None:
    """`destination` made a copy of `source` in one step (a rename), so that a build writing
    the same folder at the same time never sees it half written."""
    staged = destination.with_name(f".{destination.name}.{os.getpid()}")
    shutil.copyfile(source, staged)
    os.replace(staged, destination)


def _sizes(folder: Path) -> dict[str, int]:
    """The size of everything in a folder by name (links followed; a dangling one is left
    out, as it does not exist for Path.exists)."""
    sizes = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                sizes[entry.name] = entry.stat().st_size
            except OSError:
                continue
    return sizes
