"""What the build may publish from the project's folders: real files of known types only.

Pelican copies every file under STATIC_PATHS (content/images/) to the site as it is, and every
file a text links with {static} or {attach}; its walk follows symbolic links. So a link to
/proc/self/environ, an SVG with a script or an HTML page saved among the pictures would go
online under the site's own address, where a script runs with the site's rights. These rules
decide by what a file is (its first bytes), never by its name, and refuse the rest before
the build writes anything.

HEIC/HEIF photos (the iPhone's default) are recognised here, `picture_type` returns HEIF for
them, and refused by the photo rules (photo_formats.py). Pages are Markdown only: Pelican
would publish an HTML file among them as it is.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..pictures.clean import picture_fault
from . import unsaved
from .image_files import IMAGE_DIR, PICTURE_SUFFIXES
from .paths_shown import display_path
from .problems import Problem
from .text_files import file_bytes

# The kinds of file told apart by their content.
JPEG, PNG, WEBP, GIF, HEIF = "jpeg", "png", "webp", "gif", "heif"
SVG, HTML, PDF = "svg", "html", "pdf"
# Published as they are, by type: the file names each type may have. A browser takes the
# type from the server, and the server from the name: a name must say what the file is.
PUBLISHED_PICTURES = PICTURE_SUFFIXES
PICTURE_TYPES = (*PUBLISHED_PICTURES, GIF, HEIF)
_LABELS = {
    JPEG: "JPEG-Bild",
    PNG: "PNG-Bild",
    WEBP: "WebP-Bild",
    GIF: "GIF-Bild",
    HEIF: "HEIF-Foto (HEIC)",
    SVG: "SVG-Grafik",
    HTML: "HTML-Seite",
    PDF: "PDF-Dokument",
}
# The ISO base media file's major brand of a HEIF still image or sequence (the ftyp box).
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# Text formats are told by their first tag; an SVG may begin with an XML declaration, a
# comment or a doctype, so its <svg is looked for in the opening bytes.
_SNIFF_BYTES = 4096
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<meta")
# A link Pelican copies the target of: {static}/images/a.pdf, {attach}plan.pdf, and the old
# spelling |static|/images/a.pdf (INTRASITE_LINK_REGEX).
_COPIED_LINK = re.compile(r"[{|](static|attach)[|}]([^\s)\"'<>\]]+)")
MARKDOWN = (".md", ".markdown")


def file_type(path: Path) -> str | None:
    """What a file is by its first bytes: 'jpeg', 'png', 'webp', 'gif', 'heif', 'svg', 'html',
    'pdf', or None for anything else."""
    head = unsaved.head(path, _SNIFF_BYTES)
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return HEIF
    if head.startswith(b"%PDF-"):
        return PDF
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n").lower()
    if text.startswith(_HTML_STARTS):
        return HTML
    if "<svg" in text:
        return SVG
    return None


def picture_type(path: Path) -> str | None:
    """The kind of picture a file holds by its content: 'jpeg', 'png', 'webp', 'gif' or
    'heif' (HEIC photos); None when it is no picture, whatever its name says."""
    kind = file_type(path)
    return kind if kind in PICTURE_TYPES else None


def _described(kind: str | None) -> str:
    return _LABELS.get(kind or "", "unbekanntes Format")


# --- symbolic links ---


def link_problems(folders: Iterable[Path], walk: _Walk | None = None) -> list[Problem]:
    """Every symbolic link under the given folders (content/, data/, theme/), and each given
    file that is one.

    The build follows none: Pelican would publish what the link points to, anywhere on the
    machine that builds the site.
    """
    problems = []
    for folder in folders:
        if folder.is_symlink() and not folder.is_dir():
            found = [folder]  # a single file named on its own (the data file)
        elif walk is not None and folder == walk.root:
            found = sorted(Path(path) for path in walk.links)
        else:
            found = sorted(Path(entry.path) for entry in _entries(folder) if entry.is_symlink())
        for path in found:
            problems.append(
                Problem(
                    display_path(path),
                    0,
                    "",
                    f"ist ein Verweis (symbolischer Link) auf '{os.readlink(path)}'; die "
                    "Website folgt keinem Verweis, sonst ginge online, worauf er zeigt: ersetzen "
                    "Sie den Verweis durch die Datei selbst oder löschen Sie ihn",
                )
            )
    return problems


# --- the pictures folder ---


def picture_folder_problems(
    content: Path,
    folders: Iterable[str],
    ignored: Iterable[str] = (".*",),
    walk: _Walk | None = None,
) -> list[Problem]:
    """Every file in the folders Pelican publishes as they are (content/images/) must be a
    JPEG, PNG or WebP picture whose name ends as its type; PDFs have their own rule.

    `ignored` are Pelican's IGNORE_FILES patterns: what it skips is not published, and what
    it does not skip (Pelican's own default skips no hidden file) is checked here.
    """
    problems = []
    for folder in sorted(set(folders)):
        root = content / folder
        for path in sorted(_files(root, tuple(ignored), walk)):
            if path.suffix.lower() == ".pdf":
                continue  # attachment_problems
            message = picture_refusal(path, f"{folder}/")
            if message:
                problems.append(Problem(display_path(path), 0, "", message))
    return problems


def picture_refusal(path: Path, folder: str) -> str | None:
    """Why the file at `path` may not be published as a picture, or None.

    HEIF photos, whatever their name, are left to the photo rules (photo_formats.py), which
    refuse them with the way to a JPEG.
    """
    kind = file_type(path)
    suffix = path.suffix.lower()
    if kind == HEIF:
        return None
    if kind in PUBLISHED_PICTURES:
        if suffix in PUBLISHED_PICTURES[kind]:
            return _damage(path)
        right = path.stem + PUBLISHED_PICTURES[kind][0]
        return (
            f"der Name endet auf '{path.suffix}', der Inhalt ist aber ein {_LABELS[kind]}: "
            f"benennen Sie die Datei in '{right}' um (und ebenso den Verweis im Text)"
        )
    png = f"{folder}{path.stem}.png"
    if kind == SVG or suffix == ".svg":
        return (
            "SVG-Grafiken werden nicht veröffentlicht, denn sie können Skripte enthalten, die "
            f"auf der Website ausgeführt würden: exportieren Sie die Grafik als PNG ({png})"
        )
    if kind == GIF:
        return f"GIF-Bilder werden nicht veröffentlicht: speichern Sie das Bild als PNG ({png})"
    if any(suffix in names for names in PUBLISHED_PICTURES.values()):
        return (
            f"der Name endet auf '{path.suffix}', der Inhalt ist aber kein Bild "
            f"({_described(kind)}): öffnen Sie das Bild in einem Bildprogramm und speichern "
            "Sie es neu als JPEG, PNG oder WebP"
        )
    return (
        f"unter {folder} werden nur Bilder veröffentlicht (JPEG, PNG, WebP), diese Datei "
        f"({_described(kind)}) ginge unverändert online: entfernen Sie sie aus {folder}"
    )


def _damage(path: Path) -> str | None:
    """Why a picture of a published type cannot be published after all: the build writes
    each one anew without its metadata (pictures/clean.py) and would stop at a cut-off
    upload with a traceback instead of this message."""
    fault = picture_fault(unsaved.read_bytes(path))
    if fault is None:
        return None
    return (
        f"das Bild ist beschädigt oder unvollständig ({fault}), oft nach einem abgebrochenen "
        "Hochladen: öffnen Sie das Original in einem Bildprogramm, speichern Sie es neu als "
        "JPEG, PNG oder WebP und laden Sie es noch einmal hoch"
    )


# --- the page folders ---


def page_folder_problems(
    folders: Iterable[Path], ignored: Iterable[str] = (".*",), walk: _Walk | None = None
) -> list[Problem]:
    """Every file in the folders Pelican reads pages from (content/pages/) is Markdown.

    Pelican also reads HTML files as pages and publishes their markup as it is, scripts
    included, past every rule of the posts; anything else there would be published by
    nothing, or by a link. (Files in the news folder have their own rule, posts.py.)
    """
    problems = []
    for folder in folders:
        for path in sorted(_files(folder, tuple(ignored), walk)):
            if path.suffix.lower() in MARKDOWN:
                continue  # content_files.py checks how the ending is written
            problems.append(
                Problem(
                    display_path(path),
                    0,
                    "",
                    f"keine Seite ({_described(file_type(path))}): Seiten sind Markdown-Dateien "
                    "mit der Endung .md; Bilder und PDF-Dokumente gehören nach content/images/",
                )
            )
    return problems


# --- links that publish a file: {static}, {attach} ---


def linked_file_problems(
    content: Path, texts: Iterable[tuple[Path, str]], checked: Iterable[str] = ()
) -> list[Problem]:
    """Every file a text links with {static} or {attach}, which Pelican copies to the site
    wherever it lies under content/: a picture of a published type or a PDF, inside content/.

    Files in the `checked` folders (the pictures folder) have their problem reported once,
    by picture_folder_problems.
    """
    skipped = [content / folder for folder in checked]
    problems = []
    for path, text in texts:
        for match in _COPIED_LINK.finditer(text):
            written = match.group(0)
            line = text.count("\n", 0, match.start()) + 1
            where = _link_target(content, path, match.group(2))
            message = None
            if where is None:
                message = (
                    f"der Link '{written}' zeigt aus content/ hinaus: die Website veröffentlicht "
                    "nur Dateien unter content/; legen Sie die Datei nach content/images/"
                )
            elif where.is_file() and not _within(where, skipped) and not where.is_symlink():
                message = _linked_refusal(written, where, content)
            if message:
                problems.append(Problem(display_path(path), line, "", message))
    return problems


def _linked_refusal(written: str, target: Path, content: Path) -> str | None:
    suffix = target.suffix.lower()
    if suffix in MARKDOWN or suffix == ".pdf":
        return None  # a post or page: Pelican renders it; a PDF: attachment_problems
    kind = file_type(target)
    shown = display_path(target)
    if kind == HEIF:
        # The picture rules refuse HEIC photos in content/images/ only; a link publishes one
        # from any folder, with the place it was taken in it.
        return (
            f"der Link '{written}' zeigt auf {shown}, ein HEIC-Foto (das Format des iPhones), "
            f"das viele Browser nicht anzeigen: speichern Sie das Foto als JPEG "
            f"({target.stem}.jpg) und verlinken Sie dieses"
        )
    pictured = any(suffix in names for names in PUBLISHED_PICTURES.values())
    if kind in PICTURE_TYPES or kind == SVG or pictured or suffix == ".svg":
        folder = target.parent.relative_to(content).as_posix()
        refusal = picture_refusal(target, f"{folder}/")
        return None if refusal is None else f"der Link '{written}' zeigt auf {shown}: {refusal}"
    return (
        f"der Link '{written}' veröffentlichte {shown} ({_described(kind)}) unverändert; "
        "verlinkt werden dürfen nur Bilder (JPEG, PNG, WebP) und PDF-Dokumente: entfernen Sie "
        "den Link"
    )


def _within(path: Path, folders: list[Path]) -> bool:
    return any(path.is_relative_to(folder) for folder in folders)


def _link_target(content: Path, text_path: Path, value: str) -> Path | None:
    """The file a {static}/{attach} value names, as Pelican resolves it; None outside content/."""
    address = unquote(urlsplit(value).path)
    if address.startswith("/"):
        relative = address.lstrip("/")
    else:
        folder = text_path.parent.relative_to(content).as_posix()
        relative = posixpath.join(folder, address)
    relative = posixpath.normpath(relative)
    if relative == ".." or relative.startswith("../") or posixpath.isabs(relative):
        return None
    return content / relative


# --- attachments ---


def attachment_problems(
    content: Path,
    texts: list[tuple[Path, str]],
    ignored: Iterable[str] = (".*",),
    walk: _Walk | None = None,
) -> list[Problem]:
    """Every PDF under content/ is a real PDF (it starts with %PDF-) that a post, page or
    region text links; a document nobody links is not meant for the site. `ignored`: as in
    picture_folder_problems."""
    problems = []
    pdfs = (
        p for p in _files(content, tuple(ignored), walk) if unsaved.file_suffix(p).lower() == ".pdf"
    )
    for path in sorted(pdfs):
        shown = display_path(path)
        kind = file_type(path)
        relative = path.relative_to(content).as_posix()
        if kind != PDF:
            problems.append(
                Problem(
                    shown,
                    0,
                    "",
                    f"der Name endet auf '{path.suffix}', der Inhalt ist aber kein PDF-Dokument "
                    f"({_described(kind)}): exportieren Sie das Dokument neu als PDF "
                    "(„Datei“ → „Exportieren“ → „PDF“)",
                )
            )
        elif not any(_mentions(text, text_path, path, content) for text_path, text in texts):
            problems.append(
                Problem(
                    shown,
                    0,
                    "",
                    "kein Text der Website verlinkt dieses PDF, veröffentlicht werden nur "
                    "verlinkte Dokumente: verlinken Sie es in einer Meldung oder Seite, "
                    f"[Titel des Dokuments]({{static}}/{relative}), oder löschen Sie es",
                )
            )
    return problems


def _mentions(text: str, text_path: Path, file: Path, content: Path) -> bool:
    """True when the text names the file: by its path under content/ or next to the text."""
    # Strings, not Path methods: this runs for every text and every PDF.
    names = {file.relative_to(content).as_posix()}
    folder = os.path.join(os.path.dirname(text_path), "")
    if str(file).startswith(folder):
        names.add(str(file)[len(folder) :].replace(os.sep, "/"))
    return any(name in text or name.replace(" ", "%20") in text for name in names)


# --- all of them ---


def _files(
    root: Path, ignored: tuple[str, ...] = (".*",), walk: _Walk | None = None
) -> Iterator[Path]:
    """Every file under root whose name and folders match none of the `ignored` patterns (as
    Pelican's walk skips them); links are not followed (link_problems refuses them). With
    the files the web editor is about to save (unsaved.py). Taken from `walk` where it
    entered root, the same list for the same root and patterns (the texts' and the PDFs'
    rules both take content/'s)."""
    if walk is None or str(root) not in walk.folders:
        found = (e.path for e in _entries(root, ignored) if e.is_file(follow_symlinks=False))
        yield from _with_pending(found, root, ignored)
        return
    key = (str(root), ignored)
    if key not in walk.listed:
        found = walk.files_below(str(root), ignored)
        walk.listed[key] = _with_pending(found, root, ignored)
    yield from walk.listed[key]


def _with_pending(found: Iterable[str], root: Path, ignored: tuple[str, ...]) -> list[Path]:
    def skipped(relative: Path) -> bool:
        return any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in ignored)

    # Sorted as strings, a Path made of each then (unsaved.with_pending_paths): 20 ms less
    # for the 1,000 files of a large content/.
    return unsaved.with_pending_paths(found, root, skipped)


def _entries(root: Path, ignored: tuple[str, ...] = ()) -> Iterator[os.DirEntry]:
    """Every entry under root, symbolic links included but never entered; names matching an
    `ignored` pattern are skipped with all they hold. (scandir: no stat call per file.)"""
    folders = [root] if root.is_dir() and not root.is_symlink() else []
    normcase = os.path.normcase
    matches = _matchers(ignored)
    while folders:
        with os.scandir(folders.pop()) as listing:
            for entry in listing:
                name = normcase(entry.name)
                if any(match(name) for match in matches):
                    continue
                yield entry
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))


