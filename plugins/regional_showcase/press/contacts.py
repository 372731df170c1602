"""Press contacts per region, taken from the region data: organisations, never persons.

No source names a press office of any partner region (research of 2026, see the operator
notes in data/regions.yaml), so each region shows the general contact of its organisations
and says so: a journalist must not take an info@ address for a press desk.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.model import Entry, Region

# An entry of this kind in a region's contact section is a press desk named by a source.
PRESS_KIND = "press"
CONTACT_KINDS = (PRESS_KIND, "organisation")


@dataclass(frozen=True)
class PressContact:
    """One organisation's contact as the press area shows it."""

    name: str
    is_press_desk: bool  # False: the organisation's general contact
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    source: str | None = None


def press_contacts(region: Region) -> tuple[PressContact, ...]:
    """The region's organisation contacts (press desks first), else its organisation's
    website: every region has someone to ask."""
    entries = [
        entry
        for section in region.sections
        if section.key == "contact"
        for entry in section.entries
        if entry.kind in CONTACT_KINDS
    ]
    entries.sort(key=lambda entry: entry.kind != PRESS_KIND)
    if entries:
        return tuple(_contact(entry) for entry in entries)
    organisation = region.organisation
    website = organisation.website or region.website
    return (PressContact(organisation.name, False, url=website, source=organisation.source),)


def _contact(entry: Entry) -> PressContact:
    return PressContact(
        entry.name,
        entry.kind == PRESS_KIND,
        entry.email,
        entry.phone,
        entry.url or entry.contact_page,
        entry.source,
    )
