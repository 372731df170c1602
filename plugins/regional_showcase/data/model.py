"""Typed, read-only objects for the site's data. No I/O here: the loader builds them."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ..german import number_de
from .job_search import ENGLISH_JOB_SEARCH, OCCUPATIONS, RECOGNITION_FINDER, job_search_url

ROLE_LABELS = {"fallstudie": "Fallstudienregion", "transfer": "Transferregion"}
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
    # "rund", "mehr als", "knapp" …: part of the figure, shown wherever the number is.
    qualifier: str | None = None
    # Digits after the comma, where they carry meaning: prices are shown as 9,90 €/m².
    decimals: int | None = None

    @property
    def number_display(self) -> str:
        """The number alone in German notation: '1,26'."""
        return number_de(self.value, self.decimals)

    @property
    def value_display(self) -> str:
        """The number with its qualifier: 'mehr als 700'."""
        number = self.number_display
        return f"{self.qualifier} {number}" if self.qualifier else number


@dataclass(frozen=True)
class Entry:
    """A portal, programme, service, place or contact of a region section (never a person)."""

    name: str
    # In a translated edition, the German name where the translation gives its own
    # (localize.py): shown beside it, marked as German.
    original_name: str | None = None
    kind: str | None = None
    description: str | None = None
    url: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    # Where the source says readers reach the organisation, when it gives no e-mail or phone.
    contact_page: str | None = None
    source: str | None = None
    # For the operator only (`showcase report`), e.g. that a phone number dates from 2018: no
    # template shows it, the open data leaves it out.
    note_for_operator: str | None = field(default=None, metadata={"published": False})


@dataclass(frozen=True)
class JobPortal:
    """The region's own job portal."""

    name: str
    url: str
    description: str | None = None
    # Only the languages its source names: a reader from abroad chooses by them.
    languages: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class JobSearch:
    """The Bundesagentur's job search around a town of the region (job_search.py)."""

    place: str
    radius: int

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """(occupation key, search address) for each occupation the regions recruit."""
        return tuple(
            (key, job_search_url(words, self.place, self.radius)) for key, words in OCCUPATIONS
        )


@dataclass(frozen=True)
class Jobs:
    """How a reader gets from the region page to work."""

    search: JobSearch
    portal: JobPortal | None = None

    # The same for every region, offered where the page is not German.
    english_search = ENGLISH_JOB_SEARCH
    recognition_finder = RECOGNITION_FINDER


@dataclass(frozen=True)
class Section:
    """One of the six questions a region page answers (sections.SECTIONS), in page order."""

    key: str
    heading: str
    text_html: Markup = field(default_factory=Markup)
    entries: tuple[Entry, ...] = ()
    figures: tuple[KeyFigure, ...] = ()

    @property
    def filled(self) -> bool:
        """True when the page has anything to show under this heading."""
        return bool(self.text_html.strip() or self.entries or self.figures)


@dataclass(frozen=True)
class Source:
    url: str
    title: str | None = None
    note: str | None = None
    # For the operator only (`showcase report`): no template shows it, the open data leaves
    # it out.
    note_for_operator: str | None = field(default=None, metadata={"published": False})


@dataclass(frozen=True)
class Photo:
    """A photo the region provides, with the credit and licence it may be shown under."""

    file: str  # below content/, e.g. images/regionen/allgaeu.jpg
    alt: str
    credit: str | None = None
    licence: str | None = None
    # The point that must stay in view when the photo is cropped, as 'x% y%' (photos.py).
    focus: str | None = None


@dataclass(frozen=True)
class RegionName:
    """A region as a list or table names and links it: its slug and name. A page that holds
    these, not the Region, is not rendered again when another field of the region changes
    (its claim, say): the events' lists, the comparison."""

    slug: str
    name: str


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
    landscape: str
    # The six sections, always all of them and in page order; an empty one is not shown.
    sections: tuple[Section, ...] = ()
    countries: tuple[str, ...] = ()
    claim: str | None = None
    facebook: str | None = None
    starke_regionen_url: str | None = None
    jobs: Jobs | None = None
    sources: tuple[Source, ...] = ()
    translations: dict[str, dict[str, str]] = field(default_factory=dict, hash=False)
    # Shown with its credit line where the region provides one; else the drawing.
    photo: Photo | None = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def filled_sections(self) -> tuple[Section, ...]:
        """The sections that have something to show, in page order."""
        return tuple(s for s in self.sections if s.filled)

    def section(self, key: str) -> Section:
        """The section with this key (sections.SECTION_KEYS)."""
        return next(s for s in self.sections if s.key == key)


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
    # The same data in each further language (localize.py), e.g. editions["en"]. Built from
    # the translations the regions already carry, so the open data leaves it out.
    editions: dict[str, SiteData] = field(
        default_factory=dict, hash=False, metadata={"published": False}
    )

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
