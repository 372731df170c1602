"""Two builds in one process don't leak state: the plugin only acts where it is enabled."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from sitebuild import copy_project

# Every test here builds a site or reads the shared build.
pytestmark = pytest.mark.build


def test_second_build_without_the_plugin_gets_no_region_pages(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "plain").mkdir()
    (project / "plain/post.md").write_text("Title: T\nDate: 2024-01-01\n\nText\n")
    script = textwrap.dedent(f"""
        from pelican import Pelican
        from pelican.settings import read_settings
        import os
        os.chdir({str(project)!r})
        first = read_settings("pelicanconf.py", override={{"OUTPUT_PATH": "out1"}})
        Pelican(first).run()
        second = read_settings(override={{
            "PATH": "plain", "OUTPUT_PATH": "out2", "PLUGINS": [], "TIMEZONE": "UTC",
            "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "AUTHOR_FEED_ATOM": None,
            "AUTHOR_FEED_RSS": None}})
        Pelican(second).run()
        first_again = read_settings("pelicanconf.py", override={{"OUTPUT_PATH": "out3"}})
        Pelican(first_again).run()
    """)
    # Serial, as sitebuild.run_build builds: the rule is about the process's own state, and
    # forking workers for a site this small costs CPU and saves no time (test_parallel.py
    # compares the builds with workers).
    subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        capture_output=True,
        env={**os.environ, "SHOWCASE_WORKERS": "1"},
    )
    assert (project / "out1/regionen/allgaeu/index.html").exists()
    assert not (project / "out2/regionen").exists()
    assert (project / "out3/regionen/allgaeu/index.html").exists()
    first = (project / "out1/regionen/allgaeu/index.html").read_bytes()
    assert first == (project / "out3/regionen/allgaeu/index.html").read_bytes()
