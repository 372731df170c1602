"""The licences the operator may choose for the open data, and the attribution each requires."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    key: str  # as written in data/regions.yaml (open_data.licence)
    spdx: str  # the SPDX identifier, which Data Package tools know
    title: str
    short_title: str
    url: str

    def attribution(self, publisher: str, dataset_url: str) -> str:
        """The source note ("Quellenvermerk") a re-user must show, in the licence's own form."""
        if self.key == "dl-de-by-2.0":
            # § 2 of the licence: provider, the licence note with its link, the data set's URI.
            return f"Datenquelle: {publisher}, {self.short_title} ({self.url}), {dataset_url}"
        # CC BY 4.0, § 3(a)(1): creator, licence notice with link, the material's URI.
        return (
            f"Daten: {publisher}, {dataset_url}, lizenziert unter {self.short_title} ({self.url})"
        )


LICENCES = {
    "cc-by-4.0": Licence(
        key="cc-by-4.0",
        spdx="CC-BY-4.0",
        title="Creative Commons Namensnennung 4.0 International",
        short_title="CC BY 4.0",
        url="https://creativecommons.org/licenses/by/4.0/deed.de",
    ),
    "dl-de-by-2.0": Licence(
        key="dl-de-by-2.0",
        spdx="DL-DE-BY-2.0",
        title="Datenlizenz Deutschland – Namensnennung – Version 2.0",
        short_title="Datenlizenz Deutschland – Namensnennung – Version 2.0",
        url="https://www.govdata.de/dl-de/by-2-0",
    ),
}


def licence_for(key: str) -> Licence:
    """The licence behind a key of data/regions.yaml (the schema admits only known keys)."""
    return LICENCES[key]
