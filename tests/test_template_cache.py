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


def theme_environment(cache=None) -> Environment:
    """The theme's templates with the plugin's filters and texts, as a build's environment."""
    from regional_showcase import TEMPLATE_FILTERS
    from regional_showcase.translations import install_source_language

    root = Path(__file__).resolve().parents[1] / "theme"
    env = Environment(
        loader=FileSystemLoader(str(root / "templates")),
        bytecode_cache=cache,
        extensions=["jinja2.ext.do"],
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(TEMPLATE_FILTERS)
    install_source_language(env, root / "translations")
    return env


# Theme templates with each kind of construct the reads follow (blocks and extends, macros
# imported with context, includes, `set`, `with`, loops, filters, tests, trans): all 44
# took 2 s, more than a unit test may; index.html has constants the optimizer folds. One
# compiled first, the others read first.
SAMPLED_TEMPLATES = ["article.html", "partials/macros.html", "index.html"]


def test_a_cold_compile_is_jinjas_and_the_read_analysis_takes_its_tree(tmp_path, monkeypatch):
    """template_cache.compiled_and_read: one parse and one run of Jinja's code generator per
    template for both the compiled template and its own reads (preview/pages.py), in either
    order; the code is Jinja's, the reads those of meta.find_undeclared_variables."""
    from jinja2 import meta

    from regional_showcase import template_cache as kept
    from regional_showcase.preview import pages

    monkeypatch.delenv("SHOWCASE_TEMPLATE_CACHE", raising=False)
    monkeypatch.setattr(kept, "_COMPILED", {})
    env = theme_environment(template_cache(tmp_path / "cache"))
    names = SAMPLED_TEMPLATES
    # Jinja's own compile and analysis, in an environment of their own.
    jinjas = theme_environment()
    jinjas.compile = jinjas.compile  # an environment's own compile: not compiled_and_read
    theirs = {}
    for name in names:
        source, filename, _ = jinjas.loader.get_source(jinjas, name)
        theirs[name] = jinjas.compile(source, name, filename, raw=True)
    own_reads = {name: pages._own_reads(jinjas, name) for name in names}
    generated = []
    monkeypatch.setattr(kept.CodeGenerator, "visit", _counting(generated, kept.CodeGenerator.visit))
    monkeypatch.setattr(meta, "find_undeclared_variables", None)  # not run: it fails
    first, second = names[: len(names) // 2], names[len(names) // 2 :]
    for name in first:  # compiled first, as a page template
        env.get_template(name)
    assert {name: pages._own_reads(env, name) for name in names} == own_reads
    for name in second:  # read first, as a partial
        env.get_template(name)
    assert len(generated) == len(names)  # one run of the code generator per template
    for name in names:
        source, filename, _ = env.loader.get_source(env, name)
        code = kept.compiled_and_read(env, name, filename, source)[0]
        assert code == jinjas._compile(theirs[name], filename), name
    # The compiled templates went into cache/ as Jinja's own would.
    assert len(list((tmp_path / "cache/templates").iterdir())) == len(names)


def _counting(calls: list, visit):
    def counted(self, node, *args, **kwargs):
        if not args and not kwargs:  # the template's visit, not one of its nodes'
            calls.append(node)
        return visit(self, node, *args, **kwargs)

    return counted