def _matchers(ignored: Iterable[str]) -> list:
    """fnmatch.fnmatch's own test of each pattern, each compiled once."""
    normcase = os.path.normcase
    return [re.compile(fnmatch.translate(normcase(pattern))).match for pattern in ignored]


class _Walk:
    """content/ walked once for all rules of a check (each rule walked it again: 0.13 s of
    a check at 1,000 posts): every entry, hidden ones too, links listed and never entered.
    A rule's folder and patterns pick their files from it, the same ones its own walk finds."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # The real folders the walk entered: a folder reached through a link is not among
        # them, and a rule walks it itself, as before.
        self.folders = {str(root)} if root.is_dir() and not root.is_symlink() else set()
        self.files: list[str] = []
        self.links: list[str] = []
        # A rule's files by its folder and patterns, with the editor's pending save.
        self.listed: dict[tuple[str, tuple[str, ...]], list[Path]] = {}
        for entry in _entries(root):
            if entry.is_symlink():
                self.links.append(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                self.folders.add(entry.path)
            elif entry.is_file(follow_symlinks=False):
                self.files.append(entry.path)

    def files_below(self, folder: str, ignored: Iterable[str]) -> list[str]:
        """The files under `folder` (one the walk entered) whose names and folders below it
        match none of the `ignored` patterns, as _entries skips them."""
        prefix = os.path.join(folder, "")
        matches = _matchers(ignored)
        normcase = os.path.normcase
        return [
            path
            for path in self.files
            if path.startswith(prefix)
            and not any(
                match(normcase(part))
                for part in path[len(prefix) :].split(os.sep)
                for match in matches
            )
        ]


# A text can link a file Pelican copies, or an attachment, only if it holds one of these.
_LINK_MARKERS = (b"static", b"attach", b".pdf", b".PDF")


def _texts(
    content: Path, walk: _Walk | None = None, marked: Callable[[Path], str | None] | None = None
) -> list[tuple[Path, str]]:
    """The Markdown texts under content/ (posts, pages, region texts, events) that may link a
    file: at 10,000 posts, decoding every one would cost more than all these rules.
    `marked` (a process that builds again: input_check.py) gives a text's marked_text, kept
    by its bytes from one check to the next."""
    texts = []
    for path in _files(content, walk=walk):  # sorted (with_pending)
        if unsaved.file_suffix(path).lower() in MARKDOWN:
            # Read once for all rules of the check (text_files.py).
            text = marked(path) if marked is not None else marked_text(file_bytes(path))
            if text is not None:
                texts.append((path, text))
    return texts


def marked_text(data: bytes) -> str | None:
    """A Markdown file's text when its bytes hold a link marker (it may link a file), else
    None."""
    if any(marker in data for marker in _LINK_MARKERS):
        return data.decode("utf-8", "replace")
    return None


def published_file_problems(
    *,
    content: Path,
    data_file: Path,
    theme: Path,
    static_paths: Iterable[str],
    page_dirs: Iterable[Path],
    ignored: Iterable[str],
    marked: Callable[[Path], str | None] | None = None,
) -> list[Problem]:
    """Every rule of this module for the site's folders: links, pictures, linked files, PDFs.

    The folders come from the settings (input_check.py hands them in); `marked`: see _texts."""
    # data/ is walked whole; a data file kept next to content/ is checked alone, so that the
    # project's own links there (node_modules/ in the tests' copies) are not walked.
    data = data_file.parent if not content.is_relative_to(data_file.parent) else None
    walk = _Walk(content)
    problems = link_problems([content, theme, data or data_file], walk)
    folders = {IMAGE_DIR, *static_paths}
    problems += page_folder_problems(page_dirs, ignored, walk)
    problems += picture_folder_problems(content, folders, ignored, walk)
    texts = _texts(content, walk, marked)
    problems += linked_file_problems(content, texts, folders)
    problems += attachment_problems(content, texts, ignored, walk)
    return problems
