"""Building a copy of the real project in a temporary folder, as `make` does.

Builds run the real `pelican` command in a subprocess, as `make` does; this also keeps
Pelican's class-level logging state and signal receivers out of the test process.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lxml import html

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
COPIED = ("content", "data", "theme", "plugins", "scripts", "pelicanconf.py", "publishconf.py")
PUBLISH_URL = "https://regionen.example.org"
# A build that takes longer has hung: fail it with its output rather than stall the run.
BUILD_TIMEOUT = 240
# The operator's facts every copy gets (the real pelicanconf.py leaves them to the operator,
# and `make publish` refuses without them): fictitious, on reserved example names.
TEST_OPERATOR = {
    "name": "Testbetreiber e. V.",
    "address": "Beispielweg 1, 00000 Musterort",
    "representative": "Der Vorstand",
    "email": "kontakt@example.org",
    "phone": "+49 000 000000",
    "register": "Kein Registereintrag.",
    "vat_id": "Keine vergeben.",
    "supervisory_authority": "Keine.",
    "editor": "Der Vorstand, Anschrift wie oben",
    "relation": "Diese Website ist ein Testaufbau.",
    "content_licence": "Die Texte stehen unter CC BY 4.0.",
    "data_protection_officer": "Keine Benennungspflicht.",
    "hosting": "Beispiel-Hosting, Musterort, Server in Deutschland",
    "log_retention": "7 Tagen",
    "data_protection_authority": "Beispielbehörde, Musterort",
    "privacy_date": "1. Januar 2026",
    "accessibility_date": "1. Januar 2026",
    "accessibility_review": "1. Januar 2026",
}


@dataclass
class Build:
    project: Path
    output: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def log(self) -> str:
        return self.stdout + self.stderr

    def file(self, url_path: str) -> Path:
        """The output file behind a site URL path such as 'regionen/allgaeu/'."""
        if url_path.endswith("/") or not url_path:
            return self.output / url_path / "index.html"
        return self.output / url_path

    def page(self, url_path: str) -> html.HtmlElement:
        """Parse the page at a site URL path."""
        return html.fromstring(self.file(url_path).read_bytes())


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _copy_or_link_compiled(source: str, target: str) -> None:
    if source.endswith(".pyc"):
        try:
            os.link(source, target)
            return
        except OSError:  # another file system
            pass
    shutil.copy2(source, target)


# A module compiling in another test process right now: Python writes its .pyc under a
# temporary name (`links.cpython-311.pyc.139875649223984`) and renames it, so a copy that
# listed the folder before the rename finds the file gone (shutil.Error in a fresh clone,
# where two pytest workers compile the plugin while a third copies it).
COMPILING = shutil.ignore_patterns("*.pyc.*")


def copy_project(target: Path) -> Path:
    """A full copy of the project's inputs, to change without touching the real ones."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            # The plugin's compiled modules come along, linked: copy2 keeps each source's
            # mtime, which a .pyc is checked against, so a build in the copy does not compile
            # the plugin again (0.2 s of CPU each). Python replaces a stale .pyc, never writes
            # into it, so the link cannot change the original.
            if name == "plugins":
                shutil.copytree(
                    source, target / name, copy_function=_copy_or_link_compiled, ignore=COMPILING
                )
            else:
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    with (target / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f"\nSHOWCASE_OPERATOR = {TEST_OPERATOR!r}\n")
    # The web editor's npm packages (/admin/): linked, not copied (66 MB).
    if (ROOT / "node_modules").is_dir():
        (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def small_project(target: Path, posts: int = 3) -> Path:
    """A copy of the project (copy_project) with only its `posts` oldest German posts and no
    English ones, for a rule a whole build shows at any size: its build costs 2.4 s of CPU
    instead of 3.1 (the reading, the social cards and the pages of 23 posts fewer). The
    address ledger emptied, or the check refuses the posts gone as vanished addresses."""
    project = copy_project(target)
    news = project / "content/news"
    for path in [*sorted(news.glob("*.md"))[posts:], *news.glob("en/*.md")]:
        path.unlink()
    (project / "data/adressen.txt").write_text("", encoding="utf-8")
    return project


def project_without(target: Path, posts: tuple[str, ...]) -> Path:
    """A copy of the project (copy_project) without the German `posts` (file names in
    content/news/) and their lines in the address ledger: the others, the English ones and
    the ledger's rule for them stay (small_project empties the ledger)."""
    project = copy_project(target)
    for name in posts:
        (project / "content/news" / name).unlink()
    ledger = project / "data/adressen.txt"
    gone = tuple(f" content/news/{name}" for name in posts)
    lines = ledger.read_text("utf-8").splitlines(keepends=True)
    ledger.write_text("".join(line for line in lines if not line.rstrip().endswith(gone)), "utf-8")
    return project


# The photo the `sampled` build gives one region (no photo ships): how a photo is shown.
SAMPLE_PHOTO_REGION = "koblenz-mittelrhein"
SAMPLE_PHOTO = {
    "file": "images/regionen/beispiel.jpg",
    "alt": "Weinberge über einem Fluss",
    "credit": "Beispielfoto / Testperson",
    "licence": "CC BY 4.0",
    "focus": "60% 20%",
}


@contextmanager
def settings_in_copy(target: Path) -> Iterator:
    """A copy of the project (copy_project) with its typed settings, read in its folder as
    `make serve` reads them; the working folder is the copy's until the block ends."""
    from pelican.settings import read_settings

    from regional_showcase.settings import apply_defaults

    project = copy_project(target)
    before = os.getcwd()
    os.chdir(project)
    try:
        yield apply_defaults(read_settings(str(project / "pelicanconf.py")))
    finally:
        os.chdir(before)


def check_messages(settings, memo=None) -> list[str]:
    """What the input check (`showcase check`, without the post bodies) reports for a
    project's settings, with a memo kept across checks (make serve's, the build server's) or
    none, as texts."""
    from regional_showcase.data.problems import ValidationFailed
    from regional_showcase.input_check import check_input

    try:
        check_input(settings, [], bodies=False, memo=memo)
    except ValidationFailed as failed:
        return [str(problem) for problem in failed.problems]
    return []


def add_region_photo(project: Path) -> None:
    """Give SAMPLE_PHOTO_REGION a photo: a generated JPEG and its `photo:` in regions.yaml."""
    from PIL import Image

    picture = project / "content" / SAMPLE_PHOTO["file"]
    picture.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (960, 540), (90, 140, 60)).save(picture)
    data = project / "data" / "regions.yaml"
    anchor = f"  - slug: {SAMPLE_PHOTO_REGION}\n"
    lines = "".join(f"      {key}: {value}\n" for key, value in SAMPLE_PHOTO.items())
    text = data.read_text(encoding="utf-8")
    assert text.count(anchor) == 1
    data.write_text(text.replace(anchor, f"{anchor}    photo:\n{lines}"), encoding="utf-8")


