"""Compiled templates kept between builds (template_cache.py): reused by name wherever the
project lives, compiled anew when the template changed."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from regional_showcase.template_cache import template_cache


def render_in(theme: Path, cache) -> tuple[str, int]:
    """The page and how many templates this environment compiled itself."""
    env = Environment(loader=FileSystemLoader(str(theme)), bytecode_cache=cache)
    compiled = 0
    compile_source = env.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        nonlocal compiled
        if not raw:
            compiled += 1
        return compile_source(source, name, filename, raw, defer_init)

    env.compile = counting
    return env.get_template("seite.html").render(ort="Olpe"), compiled


def theme(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "seite.html").write_text(text, encoding="utf-8")
    return folder


def test_a_copy_elsewhere_reuses_the_compiled_template_and_an_edit_compiles_again(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("SHOWCASE_TEMPLATE_CACHE", raising=False)
    cache = template_cache(tmp_path / "cache")
    assert (tmp_path / "cache/templates").is_dir()
    first = theme(tmp_path / "a", "Willkommen in {{ ort }}")
    assert render_in(first, cache) == ("Willkommen in Olpe", 1)
    copy = theme(tmp_path / "b", "Willkommen in {{ ort }}")
    assert render_in(copy, cache) == ("Willkommen in Olpe", 0)  # another path, same source
    (copy / "seite.html").write_text("Neu in {{ ort }}", encoding="utf-8")
    assert render_in(copy, cache) == ("Neu in Olpe", 1)


def test_the_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOWCASE_TEMPLATE_CACHE", str(tmp_path / "geteilt"))
    assert template_cache(tmp_path / "cache").directory == str(tmp_path / "geteilt")
    assert (tmp_path / "geteilt").is_dir() and not (tmp_path / "cache").exists()
