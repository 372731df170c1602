"""The project's facts sheet, generated from data/regions.yaml: nothing on it is typed twice.

Districts are listed per region and never counted across regions: a district can belong to
two partner regions (Landkreis Lindau to the Allgäu and to the Bodensee region).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.model import Funding, Output, Partner, Project, Region, SiteData


@dataclass(frozen=True)
class RegionFacts:
    """One row of the facts sheet."""

    region: Region
    organisation: str
    states: tuple[str, ...]
    countries: tuple[str, ...]
    districts: tuple[str, ...]


@dataclass(frozen=True)
class FactsSheet:
    """What the press asks first: who, where, funded by whom, with what results."""

    project: Project
    funding: Funding
    research_partner: Partner
    practice_partner: Partner | None
    regions: tuple[RegionFacts, ...]
    results: tuple[Output, ...]


def facts_sheet(site: SiteData) -> FactsSheet:
    """The facts sheet of one language's data (SiteData or one of its editions)."""
    project = site.project
    return FactsSheet(
        project,
        project.funding,
        project.research_partner,
        project.practice_partner,
        tuple(
            RegionFacts(r, r.organisation.name, r.states, r.countries, r.districts)
            for r in site.regions
        ),
        project.outputs,
    )
