"""What a kept post check is keyed on of the region data (data/posts.py site_facts_read): the
check reads nothing else of it, and every change of what it reads changes the key."""

from __future__ import annotations

import dataclasses

import pytest
from poison import poisoned

from regional_showcase.data.loader import load_site_data
from regional_showcase.data.posts import check_post, site_facts_read
from regional_showcase.markup import render_markdown

from expectations import ROOT

POST = """Title: Ein Termin in Olpe
Date: 2024-03-01 10:00
Category: {category}
Regions: {regions}
Summary: Ein kurzer Text.

Der Text der Meldung.
"""
# Known and unknown regions and topics, by name and by slug, and 'alle' beside others.
HEADERS = [
    ("Fachkräfte", "allgaeu, suedwestfalen"),
    ("fachkraefte", "alle"),
    ("Standortmarketing", "allgaeu"),
    ("Fachkraft", "allgau"),
    ("Projekt", "alle, allgaeu"),
    ("Projekt", "nirgendwo"),  # no suggestion: the message lists every region in order
]


@pytest.fixture(scope="module")
def site():
    return load_site_data(ROOT / "data/regions.yaml", render=render_markdown)


@pytest.fixture
def posts(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    paths = []
    for number, (category, regions) in enumerate(HEADERS):
        path = folder / f"2024-03-0{number + 1}-termin-{number}.md"
        path.write_text(POST.format(category=category, regions=regions), encoding="utf-8")
        paths.append(path)
    return paths


def results(posts, site, content) -> list:
    return [check_post(path, site, content, bodies=False) for path in posts]


def test_a_post_check_reads_of_the_region_data_only_what_its_key_holds(site, posts, tmp_path):
    only_facts = poisoned(site, keep=())
    object.__setattr__(
        only_facts, "regions", tuple(poisoned(r, keep=("slug",)) for r in site.regions)
    )
    object.__setattr__(
        only_facts, "topics", tuple(poisoned(t, keep=("name", "slug")) for t in site.topics)
    )
    expected = results(posts, site, tmp_path)
    assert any(problems for problems, _ in expected), "the posts hit the region rules"
    assert results(posts, only_facts, tmp_path) == expected
    assert site_facts_read(only_facts) == site_facts_read(site)


def renamed_region(site):
    first = site.regions[0]
    regions = (dataclasses.replace(first, slug=f"{first.slug}-neu"), *site.regions[1:])
    return dataclasses.replace(site, regions=regions)


def without_topic(site):
    return dataclasses.replace(site, topics=site.topics[1:])


def renamed_topic(site):
    first = site.topics[0]
    return dataclasses.replace(
        site, topics=(dataclasses.replace(first, name="Neu"), *site.topics[1:])
    )


def reordered_regions(site):
    return dataclasses.replace(site, regions=tuple(reversed(site.regions)))


@pytest.mark.parametrize(
    "change", [renamed_region, without_topic, renamed_topic, reordered_regions]
)
def test_each_change_the_post_check_sees_changes_its_key(site, posts, tmp_path, change):
    changed = change(site)
    assert results(posts, changed, tmp_path) != results(posts, site, tmp_path)
    assert site_facts_read(changed) != site_facts_read(site)
