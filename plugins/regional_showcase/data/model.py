"""Typed, read-only objects for the site's data. No I/O here: the loader builds them."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ..german import number_de

ROLE_LABELS = {"fallstudie": "Fallstudienregion", "transfer": "Transferregion"}
INITIATIVE_LABELS = {
    "portal": "Portal",
    "initiative": "Initiative",
    "welcome": "Willkommensservice",
}
ALL_REGIONS = "alle"


@dataclass(frozen=True)
class Partner:
    name: str
    seat: str
    website: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Funding:
    ministry: str
    programme: str
    source: str | None = None


@dataclass(frozen=True)
class Output:
    name: str
    description: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Project:
    name: str
    short_name: str
    website: str
    guide_url: str
    funding: Funding
    research_partner: Partner
    practice_partner: Partner | None
    outputs: tuple[Output, ...]
    summary_html: Markup


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Organisation:
    name: str
    legal_form: str
    seat: str
    source: str
    address: str | None = None
    founded: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class Location:
    city: str
    lat: float
    lon: float


@dataclass(frozen=True)
class KeyFigure:
    label: str
    kind: str
    value: float
    unit: str
    year: int
    source: str
    note: str | None = None
    coverage: str = "region"

    @property
    def value_display(self) -> str:
        return number_de(self.value)


@dataclass(frozen=True)
class Initiative:
    name: str
    kind: str
    url: str | None = None
    description: str | None = None

    @property
    def kind_label(self) -> str:
        return INITIATIVE_LABELS[self.kind]


@dataclass(frozen=True)
class Region:
    slug: str
    name: str
    role: str
    summary_html: Markup
    organisation: Organisation
    website: str
    states: tuple[str, ...]
    districts: tuple[str, ...]
    location: Location
    key_figures: tuple[KeyFigure, ...]
    strengths: tuple[str, ...]
    skilled_workers: tuple[Initiative, ...]
    claim: str | None = None
    facebook: str | None = None
    starke_regionen_url: str | None = None
    sources: tuple[str, ...] = ()
    # (heading, html) pairs from content/regionen/<slug>.md, e.g. Leben / Arbeiten.
    sections: tuple[tuple[str, Markup], ...] = ()
    translations: dict[str, dict[str, str]] = field(default_factory=dict, hash=False)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class OpenData:
    """How the data is published on /daten/: the licence key and who publishes it."""

    licence: str = "cc-by-4.0"
    publisher: str | None = None


@dataclass(frozen=True)
class SiteData:
    """Everything data/regions.yaml declares, validated."""

    project: Project
    topics: tuple[Topic, ...]
    regions: tuple[Region, ...]
    open_data: OpenData = field(default_factory=OpenData)

    @property
    def regions_by_slug(self) -> dict[str, Region]:
        return {r.slug: r for r in self.regions}

    def topic_named(self, name_or_slug: str) -> Topic | None:
        """A post's Category may name a topic by its name or its slug."""
        wanted = name_or_slug.strip().casefold()
        for topic in self.topics:
            if wanted in (topic.name.casefold(), topic.slug):
                return topic
        return None
