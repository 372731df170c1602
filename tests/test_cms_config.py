"""The web editor and `showcase check` accept the same things.

The editor's configuration is generated from the plugin's rules; these tests walk it and
prove both directions: every field the check accepts is in the editor, and every rule the
editor enforces (required, options, patterns, the site's own widgets) is refused by the
check too. The rules are called as functions; no build, no browser.
"""

from __future__ import annotations

import copy
import difflib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from regional_showcase.cms import admin
from regional_showcase.cms.admin import _link_tree, content_security_policy
from regional_showcase.cms.config import (
    ALT_WIDGET,
    BODY_WIDGET,
    LIST_WIDGET,
    NOT_IN_FORM,
    NUMBER_WIDGET,
    REGIONS_WIDGET,
    SLUG_WIDGET,
    editor_rules,
)
from regional_showcase.cms.editor import editor_config
from regional_showcase.cms.editor_form import FORMATTED, markdown_files, out_of_form, resaved
from regional_showcase.cms.labels import LABELS
from regional_showcase.data.image_files import MAX_IMAGE_BYTES
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.photos import credit_message, licence_message
from regional_showcase.data.posts import (
    FIELD_ORDER,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    check_post,
)
from regional_showcase.data.schema import SCHEMA
from regional_showcase.markup import render_markdown
from regional_showcase.settings import apply_defaults

from expectations import ROOT, region_data

GOOD = {
    "title": "Grüße aus Südwestfalen",
    "date": "2026-11-30 10:00",
    "regions": ["suedwestfalen", "allgaeu"],
    "category": "Fachkräfte",
    "summary": "Kurz.",
    "slug": "gruesse-aus-suedwestfalen",
}


def settings_for(root: Path, editions: dict | None = None):
    settings = {
        "PATH": str(root / "content"),
        "ARTICLE_PATHS": ["news"],
        "PAGE_PATHS": ["pages"],
        "SHOWCASE_DATA": str(root / "data/regions.yaml"),
        "SHOWCASE_EDITIONS": {"en": {}} if editions is None else editions,
    }
    return apply_defaults(settings)


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / "data/regions.yaml", render=render_markdown)


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
        "'image_alt: …' hinzu, die sagt, was das Bild zeigt",
        # A photo only with its credit line and licence (data/photos.py).
        f"image_credit: {credit_message('image_credit')}",
        f"image_licence: {licence_message('image_licence')}",
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
    data |= {"image_credit": "Beispiel", "image_licence": "CC BY 4.0"}
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
        if name == "translations":  # keyed by language: the site's one further language
            out[f"{path}.en"] = prop["additionalProperties"]
            out.update(schema_paths(prop["additionalProperties"], f"{path}.en."))
            continue
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
    data = region_data(tmp_path)  # libyaml's loader: the same data, ten times faster
    # A deep copy: safe_dump writes values two regions share as anchors, which the data
    # rules refuse (an alias bomb must not expand; see data/yaml_traps.py).
    new_region = {**copy.deepcopy(data["regions"][0]), "slug": "neue-region", "name": "Neue Region"}
    data["regions"].append(new_region)
    data["topics"].append({"slug": "sport", "name": "Sport"})
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = editor_config(settings_for(ROOT), load_site_data(data_file, render=render_markdown))
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


@pytest.mark.browser
def test_every_post_page_and_region_text_opens_and_saves_in_the_editor_unchanged(config):
    """An edit changes only what it touches: the files are already in the form Decap writes."""
    names = {c["name"] for c in config["collections"] if FORMATTED.fullmatch(c["name"])}
    assert names == {"news", "pages", "region_texts", "news_en", "pages_en", "region_texts_en"}
    for name in names:
        assert markdown_files(collection(config, name), ROOT)[1], name
    changed = sorted(p.name for p in out_of_form(config, ROOT, ROOT / "node_modules"))
    assert changed == [], "in die Form des Editors bringen: .venv/bin/python scripts/cms-format.py"


