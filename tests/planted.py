"""The `planted` shared build (conftest.py): one publish build of a copy with what four test
files planted in their own copies before, each in a part of the site the others do not read:
post images and a phone photo (test_images.py), a draft, a post dated ahead and a post with
YAML front matter (test_publishing_rules.py), markup in the region data, a region text and
a post header (test_escaping.py), three pages deleted with their redirects
(test_redirects.py). One build instead of four, 2-3 s of CPU each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PIL import Image

from sitebuild import Build, copy_project, run_build

# --- test_images.py: a post with a lead image and two inline ones, a phone photo ---
IMAGE_POST = """Title: Ein Bild vom Hof
Date: 2024-04-01 10:00
Category: Leben auf dem Land
Regions: allgaeu
Slug: bild-vom-hof
Summary: Mit Bild.
Image: images/hof.png
Image_Alt: Ein Bauernhof vor Bergen
Image_Credit: Beispielhof / Testperson
Image_Licence: CC BY 4.0
Image_Focus: 30% 70%

![Kühe auf der Weide]({static}/images/weide.png)

![](images/linie.png){: .decorative}
"""
# A phone photo, turned and with GPS, phone, XMP and a comment: none of it may go online.
PHONE_POST = """Title: Ein Foto vom Handy
Date: 2024-04-02 10:00
Category: Leben auf dem Land
Regions: allgaeu
Slug: foto-vom-handy
Summary: Mit Handyfoto.
Image: images/handy-titel.jpg
Image_Alt: Ein Hofladen
Image_Credit: Beispielhof
Image_Licence: mit Genehmigung des Hofs

![Der Hofladen von innen]({static}/images/handy.jpg)
"""

# --- test_publishing_rules.py: a draft, a post dated ahead, YAML front matter ---
DRAFT = """Title: Geheimer Entwurf
Date: 2024-02-01 10:00
Category: Projekt
Regions: allgaeu
Slug: geheimer-entwurf
Summary: Noch nicht fertig.
Status: draft

Entwurfstext.
"""
YAML_POST = (
    '---\nTitle: "Aus dem CMS: YAML"\nDate: 2024-02-02 08:15\nCategory: Fachkräfte\n'
    "Regions: [allgaeu, bodensee]\nSummary: Geschrieben von einem CMS.\n---\n\n"
    "Ein **Text**.\n"
)

# --- test_escaping.py: markup in the region data, a region text and a post header ---
CLAIM = "    claim: Südwestfalen – Alles echt!"
PLANTED_CLAIM = '    claim: "<script>alert(1)</script> Alles echt!"'
REGION_TEXT = "## Arbeiten\n\n<img src=x onerror=alert(1)> [Klick](javascript:alert(1))\n"
ESCAPED_POST = (
    "Title: Tom & Jerry <b>fett</b>\nDate: 2024-03-01\nCategory: Projekt\nRegions: alle\n"
    "Summary: Kurz.\n\nText.\n"
)


def future_post() -> str:
    later = dt.date.today() + dt.timedelta(days=30)
    return (
        f"Title: Zukunftsmeldung\nDate: {later:%Y-%m-%d} 09:00\nCategory: Projekt\n"
        "Regions: alle\nSlug: zukunftsmeldung\nSummary: Kommt bald.\n\nText.\n"
    )


def plant_images(project: Path) -> None:
    from test_photo_metadata import phone_jpeg

    folder = project / "content/images"
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 800), (90, 60, 30)).save(folder / "hof.png")
    Image.new("RGB", (1600, 900), (30, 120, 80)).save(folder / "weide.png")
    Image.new("RGB", (300, 10), (200, 200, 200)).save(folder / "linie.png")
    news = project / "content/news"
    (news / "2024-04-01-bild-vom-hof.md").write_text(IMAGE_POST, encoding="utf-8")
    (folder / "handy.jpg").write_bytes(phone_jpeg(orientation=6))
    (folder / "handy-titel.jpg").write_bytes(phone_jpeg(orientation=3))
    (news / "2024-04-02-foto-vom-handy.md").write_text(PHONE_POST, encoding="utf-8")


def plant_publishing_rules(project: Path) -> None:
    news = project / "content/news"
    (news / "2024-02-01-geheimer-entwurf.md").write_text(DRAFT, encoding="utf-8")
    (news / "2099-01-01-zukunftsmeldung.md").write_text(future_post(), encoding="utf-8")
    (news / "2024-02-02-yaml.md").write_text(YAML_POST, encoding="utf-8")


def plant_escaping(project: Path) -> None:
    data = project / "data/regions.yaml"
    text = data.read_text(encoding="utf-8")
    assert CLAIM in text
    data.write_text(text.replace(CLAIM, PLANTED_CLAIM, 1), encoding="utf-8")
    (project / "content/regionen/suedwestfalen.md").write_text(REGION_TEXT, encoding="utf-8")
    (project / "content/news/2024-03-01-test.md").write_text(ESCAPED_POST, encoding="utf-8")


def plant_moved(project: Path) -> None:
    """test_redirects.py: a post, an English post and an event deleted, with redirects."""
    from test_redirects import DELETED, DELETED_EN, DELETED_EVENT, REDIRECTS

    for deleted in (DELETED, DELETED_EN, DELETED_EVENT):
        (project / deleted).unlink()
    (project / "data/weiterleitungen.yaml").write_text(REDIRECTS, "utf-8")


def planted_project(target: Path) -> Path:
    """A copy of the project with everything planted."""
    project = copy_project(target)
    plant_images(project)
    plant_publishing_rules(project)
    plant_escaping(project)
    plant_moved(project)
    return project


def make_planted(folder: Path) -> Build:
    """The publish build (Pelican with publishconf.py, as `make publish` runs it, without
    the search index and compression none of the three files reads) of the planted copy."""
    return run_build(planted_project(folder / "project"), publish=True)
