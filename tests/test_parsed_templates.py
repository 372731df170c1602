"""The page keys' analysis of what a page's templates read (followed_reads) parses each
template once per process for all environments that parse alike (template_cache.parsed): a
cold build at 600 posts parsed the theme's templates 179 times, then once per generator's
environment (67 parses of 41 templates). A template edited between two saves of `make serve`
is parsed again, an environment with other delimiters parses its own, and nothing changes
the shared trees (template_reads, whose Jinja code generator folds constants into a tree,
takes a copy: parsed_copy)."""

from __future__ import annotations

from collections import Counter

import pytest
from jinja2 import DictLoader, Environment, nodes

from regional_showcase import template_cache
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


@pytest.fixture(autouse=True)
def _fresh_trees(monkeypatch):
    """The process's trees and followed reads without what earlier tests made of the same
    sources."""
    from regional_showcase.preview import followed_reads as followed

    monkeypatch.setattr(template_cache, "_TREES", {})
    monkeypatch.setattr(followed, "_FOLLOWED", {})


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
    trees = {name: kept for (_, name), kept in template_cache._TREES.items()}
    assert set(trees) == set(TEMPLATES)
    for name, (source, tree) in trees.items():
        assert tree == Environment().parse(source), name


def test_own_reads_from_a_copy_are_those_of_a_fresh_parse(monkeypatch):
    env = Environment(loader=DictLoader(TEMPLATES))
    _analysed(env)  # the shared trees exist, followed_reads has walked them
    copied = {name: _own_reads(env, name) for name in TEMPLATES}
    monkeypatch.setattr(pages, "parsed_copy", lambda env, name, source: env.parse(source))
    assert copied == {name: _own_reads(env, name) for name in TEMPLATES}


def test_environments_that_parse_alike_share_one_parse_of_each_template():
    # a.html in one generator's environment, b.html in another's: both use base.html,
    # macros.html and part.html, parsed once for both.
    first, parses = _counted(dict(TEMPLATES))
    assert followed_reads(first.get_template("a.html"), KnownReads()) is not None
    second, again = _counted(dict(TEMPLATES))
    assert followed_reads(second.get_template("b.html"), KnownReads()) is not None
    assert parses == Counter(text for name, text in TEMPLATES.items() if name != "b.html")
    assert again == Counter([TEMPLATES["b.html"]])
    # Other delimiters parse other trees of the same sources: that environment parses its own.
    other, own = _counted(dict(TEMPLATES))
    other.variable_start_string, other.variable_end_string = "[[", "]]"
    assert followed_reads(other.get_template("b.html"), KnownReads()) is not None
    assert own == Counter(text for name, text in TEMPLATES.items() if name != "a.html")


def test_each_shared_tree_is_searched_for_its_extends_once(monkeypatch):
    from jinja2 import nodes

    searched: Counter = Counter()
    find_all = nodes.Node.find_all

    def counting(self, node_type):
        if node_type is nodes.Extends and isinstance(self, nodes.Template):
            searched[id(self)] += 1
        return find_all(self, node_type)

    monkeypatch.setattr(nodes.Node, "find_all", counting)
    env = Environment(loader=DictLoader(TEMPLATES))
    first = [followed_reads(env.get_template(name), KnownReads()) for name in ("a.html", "b.html")]
    assert None not in first
    # The shared trees (Jinja's code generator searches the compile's trees itself).
    shared = [id(tree) for _, tree in template_cache._TREES.values()]
    assert {searched[tree] for tree in shared} == {0, 1}  # macros.html is only imported
    # The same reads as the search made anew for every visit.
    monkeypatch.setattr(template_cache, "_TREES", {})
    from regional_showcase.preview import followed_reads as followed

    monkeypatch.setattr(followed, "_FOLLOWED", {})
    monkeypatch.setattr(followed, "_extends", lambda tree: list(tree.find_all(nodes.Extends)))
    again = [followed_reads(env.get_template(name), KnownReads()) for name in ("a.html", "b.html")]
    assert again == first


def test_a_loop_is_searched_again_only_when_a_template_it_includes_changed(monkeypatch):
    from regional_showcase.preview import followed_reads as followed

    searched: Counter = Counter()
    counts_only = followed._counts_only

    def counting(parts, tree_of, included):
        searched[parts[0].lineno] += 1
        return counts_only(parts, tree_of, included)

    monkeypatch.setattr(followed, "_counts_only", counting)
    templates = {
        "list.html": "{% for p in articles %}{% include 'card.html' %}{% endfor %}",
        "card.html": "{{ loop.index }}{{ p.title }}",
        "one.html": "{% include 'list.html' %}",
        "two.html": "<h1>{{ SITENAME }}</h1>{% include 'list.html' %}",
    }
    env = Environment(loader=DictLoader(templates))
    whole = ("articles", (), "value")
    for name in ("one.html", "two.html"):
        assert whole not in followed_reads(env.get_template(name), KnownReads())
    assert sum(searched.values()) == 1  # the loop of list.html, for both pages
    # card.html hands the items on (`loop.previtem`): the loop reads them whole now.
    templates["card.html"] = "{{ loop.previtem.title }}"
    assert whole in followed_reads(env.get_template("one.html"), KnownReads())
    assert sum(searched.values()) == 2


def test_the_analysis_takes_the_parse_of_the_compile(monkeypatch, tmp_path):
    """compiled_and_read (Jinja's compile and the own reads) parses each template first; the
    followed reads get a copy of that parse, not one of their own (the code generator
    changes the compile's tree, not the copy)."""
    monkeypatch.setattr(template_cache, "_COMPILED", {})
    parses: Counter = Counter()
    parse = Environment._parse

    def counting(self, source, name, filename):
        parses[source] += 1
        return parse(self, source, name, filename)

    monkeypatch.setattr(Environment, "_parse", counting)
    # As a build's: Jinja's compile through compiled_and_read (TemplateCache).
    cache = template_cache.template_cache(tmp_path)
    env = Environment(loader=DictLoader(TEMPLATES), bytecode_cache=cache)
    first = _analysed(env)
    assert None not in [reads for both in first for reads in both]
    assert parses == ONCE
    for (_, name), (source, tree) in template_cache._TREES.items():
        assert tree == Environment().parse(source), name
        assert all(node.environment is None for node in tree.find_all(nodes.Node))
    # The same reads as from trees of their own parse.
    from regional_showcase.preview import followed_reads as followed

    monkeypatch.setattr(template_cache, "_TREES", {})
    monkeypatch.setattr(template_cache, "_COMPILED", {})
    monkeypatch.setattr(followed, "_FOLLOWED", {})
    monkeypatch.setattr(template_cache, "_share_parse", lambda *args: None)
    again = Environment(loader=DictLoader(TEMPLATES), bytecode_cache=cache)
    assert _analysed(again) == first


def test_newstyle_and_oldstyle_gettext_parse_their_own_trees():
    # jinja2.ext.i18n's parse reads environment.newstyle_gettext: the old style wraps the
    # call in MarkSafeIfAutoescape and formats its variables with `%`, the new style passes
    # them to the call. A tree shared across the two would render the other style's text.
    source = "{% trans user=name %}Hallo {{ user }}{% endtrans %}"
    trees = []
    for newstyle in (True, False):
        env = Environment(extensions=["jinja2.ext.i18n"])
        env.install_null_translations(newstyle=newstyle)
        trees.append((template_cache.parsed(env, "t.html", source), env.parse(source)))
    assert [shared == own for shared, own in trees] == [True, True]
    assert trees[0][1] != trees[1][1]