@pytest.mark.browser
def test_a_file_out_of_form_is_found_and_put_into_form(tmp_path, config):
    post = write_post(tmp_path, {**GOOD, "summary": "Wort " * 30})
    keys = [f["name"] for f in collection(config, "news")["fields"]]
    (text,) = resaved(keys, [post], ROOT / "node_modules").values()
    before = post.read_text(encoding="utf-8")
    assert text != before  # PyYAML wraps the summary at 80 columns, Decap otherwise
    assert yaml.safe_load(text.split("---\n")[1]) == yaml.safe_load(before.split("---\n")[1])


def test_each_further_language_has_its_news_pages_and_region_texts(config):
    names = [c["name"] for c in config["collections"]]
    assert names[-3:] == ["news_en", "region_texts_en", "pages_en"]
    news = collection(config, "news_en")
    assert news["folder"] == "content/news/en" and news["label"] == "Meldungen (Englisch)"
    fields = {f["name"]: f for f in news["fields"]}
    assert fields["lang"] == {
        "name": "lang",
        "label": "Sprache",
        "widget": "hidden",
        "default": "en",
    }
    original = fields["translation_key"]
    assert (original["widget"], original["collection"], original["value_field"]) == (
        "relation",
        "news",
        "slug",
    )
    texts = collection(config, "region_texts_en")["files"]
    assert texts[0]["file"] == "content/regionen/en/suedwestfalen.md"
    assert collection(config, "pages_en")["folder"] == "content/pages/en"


def test_without_further_languages_there_is_nothing_to_translate(site):
    config = editor_config(settings_for(ROOT, editions={}), site)
    assert [c["name"] for c in config["collections"] if c["name"].endswith("_en")] == []
    form = form_paths(collection(config, "region_data")["files"][0]["fields"])
    assert not [path for path in form if "translations" in path]


def test_an_english_post_with_every_option_of_its_form_passes_the_check(tmp_path, site, config):
    fields = {f["name"]: f for f in collection(config, "news_en")["fields"]}
    english = {**GOOD, "lang": "en", "translation_key": "gruesse-aus-suedwestfalen"}
    for option in fields["category"]["options"]:
        assert problems_of(tmp_path, site, {**english, "category": option["value"]}) == []
    for option in fields["regions"]["options"]:
        assert problems_of(tmp_path, site, {**english, "regions": [option["value"]]}) == []
    labels = [o["label"] for o in fields["regions"]["options"]]
    assert "Western Pomerania" in labels  # the region's English name from the data


def saved_region_data(changes: list) -> tuple[str, list[str | None]]:
    """data/regions.yaml, and the editor's writer (showcase-yaml.js) run on changed copies of
    its data: each change is a function that edits the data as the form would."""
    text = (ROOT / "data/regions.yaml").read_text(encoding="utf-8")

    def run(data: list) -> dict:
        result = subprocess.run(
            ["node", str(ROOT / "tests/node/yaml_patch.js")],
            input=json.dumps({"text": text, "data": data}),
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return json.loads(result.stdout)

    parsed = run([])["parsed"]
    wanted = []
    for change in changes:
        data = json.loads(json.dumps(parsed))
        change(data)
        wanted.append(data)
    return text, run(wanted)["patched"]


def diff_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), n=0))
    removed = [line[1:] for line in lines if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in lines if line.startswith("+") and not line.startswith("+++")]
    return removed, added


NEW_FIGURE = {
    "label": "Neue Kennzahl",
    "kind": "other",
    "value": 12,
    "unit": "Prozent",
    "year": 2024,
    "source": "https://example.org/quelle",
}


