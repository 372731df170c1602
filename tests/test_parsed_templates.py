"""The page keys' analysis of what a page's templates read (followed_reads) parses each
template once per build (template_cache.parsed): a cold build at 600 posts parsed the theme's
templates 179 times. A template edited between two saves of `make serve` is parsed again, and
nothing changes the shared trees (template_reads, whose Jinja code generator folds constants
into a tree, takes a copy: parsed_copy)."""

from __future__ import annotations

from collections import Counter

from jinja2 import DictLoader, Environment

from regional_showcase.preview import pages
from regional_showcase.preview.followed_reads import followed_reads
from regional_showcase.preview.pages import KnownReads, _own_reads, template_reads

TEMPLATES = {
    "base.html": (
        "{% from 'macros.html' import card %}<title>{{ SITENAME }}</title>"
        "{% block body %}{% endblock %}{{ card(regions[0]) }}"
    ),
    "macros.html": (
        "{% macro card(region) %}{{ region.name|upper }}"
        "{% for r in region.neighbours if r.slug %}{{ loop.index }}{% endfor %}{% endmacro %}"
    ),
    "part.html": (
        "{% set shown = article.title %}{{ shown }}{% if articles %}x{% endif %}"
        "{% for k in ['a', 'b']|list %}{{ article[k] }}{% endfor %}"
    ),
    "a.html": "{% extends 'base.html' %}{% block body %}{% include 'part.html' %}{% endblock %}",
    "b.html": (
        "{% extends 'base.html' %}{% block body %}{% include 'part.html' %}"
        "{{ articles|length }}{% endblock %}"
    ),
}


def _counted(templates: dict[str, str]) -> tuple[Environment, Counter]:
    env = Environment(loader=DictLoader(templates))
    parses: Counter = Counter()
    parse = env.parse

    def counting(source, *args, **kwargs):
        parses[source] += 1
        return parse(source, *args, **kwargs)

    env.parse = counting
    return env, parses


def _analysed(env: Environment) -> list:
    """What a build asks of its page templates: both analyses of each, with the build's one
    memo of each template's own reads (KnownReads, which parses each template itself)."""
    known = KnownReads()
    return [
        (
            followed_reads(env.get_template(name), known),
            template_reads(env.get_template(name), known),
        )
        for name in ("a.html", "b.html")
    ]


ONCE = Counter(TEMPLATES.values())


def test_each_template_source_is_followed_from_one_parse_per_environment():
    env, parses = _counted(dict(TEMPLATES))
    first = _analysed(env)
    assert None not in [reads for both in first for reads in both]
    assert parses == ONCE
    assert _analysed(env) == first  # another memo of own reads (KnownReads): no parse either
    assert parses == ONCE


def test_a_changed_template_is_parsed_again_and_read_anew():
    templates = dict(TEMPLATES)
    env, parses = _counted(templates)
    before = _analysed(env)
    templates["part.html"] = "{{ article.summary }}"  # saved in the editor, same name
    after = _analysed(env)
    assert parses[templates["part.html"]] == 1
    assert after != before
    summary = ("article", (("attr", "summary"),), "value")
    assert all(summary in followed and summary in own for followed, own in after)
    assert not any(summary in followed or summary in own for followed, own in before)


def test_the_analyses_leave_the_shared_trees_as_parsed(monkeypatch):
    from regional_showcase.preview import followed_reads as followed

    # Followed anew, not from what an earlier test's analysis left in this process: the
    # shared trees are followed_reads' (own reads come with the compile: template_cache).
    monkeypatch.setattr(followed, "_FOLLOWED", {})
    env = Environment(loader=DictLoader(TEMPLATES))
    _analysed(env)
    _analysed(env)
    trees = env._showcase_trees[1]
    assert set(trees) == set(TEMPLATES)
    for name, (source, tree) in trees.items():
        assert tree == Environment().parse(source), name


def test_own_reads_from_a_copy_are_those_of_a_fresh_parse(monkeypatch):
    env = Environment(loader=DictLoader(TEMPLATES))
    _analysed(env)  # the shared trees exist, followed_reads has walked them
    copied = {name: _own_reads(env, name) for name in TEMPLATES}
    monkeypatch.setattr(pages, "parsed_copy", lambda env, name, source: env.parse(source))
    assert copied == {name: _own_reads(env, name) for name in TEMPLATES}
