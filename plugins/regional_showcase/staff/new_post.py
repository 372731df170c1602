"""Starting a news post with every required field filled in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from ..data.checks import news_dir
from ..data.loader import load_site_data
from ..data.model import ALL_REGIONS
from ..data.posts import unknown_category, unknown_region
from ..german import slugify_de

SUMMARY_PLACEHOLDER = "Kurzfassung in ein bis zwei Sätzen."


def create_post(
    settings: dict,
    *,
    title: str | None,
    regions: list[str] | None,
    topic: str | None,
    summary: str | None = None,
    ask: Callable[[str], str] | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write content/news/<yyyy>-<mm>-<dd>-<slug>.md as a draft; never overwrite a file."""
    site = load_site_data(Path(settings["SHOWCASE_DATA"]))
    slugs = [r.slug for r in site.regions]
    topics = [t.name for t in site.topics]

    def need(value, prompt: str, flag: str):
        if value:
            return value
        if ask is None:
            raise ValueError(f"Angabe fehlt: {flag}")
        return ask(prompt).strip()

    title = need(title, "Titel: ", "--title")
    if not slugify_de(title):
        raise ValueError(f"der Titel '{title}' braucht Buchstaben oder Ziffern")
    if not regions:
        regions = [
            r.strip()
            for r in need(None, f"Regionen ({', '.join(slugs)} oder alle): ", "--region").split(",")
            if r.strip()
        ]
    for region in regions:
        if region not in (*slugs, ALL_REGIONS):
            raise ValueError(unknown_region(region, slugs))
    topic = need(topic, f"Kategorie ({', '.join(topics)}): ", "--topic")
    chosen = site.topic_named(topic)
    if chosen is None:
        raise ValueError(unknown_category(topic, topics))
    summary = summary or (ask("Kurzfassung: ").strip() if ask else "") or SUMMARY_PLACEHOLDER

    now = now or dt.datetime.now(ZoneInfo(settings.get("TIMEZONE", "Europe/Berlin")))
    slug = slugify_de(title)
    path = news_dir(settings) / f"{now:%Y-%m-%d}-{slug}.md"
    text = (
        f"Title: {title}\n"
        f"Date: {now:%Y-%m-%d %H:%M}\n"
        f"Category: {chosen.name}\n"
        f"Regions: {', '.join(regions)}\n"
        f"Slug: {slug}\n"
        f"Summary: {summary}\n"
        "Status: draft\n"
        "\n"
        "Hier steht der Text der Meldung, in Markdown.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise FileExistsError(f"{path} gibt es schon; wählen Sie einen anderen Titel") from None
    return path
