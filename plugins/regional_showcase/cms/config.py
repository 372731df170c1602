"""The editor's configuration (admin/config.yml), generated at build time.

Nothing here is a second copy of a rule: the post fields, statuses and slug pattern come
from `data/posts.py`, regions and topics from `data/regions.yaml`, and the region data form
from the JSON Schema in `data/schema.py`. A new region, topic or schema field reaches the
editor with the next build. `tests/test_cms_config.py` proves that the editor and
`showcase check` accept the same things.

To add a collection (events, for instance), write a function that returns its Decap
collection and append it to COLLECTIONS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..data.image_files import DECORATIVE_CLASS, IMAGE_DIR, MAX_IMAGE_BYTES
from ..data.model import ALL_REGIONS, SiteData
from ..data.posts import (
    FIELD_ORDER,
    REQUIRED_FIELDS,
    SLUG_RE,
    STATUSES,
)
from ..data.schema import SCHEMA
from ..german import TRANSLITERATION, slugify_de
from ..settings import ShowcaseSettings
from .labels import HINTS, OPTION_LABELS, label

Collection = dict[str, Any]
# Widgets defined in static/showcase-cms.js; each adds one rule of the check to Decap's own.
SLUG_WIDGET = "showcase-slug"
REGIONS_WIDGET = "showcase-regions"
ALT_WIDGET = "showcase-alt"
BODY_WIDGET = "showcase-body"
# Decap's datetime widget writes the value in this form, which the post rules read as
# Europe/Berlin time; it is also the form `showcase new-post` writes.
DATE_FORMAT = "YYYY-MM-DD HH:mm"
# The file format registered in static/showcase-cms.js for data/regions.yaml.
DATA_FORMAT = "showcase-yaml"
# Keys of regions.yaml the form leaves out, and why (the test holds this list to account).
NOT_IN_FORM = {
    "translations": "translations are keyed by language code; translators edit them in the file",
}


def content_folder(settings: ShowcaseSettings) -> str:
    """The content folder as the editor names it: relative to the repository (`content`)."""
    return settings.content_path.name


def editor_config(settings: ShowcaseSettings, site: SiteData) -> dict[str, Any]:
    """The whole Decap configuration for this site."""
    config: dict[str, Any] = {
        "locale": "de",
        "backend": dict(settings.cms_backend),
        "media_folder": f"{content_folder(settings)}/{IMAGE_DIR}",
        "public_folder": IMAGE_DIR,
        # An optional field left empty is left out of the file, as a person writing it would.
        "omit_empty_optional_fields": True,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [make(settings, site) for make in COLLECTIONS],
    }
    if settings.site_url:
        config["site_url"] = config["display_url"] = settings.site_url
    if settings.cms_local_backend:
        # decap-server (`make cms`), bound to 127.0.0.1; Decap uses it only on localhost.
        port = settings.cms_proxy_port
        config["local_backend"] = {"url": f"http://localhost:{port}/api/v1"}
    if settings.cms_editorial_workflow:
        config["publish_mode"] = "editorial_workflow"
    return config


def _field(name: str, widget: str, *, required: bool, **extra: Any) -> dict[str, Any]:
    field = {"name": name, "label": label(name), "widget": widget, "required": required}
    if name in HINTS:
        field["hint"] = HINTS[name].format(max_mb=MAX_IMAGE_BYTES // 1_000_000)
    field.update(extra)
    return field


def _options(values) -> list[dict[str, str]]:
    return [{"label": OPTION_LABELS.get(v, v), "value": v} for v in values]


def _date(name: str, *, required: bool) -> dict[str, Any]:
    return _field(
        name,
        "datetime",
        required=required,
        format=DATE_FORMAT,
        date_format="DD.MM.YYYY",
        time_format="HH:mm",
        picker_utc=False,
    )


def post_fields(site: SiteData) -> list[dict[str, Any]]:
    """One editor field per post field, in FIELD_ORDER (the order the file keeps)."""
    regions = [{"label": "Alle Regionen", "value": ALL_REGIONS}] + [
        {"label": r.name, "value": r.slug} for r in site.regions
    ]
    topics = [t.name for t in site.topics]
    make = {
        "title": lambda req: _field("title", "string", required=req),
        "date": lambda req: {**_date("date", required=req), "default": "{{now}}"},
        "regions": lambda req: _field(
            "regions", REGIONS_WIDGET, required=req, multiple=True, min=1, options=regions
        ),
        "category": lambda req: _field(
            "category", "select", required=req, options=[{"label": t, "value": t} for t in topics]
        ),
        "summary": lambda req: _field("summary", "text", required=req),
        "image": lambda req: _field(
            "image",
            "image",
            required=req,
            # No address of a picture on another site; the upload limit is the check's.
            choose_url=False,
            media_library={"config": {"max_file_size": MAX_IMAGE_BYTES}},
        ),
        "image_alt": lambda req: _field("image_alt", ALT_WIDGET, required=req, image_field="image"),
        "status": lambda req: _field(
            "status", "select", required=req, options=_options(STATUSES), default="draft"
        ),
        "modified": lambda req: _date("modified", required=req),
        "slug": lambda req: _field(
            "slug", SLUG_WIDGET, required=req, pattern=[SLUG_RE.pattern, SLUG_MESSAGE]
        ),
    }
    fields = [make[name](name in REQUIRED_FIELDS) for name in FIELD_ORDER]
    # The body comes last in the form; Decap writes it below the front matter.
    fields.insert(
        FIELD_ORDER.index("image_alt") + 1,
        _field(
            "body", BODY_WIDGET, required=False, buttons=BODY_BUTTONS, editor_components=["image"]
        ),
    )
    return fields


SLUG_MESSAGE = "Nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche."
BODY_BUTTONS = [
    "bold",
    "italic",
    "link",
    "heading-two",
    "heading-three",
    "quote",
    "bulleted-list",
    "numbered-list",
]


def news_collection(settings: ShowcaseSettings, site: SiteData) -> Collection:
    """Meldungen: content/news/<yyyy>-<mm>-<dd>-<slug>.md in YAML front matter."""
    return {
        "name": "news",
        "label": "Meldungen",
        "label_singular": "Meldung",
        "description": "Nachrichten aus den Regionen und dem Projekt.",
        "folder": f"{content_folder(settings)}/{settings.article_paths[0]}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "identifier_field": "title",
        # The file name keeps the slug the editor made from the title, never Decap's own.
        "slug": "{{year}}-{{month}}-{{day}}-{{fields.slug}}",
        "summary": "{{title}} ({{day}}.{{month}}.{{year}})",
        "sortable_fields": ["date", "title", "category"],
        "view_filters": [
            {"label": "Entwürfe", "field": "status", "pattern": "draft"},
        ],
        "preview_path": "aktuelles/{{year}}/{{fields.slug}}/",
        "preview_path_date_field": "date",
        "fields": post_fields(site),
    }


def region_texts_collection(settings: ShowcaseSettings, site: SiteData) -> Collection:
    """Regionentexte: one Markdown file per region, listed from the data."""
    folder = f"{content_folder(settings)}/regionen"
    return {
        "name": "region_texts",
        "label": "Regionentexte",
        "description": "Die längeren Texte der Regionsseiten, in Abschnitten (## Leben, ## Arbeiten …).",
        "format": "yaml-frontmatter",
        "files": [
            {
                "name": region.slug,
                "label": region.name,
                "file": f"{folder}/{region.slug}.md",
                "fields": [
                    _field(
                        "body",
                        BODY_WIDGET,
                        required=True,
                        hint="Jeder Abschnitt beginnt mit einer Überschrift der zweiten Ebene "
                        "(## Leben). Jedes Bild braucht eine Beschreibung.",
                        buttons=BODY_BUTTONS,
                        editor_components=["image"],
                    )
                ],
            }
            for region in site.regions
        ],
    }


def pages_collection(settings: ShowcaseSettings, site: SiteData) -> Collection:
    """Seiten: content/pages/<slug>.md (Über das Projekt, Impressum, …)."""
    return {
        "name": "pages",
        "label": "Seiten",
        "label_singular": "Seite",
        "folder": f"{content_folder(settings)}/{settings.page_paths[0]}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "identifier_field": "title",
        "slug": "{{fields.slug}}",
        "fields": [
            _field("title", "string", required=True),
            _field("summary", "text", required=False),
            _field("slug", SLUG_WIDGET, required=True, pattern=[SLUG_RE.pattern, SLUG_MESSAGE]),
            _field(
                "body",
                BODY_WIDGET,
                required=True,
                buttons=BODY_BUTTONS,
                editor_components=["image"],
            ),
        ],
    }


def region_data_collection(settings: ShowcaseSettings, site: SiteData) -> Collection:
    """Regionsdaten: data/regions.yaml as one form, made from its JSON Schema."""
    return {
        "name": "region_data",
        "label": "Regionsdaten",
        "description": "Organisation, Links, Kennzahlen, Portale und Kontakte der Regionen.",
        # Saved by showcase-yaml.js: only the lines of what changed, comments and layout kept
        # (Decap's own "yml" would write the whole file anew and drop every comment).
        "format": DATA_FORMAT,
        "files": [
            {
                "name": "regions",
                "label": "Regionen, Themen und Projekt",
                "file": "data/regions.yaml",
                "fields": schema_fields(SCHEMA),
            }
        ],
    }


URL_MESSAGE = "Bitte eine vollständige Adresse mit https:// (oder http://) eingeben."
PATTERN_MESSAGES = {
    "url": URL_MESSAGE,
    "slug": "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche.",
}


def schema_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Decap fields for the properties of a JSON Schema object, with its required list."""
    required = set(schema.get("required", []))
    return [
        schema_field(name, prop, required=name in required)
        for name, prop in schema["properties"].items()
        if name not in NOT_IN_FORM
    ]


