"""Starting a news post with every required field filled in.

Interactive (`make post`), a wrong answer is explained and asked again; what was typed before
stays. Regions may be given as slugs or as their names (`Südwestfalen`), separated by commas
or spaces. The post is written with a YAML front matter, in the web editor's key order, so
that the web editor opens it and saves back only what was edited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from ..data.loader import load_site_data
from ..data.model import ALL_REGIONS, SiteData
from ..data.placeholders import BODY_PLACEHOLDER, SUMMARY_PLACEHOLDER
from ..data.posts import unknown_category, unknown_region
from ..german import slugify_de
from ..markup import render_markdown
from ..settings import ShowcaseSettings

__all__ = ["SUMMARY_PLACEHOLDER", "create_post", "resolve_regions"]


def resolve_regions(answers: list[str], site: SiteData) -> list[str]:
    """Region slugs from what was typed: slugs or names, separated by commas or spaces.

    Raises ValueError naming the first word that is no region, with a suggestion.
    """
    known: dict[str, str] = {ALL_REGIONS: ALL_REGIONS}
    for region in site.regions:
        known[region.slug] = region.slug
        known[slugify_de(region.name)] = region.slug
    slugs: list[str] = []
    for answer in answers:
        for part in re.split(r"[,;]", answer):
            words = part.split()
            start = 0
            while start < len(words):
                # The longest run of words that names a region: 'Vierländerregion Bodensee'.
                for end in range(len(words), start, -1):
                    slug = known.get(slugify_de(" ".join(words[start:end])))
                    if slug:
                        break
                else:
                    raise ValueError(unknown_region(words[start], [r.slug for r in site.regions]))
                if slug not in slugs:
                    slugs.append(slug)
                start = end
    if not slugs:
        raise ValueError("geben Sie mindestens eine Region an, oder 'alle'")
    if ALL_REGIONS in slugs and len(slugs) > 1:
        raise ValueError("'alle' steht schon für alle Regionen: geben Sie nur 'alle' an")
    return slugs


def create_post(
    settings: ShowcaseSettings,
    *,
    title: str | None,
    regions: list[str] | None,
    topic: str | None,
    summary: str | None = None,
    ask: Callable[[str], str] | None = None,
    tell: Callable[[str], None] = print,
    now: dt.datetime | None = None,
) -> Path:
    """Write content/news/<yyyy>-<mm>-<dd>-<slug>.md as a draft; never overwrite a file.

    Without `ask` (no terminal), a missing or wrong value raises ValueError. With it, the
    question is asked (again) until the answer is usable.
    """
    site = load_site_data(settings.data, render=render_markdown)
    topics = [t.name for t in site.topics]

    def title_of(text: str) -> str:
        if not slugify_de(text):
            raise ValueError(f"der Titel '{text}' braucht Buchstaben oder Ziffern")
        return text

    def topic_of(text: str) -> str:
        chosen = site.topic_named(text)
        if chosen is None:
            raise ValueError(unknown_category(text, topics))
        return chosen.name

    def value(given, prompt: str, flag: str, parse: Callable):
        if given:
            try:
                return parse(given)
            except ValueError as error:
                if ask is None:
                    raise
                tell(f"{error}.")
        if ask is None:
            raise ValueError(f"Angabe fehlt: {flag}")
        while True:
            answer = ask(prompt).strip()
            if answer:
                try:
                    return parse(answer)
                except ValueError as error:
                    tell(f"{error}. Bitte noch einmal.")

    slugs = [r.slug for r in site.regions]
    title = value(title, "Titel: ", "--title", title_of)
    regions = value(
        regions,
        f"Regionen (Namen oder {', '.join(slugs)}; mehrere mit Komma; oder alle): ",
        "--region",
        lambda given: resolve_regions(given if isinstance(given, list) else [given], site),
    )
    category = value(topic, f"Kategorie ({', '.join(topics)}): ", "--topic", topic_of)
    if not summary and ask is not None:
        summary = ask("Kurzfassung (ein bis zwei Sätze, leer lassen für später): ").strip()
    summary = summary or SUMMARY_PLACEHOLDER

    now = now or dt.datetime.now(ZoneInfo(settings.timezone))
    slug = slugify_de(title)
    path = settings.news_dir / f"{now:%Y-%m-%d}-{slug}.md"
    fields = {
        "title": title,
        "date": f"{now:%Y-%m-%d %H:%M}",
        "regions": regions,
        "category": category,
        "summary": summary,
        "status": "draft",
        "slug": slug,
    }
    text = "---\n" + "".join(_yaml_field(k, v) for k, v in fields.items()) + "---\n\n"
    text += BODY_PLACEHOLDER + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise FileExistsError(f"{path} gibt es schon; wählen Sie einen anderen Titel") from None
    return path


def _yaml_field(key: str, value: str | list[str]) -> str:
    """One front matter field; YAML quotes what it would otherwise misread ('no', 'a: b')."""
    if isinstance(value, list):
        return f"{key}:\n" + "".join(f"  - {_scalar(item)}\n" for item in value)
    return f"{key}: {_scalar(value)}\n"


def _scalar(value: str) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**6, default_style=None)
    return dumped.removesuffix("\n").removesuffix("\n...")
