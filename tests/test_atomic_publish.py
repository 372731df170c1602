"""A publish is all or nothing, and no upload path takes a site that is not complete.

The stamp, the swap and the atomic writes are called as functions; one real `scripts/publish`
is interrupted at three points (Pelican, the search index, precompression), and the upload
scripts are run on what that leaves. Two builds at once in one checkout: one short test.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from regional_showcase import atomic_write, output_swap
from regional_showcase.completeness_stamp import (
    FIX,
    HEADER,
    STAMP_NAME,
    IncompleteBuild,
    content_stamp,
    verified_stamp,
    write_stamp,
)
from regional_showcase.precompress import precompress
from regional_showcase.staff.cli import main

from sitebuild import BIN, BUILD_TIMEOUT, PUBLISH_URL, ROOT, small_project

SITE = {
    "index.html": "<!doctype html><title>Start</title>",
    "regionen/allgaeu/index.html": "<!doctype html><title>Allgäu</title>",
    "feeds/alle.atom.xml": "<feed/>",
}


def write_site(folder: Path) -> None:
    for name, text in SITE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


# --- the stamp ---------------------------------------------------------------------------------


def test_the_stamp_holds_count_and_hash_and_matches_its_folder(tmp_path):
    write_site(tmp_path)
    stamp = write_stamp(tmp_path)
    assert stamp.files == len(SITE)
    assert (tmp_path / STAMP_NAME).read_text(encoding="utf-8") == (
        f"{HEADER}\nfiles {len(SITE)}\nsha256 {stamp.sha256}\n"
    )
    assert verified_stamp(tmp_path) == stamp
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def change_byte(folder: Path) -> None:
    page = folder / "regionen/allgaeu/index.html"
    data = bytearray(page.read_bytes())
    data[-2] ^= 1
    page.write_bytes(bytes(data))


def remove_file(folder: Path) -> None:
    (folder / "feeds/alle.atom.xml").unlink()


def add_file(folder: Path) -> None:
    (folder / "index.html.br").write_bytes(b"")  # the 0-byte sibling of an interrupted run


def rename_file(folder: Path) -> None:
    (folder / "feeds/alle.atom.xml").rename(folder / "feeds/alle.rss.xml")


def refusal(folder: Path) -> str:
    with pytest.raises(IncompleteBuild) as refused:
        verified_stamp(folder)
    return str(refused.value)


@pytest.mark.parametrize("change", [change_byte, remove_file, add_file, rename_file])
def test_any_change_after_the_build_breaks_the_stamp(tmp_path, change):
    write_site(tmp_path)
    recorded = write_stamp(tmp_path)
    change(tmp_path)
    found = content_stamp(tmp_path)
    assert found != recorded
    assert refusal(tmp_path) == (
        f"{tmp_path / STAMP_NAME}: passt nicht zum Inhalt von {tmp_path}. "
        f"Erwartet: {recorded.files} Dateien, SHA-256 {recorded.sha256[:12]}…; "
        f"gefunden: {found.files} Dateien, SHA-256 {found.sha256[:12]}…. Nach dem Build wurde "
        "eine Datei geändert, hinzugefügt oder gelöscht; es wird nichts hochgeladen. "
        "Abhilfe: neu bauen mit „make publish“ (oder „make rsync_upload“ / „make s3_upload“, "
        "die zuerst bauen) und dann hochladen."
    )


def test_missing_folder_missing_stamp_and_unreadable_stamp_are_refused(tmp_path):
    site = tmp_path / "output"
    assert refusal(site) == (
        f"{site}: Ordner fehlt. Erwartet: eine fertig gebaute Website. "
        f"Es wird nichts hochgeladen. {FIX}"
    )
    site.mkdir()
    write_site(site)
    assert refusal(site) == (
        f"{site / STAMP_NAME}: fehlt. Erwartet: der Abschlussvermerk, den „make publish“ als "
        f"Letztes schreibt. Ohne ihn ist {site} kein vollständiger Build (abgebrochen oder "
        f"mit „make html“ gebaut); es wird nichts hochgeladen. {FIX}"
    )
    (site / STAMP_NAME).write_text("files 3\nsha256 abc\n", encoding="utf-8")
    assert refusal(site) == (
        f"{site / STAMP_NAME}: unlesbar. Erwartet: die Zeilen „files <Anzahl>“ und "
        f"„sha256 <64 Hexziffern>“. Es wird nichts hochgeladen. {FIX}"
    )


def test_stamp_and_verify_commands(tmp_path, capsys):
    write_site(tmp_path)
    assert main(["verify-output", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path / STAMP_NAME}: fehlt.")
    assert main(["stamp-output", str(tmp_path)]) == 0
    stamp = content_stamp(tmp_path)
    short = f"{len(SITE)} Dateien, SHA-256 {stamp.sha256[:12]}…"
    assert capsys.readouterr().out == f"{tmp_path / STAMP_NAME} geschrieben ({short})\n"
    assert main(["verify-output", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"OK: {tmp_path} ist ein vollständiger Build ({short}).\n"


# --- writing whole files, swapping whole folders -----------------------------------------------


def test_an_interrupted_precompression_leaves_no_partial_sibling(tmp_path, monkeypatch):
    """Killed in the middle of writing index.html.br: no file under that name."""
    (tmp_path / "index.html").write_text("<!doctype html>" + "Text " * 400, encoding="utf-8")
    real_write = Path.write_bytes

    def interrupted(path: Path, data: bytes) -> int:
        real_write(path, data[: len(data) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        precompress(tmp_path)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


def test_temporary_names_differ_between_processes_and_threads(tmp_path):
    import threading

    target = tmp_path / "card.jpg"
    names = {atomic_write.temporary_sibling(target)}
    thread = threading.Thread(target=lambda: names.add(atomic_write.temporary_sibling(target)))
    thread.start()
    thread.join()
    child = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from regional_showcase.atomic_write import temporary_sibling; "
         "print(temporary_sibling(Path(sys.argv[1])))", str(target)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    names.add(Path(child.stdout.strip()))
    assert len(names) == 3
    assert {name.parent for name in names} == {tmp_path}  # same folder: the rename is atomic


@pytest.mark.parametrize("atomic_exchange", [True, False])
def test_replace_folder_puts_the_new_site_in_place_and_removes_the_old(
    tmp_path, monkeypatch, atomic_exchange
):
    if not atomic_exchange:  # a system without renameat2: rename away, rename in
        monkeypatch.setattr(output_swap, "exchange", lambda first, second: False)
    target, new = tmp_path / "output", tmp_path / "output.new-1"
    target.mkdir()
    (target / "index.html").write_text("alt")
    new.mkdir()
    (new / "index.html").write_text("neu")
    # A publish that was SIGKILLed (no such process) and one that still runs (this one).
    dead = subprocess.Popen([sys.executable, "-c", ""])
    dead.wait()
    (tmp_path / f"output.new-{dead.pid}").mkdir()
    (tmp_path / f"output.new-{os.getpid()}").mkdir()
    output_swap.replace_folder(new, target)
    assert (target / "index.html").read_text() == "neu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", f"output.new-{os.getpid()}"]
    # A first build: nothing to replace.
    first, other = tmp_path / "other.new-2", tmp_path / "other"
    first.mkdir()
    output_swap.replace_folder(first, other)
    assert other.is_dir() and not first.exists()


def test_the_old_site_is_removed_by_a_process_the_build_does_not_wait_for(tmp_path, monkeypatch):
    target, new = tmp_path / "output", tmp_path / "output.new-1"
    for folder, text in ((target, "alt"), (new, "neu")):
        (folder / "a").mkdir(parents=True)
        (folder / "a/index.html").write_text(text)
    parked: list[Path] = []
    monkeypatch.setattr(output_swap, "remove_in_background", parked.append)
    assert output_swap.main(["--remove-later", str(new), str(target)]) == 0
    assert (target / "a/index.html").read_text() == "neu"
    (old,) = parked  # the old site, under a name of its own, left to its rm -rf
    assert old.parent == tmp_path and (old / "a/index.html").read_text() == "alt"
    monkeypatch.undo()
    output_swap.remove_in_background(old)
    assert not old.exists()  # renamed for its remover at once (test_output_swap.py)
    for _ in range(100):
        if len(list(tmp_path.iterdir())) == 1:
            break
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


# --- CI: a verification step before every upload -----------------------------------------------

VERIFY = ".venv/bin/showcase verify-output output"


def test_github_pages_verifies_the_build_before_uploading_it():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run") for step in steps]
    upload = next(
        i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages")
    )
    assert runs.index("make publish") < runs.index(VERIFY) < upload


def test_gitlab_pages_verifies_the_build_before_publishing_it():
    script = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())["pages"]["script"]
    assert (
        script.index("make publish") < script.index(VERIFY) < script.index("cp -al output public")
    )


# --- a real publish, interrupted ---------------------------------------------------------------


def publish_until(project: Path, ready, sig: int) -> subprocess.CompletedProcess:
    """Start scripts/publish; once ready(new folder) is true, send sig to its process group
    (as Ctrl+C or a cancelled CI job does). Returns the finished process."""
    env = {
        **os.environ,
        "BIN": str(BIN),
        "SITEURL": PUBLISH_URL,
        "SHOWCASE_WORKERS": "1",
    }
    process = subprocess.Popen(
        [str(project / "scripts/publish")],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    new = project / f"output.new-{process.pid}"
    deadline = time.monotonic() + BUILD_TIMEOUT
    while not (new.is_dir() and ready(new)):
        assert process.poll() is None, process.stdout.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.killpg(process.pid, sig)
    output, _ = process.communicate(timeout=BUILD_TIMEOUT)
    return subprocess.CompletedProcess(process.args, process.returncode, output.decode())


def any_file(folder: Path) -> bool:
    return any(path.is_file() for path in folder.rglob("*"))


def search_index_started(folder: Path) -> bool:
    return (folder / "pagefind").is_dir()


def precompression_started(folder: Path) -> bool:
    return any(folder.rglob("*.br"))


def upload_env(tmp_path: Path, output: Path) -> dict[str, str]:
    """Both upload scripts with stand-ins that record any call: `rsync` first on PATH, the
    AWS CLI through $AWS. The scripts must refuse before either runs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in ("rsync", "aws"):
        (bin_dir / tool).write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/uploaded-{tool}"\n')
        (bin_dir / tool).chmod(0o755)
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("AWS", "S3_", "SSH_"))}
    return {
        **keep,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "OUTPUT_DIR": str(output),
        "SSH_HOST": "www.example.org",
        "SSH_USER": "deploy",
        "SSH_TARGET_DIR": "/var/www/site",
        "S3_BUCKET": "site",
        "AWS": str(bin_dir / "aws"),
    }


