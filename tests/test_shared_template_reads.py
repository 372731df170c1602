"""The tests' shared compiled templates (SHOWCASE_TEMPLATE_CACHE) hold what the templates read
too (KnownReads' `shared` folder): a build with no cache/ of its own takes each template's own
reads and its followed reads from there instead of compiling and walking the templates again,
as long as everything those reads come from is the same: the template's source (and those it
uses), the compiler's options and the names of the globals. A file cut short or changed there
is made again."""

from __future__ import annotations

import json

import pytest
from jinja2 import DictLoader, Environment

from regional_showcase.preview import followed_reads as followed
from regional_showcase.preview import pages
from regional_showcase.preview.pages import KnownReads, template_reads

TEMPLATES = {
    "base.html": "<title>{{ SITENAME }}</title>{% block body %}{% endblock %}{{ helper }}",
    "page.html": (
        "{% extends 'base.html' %}{% block body %}"
        "{% for r in regions %}{{ r.name }}{% endfor %}{% endblock %}"
    ),
}


@pytest.fixture(autouse=True)
def _fresh_process(monkeypatch):
    """No followed reads this process made before (each build is a process of its own)."""
    monkeypatch.setattr(followed, "_FOLLOWED", {})


def _both(env: Environment, known: KnownReads) -> tuple:
    template = env.get_template("page.html")
    return template_reads(template, known), followed.followed_reads(template, known)


def _analysed(monkeypatch) -> list[str]:
    """The templates analysed from here on (own reads and followed reads)."""
    done: list[str] = []
    own, run = pages._own_reads, followed._Analysis.run
    monkeypatch.setattr(pages, "_own_reads", lambda env, name: done.append(name) or own(env, name))
    monkeypatch.setattr(
        followed._Analysis, "run", lambda self, name: done.append(name) or run(self, name)
    )
    return done


def _first_build(shared, templates=TEMPLATES, **globals_) -> tuple:
    env = Environment(loader=DictLoader(templates))
    env.globals.update(globals_)
    known = KnownReads(None, shared)
    made = _both(env, known)
    known.save()
    return made


def test_a_build_without_cache_takes_the_reads_from_the_shared_folder(tmp_path, monkeypatch):
    shared = tmp_path / "templates"
    shared.mkdir()
    made = _first_build(shared)
    assert made[0] is not None and made[1] is not None
    assert ("helper", (), "value") in made[0]
    monkeypatch.setattr(followed, "_FOLLOWED", {})
    analysed = _analysed(monkeypatch)
    known = KnownReads(tmp_path / "cache" / "template-reads.json", shared)
    assert _both(Environment(loader=DictLoader(TEMPLATES)), known) == made
    assert analysed == []
    # Its own file gets them, as if it had made them.
    known.save()
    saved = json.loads((tmp_path / "cache" / "template-reads.json").read_text())
    assert set(saved) == {"base.html", "page.html", "followed:page.html"}


def test_reads_made_from_other_templates_or_globals_are_not_taken(tmp_path, monkeypatch):
    shared = tmp_path / "templates"
    shared.mkdir()
    _first_build(shared)
    analysed = _analysed(monkeypatch)
    # `helper` a global in this project: not a read of the context (the own reads leave
    # globals out), so the first project's reads, which have it, are not this one's.
    env = Environment(loader=DictLoader(TEMPLATES))
    env.globals["helper"] = "x"
    own, _ = _both(env, KnownReads(None, shared))
    assert ("helper", (), "value") not in own
    assert "base.html" in analysed
    # An edited template: analysed again, and its new reads are seen.
    analysed.clear()
    edited = {**TEMPLATES, "page.html": TEMPLATES["page.html"].replace("r.name", "r.slug")}
    own, along = _both(Environment(loader=DictLoader(edited)), KnownReads(None, shared))
    assert ("regions", (("each", None), ("attr", "slug")), "value") in along
    assert "page.html" in analysed


def test_a_changed_shared_file_is_made_again(tmp_path, monkeypatch):
    shared = tmp_path / "templates"
    shared.mkdir()
    made = _first_build(shared)
    for file in shared.glob("reads-*.json"):
        entry = json.loads(file.read_text())
        if entry.get("reads"):
            entry["reads"] = entry["reads"][:1]  # fewer reads: pages taken over when stale
            file.write_text(json.dumps(entry))
    (next(shared.glob("reads-*.json"))).write_text('{"key": ')  # cut short
    monkeypatch.setattr(followed, "_FOLLOWED", {})
    analysed = _analysed(monkeypatch)
    assert _both(Environment(loader=DictLoader(TEMPLATES)), KnownReads(None, shared)) == made
    assert sorted(set(analysed)) == ["base.html", "page.html"]
