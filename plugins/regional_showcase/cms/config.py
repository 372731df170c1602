"""The editor's configuration (admin/config.yml), generated at build time.

Nothing here is a second copy of a rule: the post fields, statuses and slug pattern come
from `data/posts.py`, regions and topics from `data/regions.yaml`, and the region data form
from the JSON Schema in `data/schema.py`. A new region, topic or schema field reaches the
editor with the next build. `tests/test_cms_config.py` proves that the editor and
`showcase check` accept the same things.

A content type declares its own collection (content_types/, `cms=`); the collections that
are not content types (pages, region data, redirects) are listed in SITE_COLLECTIONS here, and
cms/editor.py puts both together.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..data.image_files import DECORATIVE_CLASS, IMAGE_DIR, MAX_IMAGE_BYTES
from ..data.model import ALL_REGIONS, SiteData
from ..data.photos import FOCUS, FOCUS_MESSAGE
from ..data.posts import (
    FIELD_ORDER,
    REQUIRED_FIELDS,
    SLUG_RE,
    STATUSES,
    TRANSLATION_FIELDS,
)
from ..data.redirects import ADDRESS_RE, LIST_KEY
from ..data.schema import SCHEMA
from ..german import TRANSLITERATION, slugify_de
from ..settings import ShowcaseSettings
from .labels import HINTS, LANGUAGES, OPTION_LABELS, SINGULAR, SLUG_HINT, label
from .text_facts import text_facts

if TYPE_CHECKING:
    from ..preview.memo import PreviewMemo

Collection = dict[str, Any]
# Widgets defined in static/showcase-cms.js; each adds one rule of the check to Decap's own.
SLUG_WIDGET = "showcase-slug"
REGIONS_WIDGET = "showcase-regions"
ALT_WIDGET = "showcase-alt"
BODY_WIDGET = "showcase-body"
# Decap's list, asking before an item is removed (one click deleted a whole region).
LIST_WIDGET = "showcase-list"
# A number field that reads „63,4“ as 63.4 in every browser locale (Decap's own is an
# <input type=number>, which the browser's locale reads: „63,4“ became 634).
NUMBER_WIDGET = "showcase-number"
# The field a folded list item shows, the first its items have.
SUMMARY_FIELDS = ("name", "label", "title", "city")
# Decap's datetime widget writes the value in this form, which the post rules read as
# Europe/Berlin time; it is also the form `showcase new-post` writes.
DATE_FORMAT = "YYYY-MM-DD HH:mm"
# The file format registered in static/showcase-cms.js for data/regions.yaml.
DATA_FORMAT = "showcase-yaml"
# Keys of regions.yaml the form leaves out, and why (the test holds this list to account).
# Empty: translations have a form per language of the site (SHOWCASE_EDITIONS).
NOT_IN_FORM: dict[str, str] = {}


def content_folder(settings: ShowcaseSettings) -> str:
    """The content folder as the editor names it: relative to the repository (`content`)."""
    return settings.content_path.name


def _field(name: str, widget: str, *, required: bool, **extra: Any) -> dict[str, Any]:
    field = {"name": name, "label": label(name), "widget": widget, "required": required}
    if name in HINTS:
        field["hint"] = HINTS[name].format(max_mb=MAX_IMAGE_BYTES // 1_000_000)
    field.update(extra)
    return field


def _options(values) -> list[dict[str, str]]:
    # Decap wants each label as text, also for a number (a radius of 25 km: label "25").
    return [{"label": str(OPTION_LABELS.get(v, v)), "value": v} for v in values]


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


def post_fields(site: SiteData, lang: str | None = None) -> list[dict[str, Any]]:
    """One editor field per post field, in FIELD_ORDER (the order the file keeps).

    With `lang`, the fields of a translation: regions and topics by their slugs, and after the
    slug the language (fixed) and the German original it translates (chosen by its title)."""
    regions = [{"label": "Alle Regionen", "value": ALL_REGIONS}] + [
        {"label": r.translations.get(lang, {}).get("name", r.name) if lang else r.name,
         "value": r.slug}
        for r in site.regions
    ]  # fmt: skip
    topics = [{"label": t.name, "value": t.slug if lang else t.name} for t in site.topics]
    make = {
        "title": lambda req: _field("title", "string", required=req),
        "date": lambda req: {**_date("date", required=req), "default": "{{now}}"},
        "regions": lambda req: _field(
            "regions", REGIONS_WIDGET, required=req, multiple=True, min=1, options=regions
        ),
        "category": lambda req: _field("category", "select", required=req, options=topics),
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
        # Required by the check once a title picture is set (data/photos.py).
        "image_credit": lambda req: _field("image_credit", "string", required=req),
        "image_licence": lambda req: _field("image_licence", "string", required=req),
        "image_focus": lambda req: _field(
            "image_focus", "string", required=req, pattern=[FOCUS.pattern, FOCUS_MESSAGE]
        ),
        "status": lambda req: _field(
            "status", "select", required=req, options=_options(STATUSES), default="draft"
        ),
        "modified": lambda req: _date("modified", required=req),
        "slug": lambda req: _field(
            "slug",
            SLUG_WIDGET,
            required=req,
            pattern=[SLUG_RE.pattern, SLUG_MESSAGE],
            hint=SLUG_HINT,
        ),
    }
    fields = [make[name](name in REQUIRED_FIELDS) for name in FIELD_ORDER]
    if lang:
        fields += translation_fields("news", lang, required=True)
    # The body comes last in the form; Decap writes it below the front matter.
    fields.insert(
        FIELD_ORDER.index("image_focus") + 1,
        _field(
            "body", BODY_WIDGET, required=False, buttons=BODY_BUTTONS, editor_components=["image"]
        ),
    )
    return fields


def translation_fields(original: str, lang: str, *, required: bool) -> list[dict[str, Any]]:
    """`lang` (fixed) and `translation_key`: the slug of the German entry this translates."""
    assert TRANSLATION_FIELDS == ("lang", "translation_key")
    return [
        {"name": "lang", "label": label("lang"), "widget": "hidden", "default": lang},
        _field(
            "translation_key",
            "relation",
            required=required,
            collection=original,
            search_fields=["title"],
            display_fields=["title"],
            value_field="slug",
        ),
    ]


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


def _in(lang: str | None) -> tuple[str, str, str]:
    """Name suffix, label suffix and sub-folder of a collection in another language."""
    if not lang:
        return "", "", ""
    return f"_{lang}", f" ({LANGUAGES.get(lang, lang)})", f"/{lang}"


def news_collection(
    settings: ShowcaseSettings, site: SiteData, lang: str | None = None
) -> Collection:
    """Meldungen: content/news/<yyyy>-<mm>-<dd>-<slug>.md in YAML front matter.

    With `lang`: the translations in content/news/<lang>/ (the German list leaves that
    folder out: Decap lists a folder's own files only)."""
    name, suffix, folder = _in(lang)
    collection = {
        "name": f"news{name}",
        "label": f"Meldungen{suffix}",
        "label_singular": f"Meldung{suffix}",
        "description": "Nachrichten aus den Regionen und dem Projekt.",
        "folder": f"{content_folder(settings)}/{settings.article_paths[0]}{folder}",
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
        "fields": post_fields(site, lang),
    }
    if not lang:
        collection["preview_path"] = "aktuelles/{{year}}/{{fields.slug}}/"
        collection["preview_path_date_field"] = "date"
    return collection


def region_texts_collection(
    settings: ShowcaseSettings, site: SiteData, lang: str | None = None
) -> Collection:
    """Regionentexte: one Markdown file per region, listed from the data."""
    name, suffix, sub = _in(lang)
    folder = f"{content_folder(settings)}/regionen{sub}"
    return {
        "name": f"region_texts{name}",
        "label": f"Regionentexte{suffix}",
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


def pages_collection(
    settings: ShowcaseSettings, site: SiteData, lang: str | None = None
) -> Collection:
    """Seiten: content/pages/<slug>.md (Über das Projekt, Impressum, …); with `lang`, the
    pages in content/pages/<lang>/, each optionally the translation of a German page."""
    name, suffix, folder = _in(lang)
    fields = [
        _field("title", "string", required=True),
        _field("summary", "text", required=False),
        _field(
            "slug",
            SLUG_WIDGET,
            required=True,
            pattern=[SLUG_RE.pattern, SLUG_MESSAGE],
            hint=SLUG_HINT,
        ),
        # A page that waits for its video (data/operator_pages.py): built once `video` is set.
        _field("requires", "hidden", required=False),
        _field("video", "string", required=False),
        _field("video_download", "string", required=False),
        # For the operator only: `showcase report` lists it, no page shows it.
        _field("note_for_operator", "text", required=False),
        # A page in Leichte Sprache (docs/sprache.md): its lines kept, in larger type.
        _field("sprache", "select", required=False, options=_options(["leicht"])),
    ]
    if lang:
        fields += translation_fields("pages", lang, required=False)
    fields.append(
        _field(
            "body", BODY_WIDGET, required=True, buttons=BODY_BUTTONS, editor_components=["image"]
        )
    )
    return {
        "name": f"pages{name}",
        "label": f"Seiten{suffix}",
        "label_singular": f"Seite{suffix}",
        "folder": f"{content_folder(settings)}/{settings.page_paths[0]}{folder}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "identifier_field": "title",
        "slug": "{{fields.slug}}",
        "fields": fields,
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
                "fields": schema_fields(SCHEMA, settings.languages[1:]),
            }
        ],
    }


