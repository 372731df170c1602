"""The web editor's collection for press releases: the post form's fields where a release has
them (post rules, post widgets), plus the press contact and the PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..cms.config import Collection, content_folder, post_fields
from ..data.model import SiteData
from .model import PRESS_DIR
from .rules import OPTIONAL, REQUIRED

if TYPE_CHECKING:
    from ..settings import ShowcaseSettings

# The post fields a release does not have: no topic, the slug is the file name's, and its
# picture is shown whole (no focus).
NOT_FROM_POSTS = ("category", "slug", "image_focus")
LABELS = {"contact": "Pressekontakt (Region)", "pdf": "PDF der Mitteilung"}
HINTS = {
    "contact": "Die Region, deren Kontakt aus den Regionsdaten unter der Mitteilung steht.",
    "pdf": "Optional: die Mitteilung als PDF (höchstens eine Datei, unter images/presse/).",
}


def press_collection(
    settings: ShowcaseSettings, site: SiteData, lang: str | None = None
) -> Collection:
    """Pressemitteilungen: content/presse/<yyyy>-<mm>-<dd>-<slug>.md in YAML front matter."""
    fields = [f for f in post_fields(site) if f["name"] not in NOT_FROM_POSTS]
    for field in fields:
        if field["name"] in REQUIRED + OPTIONAL:
            field["required"] = field["name"] in REQUIRED
    regions = [{"label": r.name, "value": r.slug} for r in site.regions]
    after_regions = next(i for i, f in enumerate(fields) if f["name"] == "regions") + 1
    fields[after_regions:after_regions] = [
        _own("contact", "select", required=True, options=regions),
        _own(
            "pdf",
            "file",
            required=False,
            choose_url=False,
            media_folder=f"/{content_folder(settings)}/images/presse",
            public_folder="images/presse",
        ),
    ]
    return {
        "name": "press",
        "label": "Pressemitteilungen",
        "label_singular": "Pressemitteilung",
        "description": "Mitteilungen an die Presse; sie stehen unter /presse/ und im Pressefeed.",
        "folder": f"{content_folder(settings)}/{PRESS_DIR}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "identifier_field": "title",
        "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
        "summary": "{{title}} ({{day}}.{{month}}.{{year}})",
        "sortable_fields": ["date", "title"],
        "fields": fields,
    }


def _own(name: str, widget: str, *, required: bool, **extra: Any) -> dict[str, Any]:
    field = {"name": name, "label": LABELS[name], "widget": widget, "required": required}
    field["hint"] = HINTS[name]
    field.update(extra)
    return field
