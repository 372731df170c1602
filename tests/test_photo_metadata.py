"""No picture reaches the site with what the camera wrote about it; HEIC photos are refused.

Each picture here is written by Pillow the way a phone writes it: GPS position, the phone's
make and model, an XMP packet, a comment and a turned orientation. The cleaning function is
called directly; the build-level check is in test_images.py (its build has a phone photo).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pelican.settings import read_settings
from PIL import Image, ImageChops, ImageCms, ImageOps, ImageStat, PngImagePlugin

from regional_showcase.data.image_files import IMAGE_DIR
from regional_showcase.data.photo_formats import heif_problems
from regional_showcase.data.post_body import image_source_refusals
from regional_showcase.data.problems import Problem, ValidationFailed
from regional_showcase.input_check import check_input
from regional_showcase.pictures import intact, place_cached
from regional_showcase.pictures.clean import clean_picture, upright_size
from regional_showcase.pictures.social import Card, Painter
from regional_showcase.settings import apply_defaults

ROOT = Path(__file__).resolve().parents[1]
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Erika Mustermann</dc:creator>'
    b'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)
COMMENT = b"Aufgenommen bei Erika Mustermann zu Hause"
# IPTC in Photoshop's APP13 segment: By-line (2:80).
_BYLINE = b"\x1c\x02\x50\x00\x10Erika Mustermann"
_IRB = b"8BIM\x04\x04\x00\x00" + len(_BYLINE).to_bytes(4, "big") + _BYLINE
IPTC = b"\xff\xed" + (len(_IRB) + 16).to_bytes(2, "big") + b"Photoshop 3.0\x00" + _IRB
# What must not be found in any published byte.
TELLTALES = (b"Apple", b"iPhone 14 Pro", b"Erika Mustermann", b"Exif\x00\x00", b"xmpmeta")


def phone_exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0x0110] = "iPhone 14 Pro"  # Model
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (47.0, 33.0, 12.5)  # latitude
    gps[3], gps[4] = "E", (10.0, 13.0, 2.25)  # longitude
    return exif


def photo(size=(64, 32)) -> Image.Image:
    """A picture whose turn is visible: a red block in the top-left corner on a gradient."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.paste((255, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    return image


def phone_jpeg(orientation: int = 6, **options) -> bytes:
    output = io.BytesIO()
    photo().save(
        output,
        "JPEG",
        quality=95,
        exif=phone_exif(orientation),
        xmp=XMP,
        comment=COMMENT,
        icc_profile=ICC,
        extra=IPTC,
        **options,
    )
    return output.getvalue()


def assert_clean(data: bytes) -> Image.Image:
    """The picture has no EXIF, XMP, IPTC or comment, in what Pillow reads and in its bytes."""
    for telltale in TELLTALES:
        assert telltale not in data
    image = Image.open(io.BytesIO(data))
    image.load()
    assert not image.getexif()
    for key in ("exif", "xmp", "comment", "photoshop", "XML:com.adobe.xmp"):
        assert key not in image.info
    assert getattr(image, "text", {}) == {}
    return image


def is_red(pixel) -> bool:
    return pixel[0] > 200 and pixel[1] < 60


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    return max(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean)


def test_a_turned_phone_jpeg_is_published_upright_without_its_metadata():
    original = phone_jpeg(orientation=6)
    cleaned = clean_picture(original)
    image = assert_clean(cleaned)
    assert image.format == "JPEG"
    assert image.size == (32, 64)  # turned: width and height swap
    assert image.info["icc_profile"] == ICC
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(original)))
    assert mean_difference(image, expected) < 3
    # The red corner moved where the phone showed it: top right.
    assert is_red(image.getpixel((28, 2))) and not is_red(image.getpixel((2, 2)))
    assert clean_picture(original) == cleaned  # the same input, the same bytes
    # A second cleaning changes nothing: the result is what the site publishes again.
    assert clean_picture(cleaned) == cleaned


@pytest.mark.parametrize(
    "options",
    [{}, {"progressive": True}, {"restart_marker_blocks": 1}],
    ids=["baseline", "progressive", "restart-markers"],
)
def test_an_upright_jpeg_keeps_its_image_data_byte_for_byte(options):
    # Apple's multi-picture files carry more pictures after the end marker.
    original = phone_jpeg(orientation=1, **options) + b"\xff\xd8 second picture \xff\xd9"
    cleaned = clean_picture(original)
    image = assert_clean(cleaned)
    assert b"second picture" not in cleaned
    assert image.info["icc_profile"] == ICC
    with Image.open(io.BytesIO(original)) as before:
        assert image.tobytes() == before.tobytes()  # not encoded again
    assert len(cleaned) < len(original)


