"""The build's side of data/operator_pages.py: operator facts written into the pages, and
pages that wait for their content (`requires: video`) left out of the whole build."""

from __future__ import annotations

from pelican.contents import Page

from .data.operator_pages import MARKER, fill_facts, waiting_for
from .settings import showcase_settings

# Every list of pages PagesGenerator keeps; the context holds the same list objects.
_PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def fill_operator_facts(instance) -> None:
    """content_object_init: a page's `{betreiber:…}` becomes the operator's fact."""
    if not isinstance(instance, Page) or not MARKER.search(instance._content or ""):
        return
    facts = showcase_settings(instance.settings).operator
    instance._content = fill_facts(instance._content, facts)


def hold_back_pages(generator) -> None:
    """page_generator_finalized: a page still waiting for its content is not written, listed
    or linkable: a `{filename}` link to it fails the build like one to a missing file."""
    waiting = {
        id(page)
        for name in _PAGE_LISTS
        for page in getattr(generator, name, ())
        if waiting_for(page.metadata)
    }
    if not waiting:
        return
    for name in _PAGE_LISTS:
        pages = getattr(generator, name, None)
        if pages is not None:
            pages[:] = [page for page in pages if id(page) not in waiting]
    generated = generator.context.get("generated_content", {})
    for path in [path for path, content in generated.items() if id(content) in waiting]:
        del generated[path]
