"""Only what is meant to be public is published: no symbolic links, pictures by content,
only linked PDFs (data/published_files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from regional_showcase.data.published_files import (
    HEIF,
    attachment_problems,
    link_problems,
    linked_file_problems,
    page_folder_problems,
    picture_folder_problems,
    picture_type,
)

from sitebuild import run_build

SVG_WITH_SCRIPT = (
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    "<script>alert(document.domain)</script></svg>\n"
)
HTML_PAGE = "<!DOCTYPE html>\n<html><script>alert(1)</script></html>\n"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# The first box of an iPhone photo: size, 'ftyp', major brand 'heic', compatible brands.
HEIC_HEAD = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    """content/ with news/ and images/; messages name files relative to the project."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content/news").mkdir(parents=True)
    (tmp_path / "content/images").mkdir()
    return tmp_path / "content"


def messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def pictures(content: Path, ignored=(".*",)) -> list[str]:
    return messages(picture_folder_problems(content, ["images"], ignored))


LINK_FIX = (
    "die Website folgt keinem Verweis, sonst ginge online, worauf er zeigt: ersetzen Sie den "
    "Verweis durch die Datei selbst oder löschen Sie ihn"
)


def test_a_symbolic_link_is_refused_wherever_it_points(content, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-geheim.txt"
    outside.write_text("TOKEN=1\n")
    (content / "images/umgebung.txt").symlink_to("/proc/self/environ")
    (content / "images/passwd.jpg").symlink_to(outside)
    Image.new("RGB", (4, 4)).save(content / "images/hof.png")
    (content / "images/hof-kopie.png").symlink_to(content / "images/hof.png")
    (content / "alt").symlink_to(tmp_path.parent, target_is_directory=True)
    assert messages(link_problems([content])) == [
        f"content/alt: ist ein Verweis (symbolischer Link) auf '{tmp_path.parent}'; {LINK_FIX}",
        f"content/images/hof-kopie.png: ist ein Verweis (symbolischer Link) auf "
        f"'{content / 'images/hof.png'}'; {LINK_FIX}",
        f"content/images/passwd.jpg: ist ein Verweis (symbolischer Link) auf '{outside}'; "
        f"{LINK_FIX}",
        f"content/images/umgebung.txt: ist ein Verweis (symbolischer Link) auf "
        f"'/proc/self/environ'; {LINK_FIX}",
    ]
    # The linked folder is not walked, and the pictures rule leaves links to this one.
    assert pictures(content) == []


def test_a_data_file_named_alone_is_refused_when_it_is_a_link(content, tmp_path):
    (tmp_path / "fremd.yaml").write_text("regions: []\n")
    (tmp_path / "regions.yaml").symlink_to(tmp_path / "fremd.yaml")
    assert messages(link_problems([tmp_path / "regions.yaml", tmp_path / "fremd.yaml"])) == [
        f"regions.yaml: ist ein Verweis (symbolischer Link) auf '{tmp_path / 'fremd.yaml'}'; "
        f"{LINK_FIX}"
    ]


def test_real_pictures_pass(content):
    Image.new("RGB", (8, 6), "green").save(content / "images/wiese.png")
    Image.new("RGB", (8, 6), "green").save(content / "images/feld.jpg")
    Image.new("RGB", (8, 6), "green").save(content / "images/acker.jpeg", format="JPEG")
    Image.new("RGB", (8, 6), "green").save(content / "images/see.webp")
    assert [picture_type(p) for p in sorted((content / "images").iterdir())] == [
        "jpeg",
        "jpeg",
        "webp",
        "png",
    ]
    assert pictures(content) == []


DAMAGED = (
    "oft nach einem abgebrochenen Hochladen: öffnen Sie das Original in einem Bildprogramm, "
    "speichern Sie es neu als JPEG, PNG oder WebP und laden Sie es noch einmal hoch"
)


def _cut(path: Path) -> None:
    """Keep the first half of a file, as an upload that broke off does."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_a_cut_off_picture_is_refused_before_the_build_stops_on_it(content):
    noise = Image.effect_noise((64, 48), 60).convert("RGB")
    for name in ("markt.jpg", "deich.webp"):
        noise.save(content / "images" / name)
        _cut(content / "images" / name)
    # Whole up to its end chunk: Pillow opens it, the build's copy would find no end.
    noise.save(content / "images/hafen.png")
    (content / "images/hafen.png").write_bytes((content / "images/hafen.png").read_bytes()[:-12])
    # A photo the build turns upright (EXIF orientation 6) is decoded, and fails there.
    exif = Image.Exif()
    exif[0x0112] = 6
    noise.save(content / "images/hochkant.jpg", exif=exif)
    _cut(content / "images/hochkant.jpg")
    noise.save(content / "images/ganz.jpg")
    assert pictures(content) == [
        f"content/images/deich.webp: das Bild ist beschädigt oder unvollständig (lässt sich "
        f"nicht öffnen), {DAMAGED}",
        f"content/images/hafen.png: das Bild ist beschädigt oder unvollständig (PNG "
        f"unvollständig), {DAMAGED}",
        f"content/images/hochkant.jpg: das Bild ist beschädigt oder unvollständig (lässt sich "
        f"nicht öffnen), {DAMAGED}",
        f"content/images/markt.jpg: das Bild ist beschädigt oder unvollständig (JPEG "
        f"unvollständig), {DAMAGED}",
    ]


def test_an_svg_is_refused_with_the_way_to_a_png(content):
    (content / "images/karte.svg").write_text(SVG_WITH_SCRIPT)
    assert pictures(content) == [
        "content/images/karte.svg: SVG-Grafiken werden nicht veröffentlicht, denn sie können "
        "Skripte enthalten, die auf der Website ausgeführt würden: exportieren Sie die Grafik "
        "als PNG (images/karte.png)"
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "hof.jpg",
            HTML_PAGE,
            "content/images/hof.jpg: der Name endet auf '.jpg', der Inhalt ist aber kein Bild "
            "(HTML-Seite): öffnen Sie das Bild in einem Bildprogramm und speichern Sie es neu "
            "als JPEG, PNG oder WebP",
        ),
        (
            "logo.png",
            SVG_WITH_SCRIPT,
            "content/images/logo.png: SVG-Grafiken werden nicht veröffentlicht, denn sie können "
            "Skripte enthalten, die auf der Website ausgeführt würden: exportieren Sie die "
            "Grafik als PNG (images/logo.png)",
        ),
        (
            "seite.html",
            HTML_PAGE,
            "content/images/seite.html: unter images/ werden nur Bilder veröffentlicht (JPEG, "
            "PNG, WebP), diese Datei (HTML-Seite) ginge unverändert online: entfernen Sie sie "
            "aus images/",
        ),
        (
            "app.js",
            "fetch('/').then(r => r.text())\n",
            "content/images/app.js: unter images/ werden nur Bilder veröffentlicht (JPEG, PNG, "
            "WebP), diese Datei (unbekanntes Format) ginge unverändert online: entfernen Sie "
            "sie aus images/",
        ),
    ],
)
def test_a_file_that_is_no_picture_is_refused_whatever_its_name(content, name, text, expected):
    (content / "images" / name).write_text(text)
    assert pictures(content) == [expected]


def test_a_picture_must_be_named_as_what_it_is(content):
    Image.new("RGB", (8, 6)).save(content / "images/hof.jpg", format="PNG")
    Image.new("RGB", (8, 6)).save(content / "images/bewegt.gif")
    assert pictures(content) == [
        "content/images/bewegt.gif: GIF-Bilder werden nicht veröffentlicht: speichern Sie das "
        "Bild als PNG (images/bewegt.png)",
        "content/images/hof.jpg: der Name endet auf '.jpg', der Inhalt ist aber ein PNG-Bild: "
        "benennen Sie die Datei in 'hof.png' um (und ebenso den Verweis im Text)",
    ]


def test_heif_is_recognised_by_content_and_left_to_the_picture_rules(content):
    (content / "images/foto.heic").write_bytes(HEIC_HEAD)
    (content / "images/foto2.jpg").write_bytes(HEIC_HEAD.replace(b"ftypheic", b"ftypmif1"))
    assert picture_type(content / "images/foto.heic") == HEIF
    assert picture_type(content / "images/foto2.jpg") == HEIF
    assert pictures(content) == []


def test_hidden_files_are_checked_unless_pelican_ignores_them(content):
    (content / "images/.env").write_text("TOKEN=1\n")
    # Pelican's default IGNORE_FILES, "**/.*", matches no bare file name: .env goes online.
    assert pictures(content, ignored=("**/.*",)) == [
        "content/images/.env: unter images/ werden nur Bilder veröffentlicht (JPEG, PNG, WebP), "
        "diese Datei (unbekanntes Format) ginge unverändert online: entfernen Sie sie aus images/"
    ]
    assert pictures(content, ignored=(".*",)) == []


def test_a_page_folder_holds_markdown_only(content):
    # Pelican would publish an HTML page as it is, its script included.
    pages = content / "pages"
    (pages / "en").mkdir(parents=True)
    (pages / "impressum.md").write_text("Title: Impressum\n\nText.\n")
    (pages / "en/boese.html").write_text(HTML_PAGE)
    Image.new("RGB", (4, 4)).save(pages / "team.png")
    assert messages(page_folder_problems([pages])) == [
        "content/pages/en/boese.html: keine Seite (HTML-Seite): Seiten sind Markdown-Dateien mit "
        "der Endung .md; Bilder und PDF-Dokumente gehören nach content/images/",
        "content/pages/team.png: keine Seite (PNG-Bild): Seiten sind Markdown-Dateien mit der "
        "Endung .md; Bilder und PDF-Dokumente gehören nach content/images/",
    ]


def texts(content: Path) -> list[tuple[Path, str]]:
    return [(p, p.read_text()) for p in sorted(content.rglob("*.md"))]


def test_a_pdf_nobody_links_is_refused(content):
    (content / "images/leitfaden.pdf").write_bytes(PDF)
    (content / "news/a.md").write_text("Kein Link.\n")
    assert messages(attachment_problems(content, texts(content))) == [
        "content/images/leitfaden.pdf: kein Text der Website verlinkt dieses PDF, veröffentlicht "
        "werden nur verlinkte Dokumente: verlinken Sie es in einer Meldung oder Seite, [Titel "
        "des Dokuments]({static}/images/leitfaden.pdf), oder löschen Sie es"
    ]
    (content / "news/a.md").write_text("[Der Leitfaden]({static}/images/leitfaden.pdf)\n")
    assert attachment_problems(content, texts(content)) == []


def test_a_linked_pdf_must_be_a_pdf(content):
    (content / "news/plan.pdf").write_text(HTML_PAGE)
    (content / "news/a.md").write_text("Der [Plan]({attach}plan.pdf).\n")
    assert messages(attachment_problems(content, texts(content))) == [
        "content/news/plan.pdf: der Name endet auf '.pdf', der Inhalt ist aber kein "
        "PDF-Dokument (HTML-Seite): exportieren Sie das Dokument neu als PDF („Datei“ → "
        "„Exportieren“ → „PDF“)"
    ]


def test_a_link_that_would_publish_another_file_is_refused(content):
    (content / "regionen").mkdir()
    (content / "regionen/notiz.html").write_text(HTML_PAGE)
    Image.new("RGB", (4, 4)).save(content / "images/hof.png")
    (content / "regionen/karte.jpg").write_text(SVG_WITH_SCRIPT)
    (content / "images/logo.svg").write_text(SVG_WITH_SCRIPT)
    (content / "news/foto.heic").write_bytes(HEIC_HEAD)
    (content / "news/a.md").write_text(
        "Titel\n\n![Hof]({static}/images/hof.png) und [Notiz]({static}/regionen/notiz.html), "
        "![Karte]({static}/regionen/karte.jpg) ![Logo]({static}/images/logo.svg)\n"
        "[Einstellungen]({static}/../pelicanconf.py) [Notiz](|attach|../regionen/notiz.html)\n"
        "[Foto]({attach}foto.heic)\n"
    )
    # images/ is checked on its own (picture_folder_problems): logo.svg is reported there.
    assert messages(linked_file_problems(content, texts(content), ["images"])) == [
        "content/news/a.md:3: der Link '{static}/regionen/notiz.html' veröffentlichte "
        "content/regionen/notiz.html (HTML-Seite) unverändert; verlinkt werden dürfen nur "
        "Bilder (JPEG, PNG, WebP) und PDF-Dokumente: entfernen Sie den Link",
        "content/news/a.md:3: der Link '{static}/regionen/karte.jpg' zeigt auf "
        "content/regionen/karte.jpg: SVG-Grafiken werden nicht veröffentlicht, denn sie können "
        "Skripte enthalten, die auf der Website ausgeführt würden: exportieren Sie die Grafik "
        "als PNG (regionen/karte.png)",
        "content/news/a.md:4: der Link '{static}/../pelicanconf.py' zeigt aus content/ hinaus: "
        "die Website veröffentlicht nur Dateien unter content/; legen Sie die Datei nach "
        "content/images/",
        "content/news/a.md:4: der Link '|attach|../regionen/notiz.html' veröffentlichte "
        "content/regionen/notiz.html (HTML-Seite) unverändert; verlinkt werden dürfen nur "
        "Bilder (JPEG, PNG, WebP) und PDF-Dokumente: entfernen Sie den Link",
        "content/news/a.md:5: der Link '{attach}foto.heic' zeigt auf content/news/foto.heic, ein "
        "HEIC-Foto (das Format des iPhones), das viele Browser nicht anzeigen: speichern Sie "
        "das Foto als JPEG (foto.jpg) und verlinken Sie dieses",
    ]


@pytest.mark.build
def test_the_build_refuses_a_symbolic_link_and_writes_nothing(project):
    (project / "content/images").mkdir()
    (project / "content/images/umgebung.txt").symlink_to("/proc/self/environ")
    build = run_build(project)
    assert build.returncode == 1
    assert (
        "  content/images/umgebung.txt: ist ein Verweis (symbolischer Link) auf "
        f"'/proc/self/environ'; {LINK_FIX}"
    ) in build.stderr.splitlines()
    assert not build.output.exists() or not any(build.output.iterdir()), "nothing is written"
