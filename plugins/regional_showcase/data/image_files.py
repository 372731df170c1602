"""Where a post's images live, and which file an image address names.

These are input rules (the check needs them); drawing the WebP variants of the files is the
pictures' job (pictures/images.py).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from . import unsaved

IMAGE_DIR = "images"
# The pictures the site publishes, by their type (told by content, data/published_files.py),
# each with the file names it may have: a server takes the type it announces from the name.
PICTURE_SUFFIXES = {"jpeg": (".jpg", ".jpeg"), "png": (".png",), "webp": (".webp",)}
RASTER_SUFFIXES = tuple(suffix for names in PICTURE_SUFFIXES.values() for suffix in names)
# `{: .decorative}` marks an image that says nothing: it gets alt="" instead of a description.
DECORATIVE_CLASS = "decorative"


# Larger pictures are slow on phones and bloat the repository; the web editor refuses them
# at upload with the same limit.
MAX_IMAGE_BYTES = 5_000_000


def image_file(content_path: Path, src: str) -> Path | None:
    """The file behind a post's image src ('{static}/images/a.jpg', '/images/a.jpg', ...)."""
    for prefix in ("{static}", "{attach}", "{filename}"):
        src = src.removeprefix(prefix)
    relative = PurePosixPath(src.lstrip("/"))
    if relative.is_absolute() or ".." in relative.parts or "://" in src:
        return None
    return content_path / relative


def known_images(content_path: Path) -> list[str]:
    """Every file under content/images/, as 'images/…', for did-you-mean hints."""
    folder = content_path / IMAGE_DIR
    return [f"{IMAGE_DIR}/{p.relative_to(folder).as_posix()}" for p in unsaved.files_under(folder)]
