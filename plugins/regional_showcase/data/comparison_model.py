"""Typed, read-only objects for the comparison of the regions (data/comparison.yaml).

No I/O here: data/comparison.py validates the file and builds these, once per language.
An `Indicator` is the identity of a comparable figure: one definition, one source, one
reference year. Every `Cell` of its row was measured that way, so a row compares like with
like; a region without such a value has a `missing` reason instead of a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import RegionName

# How a region's value may come from its districts' values. Only counts of the same date
# add up (inhabitants on 31.12.2022); a rate or a value per inhabitant never does, and an
# unweighted mean of district rates would be wrong: such rows show the districts' range.
REGION_VALUES = ("sum", "none")
MEASURES = ("count", "rate")
DISTRICT_TYPES = ("landkreis", "kreisfreie-stadt")


@dataclass(frozen=True)
class ComparisonSource:
    """Where the figures of one or more indicators were read, and under which licence."""

    id: str
    title: str
    organisation: str
    licence: str
    url: str
    note: str | None = None


@dataclass(frozen=True)
class District:
    ags: str  # the official district key (Amtlicher Gemeindeschlüssel, 5 digits)
    name: str
    type: str  # DISTRICT_TYPES


@dataclass(frozen=True)
class DistrictValue:
    district: District
    value: float
    year: int


@dataclass(frozen=True)
class Cell:
    """One region's value of one indicator: a number, a range of district values, or a gap."""

    region: RegionName
    # The whole region's number: the source's own, or derived as `derivation` says; None
    # where only district values exist (then `low`/`high` give their range) or none at all.
    value: float | None
    year: int | None
    derivation: str | None  # "sum": the sum of `districts`, the source's method allows it
    districts: tuple[DistrictValue, ...]
    missing: str | None = None  # why the region has no value (from data/comparison.yaml)

    @property
    def low(self) -> float | None:
        """The smallest district value, or None."""
        return min((d.value for d in self.districts), default=None)

    @property
    def high(self) -> float | None:
        """The largest district value, or None."""
        return max((d.value for d in self.districts), default=None)

    @property
    def years(self) -> tuple[int, ...]:
        """The reference years in this cell, oldest first (one, or two adjacent ones)."""
        found = {d.year for d in self.districts}
        if self.year is not None:
            found.add(self.year)
        return tuple(sorted(found))

    @property
    def filled(self) -> bool:
        return self.missing is None and (self.value is not None or bool(self.districts))


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    definition: str
    unit: str
    decimals: int
    measure: str  # MEASURES
    region_value: str  # REGION_VALUES
    organisation: str
    source: ComparisonSource
    year: int
    as_of: str  # the reference date as the source gives it: "31.12.2022", "Oktober 2023"
    cells: tuple[Cell, ...]  # one per region, in the site's order
    germany: float | None = None  # the same figure for Germany, from the same source

    @property
    def complete(self) -> bool:
        """True when every region has a value."""
        return all(cell.filled for cell in self.cells)


@dataclass(frozen=True)
class RegionCoverage:
    """Which districts stand for a region in the comparison, and what that leaves out. The
    region by slug and name, all the comparison shows of it: its page and downloads stay as
    they are when another field of a region changes."""

    region: RegionName
    districts: tuple[District, ...]
    note: str | None = None


@dataclass(frozen=True)
class NotCompared:
    """A figure that was looked for but is not compared, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Comparison:
    """The comparison of one language's edition."""

    indicators: tuple[Indicator, ...]
    sources: tuple[ComparisonSource, ...]
    coverage: tuple[RegionCoverage, ...]
    not_compared: tuple[NotCompared, ...] = ()

    @property
    def complete_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.complete)
