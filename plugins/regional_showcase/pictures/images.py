"""Responsive images: WebP variants, srcset and fixed dimensions, so nothing shifts on load.

The Markdown extension rewrites each <img> of a post into a <picture> whose variant names are
derived from the file name alone; `write_variants` creates exactly those files. No registry
of "images seen" is kept between the two, so nothing survives a build.

Pelican's static generator still publishes the originals, but `publish_clean_pictures` has it
copy each from its clean copy (pictures/clean.py: upright, no EXIF/XMP/IPTC/comments), and the
variants are drawn from that copy too. Sizes and feed lengths describe the picture as published.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from PIL import Image

from ..atomic_write import temporary_sibling, write_bytes
from ..data.image_files import DECORATIVE_CLASS, IMAGE_DIR, RASTER_SUFFIXES, image_file
from ..data.photos import focus_classes
from . import intact, place_cached
from .clean import CLEANING_VERSION, clean_picture, upright_size

VARIANT_WIDTHS = (480, 960, 1440)


def published_picture(file: Path, cache_dir: Path) -> Path:
    """The clean copy of a picture under content/images/, made once per content and kept in
    the cache (turning a photo means encoding it again; the rest is quick)."""
    data = file.read_bytes()
    digest = hashlib.sha256(CLEANING_VERSION.encode() + b"\0" + data).hexdigest()[:20]
    cached = cache_dir / f"{digest}{file.suffix.lower()}"
    if not intact(cached):
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_bytes(cached, clean_picture(data))  # workers may clean the same picture at once
    return cached


def variant_widths(width: int) -> list[int]:
    """The variant widths made for an image that is `width` pixels wide."""
    return [w for w in VARIANT_WIDTHS if w < width] + [width]


def variant_name(relative: PurePosixPath, width: int) -> PurePosixPath:
    """images/hof.jpg -> images/hof-960w.webp."""
    return relative.with_name(f"{relative.stem}-{width}w.webp")


class _ResponsiveImages(Treeprocessor):
    def __init__(self, md: Markdown, content_path: Path, site_url: str):
        super().__init__(md)
        self.content_path = content_path
        self.site_url = site_url
        self.sizes: dict[Path, tuple[int, int]] = {}

    def _size(self, file: Path) -> tuple[int, int]:
        if file not in self.sizes:
            self.sizes[file] = upright_size(file)
        return self.sizes[file]

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for img in list(root.iter("img")):
            file = image_file(self.content_path, img.get("src", ""))
            if file is None or not file.is_file() or file.suffix.lower() not in RASTER_SUFFIXES:
                continue
            if DECORATIVE_CLASS in img.get("class", "").split():
                img.set("alt", "")
            width, height = self._size(file)
            relative = PurePosixPath(file.relative_to(self.content_path).as_posix())
            img.set("src", f"{self.site_url}/{relative}")
            img.set("width", str(width))
            img.set("height", str(height))
            img.set("loading", "lazy")
            img.set("decoding", "async")
            srcset = ", ".join(
                f"{self.site_url}/{variant_name(relative, w)} {w}w" for w in variant_widths(width)
            )
            picture = etree.Element("picture")
            source = etree.SubElement(picture, "source")
            source.set("type", "image/webp")
            source.set("srcset", srcset)
            source.set("sizes", "(min-width: 48rem) 46rem, 100vw")
            parent = parents[img]
            index = list(parent).index(img)
            parent.remove(img)
            picture.append(img)
            picture.tail, img.tail = img.tail, None
            parent.insert(index, picture)


class ResponsiveImagesExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "content_path": ["", "Pelican's content folder"],
            "site_url": ["", "SITEURL, so that feeds get absolute image URLs"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        processor = _ResponsiveImages(
            md, Path(self.getConfig("content_path")), self.getConfig("site_url").rstrip("/")
        )
        md.treeprocessors.register(processor, "responsive_images", 1)


def makeExtension(**kwargs):
    return ResponsiveImagesExtension(**kwargs)


def picture_cache(cache_dir: Path) -> Path:
    """Where clean originals and WebP variants are kept, under the build's cache folder."""
    return cache_dir / "images"