def redirects_collection(settings: ShowcaseSettings, site: SiteData) -> Collection:
    """Weiterleitungen: data/weiterleitungen.yaml (data/redirects.py), so staff can leave a
    redirect when they delete or move a published post; `make check` names the entry."""
    address = [ADDRESS_RE.pattern, "Eine Adresse dieser Website mit / am Anfang und Ende."]
    return {
        "name": "redirects",
        "label": "Weiterleitungen",
        "description": (
            "Wohin eine Adresse führt, die einmal online war: nach dem Löschen oder Verschieben "
            "einer veröffentlichten Meldung, Seite oder eines Termins."
        ),
        "format": DATA_FORMAT,
        "files": [
            {
                "name": "redirects",
                "label": "Weiterleitungen",
                "file": "data/weiterleitungen.yaml",
                "fields": [
                    {
                        "name": LIST_KEY,
                        "label": "Weiterleitungen",
                        "label_singular": "Weiterleitung",
                        "widget": "list",
                        "required": False,
                        "summary": "{{fields.from}} → {{fields.to}}",
                        "fields": [
                            {
                                "name": "from",
                                "label": "Alte Adresse",
                                "widget": "string",
                                "required": True,
                                "pattern": address,
                                "hint": "Ohne Domain, z. B. /aktuelles/2021/alte-meldung/",
                            },
                            {
                                "name": "to",
                                "label": "Neue Adresse",
                                "widget": "string",
                                "required": False,
                                "pattern": address,
                                "hint": "Eine Seite dieser Website, z. B. /aktuelles/. Leer "
                                "lassen, wenn die Seite entfernt bleibt.",
                            },
                            {
                                "name": "removed",
                                "label": "Entfernt (ohne Nachfolgeseite)",
                                "widget": "boolean",
                                "required": False,
                                "hint": "Die alte Adresse zeigt „Diese Meldung wurde entfernt“.",
                            },
                            {
                                "name": "reason",
                                "label": "Grund (freiwillig)",
                                "widget": "string",
                                "required": False,
                            },
                        ],
                    }
                ],
            }
        ],
    }