def test_the_jfif_thumbnail_goes_the_jfif_density_stays():
    original = phone_jpeg(orientation=1)
    assert original[4:6] == b"\x00\x10"  # Pillow's JFIF segment: 16 bytes, no thumbnail
    thumbnail = b"\x02\x01" + b"Erika!"  # 2×1 pixels, RGB
    jfif = original[6:18] + thumbnail
    with_thumbnail = b"\xff\xd8\xff\xe0" + (len(jfif) + 2).to_bytes(2, "big") + jfif
    cleaned = clean_picture(with_thumbnail + original[20:])
    assert cleaned[:20] == original[:20]
    assert b"Erika!" not in cleaned


def test_png_text_chunks_and_exif_go_the_pixels_and_the_profile_stay():
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Erika Mustermann")
    text.add_itxt("Description", "Erika Mustermann zu Hause", zip=True)
    text.add_text("Comment", "Erika Mustermann", zip=True)
    output = io.BytesIO()
    photo().save(output, "PNG", pnginfo=text, exif=phone_exif(1), icc_profile=ICC)
    cleaned = clean_picture(output.getvalue())
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf"):
        assert chunk not in cleaned
    image = assert_clean(cleaned)
    assert image.info["icc_profile"] == ICC
    assert image.tobytes() == photo().tobytes()


def test_a_turned_png_is_turned_and_keeps_its_transparency():
    output = io.BytesIO()
    photo().convert("RGBA").save(output, "PNG", exif=phone_exif(8))
    image = assert_clean(clean_picture(output.getvalue()))
    assert (image.size, image.mode) == ((32, 64), "RGBA")
    # Orientation 8 turns the other way: the corner goes bottom left.
    assert is_red(image.getpixel((2, 62))) and not is_red(image.getpixel((2, 2)))


def test_webp_exif_and_xmp_go():
    output = io.BytesIO()
    photo().save(output, "WEBP", lossless=True, exif=phone_exif(1), xmp=XMP, icc_profile=ICC)
    cleaned = clean_picture(output.getvalue())
    image = assert_clean(cleaned)
    assert image.info["icc_profile"] == ICC
    assert image.tobytes() == photo().tobytes()


def test_width_and_height_are_those_of_the_upright_picture(tmp_path):
    file = tmp_path / "hochkant.jpg"
    file.write_bytes(phone_jpeg(orientation=6))
    assert upright_size(file) == (32, 64)


def test_a_social_card_from_a_phone_photo_carries_nothing_of_it(tmp_path):
    lead = tmp_path / "handy.jpg"
    lead.write_bytes(phone_jpeg(orientation=6))
    card = Card("Thema", "Titel", "Allgäu", "#336699", photo=str(lead))
    target = tmp_path / "out/card.jpg"
    Painter(ROOT / "theme/fonts").write(card, target, tmp_path / "cache")
    image = assert_clean(target.read_bytes())
    assert image.size == (1200, 630)
    assert image.info["icc_profile"] == ICC


# The opening box of a HEIC file as the iPhone writes it (ISO base media file, brand heic).
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
HEIC_ADVICE = (
    "z. B. am Mac in „Vorschau“ mit „Ablage“ → „Exportieren“ → Format „JPEG“; damit das iPhone "
    "künftig JPEG aufnimmt: „Einstellungen“ → „Kamera“ → „Formate“ → „Maximale Kompatibilität“"
)


def test_a_heic_photo_among_the_pictures_is_refused(tmp_path):
    folder = tmp_path / IMAGE_DIR
    folder.mkdir()
    (folder / "IMG_0001.HEIC").write_bytes(HEIC)
    (folder / "umbenannt.jpg").write_bytes(HEIC)  # the name does not decide, the content does
    photo().save(folder / "hof.png")
    problems = heif_problems(tmp_path, [IMAGE_DIR])
    assert [str(p) for p in problems] == [
        f"{folder / name}: HEIC-Fotos (das Format des iPhones) werden nicht veröffentlicht, "
        f"viele Browser zeigen sie nicht an: speichern Sie das Foto als JPEG (images/{jpeg}), "
        f"{HEIC_ADVICE}"
        for name, jpeg in (("IMG_0001.HEIC", "IMG_0001.jpg"), ("umbenannt.jpg", "umbenannt.jpg"))
    ]
    assert all(isinstance(p, Problem) and p.line == 0 for p in problems)


def test_a_post_showing_a_heic_photo_is_refused(tmp_path):
    (tmp_path / IMAGE_DIR).mkdir()
    (tmp_path / IMAGE_DIR / "foto.heic").write_bytes(HEIC)
    assert image_source_refusals("images/foto.heic", tmp_path) == [
        "das Bild 'images/foto.heic' ist ein HEIC-Foto (das Format des iPhones), das viele "
        "Browser nicht anzeigen: speichern Sie das Foto als JPEG (images/foto.jpg) und binden "
        f"Sie dieses ein, {HEIC_ADVICE}"
    ]


HEIC_POST = """Title: Ein Foto vom iPhone
Date: 2024-04-03 10:00
Category: Leben auf dem Land
Regions: allgaeu
Slug: foto-vom-iphone
Summary: Mit HEIC-Foto.

Vorher.

![Der Hofladen]({static}/images/hofladen.heic)
"""