@pytest.mark.browser
def test_saving_region_data_changes_only_the_lines_of_what_changed(tmp_path):
    def value(data):
        data["regions"][0]["key_figures"][0]["value"] = 12345

    def add_figure(data):
        data["regions"][0]["key_figures"].append(NEW_FIGURE)

    def drop_note(data):
        del data["regions"][0]["key_figures"][0]["note"]

    def facebook(data):
        data["regions"][0]["organisation"]["facebook"] = "https://www.facebook.com/region"

    def quoted(data):
        data["regions"][2]["organisation"]["name"] = "Neu: mit Doppelpunkt"

    def long_text(data):
        data["regions"][0]["summary"] = "Zeile eins\nZeile zwei\n"

    text, (one, added, dropped, link, colon, block) = saved_region_data(
        [value, add_figure, drop_note, facebook, quoted, long_text]
    )
    first = yaml.safe_load(text)["regions"][0]
    figure = first["key_figures"][0]
    assert diff_lines(text, one) == (
        [f"        value: {figure['value']}"],
        ["        value: 12345"],
    )
    assert diff_lines(text, added) == (
        [],
        [
            "      - label: Neue Kennzahl",
            "        kind: other",
            "        value: 12",
            "        unit: Prozent",
            "        year: 2024",
            "        source: https://example.org/quelle",
        ],
    )
    assert diff_lines(text, dropped) == ([f"        note: {figure['note']}"], [])
    assert diff_lines(text, link) == ([], ["      facebook: https://www.facebook.com/region"])
    assert diff_lines(text, colon)[1] == ['      name: "Neu: mit Doppelpunkt"']
    assert diff_lines(text, block) == (
        ["      " + line for line in first["summary"].splitlines()],
        ["      Zeile eins", "      Zeile zwei"],
    )
    # The comments stay, and the saved file is data the check accepts.
    for saved in (one, added, dropped, link, colon, block):
        assert [line for line in saved.splitlines() if line.lstrip().startswith("#")] == [
            line for line in text.splitlines() if line.lstrip().startswith("#")
        ]
    (tmp_path / "regions.yaml").write_text(added, encoding="utf-8")
    assert (
        load_site_data(tmp_path / "regions.yaml", render=render_markdown)
        .regions[0]
        .key_figures[-1]
        .value
        == 12
    )


@pytest.mark.browser
def test_an_emptied_list_is_written_as_an_empty_list():
    def empty_list(data):
        data["regions"][0]["sources"] = []

    text, (patched,) = saved_region_data([empty_list])
    # "sources:" with its items taken away would read as null: the pair is written anew.
    removed, added = diff_lines(text, patched)
    assert added == ["    sources: []"]
    assert removed[0] == "    sources:" and len(removed) > len(
        yaml.safe_load(text)["regions"][0]["sources"]
    )


# The editor in German, nothing lost (issue 22): what the generated configuration holds.


def all_fields(fields: list[dict]):
    for field in fields:
        yield field
        yield from all_fields(field.get("fields", []))
        if "field" in field:
            yield from all_fields([field["field"]])


def test_every_region_data_field_has_a_german_label_and_readable_options(config):
    """No field name shown as it is written in the file („Open data“, „Licence“), every option
    a text (Decap refuses a number as a label and shows nothing)."""
    fields = list(all_fields(collection(config, "region_data")["files"][0]["fields"]))
    named_only = {f["name"] for f in fields if f["name"] not in LABELS and f["name"] != "en"}
    assert named_only == set()
    for field in fields:
        for option in field.get("options", []):
            assert isinstance(option["label"], str), (field["name"], option)
    form = form_paths(collection(config, "region_data")["files"][0]["fields"])
    assert form["open_data.licence"]["label"] == "Lizenz"
    assert form["regions.work"]["label"] == "Arbeiten"  # the section's heading


def test_regions_fold_to_their_names_and_lists_ask_before_removing(config):
    form = form_paths(collection(config, "region_data")["files"][0]["fields"])
    regions = form["regions"]
    assert (regions["widget"], regions["summary"], regions["label_singular"]) == (
        LIST_WIDGET,
        "{{fields.name}}",
        "Region",
    )
    lists = [f for f in form.values() if f["widget"] in ("list", LIST_WIDGET)]
    assert lists and all(f["widget"] == LIST_WIDGET for f in lists)
    numbers = [f for f in form.values() if f["widget"] in ("number", NUMBER_WIDGET)]
    assert form["regions.key_figures.value"] in numbers
    assert all(f["widget"] == NUMBER_WIDGET for f in numbers)


def test_an_event_file_is_named_after_its_start_date(config):
    events = collection(config, "events")
    assert events["slug"] == "{{fields.start | date('YYYY-MM-DD')}}-{{fields.slug}}"
    hint = {f["name"]: f for f in events["fields"]}["slug"]["hint"]
    assert "rueckkehrertag-2026" in hint and "bis zum ersten Speichern geändert" in hint


