"""Every Atom and RSS feed passes the W3C feed validator's engine with nothing reported.

The engine (github.com/w3c/feedvalidator, the code behind the W3C Feed Validation Service)
is on no package registry, so it cannot be a pinned dependency. The test runs it when it is
there: importable as `feedvalidator`, or from a checkout named by FEEDVALIDATOR_SRC (the
checkout's `src/` folder). Otherwise the test is skipped and says why. Its one dependency
besides the standard library, html5lib, is pinned in the test extras.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from sitebuild import PUBLISH_URL

pytestmark = pytest.mark.build

# Runs in a child process: the engine sets a global socket timeout when imported, which
# must not leak into other tests. Prints one JSON list of reported messages per feed.
_RUN_ENGINE = """
import json, sys
import feedvalidator
from feedvalidator import compatibility
from feedvalidator.formatter.text_plain import Formatter

output, base = sys.argv[1], sys.argv[2]
report = {}
for relative in sys.argv[3:]:
    with open(f"{output}/{relative}", "rb") as feed:
        events = feedvalidator.validateStream(
            feed, firstOccurrenceOnly=0, contentType="application/xml",
            base=f"{base}/{relative}",
        )["loggedEvents"]
    # Errors, warnings and the recommendations the online service shows: all of them.
    reported = Formatter(compatibility.AAA(events))
    report[relative] = [reported[i] for i in range(len(reported))]
print(json.dumps(report))
"""


def _engine_path() -> str | None:
    """sys.path entry that makes the engine importable, '' when installed, None when absent."""
    source = os.environ.get("FEEDVALIDATOR_SRC")
    if source and (Path(source) / "feedvalidator" / "__init__.py").is_file():
        return source
    probe = subprocess.run(
        [sys.executable, "-c", "import feedvalidator"], capture_output=True, check=False
    )
    return "" if probe.returncode == 0 else None


# The press area's feeds (press/feed.py) stand beside its page, not under feeds/.
PRESS_FEEDS = ["presse/feed.atom.xml", "presse/feed.rss.xml"]


def _feeds(output: Path) -> list[str]:
    return sorted(
        p.relative_to(output).as_posix()
        for p in (output / "feeds").rglob("*.xml")
        if p.name.endswith((".atom.xml", ".rss.xml"))
    )


def test_rss_guids_are_ids_not_links(published):
    """RSS 2.0 reads a guid without isPermaLink="false" as the entry's address."""
    feeds = [f for f in _feeds(published.output) if f.endswith(".rss.xml")]
    assert len(feeds) == 13
    for relative in [*feeds, *(f for f in PRESS_FEEDS if f.endswith(".rss.xml"))]:
        tree = etree.parse(str(published.output / relative))
        guids = tree.findall(".//item/guid")
        assert guids, relative
        for guid in guids:
            assert guid.get("isPermaLink") == "false", relative
            assert guid.text.startswith("tag:"), relative


def _validate(engine: str, output: Path, feeds: list[str]) -> dict[str, list[str]]:
    env = {**os.environ, "PYTHONPATH": engine} if engine else dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-c", _RUN_ENGINE, str(output), PUBLISH_URL, *feeds],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(result.stdout)


def test_every_feed_passes_the_w3c_feed_validator(published, tmp_path):
    engine = _engine_path()
    if engine is None:
        pytest.skip(
            "W3C feed validator engine not found: it is on no package registry; set "
            "FEEDVALIDATOR_SRC to the src/ folder of a checkout of github.com/w3c/feedvalidator"
        )
    feeds = _feeds(published.output)
    assert len(feeds) == 26
    feeds += PRESS_FEEDS
    report = _validate(engine, published.output, feeds)
    assert sorted(report) == sorted(feeds)
    assert {feed: messages for feed, messages in report.items() if messages} == {}

    # The engine does report: the same feed with the old guid (a permalink by default) fails.
    relative = "feeds/alle.rss.xml"
    broken = tmp_path / relative
    broken.parent.mkdir(parents=True)
    broken.write_bytes(
        (published.output / relative).read_bytes().replace(b' isPermaLink="false"', b"")
    )
    messages = _validate(engine, tmp_path, [relative])[relative]
    assert messages
    assert all("guid must be a full URL" in m for m in messages)
