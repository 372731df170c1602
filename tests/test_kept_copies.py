"""The copies of kept posts (preview/kept_content.py): each build's copy has its own dicts,
lists and categories, shares the immutable text and dates, and points at its own settings;
the fields to copy are worked out once per kept post."""

from __future__ import annotations

import datetime as dt
import types

from markupsafe import Markup
from pelican.urlwrappers import Category

from regional_showcase.preview import kept_content
from regional_showcase.preview.kept_content import _SETTINGS, _copy_of, _own_fields


class Post:
    pass


def pristine() -> Post:
    post = Post()
    post.settings = _SETTINGS
    post._content = Markup("<p>Text</p>")
    post.title = "Titel"
    post.date = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    post.category = Category("Arbeit", _SETTINGS)
    post.metadata = {"title": "Titel", "category": post.category, "tags": ["a"]}
    post.translations = []
    return post


def test_a_copy_has_its_own_containers_and_shares_the_immutable_values():
    kept = pristine()
    own = _own_fields(kept)
    assert set(own) == {"settings", "category", "metadata", "translations"}
    settings = {"SITEURL": ""}
    first = _copy_of(kept, {id(_SETTINGS): settings}, own)
    second = _copy_of(kept, {id(_SETTINGS): settings}, own)
    assert first.settings is settings and first.category.settings is settings
    assert first._content is kept._content and first.date is kept.date
    assert first.metadata == {"title": "Titel", "category": first.category, "tags": ["a"]}
    assert first.metadata["category"] is first.category  # one copy per object, as Pelican's
    first.metadata["tags"].append("b")
    first.translations.append(second)
    assert kept.metadata["tags"] == ["a"] and second.metadata["tags"] == ["a"]
    assert kept.translations == [] and second.translations == []
    assert first.category is not second.category is not kept.category


def kept_hooks(monkeypatch) -> tuple:
    """A generator's hooks with one kept post, a.md, whose every look holds."""
    store = kept_content.KeptContent()
    entry = kept_content._Kept(pristine(), "key", "data", (), None, None)
    store.entries[("ArticlesGenerator", "a.md")] = entry
    hooks = kept_content._Hooks.__new__(kept_content._Hooks)
    hooks.store, hooks.kind, hooks.settings, hooks.context = store, "ArticlesGenerator", {}, {}
    hooks.entry_of = {}
    monkeypatch.setattr(hooks, "_holds", lambda kept, filename: True, raising=False)
    monkeypatch.setattr(kept_content._Hooks, "cache", None)
    return entry, hooks


def test_the_fields_to_copy_are_worked_out_once_per_kept_post(monkeypatch):
    entry, hooks = kept_hooks(monkeypatch)
    asked = []
    real = kept_content._own_fields
    monkeypatch.setattr(kept_content, "_own_fields", lambda c: asked.append(c) or real(c))
    copies = [hooks.get_cached_data("a.md") for _ in range(3)]
    assert [type(post) for post in asked if isinstance(post, Post)] == [Post]  # once
    assert entry.own == real(entry.pristine)
    assert len({id(copy.metadata) for copy in copies}) == 3


def test_a_copys_metadata_has_its_own_values_where_they_are_not_shared(monkeypatch):
    entry, hooks = kept_hooks(monkeypatch)
    first, second = (hooks.get_cached_data("a.md") for _ in range(2))
    assert entry.own_keys == {"metadata": ("category", "tags")}  # worked out once, kept
    first.metadata["tags"].append("b")
    first.metadata["neu"] = 1
    for metadata in (second.metadata, entry.pristine.metadata):
        assert list(metadata) == ["title", "category", "tags"] and metadata["tags"] == ["a"]
    assert second.metadata["category"] is second.category
    assert first.metadata["category"] is first.category is not second.category
    assert first.category.settings is hooks.settings


def test_whether_pelican_lists_a_file_is_answered_once_per_name_patterns_and_extensions():
    from pelican.generators import Generator

    asked = []
    generator = types.SimpleNamespace(
        settings={"IGNORE_FILES": [".#*"]}, readers=types.SimpleNamespace(extensions={"md": 1})
    )

    def original(path, extensions=None):
        asked.append((path, extensions))
        return Generator._include_path(generator, path, extensions)

    def include(path, extensions=None):
        return kept_content._include_path(original, generator, path, extensions)

    kept_content._INCLUDED.clear()
    assert include("news/a.md") and include("andere/a.md") and len(asked) == 1
    assert not include("news/.#a.md") and not include("news/.#a.md") and len(asked) == 2
    assert not include("news/a.txt") and include("news/a.txt", False) and len(asked) == 4
    generator.settings["IGNORE_FILES"] = ["a.*"]  # another pattern: answered anew
    assert not include("news/a.md") and include("news/.#a.md") and len(asked) == 6
    generator.readers.extensions = {"markdown": 1}  # another reader's extensions
    assert not include("news/b.md") and len(asked) == 7