def test_the_editor_knows_the_pictures_in_use_and_the_addresses_taken(tmp_path, site):
    """rules.js: an upload must not replace a picture in use, a new slug must be free."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    images = tmp_path / "content/images"
    images.mkdir(exist_ok=True)
    (images / "fachkraeftetag.jpg").write_bytes(b"\xff\xd8")
    (images / "frei.jpg").write_bytes(b"\xff\xd8")
    post = tmp_path / "content/news/2022-05-25-praxisleitfaden-fertig.md"
    post.write_text(
        post.read_text(encoding="utf-8") + "\n![Ein Saal](images/fachkraeftetag.jpg)\n", "utf-8"
    )
    rules = editor_rules(site, ("en",), settings=settings_for(tmp_path))
    assert rules["images"] == {
        "fachkraeftetag.jpg": [
            "Praxisleitfaden „Erfolgsfaktoren regionaler Zusammenarbeit“ ist fertig "
            "(content/news/2022-05-25-praxisleitfaden-fertig.md)"
        ],
        "frei.jpg": [],
    }
    assert "2022/praxisleitfaden-fertig" in rules["taken"]["news"]
    assert "impressum" in rules["taken"]["pages"]
    assert "eroeffnung-welcome-center-stettiner-haff-2019" in rules["taken"]["events"]
    assert rules["editorialWorkflow"] is False
    assert rules["english"] == {"No options": "Keine passende Auswahl"}


def test_decaps_files_are_linked_when_missing_or_of_another_size_and_else_left(tmp_path):
    source, target = tmp_path / "dist", tmp_path / "admin/decap"
    (source / "ordner.js").mkdir(parents=True)
    for name, text in [("a.js", "aaa"), ("b.css", "bbbb"), ("c.js", "c"), ("notiz.md", "x")]:
        (source / name).write_text(text, encoding="utf-8")
    target.mkdir(parents=True)
    (target / "a.js").write_text("AAA", encoding="utf-8")  # same size: left alone
    (target / "b.css").write_text("alt", encoding="utf-8")
    (target / "eigen.txt").write_text("bleibt", encoding="utf-8")
    _link_tree(source, target)
    assert sorted(p.name for p in target.iterdir()) == ["a.js", "b.css", "c.js", "eigen.txt"]
    assert (target / "a.js").read_text(encoding="utf-8") == "AAA"
    for name in ("b.css", "c.js"):
        assert (target / name).samefile(source / name), name


def test_decaps_files_put_there_by_another_build_meanwhile_are_kept_or_replaced(
    tmp_path, monkeypatch
):
    """Two builds into one output folder at once (test_atomic_publish's two builds): a file
    the other build linked since this one looked is left as it is, another one replaced."""
    source, target = tmp_path / "dist", tmp_path / "admin/decap"
    source.mkdir(parents=True)
    for name in ("a.js", "b.js"):
        (source / name).write_text(name, encoding="utf-8")
    target.mkdir(parents=True)
    os.link(source / "a.js", target / "a.js")  # the other build's link
    (target / "b.js").write_text("fremd", encoding="utf-8")  # the other build's other file
    monkeypatch.setattr(admin, "_sizes", lambda folder: {})  # looked before they were there
    _link_tree(source, target)
    assert (target / "a.js").samefile(source / "a.js")
    assert (target / "b.js").read_text(encoding="utf-8") == "b.js"
    assert sorted(p.name for p in target.iterdir()) == ["a.js", "b.js"]


def test_config_yml_is_written_by_libyaml_with_the_pure_python_emitters_text(config):
    """config.yml comes from libyaml's emitter (five times as fast in a cold build) with the
    text yaml.safe_dump's pure-Python emitter writes: the shipped editor's config, and a
    config holding what libyaml would escape (an emoji, NEL) or not write (a lone surrogate),
    which PyYAML's emitter writes."""
    assert admin.DUMPER is getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    def pure(value: dict) -> str:
        return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)

    assert admin.config_yaml(config) == pure(config)
    # The odd texts in a few of the config's keys: the pure-Python emitter takes 0.15 s for
    # the whole config, which these three would dump six times, and the texts are the same.
    few = {key: config[key] for key in ("locale", "backend", "slug")}
    for odd in ("https://example.org/🌾", "de\x85", "x\ud800"):
        changed = {**few, "site_url": odd}
        assert admin.config_yaml(changed) == pure(changed), repr(odd)