def schema_field(name: str, prop: dict[str, Any], *, required: bool) -> dict[str, Any]:
    """One Decap field for one schema property: object, list, select, number or text."""
    if "enum" in prop:
        return _field(name, "select", required=required, options=_options(prop["enum"]))
    kind = prop.get("type")
    if kind == "object":
        return _field(name, "object", required=required, fields=schema_fields(prop))
    if kind == "array":
        items = prop["items"]
        extra: dict[str, Any] = {}
        if prop.get("minItems"):
            extra["min"] = prop["minItems"]
        if items.get("type") == "object":
            return _field(name, "list", required=required, fields=schema_fields(items), **extra)
        return _field(
            name,
            "list",
            required=required,
            field=schema_field(name, items, required=True),
            **extra,
        )
    if kind in ("number", "integer"):
        extra = {"value_type": "int" if kind == "integer" else "float"}
        for bound in ("minimum", "maximum"):
            if bound in prop:
                extra[bound.removesuffix("imum")] = prop[bound]
        return _field(name, "number", required=required, **extra)
    extra = {}
    if "pattern" in prop:
        message = PATTERN_MESSAGES.get(prop.get("x-kind", ""), "Ungültige Eingabe.")
        extra["pattern"] = [prop["pattern"], message]
    widget = "text" if name in ("summary", "description", "address") else "string"
    return _field(name, widget, required=required, **extra)


