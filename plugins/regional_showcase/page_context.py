"""What every page of one edition sees from the plugin: typed, read-only, named once.

docs/template-context.md lists these names with `PageContext` as their source, and
tests/test_template_contract.py holds the list and these fields to each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from markupsafe import Markup

from .data.comparison_model import Comparison
from .data.model import KeyFigure, Project, Region, Topic
from .feeds import Feed
from .pictures.charts import Chart
from .pictures.images import LeadImage


@dataclass(frozen=True)
class PageContext:
    """The plugin's names on every page of an edition (its data and its URL helpers)."""

    project: Project
    regions: list[Region]
    topics: list[Topic]
    site_feeds: list[Feed]
    url_for: Callable[[Region | Topic], str]
    overview_url: Callable[..., str]
    feeds_for: Callable[[Region | Topic | None], list[Feed]]
    social_image_for: Callable[[Region | Topic | None], str]
    illustration_for: Callable[[Region | None], str]
    # The region's own photo with its credit line, or None: then the drawing.
    region_photo: Callable[[Region], LeadImage | None]
    open_data_url: Callable[[Region | None], str]
    figures_for: Callable[[Any], tuple[KeyFigure, ...]]
    figure_charts: list[Chart]
    # None where the site has no comparison: templates then leave its links out.
    comparison: Comparison | None
    asset: Callable[[str], str]
    # The start page of every language, where the language switcher goes when this page
    # has no translation.
    edition_homes: Mapping[str, str]
    germany_map: Markup

    def names(self) -> dict[str, Any]:
        """The fields as the template context's names (a shallow dict: values stay as they are)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}