def run_build(
    project: Path,
    *,
    publish: bool = False,
    output: Path | None = None,
    env: dict | None = None,
    extra: tuple[str, ...] = (),
) -> Build:
    """Build like `make html` / `make publish` do, and capture everything."""
    output = output or project / "output"
    settings = "publishconf.py" if publish else "pelicanconf.py"
    command = [
        str(BIN / "pelican"),
        "--fatal",
        "warnings",
        "-s",
        settings,
        "-o",
        str(output),
        *extra,
    ]
    return _run(command, project, output, env or {})


def run_publish(project: Path, env: dict | None = None) -> Build:
    """The whole production pipeline, as `make publish` runs it (scripts/publish)."""
    output = project / "output"
    extra = {"BIN": str(BIN), "OUTPUT": str(output), **(env or {})}
    return _run([str(project / "scripts/publish")], project, output, extra)


def run_patched_build(project: Path, patch: str) -> Build:
    """`make publish`'s Pelican run in a Python that runs `patch` first: a rule switched off,
    to show what stands behind it."""
    output = project / "output"
    script = f"{patch}\nimport sys\nfrom pelican import main\nsys.argv[0] = 'pelican'\nmain()\n"
    command = [sys.executable, "-c", script, "-s", "publishconf.py", "-o", str(output)]
    return _run(command, project, output, {})


def _run(command: list[str], project: Path, output: Path, env: dict) -> Build:
    """A build command in `project`, as CI runs it: no stdin, a deadline, all output kept."""
    result = subprocess.run(
        command,
        cwd=project,
        capture_output=True,
        text=True,
        # Serial unless a test asks for workers: on a site this small two workers save no time
        # (3.9 s against 4.1 s for `make publish` here) and cost CPU the other test process
        # needs. test_parallel.py builds with workers and compares with the serial build.
        env={
            **os.environ,
            "SITEURL": PUBLISH_URL,
            "COLUMNS": "200",
            "SHOWCASE_WORKERS": "1",
            **env,
        },
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=BUILD_TIMEOUT,
    )
    return Build(project, output, result.returncode, result.stdout, result.stderr)


def run_showcase(project: Path, *args: str, input_text: str | None = None):
    """Run the editors' `showcase` command in a project folder."""
    return subprocess.run(
        [str(BIN / "showcase"), *args],
        cwd=project,
        capture_output=True,
        text=True,
        # Never the runner's stdin: a question nobody answers would wait forever.
        input=input_text if input_text is not None else "",
        check=False,
        timeout=BUILD_TIMEOUT,
        env={**os.environ, "COLUMNS": "200"},
    )