def events_collection(settings: ShowcaseSettings, site: SiteData) -> Collection:
    """Termine (events/cms.py), with the site's own widgets for regions, slug and text."""
    from ..events.cms import events_collection as make

    widgets = {"regions": REGIONS_WIDGET, "slug": SLUG_WIDGET, "body": BODY_WIDGET}
    return make(settings, site, widgets)


COLLECTIONS: list[Callable[[ShowcaseSettings, SiteData], Collection]] = [
    news_collection,
    events_collection,
    region_texts_collection,
    pages_collection,
    region_data_collection,
]


def editor_rules(site: SiteData) -> dict[str, Any]:
    """What the editor's own script needs to apply the site's rules in the browser."""
    return {
        "transliteration": {chr(k): v for k, v in TRANSLITERATION.items()},
        "allRegions": ALL_REGIONS,
        "regionNames": {ALL_REGIONS: "Alle Regionen", **{r.slug: r.name for r in site.regions}},
        "imagePattern": MARKDOWN_IMAGE,
        "decorativeClass": DECORATIVE_CLASS,
        # Description field -> image field: the description is required once an image is set.
        "altFor": {"image_alt": "image"},
        "messages": EDITOR_MESSAGES,
        "example": {
            "title": "Grüße aus Südwestfalen",
            "slug": slugify_de("Grüße aus Südwestfalen"),
        },
    }


# Markdown images as the editor writes them: ![alt](src "title"){: .class}. The check reads
# the parsed document (data/post_body.py); this only lets the editor refuse before saving.
MARKDOWN_IMAGE = r'!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)(\{[^}]*\})?'

EDITOR_MESSAGES = {
    "allRegionsAlone": f"„Alle Regionen“ ('{ALL_REGIONS}') steht schon für alle Regionen: "
    "entfernen Sie die übrigen Regionen.",
    "imageNeedsAlt": "Das Titelbild braucht eine Beschreibung: sagen Sie, was das Bild zeigt.",
    "bodyImageNeedsAlt": "Das Bild {src} hat keinen Alternativtext: beschreiben Sie es im Feld "
    "„Alt Text“ des Bildes.",
    "noSlug": "Der Titel braucht Buchstaben oder Ziffern, aus denen die Adresse entsteht.",
}