def publish_clean_pictures(static_generator, cache_dir: Path) -> None:
    """Have Pelican's static generator copy every raster picture from its clean copy.

    Connected to `static_generator_finalized`: every picture Pelican would publish as it is
    (under STATIC_PATHS, or linked with {static}/{attach} from anywhere in content/) is
    covered. The output name stays the original's: Pelican's own `path` metadata (as set by
    EXTRA_PATH_METADATA) names it, only the file copied from changes.
    """
    cache = picture_cache(cache_dir)
    for static in static_generator.staticfiles:
        source = Path(static.source_path)
        if source.suffix.lower() not in RASTER_SUFFIXES or not source.is_file():
            continue
        static.metadata.setdefault("path", static.get_relative_source_path())
        # Absolute: Pelican joins it to the content folder, and the cache may be relative.
        static.source_path = str(published_picture(source, cache).resolve())


def write_variants(content_path: Path, output_path: Path, cache_dir: Path) -> int:
    """Write the WebP variants of every raster image under content/images; return the count.

    Variants are drawn from the clean copy of each picture and kept in the cache under the
    hash of its source, so a clean publish build only encodes images that are new or changed;
    encoding dominates the cost of a large archive. `cache_dir` is the build's cache folder.
    """
    cache_dir = picture_cache(cache_dir)
    written = 0
    for source in sorted((content_path / IMAGE_DIR).rglob("*")):
        if source.suffix.lower() not in RASTER_SUFFIXES or not source.is_file():
            continue
        relative = PurePosixPath(source.relative_to(content_path).as_posix())
        # The clean copy is named after its source's hash: it names the variants too.
        file = published_picture(source, cache_dir)
        digest = file.stem
        with Image.open(file) as image:
            widths = variant_widths(image.width)
            missing = [w for w in widths if not intact(cache_dir / f"{digest}-{w}.webp")]
            if missing:
                image.load()
                rgb = image.convert("RGB")
                cache_dir.mkdir(parents=True, exist_ok=True)
                for width in missing:
                    height = round(image.height * width / image.width)
                    resized = rgb.resize((width, height), Image.Resampling.LANCZOS)
                    # Two builds at once encode the same variant: each into its own file.
                    temporary = temporary_sibling(cache_dir / f"{digest}-{width}.webp")
                    resized.save(temporary, "WEBP", quality=80, method=4)
                    temporary.replace(cache_dir / f"{digest}-{width}.webp")
        for width in widths:
            target = output_path / variant_name(relative, width)
            target.parent.mkdir(parents=True, exist_ok=True)
            place_cached(cache_dir / f"{digest}-{width}.webp", target)
            written += 1
    return written


@dataclass(frozen=True)
class LeadImage:
    """A post's `Image:`: for cards, feed enclosures and social previews."""

    path: str  # relative to SITEURL, e.g. images/hof.jpg
    alt: str
    width: int
    height: int
    length: int  # bytes, for feed enclosures
    mime_type: str
    # Shown with the picture (data/photos.py): whose it is, under which licence, what to keep.
    credit: str | None = None
    licence: str | None = None
    focus: str | None = None

    @property
    def focus_classes(self) -> str:
        return focus_classes(self.focus)

    @property
    def variants(self) -> list[tuple[int, str]]:
        """(width, URL path) of every WebP variant, for srcset."""
        return [
            (w, str(variant_name(PurePosixPath(self.path), w))) for w in variant_widths(self.width)
        ]


def lead_image(
    content_path: Path,
    src: str,
    alt: str,
    cache_dir: Path,
    *,
    credit: str | None = None,
    licence: str | None = None,
    focus: str | None = None,
) -> LeadImage | None:
    """Describe a post's lead image as published; None when it is not a usable raster file.

    `cache_dir` is the build's cache folder: the feed enclosure's length is that of the clean
    copy the build publishes (pictures/clean.py), not of the file in content/images/.
    """
    file = image_file(content_path, src)
    if file is None or not file.is_file() or file.suffix.lower() not in RASTER_SUFFIXES:
        return None
    published = published_picture(file, picture_cache(cache_dir))
    with Image.open(published) as image:
        width, height = image.size
        mime = Image.MIME.get(image.format, "application/octet-stream")
    return LeadImage(
        file.relative_to(content_path).as_posix(),
        alt,
        width,
        height,
        published.stat().st_size,
        mime,
        credit,
        licence,
        focus,
    )
