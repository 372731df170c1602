"""The preview re-renders only what a saved post changed, and ends up where a full build does;
`make serve` rebuilds when a post, the region data or a template changes.

One project for the module (`previewed`): a preview process builds it and rebuilds after
each change; then `showcase serve` builds the changed project from scratch, the full build
the preview is compared with, and goes on with its own rebuilds. Each process starts with a
whole build (seconds of CPU): the serve test's first build is that comparison's."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_serve import fetch, running_serve, wait_for

from sitebuild import copy_project

# Every test here builds a site or reads the shared build.
pytestmark = [pytest.mark.build, pytest.mark.long]

PROBLEM = (
    "  content/news/2024-05-02-kaputt.md:4: Regions: unbekannte Region 'allgau' "
    "(meinten Sie 'allgaeu'?)"
)


SCRIPT = textwrap.dedent("""
    import json, os, pathlib, sys, time
    os.chdir(sys.argv[1])
    from regional_showcase.staff.serve import PreviewBuilder
    builder = PreviewBuilder("pelicanconf.py", sys.argv[2])
    out = pathlib.Path(sys.argv[2])
    for step in sys.argv[3:]:
        if step == "build":
            assert builder.build()
        elif step.startswith("rm:"):
            os.remove(step[3:])
        elif step.startswith("mtimes:"):  # the post pages' modification times, for the test
            times = {str(p): p.stat().st_mtime_ns for p in out.glob("aktuelles/*/*/index.html")}
            pathlib.Path(step[7:]).write_text(json.dumps(times))
        elif step.startswith("old:"):  # a page no preview build wrote, an hour old
            page = pathlib.Path(step[4:])
            page.parent.mkdir(parents=True)
            page.write_text("<p>Gelöscht</p>", encoding="utf-8")
            os.utime(page, (time.time() - 3600, time.time() - 3600))
        elif step.startswith("mv:"):
            os.rename(*step[3:].split(">"))
        else:
            path, old, new = step.split("|")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new, 1))
""")


def digests(root, leave_out=()):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.suffix in (".html", ".xml", ".json")
        and not any(p.is_relative_to(root / name) for name in leave_out)
    }


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


def title_of(post) -> str:
    return next(
        line.removeprefix("title:").strip().strip('"')
        for line in post.read_text(encoding="utf-8").splitlines()
        if line.startswith("title:")
    )


@dataclass
class Previewed:
    """The project after the preview's changes, its output and what the test reads of them."""

    project: Path
    output: Path
    pages: dict[Path, int]  # the post pages after the first build, with their times
    after_body: dict[str, int]  # their times after the body edit's rebuild
    deleted_page: Path
    left_over: Path
    old_title: str
    deleted_title: str
    untouched_page: Path
    old_slug: str
    year: str


