"""Pictures as they are published: upright, and without what the camera wrote about them.

A phone photo carries where it was taken (EXIF GPS), the phone and often its owner (EXIF,
XMP, IPTC) and comments. None of that may reach the site: every original under
content/images/ is written anew by the build (`published_picture`), and everything drawn from
it (WebP variants, social cards) starts from that clean copy.

Each container is walked and only what the picture needs to look right is kept: the image
data, its colour profile (ICC: phone photos are Display P3; without the profile colours go
flat) and, for JPEG, the JFIF and Adobe markers the decoder reads. So the JPEG stays byte for
byte the camera's image data, without a second lossy encoding. Only a photo whose EXIF says
"turn me" is decoded, turned (`ImageOps.exif_transpose`) and encoded again, since the
orientation lives in the EXIF that is removed. The same input always gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps

# Part of every cache key: raise it when what is kept changes, so old copies are made anew.
CLEANING_VERSION = "1"
JPEG_QUALITY = 90
_ORIENTATION = 0x0112
# EXIF orientations that turn the picture by 90°: width and height swap.
_SIDEWAYS = frozenset({5, 6, 7, 8})

# JPEG APPn segments kept, by marker and the signature their data starts with: JFIF
# (density; its thumbnail is dropped below), the ICC profile and Adobe's colour transform flag.
_JPEG_KEPT_APP = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
_JFIF_WITHOUT_THUMBNAIL = 14  # 'JFIF\0', version, units, densities; then thumbnail size 0×0
# PNG ancillary chunks kept (critical chunks always are): transparency, colour and gamma,
# resolution and animation. tEXt/iTXt/zTXt/eXIf/tIME and private chunks go.
_PNG_KEPT = frozenset(
    {b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"cLLI"}
    | {b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT"}
)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# WebP chunks kept; EXIF and 'XMP ' go, and VP8X stops announcing them.
_WEBP_KEPT = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})
_VP8X_EXIF_AND_XMP = 0x08 | 0x04


class NotAPicture(ValueError):
    """The bytes are not a JPEG, PNG or WebP file that can be published."""


def orientation(image: Image.Image) -> int:
    """The EXIF orientation of an opened picture (1 = upright as stored)."""
    try:
        return int(image.getexif().get(_ORIENTATION, 1) or 1)
    except (ValueError, TypeError):
        return 1


def upright_size(file: Path) -> tuple[int, int]:
    """Width and height of the picture as published, that is after its EXIF orientation."""
    with Image.open(file) as image:
        width, height = image.size
        return (height, width) if orientation(image) in _SIDEWAYS else (width, height)


def clean_picture(data: bytes) -> bytes:
    """The picture upright and without EXIF, XMP, IPTC or comments; colour profile kept."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            if orientation(image) != 1:
                data = _turned_upright(image, data)
    except (OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise NotAPicture(str(error)) from error
    walker = _WALKERS.get(kind)
    if walker is None:
        raise NotAPicture(f"{kind} wird nicht veröffentlicht")
    return walker(data)


def picture_fault(data: bytes) -> str | None:
    """Why clean_picture would refuse these bytes, or None: what `showcase check` asks
    before the build gets there. A picture to be turned is decoded, not encoded again (the
    walkers then only ever see Pillow's own output, which is whole)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            if orientation(image) != 1:
                image.load()
                return None
    except (OSError, SyntaxError, Image.DecompressionBombError):
        return "lässt sich nicht öffnen"
    walker = _WALKERS.get(kind)
    if walker is None:
        return f"{kind} wird nicht veröffentlicht"
    try:
        walker(data)
    except NotAPicture as error:
        return str(error)
    return None


def _turned_upright(image: Image.Image, data: bytes) -> bytes:
    """Encode the picture again, turned as its EXIF says; the walkers then drop the rest."""
    kind = image.format
    upright = ImageOps.exif_transpose(image)
    keep = {}
    if icc := image.info.get("icc_profile"):
        keep["icc_profile"] = icc
    # Nothing of the original's info travels on implicitly (Pillow's JPEG writer would carry
    # a comment over): only what is passed here.
    transparency = upright.info.get("transparency")
    upright.info = {}
    output = io.BytesIO()
    if kind == "JPEG":
        upright.save(output, "JPEG", quality=JPEG_QUALITY, **keep)
    elif kind == "PNG":
        if transparency is not None:
            keep["transparency"] = transparency
        upright.save(output, "PNG", **keep)
    else:
        # A WebP that starts with a lossless chunk stays lossless (drawings, screenshots).
        lossless = data[12:16] == b"VP8L"
        upright.save(output, "WEBP", quality=JPEG_QUALITY, lossless=lossless, **keep)
    return output.getvalue()


def _jpeg_without_metadata(data: bytes) -> bytes:
    """Copy a JPEG segment by segment, leaving out every APPn but JFIF/ICC/Adobe and COM.

    The compressed image data is copied as it is; anything after the end marker (the extra
    pictures of Apple's and Samsung's multi-picture files) is left out too.
    """
    if data[:2] != b"\xff\xd8":
        raise NotAPicture("kein JPEG")
    output = bytearray(b"\xff\xd8")
    position = 2
    while True:
        if position >= len(data) or data[position] != 0xFF:
            raise NotAPicture("JPEG unvollständig")
        while position < len(data) and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= len(data):
            raise NotAPicture("JPEG unvollständig")
        marker = data[position]
        position += 1
        if marker == 0xD9:  # end of image
            output += b"\xff\xd9"
            return bytes(output)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            output += bytes((0xFF, marker))
            continue
        length = int.from_bytes(data[position : position + 2], "big")
        if length < 2 or position + length > len(data):
            raise NotAPicture("JPEG unvollständig")
        body = data[position + 2 : position + length]
        segment = bytes((0xFF, marker)) + data[position : position + length]
        position += length
        if marker == 0xFE or (0xE0 <= marker <= 0xEF and not _kept_app(marker, body)):
            continue
        if marker == 0xE0 and len(body) > _JFIF_WITHOUT_THUMBNAIL:
            body = body[: _JFIF_WITHOUT_THUMBNAIL - 2] + b"\x00\x00"
            segment = b"\xff\xe0" + (len(body) + 2).to_bytes(2, "big") + body
        output += segment
        if marker == 0xDA:  # start of scan: compressed data up to the next real marker
            end = _end_of_scan(data, position)
            output += data[position:end]
            position = end


def _kept_app(marker: int, body: bytes) -> bool:
    signature = _JPEG_KEPT_APP.get(marker)
    return signature is not None and body.startswith(signature)


def _end_of_scan(data: bytes, position: int) -> int:
    """Where a scan's compressed data ends: at the first 0xFF that starts a marker.

    Inside the data, 0xFF is followed by 0x00 (a stuffed byte) or a restart marker.
    """
    while True:
        at = data.find(b"\xff", position)
        if at < 0 or at + 1 >= len(data):
            raise NotAPicture("JPEG unvollständig")
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            position = at + 2
        elif following == 0xFF:
            position = at + 1
        else:
            return at


def _png_without_metadata(data: bytes) -> bytes:
    """Copy a PNG chunk by chunk, keeping the critical ones and those in _PNG_KEPT."""
    if not data.startswith(_PNG_SIGNATURE):
        raise NotAPicture("kein PNG")
    output = bytearray(_PNG_SIGNATURE)
    position = len(_PNG_SIGNATURE)
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            raise NotAPicture("PNG unvollständig")
        if kind[:1].isupper() or kind in _PNG_KEPT:
            output += data[position:end]
        position = end
        if kind == b"IEND":
            return bytes(output)
    raise NotAPicture("PNG unvollständig")


def _webp_without_metadata(data: bytes) -> bytes:
    """Copy a WebP chunk by chunk without EXIF and XMP, and say so in its VP8X header."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise NotAPicture("kein WebP")
    chunks = bytearray()
    position = 12
    end_of_file = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    while position + 8 <= end_of_file:
        kind = data[position : position + 4]
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        end = position + 8 + size + (size & 1)
        if end > len(data):
            raise NotAPicture("WebP unvollständig")
        chunk = bytearray(data[position:end])
        if kind == b"VP8X":
            chunk[8] &= ~_VP8X_EXIF_AND_XMP & 0xFF
        if kind in _WEBP_KEPT:
            chunks += chunk
        position = end
    return b"RIFF" + (len(chunks) + 4).to_bytes(4, "little") + b"WEBP" + bytes(chunks)


_WALKERS = {
    "JPEG": _jpeg_without_metadata,
    "PNG": _png_without_metadata,
    "WEBP": _webp_without_metadata,
}
