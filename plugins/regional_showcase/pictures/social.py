"""Social preview images (1200×630) for Open Graph, drawn at build time with Pillow.

Pages without a photo still preview well on Facebook: each region and post gets a card in
the site's colours and its own font (theme/fonts). Images are cached by their inputs, so a
rebuild only draws what changed.
"""

from __future__ import annotations

import hashlib
import textwrap
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..atomic_write import temporary_sibling
from . import intact, intact_known, place_cached
from .palette import mix_with_white

SIZE = (1200, 630)


@dataclass(frozen=True)
class Card:
    """What a preview image shows; its hash names the cached file."""

    kicker: str
    title: str
    footer: str
    colour: str
    photo: str | None = None  # path of a lead image to crop instead of drawing a card

    def key(self, drawing: str = "") -> str:
        """The card's name in cache/: what it shows, and `drawing` (Painter.drawing)."""
        photo_stamp = ""
        if self.photo:
            # By its bytes: a photo replaced within the same clock tick, or by one of the same
            # size with its time kept (a copy, a restore), keeps its size and time.
            photo_stamp = hashlib.sha256(Path(self.photo).read_bytes()).hexdigest()
        raw = "\x1f".join(
            (self.kicker, self.title, self.footer, self.colour, photo_stamp, "v2", drawing)
        )
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


class Painter:
    """Draws cards for one build, loading each font size once."""

    def __init__(self, font_dir: Path):
        font = str(font_dir / "DejaVuSans-Bold.ttf")
        self.fonts = {size: ImageFont.truetype(font, size) for size in (28, 30, 52, 64)}
        # What draws a card besides what it shows: the font file, this code and the palette's,
        # Pillow's version (a new font in the theme draws every card anew, in a clean build
        # with the same cache/ as in an incremental one).
        drawing = hashlib.sha256(Path(font).read_bytes())
        for code in (Path(__file__), Path(__file__).with_name("palette.py")):
            drawing.update(code.read_bytes())
        drawing.update(PIL.__version__.encode())
        self.drawing = drawing.hexdigest()
        # The output folders place_kept made (or found) in this painter's build: one mkdir
        # each, not one (and a stat) per card.
        self.folders: set[Path] = set()

    def draw(self, card: Card) -> Image.Image:
        """Render one card (or crop the lead photo) to a 1200×630 RGB image."""
        if card.photo:
            with Image.open(card.photo) as photo:
                upright = ImageOps.exif_transpose(photo).convert("RGB")
                cropped = ImageOps.fit(upright, SIZE, Image.Resampling.LANCZOS)
                # Of what the photo carried only its colour profile goes on (see write), and
                # only an RGB one: a CMYK or grey profile would not fit the converted pixels.
                icc = photo.info.get("icc_profile") if photo.mode.startswith("RGB") else None
                cropped.info = {"icc_profile": icc} if icc else {}
                return cropped
        image = Image.new("RGB", SIZE, card.colour)
        pen = ImageDraw.Draw(image)
        # Gentle hills along the bottom: the same motif as the region illustrations.
        pen.ellipse((-200, 470, 700, 900), fill=mix_with_white(card.colour, 0.18))
        pen.ellipse((450, 500, 1500, 950), fill=mix_with_white(card.colour, 0.10))
        pen.text((70, 60), card.kicker.upper(), font=self.fonts[30], fill="#ffffff")
        lines = textwrap.wrap(card.title, width=28)[:4]
        size = 64 if len(lines) <= 2 else 52
        y = 150
        for line in lines:
            pen.text((70, y), line, font=self.fonts[size], fill="#ffffff")
            y += int(size * 1.25)
        pen.text((70, 540), card.footer, font=self.fonts[28], fill="#ffffff")
        return image

    def write(self, card: Card, target: Path, cache_dir: Path) -> None:
        """Write the card to target, drawing it only when the cache has no copy."""
        cached = self.cached(card, cache_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        place_cached(cached, target)

    def place_kept(self, card: Card, target: Path, cache_dir: Path, keep: bool = False) -> bool:
        """Write the card to target when the cache has a whole copy (as write does), else
        nothing: False, it must be drawn. `keep`: intact_known's."""
        cached = cache_dir / f"{card.key(self.drawing)}.jpg"
        if not intact_known(cached, keep):
            return False
        folder = target.parent
        if folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        place_cached(cached, target)
        return True

    def is_cached(self, card: Card, cache_dir: Path, keep: bool = False) -> bool:
        """Whether the cache holds a whole copy of the card (`keep`: intact_known's)."""
        return intact_known(cache_dir / f"{card.key(self.drawing)}.jpg", keep)

    def cached(self, card: Card, cache_dir: Path) -> Path:
        """The card's file in the cache, drawn now when the cache has no whole copy."""
        cached = cache_dir / f"{card.key(self.drawing)}.jpg"
        if not intact(cached):
            cache_dir.mkdir(parents=True, exist_ok=True)
            # Two builds at once draw the same card: each into its own temporary file.
            temporary = temporary_sibling(cached)
            image = self.draw(card)
            # Pillow's JPEG writer carries the photo's comment over from `info`; the card
            # gets nothing of the photo's metadata, only its colour profile.
            icc = image.info.get("icc_profile")
            image.info = {}
            image.save(temporary, "JPEG", quality=88, optimize=False, icc_profile=icc)
            temporary.replace(cached)
        return cached