@pytest.fixture(scope="module")
def previewed(tmp_path_factory) -> Previewed:
    """One preview process: the first build, then each change followed by the preview's
    rebuild: a body edit, a title edit, an event, the newest post's summary and body, a
    setting, then a deleted and a renamed post."""
    project = copy_project(tmp_path_factory.mktemp("preview") / "project")
    # Deleting and renaming published posts would ask for redirects (test_redirects.py);
    # here they stand for any file that leaves.
    (project / "data/adressen.txt").unlink()
    posts = sorted((project / "content/news").glob("*.md"))
    deleted, edited, renamed, untouched = posts[2], posts[3], posts[5], posts[8]
    newest = posts[-1]  # on the home page
    old_slug, year = slug_of(renamed), renamed.name[:4]
    moved = renamed.with_name(renamed.name.replace(old_slug, "umbenannt"))
    output = project / "out-incremental"
    deleted_page = output / f"aktuelles/{deleted.name[:4]}/{slug_of(deleted)}/index.html"
    # A page no preview build wrote: left by `make html` before its post was deleted.
    left_over = output / "aktuelles/2020/geloeschter-beitrag/index.html"
    edit = f"{edited}|\n\n|\n\nEin neuer erster Absatz aus der Vorschau.\n\n"
    old_title = next(line for line in edited.read_text().splitlines() if line.startswith("title:"))
    retitle = f"{edited}|{old_title}|title: Ganz neuer Titel"
    # The listings are kept between rebuilds while what they show is unchanged
    # (preview/pages.py): an edited event and an edited post must reach every page
    # that shows them.
    event = project / "content/termine/beispiele/2027-02-10-beispiel-netzwerktreffen-online-2027.md"
    summary = next(line for line in newest.read_text().splitlines() if line.startswith("summary:"))
    previewed = Previewed(
        project=project,
        output=output,
        pages={},
        after_body={},
        deleted_page=deleted_page,
        left_over=left_over,
        old_title=old_title.removeprefix("title:").strip(),
        deleted_title=title_of(deleted),
        untouched_page=output / f"aktuelles/{untouched.name[:4]}/{slug_of(untouched)}/index.html",
        old_slug=old_slug,
        year=year,
    )
    preview(
        project,
        output,
        "build",
        "mtimes:before.json",
        f"old:{left_over}",
        edit,
        "build",
        "mtimes:after-body.json",
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
    before = json.loads((project / "before.json").read_text())
    previewed.pages = {
        Path(path): before[path]
        for path in sorted(before)
        if Path(path).match("aktuelles/[0-9][0-9][0-9][0-9]/*/index.html")
    }
    previewed.after_body = json.loads((project / "after-body.json").read_text())
    return previewed


def test_the_preview_rerenders_what_changed(previewed):
    incremental = previewed.output
    pages, before, after_body = list(previewed.pages), previewed.pages, previewed.after_body
    assert previewed.deleted_page in before, "the first build wrote the deleted post's page"
    # The body edit re-rendered its own post page and no other.
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
    assert previewed.old_title not in listings
    assert previewed.deleted_title not in listings
    home = (incremental / "index.html").read_text(encoding="utf-8")
    assert "Eine ganz neue Zusammenfassung." in home
    assert "Netzwerktreffen im Netz" in home
    # Settings: a post page nobody touched shows the new site name.
    assert "Starke Regionen Neu" in previewed.untouched_page.read_text(encoding="utf-8")
    # A deleted post and the old address of a renamed one are gone.
    assert not previewed.deleted_page.exists()
    assert not (incremental / f"aktuelles/{previewed.year}/{previewed.old_slug}").exists()
    assert (incremental / f"aktuelles/{previewed.year}/umbenannt/index.html").is_file()
    assert not previewed.left_over.parent.exists()


def test_serve_builds_what_the_preview_ended_with_and_rebuilds_on_data_post_and_template_changes(
    previewed,
):
    project = previewed.project
    # From scratch: not even the reader's results kept by the preview (reader_cache.py).
    for kept in (project / "cache/showcase").glob("reader-*.json"):
        kept.unlink()
    full = project / "out-full"
    with running_serve(project, "--output", str(full)) as (base, lines):
        assert wait_for(lambda: '"good": 1' in fetch(f"{base}/_vorschau/status.json")), lines
        # The serve's first build is a full one, from scratch, in a process of its own: the
        # preview's rebuilds ended where it does (the search index is serve's alone).
        assert digests(previewed.output) == digests(full, leave_out=("pagefind",))
        assert "Allgäu" in fetch(f"{base}/regionen/allgaeu/")

        data = project / "data/regions.yaml"
        data.write_text(
            data.read_text(encoding="utf-8").replace(
                "- slug: allgaeu\n    name: Allgäu", "- slug: allgaeu\n    name: Allgäu-Testname", 1
            ),
            encoding="utf-8",
        )
        assert wait_for(lambda: "Allgäu-Testname" in fetch(f"{base}/regionen/allgaeu/"))

        (project / "content/news/2024-05-01-vorschau.md").write_text(
            "Title: Vorschautest\nDate: 2024-05-01\nCategory: Projekt\nRegions: alle\n"
            "Summary: Kurz.\nStatus: draft\n\nText.\n",
            encoding="utf-8",
        )
        assert wait_for(lambda: "Vorschautest" in fetch(f"{base}/aktuelles/"))

        bad = project / "content/news/2024-05-02-kaputt.md"
        bad.write_text(
            "Title: Kaputt\nDate: 2024-05-02\nCategory: Projekt\nRegions: allgau\n"
            "Summary: Kurz.\n\nText.\n",
            encoding="utf-8",
        )
        assert wait_for(lambda: "Build fehlgeschlagen: siehe oben." in lines), "no failed build"
        assert PROBLEM in lines
        assert "Vorschautest" in fetch(f"{base}/aktuelles/"), "the server keeps serving"
        bad.unlink()

        footer = project / "theme/templates/partials/footer.html"
        footer.write_text(
            footer.read_text(encoding="utf-8") + "<!-- vorlage-geaendert -->\n", encoding="utf-8"
        )
        assert wait_for(lambda: "vorlage-geaendert" in fetch(f"{base}/"))
    assert any(line.startswith("Vorschau: http://localhost:") for line in lines)
