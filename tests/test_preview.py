"""The preview re-renders only what a saved post changed, and ends up where a full build does."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from sitebuild import copy_project

# Every test here builds a site or reads the shared build.
pytestmark = [pytest.mark.build, pytest.mark.long]

SCRIPT = textwrap.dedent("""
    import os, sys
    os.chdir(sys.argv[1])
    from regional_showcase.staff.serve import PreviewBuilder
    builder = PreviewBuilder("pelicanconf.py", sys.argv[2])
    for step in sys.argv[3:]:
        if step == "build":
            assert builder.build()
        elif step.startswith("rm:"):
            os.remove(step[3:])
        elif step == "mtimes":  # the post pages' modification times, for the test to read
            import json, pathlib
            out = pathlib.Path(sys.argv[2])
            times = {str(p): p.stat().st_mtime_ns for p in out.glob("aktuelles/*/*/index.html")}
            (out / "mtimes.json").write_text(json.dumps(times))
        elif step.startswith("mv:"):
            os.rename(*step[3:].split(">"))
        else:
            path, old, new = step.split("|")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new, 1))
""")


def digests(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.suffix in (".html", ".xml", ".json")
    }


def full_build(project):
    """A first preview build from scratch, to compare the incremental one against."""
    full = project / "out-full"
    # From scratch: not even the reader's results kept by the preview (reader_cache.py).
    for kept in (project / "cache/showcase").glob("reader-*.json"):
        kept.unlink()
    preview(project, full, "build")
    return full


def preview(project, output, *steps: str) -> None:
    subprocess.run(
        [sys.executable, "-c", SCRIPT, str(project), str(output), *steps],
        check=True,
        capture_output=True,
    )


def slug_of(post) -> str:
    return next(
        line.split(":", 1)[1].strip()
        for line in post.read_text(encoding="utf-8").splitlines()
        if line.lower().startswith("slug:")
    )


def test_the_preview_rerenders_what_changed_and_ends_where_a_full_build_does(tmp_path):
    # One project and one preview run for every change, and one full build to compare with:
    # each preview run and each full build starts with a whole build (seconds).
    project = copy_project(tmp_path / "project")
    # Deleting and renaming published posts would ask for redirects (test_redirects.py);
    # here they stand for any file that leaves.
    (project / "data/adressen.txt").unlink()
    posts = sorted((project / "content/news").glob("*.md"))
    deleted, edited, renamed, untouched = posts[2], posts[3], posts[5], posts[8]
    newest = posts[-1]  # on the home page
    old_slug, year = slug_of(renamed), renamed.name[:4]
    moved = renamed.with_name(renamed.name.replace(old_slug, "umbenannt"))
    incremental = project / "out-incremental"
    preview(project, incremental, "build")
    pages = sorted(incremental.glob("aktuelles/[0-9][0-9][0-9][0-9]/*/index.html"))
    before = {p: p.stat().st_mtime_ns for p in pages}
    deleted_page = incremental / f"aktuelles/{deleted.name[:4]}/{slug_of(deleted)}/index.html"
    assert deleted_page.is_file()
    # A page no preview build wrote: left by `make html` before its post was deleted.
    left_over = incremental / "aktuelles/2020/geloeschter-beitrag/index.html"
    left_over.parent.mkdir(parents=True)
    left_over.write_text("<p>Gelöscht</p>", encoding="utf-8")
    os.utime(left_over, (time.time() - 3600, time.time() - 3600))
    edit = f"{edited}|\n\n|\n\nEin neuer erster Absatz aus der Vorschau.\n\n"
    old_title = next(line for line in edited.read_text().splitlines() if line.startswith("title:"))
    deleted_title = next(
        line.removeprefix("title:").strip().strip('"')
        for line in deleted.read_text().splitlines()
        if line.startswith("title:")
    )
    retitle = f"{edited}|{old_title}|title: Ganz neuer Titel"
    # The listings are kept between rebuilds while what they show is unchanged
    # (preview/pages.py): an edited event and an edited post must reach every page
    # that shows them.
    event = project / "content/termine/beispiele/2027-02-10-beispiel-netzwerktreffen-online-2027.md"
    summary = next(line for line in newest.read_text().splitlines() if line.startswith("summary:"))
    # Each change followed by the preview's rebuild: a body edit, a title edit, an event, the
    # newest post's summary and body, a setting, then a deleted and a renamed post.
    preview(
        project,
        incremental,
        edit,
        "build",
        "mtimes",
        retitle,
        "build",
        f"{event}|Online-Netzwerktreffen|Netzwerktreffen im Netz",
        "build",
        f"{newest}|{summary}|summary: Eine ganz neue Zusammenfassung.",
        f"{newest}|\n---\n|\n---\n\nEin neuer erster Absatz aus der Vorschau.\n",
        "build",
        'pelicanconf.py|SITENAME = "Starke Regionen"|SITENAME = "Starke Regionen Neu"',
        "build",
        f"rm:{deleted}",
        f"mv:{renamed}>{moved}",
        f"{moved}|slug: {old_slug}|slug: umbenannt",
        # Equal data written otherwise: the downloads must say 57900.0 as a full build's.
        "data/regions.yaml|value: 57900\n|value: 57900.0\n",
        "data/comparison.yaml|germany: 43273\n|germany: 43273.0\n",
        "build",
    )
    # The body edit re-rendered its own post page and no other.
    after_body = json.loads((incremental / "mtimes.json").read_text())
    (incremental / "mtimes.json").unlink()
    changed = [p for p in pages if after_body[str(p)] != before[p]]
    assert len(changed) == 1 and "Ein neuer erster Absatz" in changed[0].read_text()
    other_page = next(p for p in pages if p not in changed)
    assert after_body[str(other_page)] == before[other_page]
    # The later edits reached the pages that show them: the post's page and the news list
    # (the reader's results are kept between rebuilds, reader_cache.py: only for the same
    # bytes); the deleted post left the list.
    assert "Ganz neuer Titel" in changed[0].read_text()
    listings = "".join(
        page.read_text(encoding="utf-8")
        for page in [incremental / "aktuelles/index.html", *incremental.glob("aktuelles/seite/*/*")]
    )
    assert "Ganz neuer Titel" in listings
    assert old_title.removeprefix("title:").strip() not in listings
    assert deleted_title not in listings
    home = (incremental / "index.html").read_text(encoding="utf-8")
    assert "Eine ganz neue Zusammenfassung." in home
    assert "Netzwerktreffen im Netz" in home
    # Settings: a post page nobody touched shows the new site name.
    page = incremental / f"aktuelles/{untouched.name[:4]}/{slug_of(untouched)}/index.html"
    assert "Starke Regionen Neu" in page.read_text(encoding="utf-8")
    # A deleted post and the old address of a renamed one are gone.
    assert not deleted_page.exists()
    assert not (incremental / f"aktuelles/{year}/{old_slug}").exists()
    assert (incremental / f"aktuelles/{year}/umbenannt/index.html").is_file()
    assert not left_over.parent.exists()
    # And everything is what a full build makes.
    assert digests(incremental) == digests(full_build(project))
