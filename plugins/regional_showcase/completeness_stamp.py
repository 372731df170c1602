"""The completeness stamp: the last file a publish build writes, and what every upload checks.

`scripts/publish` writes `build-stamp.txt` into the finished site after the search index
and the .gz/.br siblings: the number of the other files and a SHA-256 over each one's path
and bytes. An upload recomputes both and refuses a folder whose stamp is missing or does not
match: a build that was interrupted, a development build (`make html` writes no stamp), or
a site changed after the build. The stamp is served with the site; it holds nothing but the
count and the hash of files that are public anyway.

Only the standard library: `scripts/s3-upload` and `scripts/rsync-upload` load this file
with the system Python (3.8 or newer), without the project's virtualenv.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

STAMP_NAME = "build-stamp.txt"
HEADER = "# Vollständiger Build (scripts/publish): SHA-256 über Pfad und Inhalt jeder anderen Datei"
FIX = (
    "Abhilfe: neu bauen mit „make publish“ (oder „make rsync_upload“ / „make s3_upload“, "
    "die zuerst bauen) und dann hochladen."
)


@dataclass(frozen=True)
class Stamp:
    files: int
    sha256: str

    def text(self) -> str:
        return f"{HEADER}\nfiles {self.files}\nsha256 {self.sha256}\n"

    def short(self) -> str:
        return f"{self.files} Dateien, SHA-256 {self.sha256[:12]}…"


def _file_digest(path: Path) -> bytes:
    # Read in blocks, not with hashlib.file_digest: the upload scripts may run on a system
    # Python older than 3.11.
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.digest()


def content_stamp(folder: Path, digest: Callable[[Path], bytes] | None = None) -> Stamp:
    """The stamp of a folder as it is now: every file but the stamp, by path and bytes.
    `digest`: a file's SHA-256 (make publish passes one that knows unchanged files by their
    identity, known_files.py); the uploads read every file."""
    digest = digest or _file_digest
    files = sorted(_files(folder))
    # hashlib releases the GIL on large inputs: threads read and hash in parallel, each a
    # share of the files (a task per file cost more than hashing a known one).
    workers = os.cpu_count() or 2
    with ThreadPoolExecutor(max_workers=workers) as pool:
        shares = pool.map(
            lambda share: [(name, digest(path)) for name, path in share],
            [files[start::workers] for start in range(workers)],
        )
        digests = sorted(entry for share in shares for entry in share)
    total = hashlib.sha256()
    for name, file_digest in digests:
        # The NUL ends the name (no file name holds one), so no two trees hash alike.
        total.update(name.encode("utf-8") + b"\0" + file_digest)
    return Stamp(len(files), total.hexdigest())


def _files(folder: Path) -> list:
    """(path relative to folder with /, path) of every file in folder but the stamp. One
    os.walk: pathlib's rglob and is_file took 0.3 s for the 6,000 files of 1,000 posts."""
    found = []
    root = os.path.join(str(folder), "")
    for current, _dirs, names in os.walk(root):  # links to folders not followed, as rglob
        prefix = current[len(root) :].replace(os.sep, "/")
        prefix = prefix + "/" if prefix else ""
        for name in names:
            path = os.path.join(current, name)
            if (prefix or name != STAMP_NAME) and os.path.isfile(path):
                found.append((prefix + name, Path(path)))
    return found


def write_stamp(folder: Path, digest: Callable[[Path], bytes] | None = None) -> Stamp:
    """Write the stamp of the finished site in folder; the last file of a publish build."""
    stamp = content_stamp(folder, digest)
    target = folder / STAMP_NAME
    temporary = target.with_name(f".{STAMP_NAME}.{os.getpid()}.tmp")
    temporary.write_text(stamp.text(), encoding="utf-8")
    os.replace(temporary, target)
    return stamp


def _read_stamp(path: Path) -> Stamp | None:
    fields = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        key, _, value = line.partition(" ")
        if not line.startswith("#"):
            fields[key] = value.strip()
    files, digest = fields.get("files", ""), fields.get("sha256", "")
    valid_digest = len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)
    if not files.isdigit() or not valid_digest:
        return None
    return Stamp(int(files), digest)


class IncompleteBuild(Exception):
    """A folder that is not a complete publish build; the message says why and what to do."""


def verified_stamp(folder: Path) -> Stamp:
    """The stamp of a complete publish build in folder; IncompleteBuild (German) otherwise."""
    stamp_path = folder / STAMP_NAME
    if not folder.is_dir():
        raise IncompleteBuild(
            f"{folder}: Ordner fehlt. Erwartet: eine fertig gebaute Website. "
            f"Es wird nichts hochgeladen. {FIX}"
        )
    if not stamp_path.is_file():
        raise IncompleteBuild(
            f"{stamp_path}: fehlt. Erwartet: der Abschlussvermerk, den „make publish“ als "
            f"Letztes schreibt. Ohne ihn ist {folder} kein vollständiger Build (abgebrochen "
            f"oder mit „make html“ gebaut); es wird nichts hochgeladen. {FIX}"
        )
    recorded = _read_stamp(stamp_path)
    if recorded is None:
        raise IncompleteBuild(
            f"{stamp_path}: unlesbar. Erwartet: die Zeilen „files <Anzahl>“ und "
            f"„sha256 <64 Hexziffern>“. Es wird nichts hochgeladen. {FIX}"
        )
    found = content_stamp(folder)
    if found != recorded:
        raise IncompleteBuild(
            f"{stamp_path}: passt nicht zum Inhalt von {folder}. Erwartet: {recorded.short()}; "
            f"gefunden: {found.short()}. Nach dem Build wurde eine Datei geändert, hinzugefügt "
            f"oder gelöscht; es wird nichts hochgeladen. {FIX}"
        )
    return found


def main(argv: list[str]) -> int:
    """`completeness_stamp.py verify <folder>`: for the upload scripts, without the venv."""
    if len(argv) != 2 or argv[0] != "verify":
        print("Aufruf: completeness_stamp.py verify <Ordner>", file=sys.stderr)
        return 2
    try:
        verified_stamp(Path(argv[1]))
    except IncompleteBuild as problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