URL_MESSAGE = "Bitte eine vollständige Adresse mit https:// (oder http://) eingeben."
PATTERN_MESSAGES = {
    "url": URL_MESSAGE,
    "slug": "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche.",
}


def schema_fields(schema: dict[str, Any], languages: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Decap fields for the properties of a JSON Schema object, with its required list.

    `translations` (keyed by language code) becomes one folded form per further language of
    the site, made from the translation's schema; without further languages it is left out."""
    required = set(schema.get("required", []))
    fields = []
    for name, prop in schema["properties"].items():
        if name in NOT_IN_FORM or (name == "translations" and not languages):
            continue
        if name == "translations":
            fields.append(translations_field(prop["additionalProperties"], languages))
        else:
            fields.append(schema_field(name, prop, required=name in required, languages=languages))
    return fields


def translations_field(schema: dict[str, Any], languages: tuple[str, ...]) -> dict[str, Any]:
    """translations: {en: {…}}: one object per language, folded until staff open it."""
    per_language = [
        {
            **_field(lang, "object", required=False, fields=schema_fields(schema)),
            "label": LANGUAGES.get(lang, lang),
            "collapsed": True,
        }
        for lang in languages
    ]
    return _field("translations", "object", required=False, fields=per_language, collapsed=True)


def schema_field(
    name: str, prop: dict[str, Any], *, required: bool, languages: tuple[str, ...] = ()
) -> dict[str, Any]:
    """One Decap field for one schema property: object, list, select, number or text."""
    if "enum" in prop:
        return _field(name, "select", required=required, options=_options(prop["enum"]))
    kind = prop.get("type")
    if kind == "object":
        return _field(name, "object", required=required, fields=schema_fields(prop, languages))
    if kind == "array":
        items = prop["items"]
        extra: dict[str, Any] = {}
        if name in SINGULAR:
            extra["label_singular"] = SINGULAR[name]
        if prop.get("minItems"):
            extra["min"] = prop["minItems"]
        if items.get("type") == "object":
            fields = schema_fields(items, languages)
            # A folded item shows its name ("Südwestfalen"), not its first field (the slug).
            shown = next((f for f in SUMMARY_FIELDS if f in items["properties"]), None)
            if shown:
                extra["summary"] = f"{{{{fields.{shown}}}}}"
            return _field(name, LIST_WIDGET, required=required, fields=fields, **extra)
        return _field(
            name,
            LIST_WIDGET,
            required=required,
            field=schema_field(name, items, required=True),
            **extra,
        )
    if kind in ("number", "integer"):
        extra = {"value_type": "int" if kind == "integer" else "float"}
        for bound in ("minimum", "maximum"):
            if bound in prop:
                extra[bound.removesuffix("imum")] = prop[bound]
        return _field(name, NUMBER_WIDGET, required=required, **extra)
    extra = {}
    if "pattern" in prop:
        message = PATTERN_MESSAGES.get(prop.get("x-kind", ""), "Ungültige Eingabe.")
        extra["pattern"] = [prop["pattern"], message]
    widget = "text" if name in ("summary", "description", "address") else "string"
    return _field(name, widget, required=required, **extra)


# The collections that are not content types, after the types' own (cms/editor.py).
SITE_COLLECTIONS: list[Callable[[ShowcaseSettings, SiteData], Collection]] = [
    pages_collection,
    region_data_collection,
    redirects_collection,
]
# The same once more for each further language of the site (SHOWCASE_EDITIONS).
TRANSLATED_SITE_COLLECTIONS: list[Callable[[ShowcaseSettings, SiteData, str], Collection]] = [
    pages_collection,
]


def editor_rules(
    site: SiteData,
    languages: tuple[str, ...] = (),
    *,
    settings: ShowcaseSettings | None = None,
    content: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What the editor's own scripts need to apply the site's rules in the browser.

    With `settings`, also what the content holds when the site is built: the pictures and
    who uses them (an upload must not replace one), and the addresses taken (a new entry's
    slug must be free); `content` is content_state's of `settings` when the caller has it
    already (cms/admin.py: it is part of the kept texts' key)."""
    if content is None:
        content = content_state(settings) if settings else {"images": {}, "taken": {}}
    return {
        **content,
        "editorialWorkflow": bool(settings and settings.cms_editorial_workflow),
        "labels": {
            "image": "Bild",
            "alt": "Bildbeschreibung (Alternativtext)",
            "imageTitle": "Titel beim Zeigen mit der Maus",
        },
        # Texts Decap's packages write in English, not as phrases of its locale.
        "english": ENGLISH_TEXTS,
        "summaryFields": list(SUMMARY_FIELDS),
        # The collections that get the article preview: the posts, in every language.
        "newsCollections": ["news", *(f"news_{lang}" for lang in languages)],
        "regionTextCollections": ["region_texts", *(f"region_texts_{lang}" for lang in languages)],
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


ENGLISH_TEXTS = {"No options": "Keine passende Auswahl"}
NEWS_FILE = re.compile(r"^(\d{4})-\d{2}-\d{2}-(.+)\.md$")


def content_state(
    settings: ShowcaseSettings,
    memo: PreviewMemo | None = None,
    read: Callable[[Path], tuple] | None = None,
) -> dict[str, Any]:
    """The pictures of content/images/ with the entries that use them, and each collection's
    taken addresses ("2026/slug" for posts, whose address has the year; "slug" otherwise).
    `memo` (the preview's) keeps each text's facts while its bytes are the same; `read`
    (the build's: what its check kept) gives text_facts of a file."""
    root = settings.content_path
    if read is None:
        read = text_facts if memo is None else memo.file_facts
    texts = {path: read(path) for path in _markdown(root)}

    images: dict[str, list[str]] = {}
    folder = root / IMAGE_DIR
    if folder.is_dir():
        for picture in sorted(folder.iterdir()):
            if picture.is_file() and not picture.name.startswith("."):
                images[picture.name] = []
    for path, (title, _slug, named) in texts.items():
        used = named & images.keys()
        if used:
            shown = f"{title or path.stem} ({path.relative_to(root.parent)})"
            for name in sorted(used):
                images[name].append(shown)

    def slug_of(path: Path) -> str:
        return texts[path][1] or path.stem

    # Each folder's texts from the walk above, in its order (by path parts, as sorted Paths
    # are): what `sorted(folder.glob("*.md"))` found of them, without listing the folders
    # again and making a Path of each of their 1,000 files (a third of this function's time).
    in_folder: dict[str, list[Path]] = {}
    for path in texts:
        in_folder.setdefault(os.path.dirname(str(path)), []).append(path)
    taken: dict[str, list[str]] = {}
    news = root / settings.article_paths[0]
    for lang in ("", *settings.languages[1:]):
        folder = news / lang if lang else news
        keys = []
        for path in in_folder.get(str(folder), ()):
            match = NEWS_FILE.match(path.name)
            if match:
                keys.append(f"{match.group(1)}/{slug_of(path)}")
        taken[f"news_{lang}" if lang else "news"] = keys
    pages = root / settings.page_paths[0]
    for lang in ("", *settings.languages[1:]):
        folder = pages / lang if lang else pages
        taken[f"pages_{lang}" if lang else "pages"] = [
            slug_of(p) for p in in_folder.get(str(folder), ())
        ]
    # Below the events' folder at any depth (rglob's), in the walk's order.
    events = str(settings.events_path)
    below = events if events.endswith("/") else events + "/"
    taken["events"] = [slug_of(p) for p in texts if str(p).startswith(below)]
    return {"images": images, "taken": taken}


def _markdown(root: Path) -> list[Path]:
    """The Markdown files under root, as sorted(root.rglob("*.md")) orders them (walked with
    os.scandir: pathlib took 5 ms of each preview rebuild at 500 posts).

    What walk_sorted finds (folders entered unless they are links, nothing in or named
    __pycache__), of it what os.path.isfile calls a file (a link to a file too): told by
    each entry's type from the folder's listing, not by a stat of each of 1,000 files."""
    if not root.is_dir():
        return []
    found: list[tuple[list[str], str]] = []
    folders = [str(root)]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                entries = list(listing)
        except OSError:
            continue  # as os.walk: a folder that cannot be listed holds nothing
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif entry.name.endswith(".md") and _is_file(entry):
                found.append((entry.path.split(os.sep), entry.path))
    found.sort(key=lambda item: item[0])
    return [_path(path) for _parts, path in found]


def _path(name: str) -> Path:
    """Path(name), the same object for the same name while the process lives: a Path is a
    value (its parts and hash worked out once), and a process that builds again (`make
    serve`, the build server) asked for a Path of each of 1,000 files in every build, and for
    its hash twice (most of content_state's time)."""
    path = _PATHS.get(name)
    if path is None:
        if len(_PATHS) >= _MAX_PATHS:
            _PATHS.clear()
        path = _PATHS[name] = Path(name)
    return path


# The Paths of _path, by name; emptied when full (files come and go over a long session).
_PATHS: dict[str, Path] = {}
_MAX_PATHS = 100_000


def _is_file(entry: os.DirEntry) -> bool:
    """os.path.isfile of the entry's path: False where it cannot tell (a broken link)."""
    try:
        return entry.is_file()
    except OSError:
        return False


# Markdown images as the editor writes them: ![alt](src "title"){: .class}. The check reads
# the parsed document (data/post_body.py); this only lets the editor refuse before saving.
MARKDOWN_IMAGE = r'!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)(\{[^}]*\})?'

EDITOR_MESSAGES = {
    "allRegionsAlone": f"„Alle Regionen“ ('{ALL_REGIONS}') steht schon für alle Regionen: "
    "entfernen Sie die übrigen Regionen.",
    "imageNeedsAlt": "Das Titelbild braucht eine Beschreibung: sagen Sie, was das Bild zeigt.",
    "bodyImageNeedsAlt": "Das Bild {src} hat keinen Alternativtext: beschreiben Sie es im Feld "
    "„Bildbeschreibung (Alternativtext)“ des Bildes.",
    "noSlug": "Der Titel braucht Buchstaben oder Ziffern, aus denen die Adresse entsteht.",
    "slugTaken": "Die Adresse „{slug}“ hat schon ein anderer Eintrag. Frei ist zum Beispiel "
    "„{free}“: ändern Sie die Adresse oder den Titel.",
    "slugOffered": "„{slug}“ ist schon vergeben; vorgeschlagen ist „{free}“.",
    "notANumber": "{field}: „{text}“ ist keine Zahl. Schreiben Sie sie wie 63,4 oder 1.234 "
    "(Komma vor den Nachkommastellen).",
    "notAWholeNumber": "{field}: „{text}“ ist keine ganze Zahl. Schreiben Sie sie ohne "
    "Nachkommastellen.",
    "outOfRange": "{field}: {text} liegt außerhalb von {min} bis {max}.",
    "confirmRemove": "„{item}“ aus „{list}“ entfernen?\n\nBeim Speichern wird dieser Eintrag "
    "mit allen seinen Angaben aus der Datei gelöscht. „Abbrechen“ behält ihn.",
    "replaceUsed": "Ein Bild „{name}“ gibt es schon. Es wird verwendet von:\n{users}\n\n"
    "„OK“ ersetzt es dort überall durch das neue Bild. „Abbrechen“ lädt nichts hoch; "
    "benennen Sie die Datei dann um und laden Sie sie erneut hoch.",
    "replaceUnknown": "Ein Bild „{name}“ gibt es schon; vielleicht verwendet es ein anderer "
    "Eintrag. „OK“ ersetzt es durch das neue Bild. „Abbrechen“ lädt nichts hoch; benennen "
    "Sie die Datei dann um und laden Sie sie erneut hoch.",
    "pastedTable": "Die Tabelle wurde als Text eingefügt: eine Zeile je Absatz, die Zellen "
    "durch „|“ getrennt. Tabellen kann die Website nicht zeigen; bitte den Text prüfen.",
}
