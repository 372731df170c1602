"""The whole web-editor configuration (admin/config.yml): each content type's collection as
it declares it (content_types/), then the site's own collections (cms/config.py)."""

from __future__ import annotations

from typing import Any

from ..content_types.registry import content_types
from ..data.image_files import IMAGE_DIR
from ..data.model import SiteData
from ..settings import ShowcaseSettings
from .config import SITE_COLLECTIONS, TRANSLATED_SITE_COLLECTIONS, Collection, content_folder


def collections(settings: ShowcaseSettings, site: SiteData) -> list[Collection]:
    """The German collections, then those of each further language (SHOWCASE_EDITIONS)."""
    kinds = [kind.cms for kind in content_types() if kind.cms is not None]
    german = [cms.build(settings, site, None) for cms in kinds]
    german += [make(settings, site) for make in SITE_COLLECTIONS]
    translated = []
    for lang in settings.languages[1:]:
        translated += [cms.build(settings, site, lang) for cms in kinds if cms.per_language]
        translated += [make(settings, site, lang) for make in TRANSLATED_SITE_COLLECTIONS]
    return german + translated


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
        "collections": collections(settings, site),
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
