"""The web editor and `showcase check` accept the same things.

The editor's configuration is generated from the plugin's rules; these tests walk it and
prove both directions: every field the check accepts is in the editor, and every rule the
editor enforces (required, options, patterns, the site's own widgets) is refused by the
check too. The rules are called as functions; no build, no browser.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from regional_showcase.cms.admin import content_security_policy
from regional_showcase.cms.config import (
    ALT_WIDGET,
    BODY_WIDGET,
    NOT_IN_FORM,
    REGIONS_WIDGET,
    SLUG_WIDGET,
    editor_config,
)
from regional_showcase.data.image_files import MAX_IMAGE_BYTES
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.posts import (
    FIELD_ORDER,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    check_post,
)
from regional_showcase.data.schema import SCHEMA
from regional_showcase.settings import apply_defaults

from expectations import ROOT

GOOD = {
    "title": "Grüße aus Südwestfalen",
    "date": "2026-11-30 10:00",
    "regions": ["suedwestfalen", "allgaeu"],
    "category": "Fachkräfte",
    "summary": "Kurz.",
    "slug": "gruesse-aus-suedwestfalen",
}


def settings_for(root: Path):
    settings = {
        "PATH": str(root / "content"),
        "ARTICLE_PATHS": ["news"],
        "PAGE_PATHS": ["pages"],
        "SHOWCASE_DATA": str(root / "data/regions.yaml"),
    }
    return apply_defaults(settings)


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / "data/regions.yaml")


@pytest.fixture(scope="module")
def config(site):
    return editor_config(settings_for(ROOT), site)


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def news_fields(config: dict) -> dict[str, dict]:
    return {f["name"]: f for f in collection(config, "news")["fields"]}


def write_post(folder: Path, data: dict, body: str = "Text.\n") -> Path:
    path = folder / "content/news/2026-11-30-post.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def problems_of(tmp_path: Path, site, data: dict, body: str = "Text.\n") -> list[str]:
    path = write_post(tmp_path, data, body)
    problems, _ = check_post(path, site, tmp_path / "content")
    return [f"{p.field}: {p.message}" for p in problems]


def test_every_field_the_check_accepts_is_in_the_editor_in_file_order(config):
    names = [f["name"] for f in collection(config, "news")["fields"] if f["name"] != "body"]
    assert names == list(FIELD_ORDER)
    assert sorted(names) == sorted(REQUIRED_FIELDS + OPTIONAL_FIELDS)


def test_the_editor_requires_exactly_what_the_check_requires(config):
    required = {n for n, f in news_fields(config).items() if f["required"]}
    assert required == set(REQUIRED_FIELDS)


def test_a_good_post_passes_the_check(tmp_path, site):
    assert problems_of(tmp_path, site, GOOD) == []


@pytest.mark.parametrize("name", REQUIRED_FIELDS)
def test_each_required_field_is_required_by_the_check_too(tmp_path, site, name):
    data = {k: v for k, v in GOOD.items() if k != name}
    assert any(p.startswith(f"{name}:") for p in problems_of(tmp_path, site, data))


def test_region_and_topic_options_are_the_data_and_nothing_else(tmp_path, site, config):
    fields = news_fields(config)
    regions = [o["value"] for o in fields["regions"]["options"]]
    assert regions == ["alle", *[r.slug for r in site.regions]]
    topics = [o["value"] for o in fields["category"]["options"]]
    assert topics == [t.name for t in site.topics]
    statuses = [o["value"] for o in fields["status"]["options"]]
    for value in regions:
        assert problems_of(tmp_path, site, {**GOOD, "regions": [value]}) == []
    for value in topics:
        assert problems_of(tmp_path, site, {**GOOD, "category": value}) == []
    for value in statuses:
        assert problems_of(tmp_path, site, {**GOOD, "status": value}) == []
    # What the options leave out, the check refuses.
    assert problems_of(tmp_path, site, {**GOOD, "regions": ["allgau"]})
    assert problems_of(tmp_path, site, {**GOOD, "category": "Sport"})
    assert problems_of(tmp_path, site, {**GOOD, "status": "hidden"})


def test_the_slug_pattern_is_the_checks(tmp_path, site, config):
    field = news_fields(config)["slug"]
    assert field["widget"] == SLUG_WIDGET
    pattern = re.compile(field["pattern"][0])
    for slug in ("gruene-woche", "a1", "Grüne", "a--b", "-a"):
        refused = bool(problems_of(tmp_path, site, {**GOOD, "slug": slug}))
        assert refused == (pattern.match(slug) is None), slug


def test_the_sites_own_widgets_enforce_rules_of_the_check(tmp_path, site, config):
    fields = news_fields(config)
    assert fields["regions"]["widget"] == REGIONS_WIDGET  # 'alle' alone
    assert problems_of(tmp_path, site, {**GOOD, "regions": ["alle", "allgaeu"]}) == [
        "regions: 'alle' steht schon für alle Regionen: entfernen Sie die übrigen Slugs"
    ]
    assert fields["image_alt"]["widget"] == ALT_WIDGET  # required once an image is set
    (tmp_path / "content/images").mkdir(parents=True)
    (tmp_path / "content/images/hof.jpg").write_bytes(b"\xff\xd8" + b"0" * 100)
    assert problems_of(tmp_path, site, {**GOOD, "image": "images/hof.jpg"}) == [
        "image_alt: das Titelbild braucht eine Beschreibung: fügen Sie eine Zeile "
        "'image_alt: …' hinzu, die sagt, was das Bild zeigt"
    ]
    assert fields["body"]["widget"] == BODY_WIDGET  # every image in the text has alt text
    assert problems_of(tmp_path, site, GOOD, body="![](images/hof.jpg)\n")
    assert problems_of(tmp_path, site, GOOD, body="![Ein Hof](images/hof.jpg)\n") == []


def test_the_upload_limit_is_the_checks(tmp_path, site, config):
    limit = news_fields(config)["image"]["media_library"]["config"]["max_file_size"]
    assert limit == MAX_IMAGE_BYTES
    (tmp_path / "content/images").mkdir(parents=True)
    (tmp_path / "content/images/gross.jpg").write_bytes(b"0" * (limit + 1))
    data = {**GOOD, "image": "images/gross.jpg", "image_alt": "Ein großes Bild"}
    assert problems_of(tmp_path, site, data) == [
        "image: das Bild 'images/gross.jpg' ist 5.0 MB groß; erlaubt sind höchstens 5 MB: "
        "verkleinern Sie es (z. B. auf 2000 Pixel Breite)"
    ]
    assert news_fields(config)["image"]["choose_url"] is False  # no pictures from other sites


def schema_paths(schema: dict, prefix: str = "") -> dict[str, dict]:
    out = {}
    for name, prop in schema.get("properties", {}).items():
        if name in NOT_IN_FORM:
            continue
        path = f"{prefix}{name}"
        out[path] = prop
        inner = prop.get("items", prop) if prop.get("type") == "array" else prop
        out.update(schema_paths(inner, path + "."))
    return out


def form_paths(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    out = {}
    for field in fields:
        path = f"{prefix}{field['name']}"
        out[path] = field
        out.update(form_paths(field.get("fields", []), path + "."))
    return out


def test_every_region_data_field_is_in_the_form_with_the_schemas_rules(config):
    form = form_paths(collection(config, "region_data")["files"][0]["fields"])
    schema = schema_paths(SCHEMA)
    assert set(form) == set(schema)
    for path, prop in schema.items():
        field = form[path]
        if "pattern" in prop:
            assert field["pattern"][0] == prop["pattern"], path
        if "enum" in prop:
            assert [o["value"] for o in field["options"]] == prop["enum"], path
        for bound in ("minimum", "maximum"):
            if bound in prop:
                assert field[bound.removesuffix("imum")] == prop[bound], path


def test_every_required_key_figure_part_is_required_in_the_form(config):
    form = form_paths(collection(config, "region_data")["files"][0]["fields"])
    for name in ("value", "unit", "year", "source"):
        assert form[f"regions.key_figures.{name}"]["required"] is True


def test_not_in_form_names_only_real_fields():
    region = SCHEMA["properties"]["regions"]["items"]["properties"]
    assert set(NOT_IN_FORM) <= set(region)


def test_a_new_region_and_topic_reach_the_editor_without_touching_it(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    data_file = tmp_path / "data/regions.yaml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    new_region = {**data["regions"][0], "slug": "neue-region", "name": "Neue Region"}
    data["regions"].append(new_region)
    data["topics"].append({"slug": "sport", "name": "Sport"})
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = editor_config(settings_for(ROOT), load_site_data(data_file))
    fields = news_fields(config)
    assert {"label": "Neue Region", "value": "neue-region"} in fields["regions"]["options"]
    assert {"label": "Sport", "value": "Sport"} in fields["category"]["options"]
    texts = [f["file"] for f in collection(config, "region_texts")["files"]]
    assert "content/regionen/neue-region.md" in texts


def test_the_editor_page_policy_allows_only_the_configured_backend(config):
    csp = content_security_policy(config)
    assert "connect-src 'self' blob: http://localhost:8081 http://127.0.0.1:8081;" in csp
    gitlab = {**config, "backend": {"name": "gitlab", "repo": "a/b"}}
    del gitlab["local_backend"]
    assert "connect-src 'self' blob: https://gitlab.com;" in content_security_policy(gitlab)


def resaved_by_the_editor(keys: list[str], files: list[Path]) -> dict[str, str]:
    """Each file as Decap would save it after opening it and changing nothing (node helper)."""
    request = json.dumps({"keys": keys, "files": [str(f) for f in files]})
    result = subprocess.run(
        ["node", str(ROOT / "tests/node/decap_writer.js")],
        input=request,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.browser
@pytest.mark.parametrize("name", ["news", "pages"])
def test_every_file_opens_and_saves_in_the_editor_unchanged(config, name):
    """An edit changes only what it touches: the files are already in the form Decap writes."""
    found = collection(config, name)
    keys = [f["name"] for f in found["fields"]]
    files = sorted((ROOT / found["folder"]).glob(f"*.{found['extension']}"))
    assert files
    resaved = resaved_by_the_editor(keys, files)
    changed = [Path(p).name for p, text in resaved.items() if Path(p).read_text("utf-8") != text]
    assert changed == []
