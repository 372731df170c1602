"""A post page taken over is checked by the Linker's process (link_process.py), not hashed in
the build's own: only a file with the bytes the last build wrote stays in the fresh folder,
the others are removed again and the build renders them (BuildRecord.take_over_page,
ShowcaseWriter.placed). No site is built here."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from test_build_record import article, writers  # noqa: F401 (a fixture)
from test_post_page_keys import ALLGAEU, View

from regional_showcase import link_process
from regional_showcase.build_record import BuildRecord

EARLIER = time.time_ns() - 10 * 10**9
PAGES = ("gleich.html", "kopiert.html", "verlinkt.html", "rohr.html", "weg.html")


def damaged_site(tmp_path: Path) -> tuple[Path, Path]:
    """A last output of five post pages, recorded; then all but the first lose their bytes
    as the record has them: rewritten with the old time (`cp -p`), replaced by a link to a
    file with the recorded bytes, by a named pipe, removed."""
    previous, record_file = tmp_path / "site", tmp_path / "record.json"
    previous.mkdir()
    for name in PAGES:
        (previous / name).write_text("eins", encoding="utf-8")
        os.utime(previous / name, ns=(EARLIER, EARLIER))
    first = BuildRecord(record_file, previous, tmp_path / "nothing")
    for name in PAGES:
        first.note(name, "k", "pages")
    first.save()
    with open(previous / "kopiert.html", "r+b") as page:
        page.write(b"zwei")
    os.utime(previous / "kopiert.html", ns=(EARLIER, EARLIER))
    (tmp_path / "woanders.html").write_text("eins", encoding="utf-8")
    (previous / "verlinkt.html").unlink()
    (previous / "verlinkt.html").symlink_to(tmp_path / "woanders.html")
    (previous / "rohr.html").unlink()
    os.mkfifo(previous / "rohr.html")
    (previous / "weg.html").unlink()
    return previous, record_file


SLOW = "import time; time.sleep(0.05)\n" + link_process.LINK_FILES  # answers after HURRY


@pytest.mark.parametrize(
    ("linker", "checked"),
    [
        ("", []),  # all by the process
        ("import sys; sys.exit(1)", ["gleich.html", "kopiert.html"]),  # the regular files
        (SLOW, ["gleich.html", "kopiert.html", "rohr.html", "verlinkt.html"]),  # as linked
    ],
    ids=["process", "here", "hurried"],
)
def test_a_post_page_stays_in_the_fresh_folder_only_with_the_bytes_written(
    tmp_path, monkeypatch, linker, checked
):
    """Checked by the Linker's process; when that fails, by the build's own; when it does
    not answer within Linker.HURRY (a busy machine), the files it had not checked yet are
    checked by the build's own process."""
    if linker:
        monkeypatch.setattr(link_process, "LINK_FILES", linker)
    else:
        monkeypatch.setattr(link_process.Linker, "HURRY", 30.0)  # its start-up may take long
    checked_here = []
    holds = link_process._holds
    monkeypatch.setattr(
        link_process, "_holds", lambda *given: checked_here.append(given[0]) or holds(*given)
    )
    previous, record_file = damaged_site(tmp_path)
    fresh = tmp_path / "site.new-1"
    record = BuildRecord(record_file, fresh, previous)
    assert all(record.take_over_page(name, "k") for name in PAGES)  # the same inputs
    assert sorted(record.placed()) == sorted(PAGES[1:])
    assert (fresh / "gleich.html").stat().st_ino == (previous / "gleich.html").stat().st_ino
    assert sorted(path.name for path in fresh.iterdir()) == ["gleich.html"]
    assert record.taken_over == ["gleich.html"]
    assert not record.take_over_page("gleich.html", "anders")  # other inputs: rendered
    # Checked here: nothing the process checked; after it failed, the regular files placed
    # here; those it placed once hurried (links and pipes as it linked them).
    assert sorted(Path(target).name for target in checked_here) == checked


def test_a_post_page_whose_last_output_lost_its_bytes_is_rendered_after_all(
    writers,  # noqa: F811
    tmp_path,
):
    """The writer takes the page over on its key; once the Linker's process answers that
    the last build's file was rewritten (`cp -p`), it renders the page into a file of its
    own: the last output keeps the bytes it has."""
    template = Environment(loader=DictLoader({"article.html": "{{ article.title }}"}))
    template = template.get_template("article.html")
    post = article(tmp_path, "eins.md")
    post.showcase = View((ALLGAEU,))
    context, given = {"lang": "de"}, {"article": post}
    for number in range(3):
        writer = writers()
        if number == 2:
            page = tmp_path / "site" / "eins.html"
            with open(page, "r+b") as file:
                file.write(b"Zwei")
            os.utime(page, ns=(EARLIER, EARLIER))
        if not writer._take_over("eins.html", template, post, context, dict(given)):
            assert number == 0
            Path(writer.output_path, "eins.html").write_text(
                template.render(article=post), encoding="utf-8"
            )
        writer.placed()
    fresh = Path(writer.output_path, "eins.html")
    assert fresh.read_text(encoding="utf-8") == "Eins"
    assert (tmp_path / "site" / "eins.html").read_text(encoding="utf-8") == "Zwei"
    assert fresh.stat().st_ino != (tmp_path / "site" / "eins.html").stat().st_ino
    assert writer.record.taken_over == []


def test_post_pages_wait_for_a_slow_linker_only_at_the_second_call(writers, tmp_path, monkeypatch):  # noqa: F811
    """post_pages_done gives the Linker's process LINKER_SLACK to answer that the pages taken
    over are placed; a process that takes longer (a busy machine) does not hold the build
    up there: the next call (after Pelican's listings) waits for it. Its answer then holds
    for the files sent before the ask and after it."""
    template = Environment(loader=DictLoader({"article.html": "{{ article.title }}"}))
    template = template.get_template("article.html")
    post = article(tmp_path, "eins.md")
    post.showcase = View((ALLGAEU,))
    first = writers()
    assert not first._take_over("eins.html", template, post, {"lang": "de"}, {"article": post})
    Path(first.output_path, "eins.html").write_text("Eins", encoding="utf-8")
    monkeypatch.setattr(
        link_process, "LINK_FILES", "import time; time.sleep(0.05)\n" + link_process.LINK_FILES
    )
    writer = writers()
    writer.deferred.finish()  # no page left with the workers
    assert writer._take_over("eins.html", template, post, {"lang": "de"}, {"article": post})
    assert not writer.post_pages_done(wait=True)  # not answered within LINKER_SLACK
    Path(tmp_path / "site" / "zwei.html").write_text("zwei", encoding="utf-8")
    writer.record.linker.link(
        str(tmp_path / "site" / "zwei.html"), str(Path(writer.output_path, "zwei.html")), None
    )  # sent after the ask
    assert writer.post_pages_done(wait=True)
    assert Path(writer.output_path, "eins.html").read_text(encoding="utf-8") == "Eins"
    assert Path(writer.output_path, "zwei.html").read_text(encoding="utf-8") == "zwei"
    assert writer.record.taken_over == ["eins.html"]
