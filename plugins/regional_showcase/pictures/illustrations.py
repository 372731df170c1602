"""A generated landscape per region, for cards and heroes where no photo exists.

The drawing follows the region's character, `landscape:` in data/regions.yaml (coast, lake,
alps, low-mountains, river-valley), not its slug: flat Vorpommern gets a coast, the Allgäu
gets mountains. The region's colour tints it. Nothing is random, so the same data always
draws the same picture.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import escape

from .palette import mix_with_white, region_colour

WIDTH, HEIGHT = 640, 360
WATER = "#2e6f9e"
SNOW = "#f7f9fb"
# What the <title> says, so the text alternative names what the picture shows.
DESCRIPTIONS = {
    "coast": "Küste mit Meer, Dünen und Leuchtturm",
    "lake": "See vor Hügeln und Bergen, mit Segelboot",
    "alps": "Berge mit Schneegipfeln über Almwiesen",
    "low-mountains": "bewaldete Mittelgebirgshügel",
    "river-valley": "Flusstal zwischen Hängen, mit Burg",
}

Colour = str  # "#rrggbb"


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _tint(colour: Colour, white: float) -> str:
    return _hex(mix_with_white(colour, white))


def _smooth(base: int, amplitude: int, waves: float, phase: float, fill: str) -> str:
    """A soft ridge made of quadratic curves: rounded hills."""
    step = WIDTH / (waves * 2)
    path = [f"M0,{HEIGHT} L0,{base}"]
    x, up = 0.0, True
    while x < WIDTH:
        top = base - amplitude if up else base - amplitude * phase
        path.append(f"Q{round(x + step / 2)},{round(top)} {round(x + step)},{base}")
        x += step
        up = not up
    path.append(f"L{WIDTH},{HEIGHT} Z")
    return f'<path fill="{fill}" d="{" ".join(path)}"/>'


def _peaks(base: int, tops: list[tuple[int, int]], fill: str, snow: bool) -> str:
    """Jagged mountains: straight slopes between peaks, optional snow caps."""
    points = [f"0,{base}"] + [f"{x},{y}" for x, y in tops] + [f"{WIDTH},{base}"]
    shape = f'<polygon fill="{fill}" points="0,{HEIGHT} {" ".join(points)} {WIDTH},{HEIGHT}"/>'
    if not snow:
        return shape
    caps = []
    for x, y in tops:
        depth = (base - y) * 0.28
        caps.append(
            f'<polygon class="snow" fill="{SNOW}" points="{x},{y} {round(x - depth * 0.9)},'
            f"{round(y + depth)} {x},{round(y + depth * 0.75)} {round(x + depth * 0.9)},"
            f'{round(y + depth)}"/>'
        )
    return shape + "".join(caps)


def _waves(top: int, rows: int, colour: str) -> str:
    lines = []
    for row in range(rows):
        y = top + 18 + row * 22
        shift = 30 if row % 2 else 0
        segments = " ".join(f"M{x + shift},{y} q15,-6 30,0" for x in range(20, WIDTH - 40, 110))
        lines.append(f'<path fill="none" stroke="{colour}" stroke-width="3" d="{segments}"/>')
    return "".join(lines)


def _coast(colour: Colour) -> str:
    sea = _tint(WATER, 0.25)
    return (
        f'<rect class="water" y="220" width="{WIDTH}" height="{HEIGHT - 220}" fill="{sea}"/>'
        + _waves(220, 5, _tint(WATER, 0.6))
        # Dunes on the right, flat land: the horizon is the sea itself.
        + f'<path fill="{_tint(colour, 0.55)}" d="M360,{HEIGHT} Q420,250 480,262 '
        f'Q540,236 {WIDTH},258 L{WIDTH},{HEIGHT} Z"/>'
        + f'<path fill="{_tint(colour, 0.3)}" d="M420,{HEIGHT} Q500,286 {WIDTH},296 '
        f'L{WIDTH},{HEIGHT} Z"/>'
        # A lighthouse, red and white.
        + '<polygon fill="#f7f9fb" points="536,266 546,150 562,150 572,266"/>'
        + '<polygon fill="#b3261e" points="540,228 568,228 570,248 538,248"/>'
        + '<polygon fill="#b3261e" points="543,180 565,180 566,198 542,198"/>'
        + '<rect fill="#3d3d3d" x="542" y="134" width="24" height="16"/>'
        + '<polygon fill="#b3261e" points="538,134 554,118 570,134"/>'
    )


def _lake(colour: Colour) -> str:
    water = _tint(WATER, 0.35)
    return (
        _peaks(
            200,
            [(70, 120), (170, 150), (260, 105), (370, 140), (480, 118), (580, 150)],
            _tint(colour, 0.7),
            True,
        )
        + _smooth(222, 26, 2.5, 0.4, _tint(colour, 0.45))
        + f'<rect class="water" y="240" width="{WIDTH}" height="70" fill="{water}"/>'
        + _waves(236, 2, _tint(WATER, 0.7))
        # A sailing boat on the lake.
        + '<polygon fill="#f7f9fb" points="420,270 420,206 462,270"/>'
        + '<polygon fill="#3d3d3d" points="398,274 474,274 464,286 408,286"/>'
        + _smooth(318, 18, 1.5, 0.2, colour)
    )


def _alps(colour: Colour) -> str:
    return (
        _peaks(
            250,
            [(60, 130), (150, 70), (230, 140), (330, 58), (430, 125), (520, 80), (600, 140)],
            _tint(colour, 0.55),
            True,
        )
        + _peaks(290, [(110, 200), (260, 170), (410, 205), (560, 180)], _tint(colour, 0.3), False)
        + _smooth(318, 20, 2, 0.3, colour)
    )


def _trees(base: int, xs: list[int], fill: str) -> str:
    return "".join(
        f'<polygon fill="{fill}" points="{x},{base - 34} {x - 11},{base} {x + 11},{base}"/>'
        for x in xs
    )


def _low_mountains(colour: Colour) -> str:
    return (
        _smooth(190, 50, 1.5, 0.5, _tint(colour, 0.6))
        + _smooth(250, 44, 2, 0.4, _tint(colour, 0.35))
        + _trees(262, [80, 104, 128, 380, 404, 428, 452], _tint(colour, 0.1))
        + _smooth(312, 30, 1.5, 0.3, colour)
    )


def _river_valley(colour: Colour) -> str:
    river = _tint(WATER, 0.3)
    return (
        _smooth(200, 30, 1, 0.6, _tint(colour, 0.65))
        # Two slopes falling towards the middle, the river winding between them.
        + f'<path fill="{_tint(colour, 0.35)}" d="M0,{HEIGHT} L0,150 Q160,170 280,{HEIGHT} Z"/>'
        + f'<path fill="{_tint(colour, 0.25)}" d="M{WIDTH},{HEIGHT} L{WIDTH},170 '
        f'Q470,190 370,{HEIGHT} Z"/>'
        + f'<path class="water" fill="{river}" d="M300,{HEIGHT} Q330,300 310,260 '
        f'Q296,232 330,214 L346,214 Q318,236 334,262 Q356,306 352,{HEIGHT} Z"/>'
        # A castle above the river.
        + '<rect fill="#5b5b5b" x="60" y="150" width="70" height="40"/>'
        + '<rect fill="#5b5b5b" x="92" y="120" width="22" height="34"/>'
        + '<polygon fill="#b3261e" points="88,122 103,102 118,122"/>'
        + '<rect fill="#5b5b5b" x="56" y="142" width="10" height="10"/>'
        + '<rect fill="#5b5b5b" x="124" y="142" width="10" height="10"/>'
    )


DRAWINGS: dict[str, Callable[[Colour], str]] = {
    "coast": _coast,
    "lake": _lake,
    "alps": _alps,
    "low-mountains": _low_mountains,
    "river-valley": _river_valley,
}


def region_illustration(landscape: str, name: str, index: int) -> str:
    """SVG text of a region's landscape (index -1: the site's colour); <title> describes it."""
    colour = region_colour(index)
    sky = _tint(colour, 0.82)
    night = _hex(tuple(round(c * 0.35) for c in mix_with_white(colour, 0.0)))
    description = DESCRIPTIONS[landscape]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img">'
        f"<title>Illustration: {escape(description)} – {escape(name)}</title>"
        # In dark mode a night sky, so the picture does not glare on dark cards.
        f"<style>@media (prefers-color-scheme: dark) {{ .sky {{ fill: {night} }} "
        ".sun { fill: #d9dee8 } }</style>"
        f'<rect class="sky" width="{WIDTH}" height="{HEIGHT}" fill="{sky}"/>'
        f'<circle class="sun" cx="150" cy="70" r="34" fill="#f4d58d"/>'
        + DRAWINGS[landscape](colour)
        + "</svg>\n"
    )
