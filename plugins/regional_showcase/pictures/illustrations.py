"""A generated landscape per region, for cards and heroes where no photo exists.

Each region gets hills in its own colour; the shapes vary with the slug, deterministically,
so the same data always draws the same picture.
"""

from __future__ import annotations

import hashlib

from markupsafe import escape

from .palette import mix_with_white, region_colour

WIDTH, HEIGHT = 640, 360


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _numbers(slug: str) -> list[int]:
    return list(hashlib.sha256(slug.encode("utf-8")).digest())


def _hill(base: int, amplitude: int, phase: int, colour: str) -> str:
    points = []
    for step in range(0, WIDTH + 1, 40):
        offset = amplitude * ((step * 7 + phase * 13) % 97) / 97
        points.append(f"{step},{round(base - offset)}")
    return (
        f'<path fill="{colour}" d="M0,{HEIGHT} L' + " L".join(points) + f' L{WIDTH},{HEIGHT} Z"/>'
    )


def region_illustration(slug: str, name: str, index: int) -> str:
    """SVG text of a region's landscape (index -1: the site's colour); <title> describes it."""
    colour = region_colour(index)
    n = _numbers(slug)
    sky = _hex(mix_with_white(colour, 0.82))
    night = _hex(tuple(round(c * 0.35) for c in mix_with_white(colour, 0.0)))
    sun_x, sun_y = 80 + n[0] * 2, 60 + n[1] % 60
    hills = [
        _hill(200 + n[2] % 30, 60 + n[3] % 40, n[4], _hex(mix_with_white(colour, 0.55))),
        _hill(260 + n[5] % 30, 50 + n[6] % 40, n[7], _hex(mix_with_white(colour, 0.3))),
        _hill(310 + n[8] % 20, 40 + n[9] % 30, n[10], colour),
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img">'
        f"<title>Illustration: Landschaft – {escape(name)}</title>"
        # In dark mode a night sky, so the picture does not glare on dark cards.
        f"<style>@media (prefers-color-scheme: dark) {{ .sky {{ fill: {night} }} "
        ".sun { fill: #d9dee8 } }</style>"
        f'<rect class="sky" width="{WIDTH}" height="{HEIGHT}" fill="{sky}"/>'
        f'<circle class="sun" cx="{sun_x}" cy="{sun_y}" r="34" fill="#f4d58d"/>'
        + "".join(hills)
        + "</svg>\n"
    )