def assert_uploads_refuse(tmp_path: Path, output: Path, message: str) -> None:
    env = upload_env(tmp_path, output)
    for script in ("rsync-upload", "s3-upload"):
        result = subprocess.run(
            [ROOT / "scripts" / script], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 1, (script, result.stderr)
        assert message in result.stderr, (script, result.stderr)
    assert list(tmp_path.glob("uploaded-*")) == []


@pytest.mark.build
@pytest.mark.long
def test_an_interrupted_publish_leaves_the_previous_site_and_uploads_refuse(tmp_path, published):
    # A small site (sitebuild.small_project): each publish below gets to its stop sooner.
    project = small_project(tmp_path / "project")
    output = project / "output"

    # 1. The first publish, stopped while Pelican writes: no output/ at all, nothing left over.
    stopped = publish_until(project, any_file, signal.SIGTERM)
    assert stopped.returncode == 143, stopped.stdout
    assert sorted(p.name for p in project.glob("output*")) == []
    assert_uploads_refuse(tmp_path, output, "has no index.html: no finished build to upload")

    # 2. A complete publish (the shared one, of the whole project): the previous site.
    assert published.stdout.endswith(
        f"Fertig: {published.output}/ enthält den neuen, vollständigen Build.\n"
    )
    shutil.copytree(published.output, output, symlinks=True)
    previous = verified_stamp(output)

    # 3. Stopped during the search index: the previous site, untouched; nothing left over.
    stopped = publish_until(project, search_index_started, signal.SIGTERM)
    assert stopped.returncode == 143, stopped.stdout
    assert verified_stamp(output) == previous
    assert sorted(p.name for p in project.glob("output*")) == ["output"]

    # 4. Killed outright during precompression (no trap runs): still the previous site, and
    # the half-built folder next to it, which no upload takes and the next publish removes.
    stopped = publish_until(project, precompression_started, signal.SIGKILL)
    assert stopped.returncode == -signal.SIGKILL
    assert verified_stamp(output) == previous
    (half,) = output_swap.leftovers(output)
    assert (half / "index.html").is_file() and not (half / STAMP_NAME).exists()
    assert_uploads_refuse(tmp_path, half, f"{half / STAMP_NAME}: fehlt.")


@pytest.mark.build
def test_two_builds_at_once_in_one_checkout(tmp_path):
    """Both draw the same social cards into the same (empty) cache at the same time (of a
    small site: the cards of the regions, the pages and three posts)."""
    project = small_project(tmp_path / "project")
    command = [str(BIN / "pelican"), "--fatal", "warnings", "-s", "pelicanconf.py", "-o", "output"]
    env = {**os.environ, "SHOWCASE_WORKERS": "1"}
    builds = [
        subprocess.Popen(
            command,
            cwd=project,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    for build in builds:
        log, _ = build.communicate(timeout=BUILD_TIMEOUT)
        assert build.returncode == 0, log.decode()
