"""Photos: a region's `photo:` and a post's title picture appear only with credit and licence.

A photo someone else took may be shown only under the licence they gave, and the reader must
see whose it is: without both, the check refuses it (the drawing stays). The focus ('x% y%',
from the left and from the top, in steps of 10) is the point a crop keeps in view; the
templates turn it into classes (`focus_classes`), because the site's Content Security Policy
allows no inline style.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from . import unsaved
from .image_files import RASTER_SUFFIXES, image_file
from .problems import Problem
from .yaml_source import LocatedYAML, dotted

FOCUS = re.compile(r"^(100|[1-9]?0)% (100|[1-9]?0)%$")
# The web editor's message for a focus that does not match (cms/config.py).
FOCUS_MESSAGE = "Zwei Werte in Zehnerschritten, von links und von oben, z. B. 50% 30%"
IMAGE_FOLDER = "images"


def focus_classes(focus: str | None) -> str:
    """'30% 20%' -> 'focus-x-30 focus-y-20' (site.css sets object-position from them)."""
    match = FOCUS.match(focus or "")
    return f"focus-x-{match.group(1)} focus-y-{match.group(2)}" if match else ""


def credit_message(field: str) -> str:
    return (
        f"das Foto hat keinen Bildnachweis: ergänzen Sie '{field}: …' mit der Fotografin, dem "
        "Fotografen oder der Stelle, von der es stammt, z. B. 'Allgäu GmbH / Name'"
    )


def licence_message(field: str) -> str:
    return (
        f"zum Foto fehlt die Lizenz: ergänzen Sie '{field}: …', z. B. 'CC BY 4.0' oder 'mit "
        "Genehmigung der Allgäu GmbH'; ein Foto ohne belegte Lizenz erscheint nicht"
    )


def focus_message(value: str) -> str:
    return (
        f"'{value}' ist kein Bildausschnitt: geben Sie den Punkt, der sichtbar bleiben soll, "
        "als 'x% y%' in Zehnerschritten an, von links und von oben, z. B. '50% 30%'"
    )


def missing_file_message(value: str) -> str:
    return (
        f"das Foto '{value}' gibt es nicht: legen Sie es (JPEG, PNG oder WebP) unter "
        f"content/{IMAGE_FOLDER}/ ab und geben Sie den Pfad ab content/ an, z. B. "
        f"'{IMAGE_FOLDER}/regionen/allgaeu.jpg'"
    )


def credit_problems(
    values: dict[str, str | None], labels: dict[str, str], shown: str, lines: dict[str, int]
) -> Iterator[Problem]:
    """Credit and licence present, the focus well formed; `labels` name the fields as the
    editor wrote them (credit, licence, focus), `lines` say where."""
    for key, message in (("credit", credit_message), ("licence", licence_message)):
        if not str(values.get(key) or "").strip():
            yield Problem(shown, lines[key], labels[key], message(labels[key]))
    focus = values.get("focus")
    if focus is not None and not FOCUS.match(str(focus).strip()):
        yield Problem(shown, lines["focus"], labels["focus"], focus_message(str(focus)))


def region_photo_problems(
    located: LocatedYAML, shown: str, content_path: Path | None
) -> Iterator[Problem]:
    """Every region's `photo:` in regions.yaml: credit, licence, focus, and the file itself
    (when the content folder is known)."""
    data = located.data if isinstance(located.data, dict) else {}
    regions = data.get("regions") if isinstance(data.get("regions"), list) else []
    for index, region in enumerate(regions):
        photo = region.get("photo") if isinstance(region, dict) else None
        if not isinstance(photo, dict):
            continue
        base = ("regions", index, "photo")
        lines = {key: located.line_of((*base, key) if key in photo else base) for key in
                 ("credit", "licence", "focus", "file")}  # fmt: skip
        labels = {key: dotted((*base, key)) for key in ("credit", "licence", "focus")}
        yield from credit_problems(photo, labels, shown, lines)
        file = str(photo.get("file") or "")
        if content_path is not None and file:
            found = image_file(content_path, file)
            usable = (
                found is not None
                and unsaved.is_file(found)  # as the editor's save leaves it
                and found.suffix.lower() in RASTER_SUFFIXES
                and file.lstrip("/").startswith(f"{IMAGE_FOLDER}/")
            )
            if not usable:
                yield Problem(
                    shown, lines["file"], dotted((*base, "file")), missing_file_message(file)
                )
