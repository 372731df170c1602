"""Numbers the downloads cannot carry are refused, and no download can carry a formula.

The rules are checked by loading the real data/regions.yaml with one value changed (the
loader takes about 30 ms), the CSV and JSON writers by calling them; only the sentence of the
/daten/ page is read from the shared publish build.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from regional_showcase.data.loader import load_site_data
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.markup import render_markdown
from regional_showcase.opendata.downloads import csv_columns, key_figures_csv, to_json

from expectations import ROOT

DATA = "data/regions.yaml"
REAL_DATA = (ROOT / DATA).read_text(encoding="utf-8")
# Südwestfalen's Erwerbstätigenquote (kind 'other', in %); Allgäu's population is 804876.
PERCENT = "        value: 63.1\n"
FIELD = "regions[0].key_figures[1].value"
NOT_A_NUMBER = (
    "ist keine Zahl, die sich zeigen oder herunterladen lässt: YAML liest den Wert als "
    "„keine Zahl“ (NaN); tragen Sie die Zahl selbst ein, mit Punkt vor den "
    "Nachkommastellen (z. B. 51.5)"
)
TOO_LARGE = (
    "liegt außerhalb dessen, was eine Kennzahl sein kann: erlaubt sind Zahlen zwischen minus "
    "und plus einer Billiarde (10^15, ohne die Grenzen); fehlt ein Dezimalpunkt, oder passt "
    "eine Einheit wie 'Mio. Personen' oder 'Mrd. Euro'?"
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    return tmp_path


def messages(old: str, new: str) -> list[str]:
    """Every problem of the real data with `old` (once) replaced by `new`, without file:line."""
    assert REAL_DATA.count(old) >= 1, old
    text = REAL_DATA.replace(old, new, 1)
    Path(DATA).write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_site_data(Path(DATA), render=render_markdown)
    line = text[: text.index(new)].count("\n") + 1 + new[: len(new.rstrip())].count("\n")
    problems = failed.value.problems
    assert all(p.line == line for p in problems), [str(p) for p in problems]
    return [f"{p.field}: {p.message}" for p in problems]


CASES = [
    (
        "latitude not a number",
        "lat: 51.033",
        "lat: .nan",
        [f"regions[0].location.lat: '.nan' {NOT_A_NUMBER}"],
    ),
    (
        "longitude infinite",
        "lon: 7.85}",
        "lon: -.inf}",
        [
            "regions[0].location.lon: '-.inf' ist keine Zahl, die sich zeigen oder "
            "herunterladen lässt: YAML liest den Wert als „unendlich“; tragen Sie die Zahl "
            "selbst ein, mit Punkt vor den Nachkommastellen (z. B. 51.5)"
        ],
    ),
    (
        "a year that is not a number, told once",
        "        year: 2023\n",
        "        year: .NaN\n",
        [f"regions[0].key_figures[0].year: '.NaN' {NOT_A_NUMBER}"],
    ),
    (
        "a figure too large to show, told once although it is a percentage too",
        PERCENT,
        "        value: 1.0e+308\n",
        [f"{FIELD}: 1.0e+308 {TOO_LARGE}"],
    ),
    (
        "a figure too small",
        "        value: 804876\n",
        "        value: -1000000000000000\n",
        [f"regions[1].key_figures[2].value: -1000000000000000 {TOO_LARGE}"],
    ),
    (
        "a percentage over 100",
        PERCENT,
        "        value: 100.5\n",
        [
            f"{FIELD}: 100.5 % ist mehr als das Ganze: ein Anteil in Prozent ist höchstens 100 "
            "(ist der Wert eine Anzahl, geben Sie ihre Einheit an, z. B. 'Personen')"
        ],
    ),
    (
        "a negative count",
        "        value: 804876\n",
        "        value: -804876\n",
        [
            "regions[1].key_figures[2].value: -804876 ist negativ: eine Kennzahl der Art "
            "'population' ist nie kleiner als 0 (eine Veränderung, z. B. -3.4 %, hat die Art "
            "'other')"
        ],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_number_outside_its_limits_is_refused(folder, old, new, expected):
    assert messages(old, new) == expected


def test_a_change_in_percent_may_be_negative_and_the_limits_hold(folder):
    """Kind 'other' in % (a change) may be below 0; 100 % and 10^15 - 1 are still figures."""
    text = (
        REAL_DATA.replace(PERCENT, "        value: -3.4\n", 1)
        .replace("        value: 804876\n", "        value: 999999999999999\n", 1)
        .replace("        value: 5.6\n", "        value: 100\n", 1)
    )
    Path(DATA).write_text(text, encoding="utf-8")
    first, second = load_site_data(Path(DATA), render=render_markdown).regions[:2]
    assert first.key_figures[1].value == -3.4
    assert first.section("work").figures[0].value == 100
    assert second.key_figures[2].value == 999999999999999


# ---------- the writers ----------


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / DATA, render=render_markdown)


def test_csv_text_cells_that_start_a_formula_are_neutralised(site):
    first = site.regions[0]
    labels = ['=HYPERLINK("https://example.org")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    figures = tuple(
        replace(first.key_figures[0], label=label, note="-3 % zum Vorjahr", value=-3.5)
        for label in labels
    )
    changed = replace(site, regions=(replace(first, key_figures=figures, sections=()),))
    rows = list(csv.DictReader(io.StringIO(key_figures_csv(changed))))
    assert [row["label"] for row in rows] == ["'" + label for label in labels]
    assert {row["note"] for row in rows} == {"'-3 % zum Vorjahr"}
    # A real negative number in a number column stays a number.
    assert {row["value"] for row in rows} == {"-3.5"}
    assert list(rows[0]) == csv_columns()


def test_json_never_writes_nan_or_infinity():
    assert to_json({"lat": 51.5}) == '{\n  "lat": 51.5\n}\n'
    for value in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
            to_json({"lat": value})
    json.loads(to_json({"value": 999999999999999}))


@pytest.mark.build
def test_the_data_page_says_how_the_csv_cells_are_protected(published):
    items = [" ".join(li.text_content().split()) for li in published.page("daten/").iter("li")]
    assert any(
        "Ein Textfeld, das mit =, +, -, @, einem Tabulator oder einem Wagenrücklauf beginnt, "
        "steht mit einem Apostroph davor in der Datei ('=…), damit kein Tabellenprogramm es als "
        "Formel ausführt. Zahlen bleiben Zahlen, auch negative wie -3.4." in item
        for item in items
    )
