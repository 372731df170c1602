"""Photo formats the site refuses: HEIC/HEIF, the iPhone's default.

The build does not convert HEIC photos but asks for a JPEG. Converting would need a HEVC
decoder in the build (pillow-heif bundles libheif and libde265, native code with a record of
memory-safety fixes) running on every file staff upload, and the web editor could still not
show the photo: most browsers do not display HEIC. A JPEG from the phone works everywhere.
The type is told by the file's content (data/published_files.py), not by its name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from . import unsaved
from .paths_shown import display_path
from .problems import Problem
from .published_files import HEIF, picture_type

# The iPhone's setting that makes the camera take JPEG; names as the German iOS shows them.
IPHONE_JPEG_SETTING = "„Einstellungen“ → „Kamera“ → „Formate“ → „Maximale Kompatibilität“"


def is_heif_photo(file: Path) -> bool:
    """True when the file holds a HEIC/HEIF photo, whatever its name says."""
    return unsaved.is_file(file) and picture_type(file) == HEIF


def heif_advice(jpeg: str, then: str = "") -> str:
    """How to get a JPEG instead of a HEIC photo: the end of each HEIC message."""
    return (
        f"speichern Sie das Foto als JPEG ({jpeg}){then}, z. B. am Mac in „Vorschau“ mit "
        "„Ablage“ → „Exportieren“ → Format „JPEG“; damit das iPhone künftig JPEG aufnimmt: "
        f"{IPHONE_JPEG_SETTING}"
    )


def heif_image_message(src: str) -> str:
    """Why a post's image address naming a HEIC photo is refused."""
    jpeg = PurePosixPath(src).with_suffix(".jpg")
    return (
        f"das Bild '{src}' ist ein HEIC-Foto (das Format des iPhones), das viele Browser nicht "
        f"anzeigen: {heif_advice(str(jpeg), ' und binden Sie dieses ein')}"
    )


def heif_problems(content: Path, folders: Iterable[str]) -> list[Problem]:
    """Every HEIC/HEIF photo in the folders the site publishes (content/images/)."""
    problems = []
    for folder in sorted(set(folders)):
        root = content / folder
        if not root.is_dir():
            continue
        for file in unsaved.files_under(root):
            if not file.is_symlink() and is_heif_photo(file):
                jpeg = file.relative_to(content).with_suffix(".jpg").as_posix()
                problems.append(
                    Problem(
                        display_path(file),
                        0,
                        "",
                        "HEIC-Fotos (das Format des iPhones) werden nicht veröffentlicht, viele "
                        f"Browser zeigen sie nicht an: {heif_advice(jpeg)}",
                    )
                )
    return problems
