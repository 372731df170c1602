"""A warm build's paginated listing pages to render (a new or deleted post moves every news
page by one) are rendered by a batch's workers (parallel/writing.py `Listed`), not one after
the other in the main process; announced as Pelican's Writer announces them, the same text."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from jinja2 import Template
from pelican import signals
from pelican.settings import read_settings

from regional_showcase.settings import apply_defaults
from regional_showcase.writer import ShowcaseWriter

from expectations import ROOT

LISTING = Template(
    "Block {{ articles_page.block }}: {{ articles_page.object_list|join(',') }} "
    "in {{ SITEURL }} ({{ output_file }}), Prozess {{ pid() }}"
)
REGION = Template("{{ region }} ({{ output_file }}), Prozess {{ pid() }}")


def warm_writer(output: Path, workers: str, monkeypatch) -> ShowcaseWriter:
    """The writer of a build into a fresh folder whose listings all changed: a record that
    takes nothing over (every page's key is new)."""
    monkeypatch.setenv("SHOWCASE_WORKERS", workers)
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    apply_defaults(settings)
    writer = ShowcaseWriter(str(output), settings)
    writer.record = SimpleNamespace(
        unkeyed=[],
        take_over=lambda name, key, kind="pages": False,
        take_over_page=lambda name, key, kind="pages": False,
        take_over_text=lambda name, key: None,
        placed=lambda: [],  # nothing taken over, nothing to render after all
        save=lambda: None,
    )
    monkeypatch.setattr(writer, "listing_fingerprint", lambda template, context, *shared: "neu")
    return writer


def write_site(writer: ShowcaseWriter) -> tuple[list[str], dict[str, str]]:
    """Pelican's paginated news pages, then the plugin's batch (a region page and the
    English news pages); the paths announced in order, and each file's text."""
    announced = []

    def note(path, context):
        announced.append(Path(path).relative_to(writer.output_path).as_posix())

    posts = [f"p{n}" for n in range(52)]  # the first page (16 posts), blocks 3, 2 and 1
    context = {"SITEURL": "", "localsiteurl": "", "pid": os.getpid}
    signals.content_written.connect(note)
    try:
        news = {"articles": posts, "template_name": "index", "relative_urls": True}
        writer.write_file("aktuelles/index.html", LISTING, context, url="aktuelles/", **news)
        with writer.batch():
            writer.write_file("regionen/a/index.html", REGION, context, region="a")
            writer.write_file("en/news/index.html", LISTING, context, url="en/news/", **news)
        writer.finish()
    finally:
        signals.content_written.disconnect(note)
    output = Path(writer.output_path)
    texts = {
        p.relative_to(output).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }
    return announced, texts


def test_listing_pages_to_render_are_rendered_by_the_workers_as_serially(tmp_path, monkeypatch):
    serial_announced, serial = write_site(warm_writer(tmp_path / "1", "1", monkeypatch))
    writer = warm_writer(tmp_path / "2", "2", monkeypatch)
    announced, parallel = write_site(writer)
    pages = [f"aktuelles/seite/{n}/index.html" for n in (3, 2, 1)]
    assert [p for p in serial_announced if p.startswith("aktuelles/")] == [
        "aktuelles/index.html",
        *pages,
    ]
    # Pelican's Writer announces them in its loop, in its order (a batch's other pages come
    # when its workers are done, as before).
    assert sorted(announced) == sorted(serial_announced)
    listed = [p for p in announced if p != "regionen/a/index.html"]
    assert listed == [p for p in serial_announced if p != "regionen/a/index.html"]
    assert serial["aktuelles/seite/3/index.html"] == (
        "Block 3: p16,p17,p18,p19,p20,p21,p22,p23,p24,p25,p26,p27 in ../../.. "
        f"(aktuelles/seite/3/index.html), Prozess {os.getpid()}"
    )
    # The same pages but for the process that rendered them.
    assert {k: v.split(", Prozess")[0] for k, v in parallel.items()} == {
        k: v.split(", Prozess")[0] for k, v in serial.items()
    }
    listings = [v for k, v in parallel.items() if k != "regionen/a/index.html"]
    assert len(listings) == 8
    assert sum(f"Prozess {os.getpid()}" not in text for text in listings) >= 6
    assert not writer._later, "every page the workers write was opened by Pelican's Writer"
