"""The input check in a process of its own while Pelican reads (parallel/checking.py)."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import pytest
from test_bad_input import post

from regional_showcase.parallel import checking
from regional_showcase.parallel.forks import ForkPool

from sitebuild import copy_project, run_build


class Refused(SystemExit):
    pass


def taker(taken: list):
    """The generator's part: keep the result, or stop on a refusal (as _take_checked)."""

    def take(result):
        taken.append(result)
        if result == "refused":
            raise Refused(1)

    return take


def test_the_check_runs_in_a_process_of_its_own_and_its_result_comes_back():
    taken: list = []
    here = os.getpid()
    checking.start(lambda: ("checked", os.getpid()), taker(taken))
    checking.settle()
    assert len(taken) == 1
    name, pid = taken[0]
    assert name == "checked" and pid != here
    checking.settle()  # once only
    assert len(taken) == 1


def test_a_check_process_that_dies_is_checked_again_here():
    taken: list = []
    here = os.getpid()

    def run():
        if os.getpid() != here:
            os._exit(3)
        return "checked here"

    checking.start(run, taker(taken))
    checking.settle()
    assert taken == ["checked here"]


def test_a_check_process_that_hangs_is_ended_and_checked_again_here(monkeypatch):
    taken: list = []
    here = os.getpid()
    monkeypatch.setattr(checking, "TIMEOUT", 0.3)

    def run():
        if os.getpid() != here:
            time.sleep(60)  # as a lock inherited held for good
        return "checked here"

    checking.start(run, taker(taken))
    joining = threading.Thread(target=checking.settle, daemon=True)
    joining.start()
    joining.join(10)
    hung = joining.is_alive()
    checking.discard()  # without the timeout: the process is still out, end it
    assert not hung, "the join waited for a check process that hangs"
    assert taken == ["checked here"]


def test_ending_a_pool_leaves_a_worker_alone_once_it_was_waited_for(monkeypatch):
    # Its pid may belong to another process by then: no signal to it.
    pool = ForkPool(["eins"], lambda job: job, 1)
    assert pool.result(0) == "eins"
    pool.close()  # answered, ended, waited for
    signalled: list[int] = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: signalled.append(pid))
    pool.end()
    assert signalled == []


@pytest.fixture
def log_records():
    """What reaches a handler of Pelican's logger (as Pelican's console handler)."""
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Keep()
    logger = logging.getLogger("pelican")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(level)
    checking.discard()


def test_a_warning_while_the_check_is_out_joins_it_and_a_refusal_stops_first(log_records):
    # Pelican's reading stumbling over a post the check refuses: the check's refusal stops
    # the build, the reading's error is never written.
    taken: list = []
    checking.start(lambda: "refused", taker(taken))
    logging.getLogger("pelican.generators").info("Lese Beiträge")
    assert taken == [], "an info record does not wait for the check"
    with pytest.raises(Refused):
        logging.getLogger("pelican.generators").error("Could not process 2024-03-02-b.md")
    assert taken == ["refused"]
    assert log_records == ["Lese Beiträge"]


def test_a_warning_after_a_passed_check_is_written(log_records):
    taken: list = []
    checking.start(lambda: "checked", taker(taken))
    logging.getLogger("pelican.generators").warning("Doppelte Adresse")
    assert taken == ["checked"]
    assert log_records == ["Doppelte Adresse"]
    logging.getLogger("pelican").warning("danach")
    assert log_records == ["Doppelte Adresse", "danach"]


@pytest.mark.build
def test_a_post_refused_by_the_forked_check_stops_the_build_with_the_checks_list(tmp_path: Path):
    # 30.02. passes no date parser: Pelican's reading fails on the post (an error, fatal
    # with --fatal warnings) while the check is still out; the check's list is what stops.
    project = copy_project(tmp_path / "project")
    news = project / "content/news"
    (news / "2024-03-02-b.md").write_text(post(Date="2024-02-30"), encoding="utf-8")
    build = run_build(project, env={"SHOWCASE_WORKERS": "2"})
    assert build.returncode == 1
    lines = build.stderr.splitlines()
    start = lines.index("1 Problem gefunden:")
    assert lines[start:] == [
        "1 Problem gefunden:",
        "  content/news/2024-03-02-b.md:2: Date: unmögliches Datum '2024-02-30': schreiben Sie "
        "TT.MM.JJJJ oder TT.MM.JJJJ HH:MM, z. B. 25.05.2022 10:00",
        "Die Website wurde nicht gebaut. Beheben Sie die Probleme oben und bauen Sie erneut "
        "(`make check` prüft, ohne zu bauen).",
    ]
    assert "Could not process" not in build.stdout + build.stderr
    assert not build.output.exists() or not any(build.output.iterdir()), "nothing is written"