def test_showcase_check_refuses_a_heic_photo_and_the_post_that_shows_it(project, monkeypatch):
    (project / "content/images").mkdir(exist_ok=True)
    (project / "content/images/hofladen.heic").write_bytes(HEIC)
    (project / "content/news/2024-04-03-foto-vom-iphone.md").write_text(HEIC_POST, "utf-8")
    monkeypatch.chdir(project)
    settings = apply_defaults(read_settings(str(project / "pelicanconf.py")))
    with pytest.raises(ValidationFailed) as failed:
        check_input(settings)
    assert [str(p).split(": ")[0] for p in failed.value.problems] == [
        "content/images/hofladen.heic",
        "content/news/2024-04-03-foto-vom-iphone.md:10",
    ]
    assert "HEIC-Foto" in str(failed.value.problems[1])


def test_a_cached_picture_is_linked_into_the_output_and_keeps_its_bytes(tmp_path):
    cached, target = tmp_path / "cache/karte.jpg", tmp_path / "site/karte.jpg"
    cached.parent.mkdir()
    target.parent.mkdir()
    cached.write_bytes(b"alt")
    target.write_bytes(b"vom letzten Build")  # make serve builds in place
    place_cached(cached, target)
    assert target.samefile(cached) and target.read_bytes() == b"alt"
    # The cache puts a new picture in place by renaming: the output's link keeps its bytes.
    newer = tmp_path / "cache/neu.jpg"
    newer.write_bytes(b"neu")
    newer.replace(cached)
    assert target.read_bytes() == b"alt"


def test_a_symbolic_link_in_the_cache_is_no_kept_picture(tmp_path):
    """cache/ may come from a CI cache: a link there to a whole picture elsewhere (or to any
    file ending as a JPEG does) is drawn again, never published through place_cached."""
    elsewhere = tmp_path / "woanders.jpg"
    Image.new("RGB", (4, 4), "red").save(elsewhere, "JPEG")
    cached, target = tmp_path / "cache/karte.jpg", tmp_path / "site/karte.jpg"
    cached.parent.mkdir()
    target.parent.mkdir()
    cached.symlink_to(elsewhere)
    assert intact(elsewhere) and not intact(cached)
    with pytest.raises(OSError) as refused:
        place_cached(cached, target)
    assert str(refused.value) == (
        f"{cached} ist keine gewöhnliche Datei und kommt nicht in die Ausgabe"
    )
    assert not target.exists() and not target.is_symlink()


def test_a_target_linked_to_the_cached_picture_already_is_left(tmp_path, monkeypatch):
    """make serve builds in place: what the last build linked is not linked again; a
    symbolic link to the cached picture is replaced by the picture."""
    cached, target = tmp_path / "cache/karte.jpg", tmp_path / "site/karte.jpg"
    cached.parent.mkdir()
    target.parent.mkdir()
    cached.write_bytes(b"karte")
    target.symlink_to(cached)
    place_cached(cached, target)
    assert not target.is_symlink() and target.samefile(cached)
    linked, link = [], os.link
    monkeypatch.setattr(os, "link", lambda *names: linked.append(names) or link(*names))
    place_cached(cached, target)
    assert linked == [] and target.samefile(cached) and target.read_bytes() == b"karte"


def test_a_picture_for_a_fresh_folder_is_linked_at_its_name(tmp_path, monkeypatch):
    """A build into a fresh folder links each card and variant at its name at once: no
    temporary name renamed over it (three system calls a picture, 213 cards a build)."""
    cached, target = tmp_path / "cache/karte.jpg", tmp_path / "site/karte.jpg"
    cached.parent.mkdir()
    target.parent.mkdir()
    cached.write_bytes(b"karte")
    replaced, replace = [], os.replace
    monkeypatch.setattr(os, "replace", lambda *names: replaced.append(names) or replace(*names))
    place_cached(cached, target)
    assert replaced == [] and target.samefile(cached) and target.read_bytes() == b"karte"
    assert sorted(p.name for p in target.parent.iterdir()) == ["karte.jpg"]


def test_two_builds_placing_the_same_picture_at_once_both_succeed(tmp_path, monkeypatch):
    """The other build links the same picture into the same folder at the worst moment:
    after this build cleared the target and before it links (two builds in one checkout)."""
    cached, target = tmp_path / "cache/karte.jpg", tmp_path / "site/karte.jpg"
    cached.parent.mkdir()
    target.parent.mkdir()
    cached.write_bytes(b"karte")
    link = os.link
    raced = []

    def link_after_the_other_build(source, name):
        if not raced:
            raced.append(name)
            link(cached, target)  # the other build's place_cached
        link(source, name)

    monkeypatch.setattr(os, "link", link_after_the_other_build)
    place_cached(cached, target)
    assert raced and target.samefile(cached) and target.read_bytes() == b"karte"
    assert sorted(p.name for p in target.parent.iterdir()) == ["karte.jpg"]
