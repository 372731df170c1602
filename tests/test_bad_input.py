"""Bad input fails the build with every problem located: file, line, field and a fix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitebuild import run_build, run_showcase

DATA = "data/regions.yaml"
GOOD_POST = """Title: Ein Testbeitrag
Date: 2024-03-01 10:00
Category: Fachkräfte
Regions: allgaeu
Summary: Eine Kurzfassung.

Ein Text.
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing needle."""
    hits = [i for i, line in enumerate(text.splitlines(keepends=True), 1) if needle in line]
    return hits[occurrence - 1]


@dataclass
class Case:
    name: str
    change: Callable[[Path], str]  # changes the project copy, returns the expected message


def edit_data(old: str, new: str, expected: Callable[[str], str]) -> Callable[[Path], str]:
    def change(project: Path) -> str:
        file = project / DATA
        text = file.read_text(encoding="utf-8")
        assert old in text, old
        text = text.replace(old, new, 1)
        file.write_text(text, encoding="utf-8")
        return expected(text)

    return change


def add_post(name: str, text: str, expected: str) -> Callable[[Path], str]:
    def change(project: Path) -> str:
        (project / "content/news" / name).write_text(text, encoding="utf-8")
        return expected

    return change


def post(**fields: str) -> str:
    """GOOD_POST with fields replaced (value None removes the line)."""
    lines = GOOD_POST.splitlines()
    for key, value in fields.items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        if value is None:
            del lines[index]
        else:
            lines[index] = f"{key}: {value}"
    return "\n".join(lines) + "\n"


CASES = [
    Case(
        "unknown field",
        edit_data(
            "    website: https://www.suedwestfalen.com/",
            "    webiste: https://www.suedwestfalen.com/",
            lambda t: (
                f"{DATA}:{line_of(t, 'webiste')}: regions[0].webiste: unknown field "
                "(meinten Sie 'website'?)"
            ),
        ),
    ),
    Case(
        "missing field",
        edit_data(
            "    name: Südwestfalen\n",
            "",
            lambda t: (
                f"{DATA}:{line_of(t, '- slug: suedwestfalen')}: regions[0].name: "
                "missing required field"
            ),
        ),
    ),
    Case(
        "duplicate slug",
        edit_data(
            "- slug: allgaeu",
            "- slug: suedwestfalen",
            lambda t: (
                f"{DATA}:{line_of(t, '- slug: suedwestfalen', 2)}: regions[1].slug: duplicate "
                f"slug 'suedwestfalen' (already used by regions[0] on line "
                f"{line_of(t, '- slug: suedwestfalen')}; choose another)"
            ),
        ),
    ),
    Case(
        "slug with umlaut",
        edit_data(
            "- slug: allgaeu",
            "- slug: Allgäu",
            lambda t: (
                f"{DATA}:{line_of(t, 'slug: Allgäu')}: regions[1].slug: slug 'Allgäu' may "
                "only use a-z, 0-9 and '-' (try 'allgaeu')"
            ),
        ),
    ),
    Case(
        "javascript link",
        edit_data(
            "    website: https://www.suedwestfalen.com/",
            "    website: javascript:alert(1)",
            lambda t: (
                f"{DATA}:{line_of(t, 'javascript:')}: regions[0].website: "
                "'javascript:alert(1)' is not an allowed link: use a full http(s) address "
                "such as https://www.example.de/"
            ),
        ),
    ),
    Case(
        "latitude outside Germany",
        edit_data(
            "lat: 51.033",
            "lat: 61.033",
            lambda t: (
                f"{DATA}:{line_of(t, 'lat: 61.033')}: regions[0].location.lat: latitude "
                "61.033 is outside Germany (45 to 56); check for swapped lat/lon or a missing "
                "decimal point"
            ),
        ),
    ),
    Case(
        "text instead of list",
        edit_data(
            "states: [Nordrhein-Westfalen]",
            "states: Nordrhein-Westfalen",
            lambda t: (
                f"{DATA}:{line_of(t, 'states: Nordrhein-Westfalen')}: regions[0].states: "
                "expected a list, got a text (write it as a list: [Nordrhein-Westfalen])"
            ),
        ),
    ),
    Case(
        "number in quotes",
        edit_data(
            "        value: 350\n",
            '        value: "rund 350"\n',
            lambda t: (
                f"{DATA}:{line_of(t, 'rund 350')}: regions[0].key_figures[0].value: expected "
                "a number, got a text (write the number without quotes or units; the unit "
                "has its own field)"
            ),
        ),
    ),
    Case(
        "unknown role",
        edit_data(
            "    role: fallstudie",
            "    role: fallstudy",
            lambda t: (
                f"{DATA}:{line_of(t, 'fallstudy')}: regions[0].role: 'fallstudy' is not "
                "allowed: use one of 'fallstudie', 'transfer' (meinten Sie 'fallstudie'?)"
            ),
        ),
    ),
    Case(
        "YAML syntax error",
        edit_data(
            "    name: Südwestfalen\n",
            "    name: Südwestfalen: Alles echt\n",
            lambda t: (
                f"{DATA}:{line_of(t, 'Südwestfalen: Alles echt')}: YAML syntax error at "
                "column 23: mapping values are not allowed in this context (check the indentation, and "
                "put values that contain ': ' or '#' in quotes)"
            ),
        ),
    ),
    Case(
        "duplicate key",
        edit_data(
            "    name: Südwestfalen\n",
            "    name: Südwestfalen\n    name: Sauerland\n",
            lambda t: (
                f"{DATA}:{line_of(t, 'name: Sauerland')}: regions[0].name: duplicate key "
                f"(first given on line {line_of(t, 'name: Südwestfalen')}; remove one of them)"
            ),
        ),
    ),
    Case(
        "empty data file",
        lambda p: (
            (p / DATA).write_text("# nur ein Kommentar\n")
            and f"{DATA}:1: the file is empty: expected the sections 'project', 'topics' and 'regions'"
        ),
    ),
    Case(
        "region text for unknown region",
        lambda p: (
            (p / "content/regionen/allgau.md").write_text("## Leben\n\nText.\n")
            and "content/regionen/allgau.md:1: unknown region 'allgau' (meinten Sie 'allgaeu'?): the "
            "file name must be a region slug"
        ),
    ),
    Case(
        "post: unknown region",
        add_post(
            "2024-03-01-test.md",
            post(Regions="allgau"),
            "content/news/2024-03-01-test.md:4: regions: unknown region 'allgau' "
            "(meinten Sie 'allgaeu'?)",
        ),
    ),
    Case(
        "post: unknown topic",
        add_post(
            "2024-03-01-test.md",
            post(Category="Fachkraft"),
            "content/news/2024-03-01-test.md:3: category: unknown topic 'Fachkraft' (meinten Sie "
            "'Fachkräfte'?); topics are 'Fachkräfte', 'Standortmarketing', 'Innovation & "
            "Strukturwandel', 'Leben auf dem Land', 'Projekt'",
        ),
    ),
    Case(
        "post: no title",
        add_post(
            "2024-03-01-test.md",
            post(Title=None),
            "content/news/2024-03-01-test.md:1: title: missing title: add a line 'Title: …' to the "
            "header",
        ),
    ),
    Case(
        "post: no date",
        add_post(
            "2024-03-01-test.md",
            post(Date=None),
            "content/news/2024-03-01-test.md:1: date: missing date: add a line 'Date: …' to the "
            "header",
        ),
    ),
    Case(
        "post: impossible date",
        add_post(
            "2024-03-01-test.md",
            post(Date="2024-02-30"),
            "content/news/2024-03-01-test.md:2: Date: unmögliches Datum '2024-02-30': schreiben "
            "Sie TT.MM.JJJJ oder TT.MM.JJJJ HH:MM, z. B. 25.05.2022 10:00",
        ),
    ),
    Case(
        "post: misspelt field",
        add_post(
            "2024-03-01-test.md",
            GOOD_POST.replace("Summary:", "Sumary:"),
            "content/news/2024-03-01-test.md:5: sumary: unknown field (meinten Sie 'summary'?)",
        ),
    ),
    Case(
        "post: javascript link",
        add_post(
            "2024-03-01-test.md",
            GOOD_POST + "\n[Klick](javascript:alert(1))\n",
            "content/news/2024-03-01-test.md:9: content: link 'javascript:alert(1' is not allowed: "
            "use http(s), mailto or tel",
        ),
    ),
    Case(
        "post: broken YAML front matter",
        add_post(
            "2024-03-01-test.md",
            "---\ntitle: Test: kaputt\ndate: 2024-03-01\n---\nText\n",
            "content/news/2024-03-01-test.md:2: YAML front matter syntax error: mapping values are "
            "not allowed here (put values containing ': ' in quotes)",
        ),
    ),
    Case(
        "post: unclosed YAML front matter",
        add_post(
            "2024-03-01-test.md",
            "---\ntitle: Test\ndate: 2024-03-01\n\nText\n",
            "content/news/2024-03-01-test.md:1: the YAML front matter starting with '---' is never "
            "closed: add a line '---' after the last field",
        ),
    ),
    Case(
        "post: alle plus a region",
        add_post(
            "2024-03-01-test.md",
            post(Regions="alle, allgaeu"),
            "content/news/2024-03-01-test.md:4: regions: 'alle' already means every region: remove "
            "the other slugs",
        ),
    ),
    Case(
        "post: unknown status",
        add_post(
            "2024-03-01-test.md",
            GOOD_POST.replace("Summary:", "Status: drfat\nSummary:"),
            "content/news/2024-03-01-test.md:5: Status: unbekannter Status 'drfat' (meinten Sie "
            "'draft'?); erlaubt sind 'Entwurf', 'veröffentlicht' (oder 'published', 'draft')",
        ),
    ),
    Case(
        "post: image without alt text",
        add_post(
            "2024-03-01-test.md",
            GOOD_POST + "\n![](images/fehlt.jpg)\n",
            "content/news/2024-03-01-test.md:9: content: image 'images/fehlt.jpg' has no alt "
            "text: describe it, ![Beschreibung](...), or mark a purely decorative image with "
            "{: .decorative}",
        ),
    ),
    Case(
        "post: missing image file",
        add_post(
            "2024-03-01-test.md",
            GOOD_POST + "\n![Ein Hof]({static}/images/hof.jpg)\n",
            "content/news/2024-03-01-test.md:9: content: image '{static}/images/hof.jpg' not "
            "found (images belong in content/images/)",
        ),
    ),
    Case(
        "post: image from another site",
        add_post(
            "2024-03-01-test.md",
            GOOD_POST + "\n![Ein Hof](https://cdn.example.com/hof.jpg)\n",
            "content/news/2024-03-01-test.md:9: content: image 'https://cdn.example.com/hof.jpg' "
            "is loaded from another site: save it under content/images/ (privacy: pages make no "
            "requests to other sites)",
        ),
    ),
    Case(
        "post: lead image without description",
        add_post(
            "2024-03-01-test.md",
            GOOD_POST.replace("Summary:", "Image: images/hof.jpg\nSummary:"),
            "content/news/2024-03-01-test.md:5: image_alt: the lead image needs a description: "
            "add 'Image_Alt: …' saying what the picture shows",
        ),
    ),
    Case(
        "post: not Markdown",
        add_post(
            "2024-03-01-test.txt",
            GOOD_POST,
            "content/news/2024-03-01-test.txt: not a post: news posts are Markdown files ending in "
            ".md; put images under content/images/",
        ),
    ),
    Case(
        "post: slug taken",
        add_post(
            "2024-03-01-test.md",
            GOOD_POST.replace("Summary:", "Slug: praxisleitfaden-fertig\nSummary:").replace(
                "2024-03-01 10:00", "2022-06-01 10:00"
            ),
            "content/news/2024-03-01-test.md:5: Slug: 'praxisleitfaden-fertig' ist 2022 schon die "
            "Adresse der älteren Meldung content/news/2022-05-25-praxisleitfaden-fertig.md (sie "
            "behält sie): geben Sie dieser Meldung einen eigenen Slug, z. B. "
            "'Slug: praxisleitfaden-fertig-2'",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_stops_the_build_with_a_located_message(project, case):
    expected = case.change(project)
    build = run_build(project)
    assert build.returncode != 0
    assert expected in build.stderr.splitlines() or f"  {expected}" in build.stderr.splitlines(), (
        f"expected line:\n{expected}\n--- stderr:\n{build.stderr}"
    )
    assert not (build.output / "index.html").exists(), "nothing is written"


def test_check_reports_every_problem_in_one_run(project):
    news = project / "content/news"
    (news / "2024-03-01-a.md").write_text(post(Regions="allgau"), encoding="utf-8")
    (news / "2024-03-02-b.md").write_text(
        post(Category="Wetter", Date="2024-13-01"), encoding="utf-8"
    )
    result = run_showcase(project, "check")
    assert result.returncode == 1
    assert "3 problems found:" in result.stderr
    assert "2024-03-01-a.md:4: regions: unknown region 'allgau'" in result.stderr
    assert "2024-03-02-b.md:3: category: unknown topic 'Wetter'" in result.stderr
    assert "2024-03-02-b.md:2: Date: unmögliches Datum '2024-13-01'" in result.stderr


def test_check_passes_on_the_shipped_content(project):
    result = run_showcase(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 7 regions, 5 topics,")


def test_a_missing_data_file_is_named(project):
    (project / DATA).unlink()
    result = run_showcase(project, "check")
    assert result.returncode == 1
    assert f"  {DATA}: file not found" in result.stderr.splitlines()


def test_region_texts_must_be_markdown(project):
    (project / "content/regionen/allgaeu.txt").write_text("Text", encoding="utf-8")
    result = run_showcase(project, "check")
    assert result.returncode == 1
    assert (
        "  content/regionen/allgaeu.txt: region texts must be Markdown files named "
        "<slug>.md, e.g. suedwestfalen.md"
    ) in result.stderr.splitlines()
