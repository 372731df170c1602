"""Numbers in data/regions.yaml that no page, chart or download can carry.

YAML reads `.nan` as "not a number" and `.inf` (or `1.0e+400`) as infinity: JSON has no
spelling for either (Python would write `NaN` into regions.json, which no JSON reader
accepts), and German number formatting fails on them, as on `1.0e+308`. JSON Schema cannot
refuse them (every comparison with NaN is false, so it passes `minimum` and `maximum`), so
they are found here, on any field. The ranges of the fields are in the schema
(schema.FIGURE_LIMIT, PERCENT_UNITS, LAT_RANGE); the messages for them are here, chosen by
the schema's `x-kind`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from .problems import Problem
from .schema import FIGURE_LIMIT
from .yaml_source import LocatedYAML, Path_, dotted

# The x-kinds of schema.py whose range errors these messages explain.
LIMIT_KINDS = ("figure", "percent", "not-negative")


def non_finite_paths(value: Any, path: Path_ = ()) -> Iterator[Path_]:
    """Where the data holds NaN or an infinity, at any depth."""
    if isinstance(value, float) and not math.isfinite(value):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from non_finite_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from non_finite_paths(item, (*path, index))


def non_finite_problems(located: LocatedYAML, shown: str) -> list[Problem]:
    """One problem for every NaN or infinity, with the value as it was typed."""
    problems = []
    for path in non_finite_paths(located.data):
        raw = located.raw.get(path, "")
        value = _value_at(located.data, path)
        problems.append(
            Problem(shown, located.line_of(path), dotted(path), non_finite_message(raw, value))
        )
    return problems


def non_finite_message(raw: str, value: float) -> str:
    """Why `raw` (as typed) is refused, and what to write instead."""
    reading = "als „keine Zahl“ (NaN)" if math.isnan(value) else "als „unendlich“"
    return (
        f"'{raw}' ist keine Zahl, die sich zeigen oder herunterladen lässt: YAML liest den Wert "
        f"{reading}; tragen Sie die Zahl selbst ein, mit Punkt vor den Nachkommastellen "
        "(z. B. 51.5)"
    )


def limit_message(kind: str, located: LocatedYAML, path: Path_) -> str | None:
    """The message for the number at `path`, outside the range its x-kind allows; the key
    figure it belongs to names the rule (its unit, its kind). None: the value is outside the
    bound of every figure too, and that message says enough."""
    figure = _value_at(located.data, path[:-1])
    raw = located.raw.get(path, str(figure["value"]))
    if kind != "figure" and not -FIGURE_LIMIT < figure["value"] < FIGURE_LIMIT:
        return None
    if kind == "percent":
        return (
            f"{raw} {figure.get('unit', '%')} ist mehr als das Ganze: ein Anteil in Prozent ist "
            "höchstens 100 (ist der Wert eine Anzahl, geben Sie ihre Einheit an, z. B. "
            "'Personen')"
        )
    if kind == "not-negative":
        return (
            f"{raw} ist negativ: eine Kennzahl der Art '{figure.get('kind')}' ist nie kleiner "
            "als 0 (eine Veränderung, z. B. -3.4 %, hat die Art 'other')"
        )
    return (
        f"{raw} liegt außerhalb dessen, was eine Kennzahl sein kann: erlaubt sind Zahlen "
        "zwischen minus und plus einer Billiarde (10^15, ohne die Grenzen); fehlt ein "
        "Dezimalpunkt, oder passt eine Einheit wie 'Mio. Personen' oder 'Mrd. Euro'?"
    )


def _value_at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data
