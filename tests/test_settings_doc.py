"""Every setting and environment variable is typed in one place, documented, and read only
through it; docs/settings.md is generated from those fields and current."""

from __future__ import annotations

import ast
from dataclasses import fields

import pytest

from regional_showcase.environment import (
    EnvironmentProblem,
    ShowcaseEnvironment,
    environment_key,
    read_environment,
)
from regional_showcase.settings import ShowcaseSettings, apply_defaults
from regional_showcase.settings_doc import settings_markdown
from regional_showcase.staff.cms import run_cms
from regional_showcase.staff.serve import serve

from expectations import ROOT

PLUGIN = ROOT / "plugins/regional_showcase"
KEYS = {option.metadata["key"] for option in fields(ShowcaseSettings)}


def test_committed_settings_doc_is_current():
    committed = (ROOT / "docs/settings.md").read_text(encoding="utf-8")
    assert committed == settings_markdown(), "run `make settings-doc` and commit docs/settings.md"


@pytest.mark.parametrize("typed", [ShowcaseSettings, ShowcaseEnvironment])
def test_every_field_says_in_one_line_what_it_does(typed):
    undocumented = [
        option.name
        for option in fields(typed)
        if not option.metadata["doc"].strip() or "\n" in option.metadata["doc"]
    ]
    assert undocumented == []


def test_the_environment_names_every_wrong_variable_at_once_and_ignores_blank_ones():
    with pytest.raises(EnvironmentProblem) as wrong:
        read_environment(
            {
                "SHOWCASE_WORKERS": "0",
                "SHOWCASE_SEARCH_BUNDLE_PAGES": " ",
                "SOURCE_DATE_EPOCH": "2026-11-30",
                "SHOWCASE_DECAP_SERVER_PORT": "acht",
            }
        )
    assert wrong.value.problems == [
        "SHOWCASE_WORKERS='0': erwartet eine ganze Zahl ab 1 (1 = ohne Parallelisierung, "
        "leer = ein Prozess je Kern)",
        "SOURCE_DATE_EPOCH='2026-11-30': erwartet die Sekunden seit 1970 als ganze Zahl, z. B. "
        "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)",
        "SHOWCASE_DECAP_SERVER_PORT='acht': erwartet eine Zahl; `make cms` setzt sie selbst, "
        "bitte nicht setzen",
    ]
    typed = read_environment({"SOURCE_DATE_EPOCH": "1700000000", "SHOWCASE_WORKERS": ""})
    assert (typed.source_date_epoch, typed.workers) == (1700000000, None)


def _reads(tree: ast.AST):
    """(line, what) for each read of the environment, or of a typed key from a Pelican settings
    dict (named `settings`, `self.settings`, …; a template context may differ by edition).

    Writing a variable for a restarted process, removing it, handing the whole environment to
    a child process (`{**os.environ}`) or fingerprinting all of it (`.items()`) is no read."""
    passed_on = {id(node) for node in ast.walk(tree) for node in _whole_environment(node)}
    for node in ast.walk(tree):
        if (_is_environment(node) and id(node) not in passed_on) or _setting_read(node):
            yield node.lineno, ast.unparse(node)


def _is_environment(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr in ("environ", "getenv")
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _name(node: ast.AST) -> str:
    """`settings` for `settings`, `self.settings`, `article.settings`; '' for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _whole_environment(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Dict):
        return [value for key, value in zip(node.keys, node.values, strict=True) if key is None]
    if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load):
        return [node.value]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return [node.func.value] if node.func.attr in ("pop", "items") else []
    return []


def _setting_read(node: ast.AST) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
        owner, key, how = node.func.value, node.args[0], node.func.attr
    elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        owner, key, how = node.value, node.slice, "get"
    else:
        return False
    return how == "get" and _name(owner).endswith("settings") and _typed_key(key)


def _typed_key(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in KEYS


# Reads that mirror Pelican's own, and why they cannot take the typed object.
MIRRORS_PELICAN = {
    # make serve's memo of Content.get_relative_source_path keys on exactly what Pelican's
    # method reads: the content's own settings, which another Pelican in the process may hold.
    ("preview/kept_content.py", "self.settings['PATH']"),
    # Its answer to Pelican's _include_path keys on exactly what Pelican's method reads: the
    # generator's own IGNORE_FILES.
    ("preview/kept_content.py", "generator.settings['IGNORE_FILES']"),
    # A kept post text's key holds the header fields Pelican resolves links in, as
    # Content.refresh_metadata_intersite_links reads them: from the post's own settings.
    ("preview/followed_reads.py", "version.settings.get('FORMATTED_FIELDS', ())"),
}


def test_no_module_reads_the_environment_or_a_typed_setting_around_the_typed_objects():
    # settings.py and environment.py are where they are read; anything else takes the object.
    own = {PLUGIN / "settings.py", PLUGIN / "environment.py"}
    found = [
        (path.relative_to(PLUGIN).as_posix(), line, text)
        for path in sorted(PLUGIN.rglob("*.py"))
        if path not in own
        for line, text in _reads(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert [
        f"{path}:{line}: {text}"
        for path, line, text in found
        if (path, text) not in MIRRORS_PELICAN
    ] == []
    # An exception whose read is gone goes too.
    assert {(path, text) for path, _, text in found} >= MIRRORS_PELICAN


def test_a_wrong_setting_and_a_wrong_variable_stop_the_build_together(monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "gestern")
    with pytest.raises(SystemExit):
        apply_defaults({"PATH": "content", "SHOWCASE_DATA": "d.yaml", "SHOWCASE_CMS": "ja"})
    assert capsys.readouterr().err == (
        "1 Einstellung ist fehlerhaft (pelicanconf.py/publishconf.py):\n"
        "  SHOWCASE_CMS: erwartet True oder False, gefunden 'ja' (Vorgabe: True)\n"
        "1 Umgebungsvariable ist fehlerhaft:\n"
        "  SOURCE_DATE_EPOCH='gestern': erwartet die Sekunden seit 1970 als ganze Zahl, z. B. "
        "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)\n"
        "Die Website wurde nicht gebaut.\n"
    )


def test_the_preview_and_the_editor_do_not_start_with_a_wrong_variable(monkeypatch, capsys):
    monkeypatch.setenv("SHOWCASE_WORKERS", "viele")
    wrong = (
        "SHOWCASE_WORKERS='viele': erwartet eine ganze Zahl ab 1 (1 = ohne Parallelisierung, "
        "leer = ein Prozess je Kern)\n"
    )
    assert serve("pelicanconf.py", port=8000, output="output") == 1
    assert capsys.readouterr().err == wrong + "Die Vorschau wurde nicht gestartet.\n"
    assert run_cms("pelicanconf.py", port=8000, proxy_port=8081, output="output") == 1
    assert capsys.readouterr().err == wrong + "Der Web-Editor wurde nicht gestartet.\n"


def test_the_environment_key_holds_every_showcase_variable_and_nothing_else():
    # Unknown SHOWCASE_* too: a kept page or object made under another value is not reused.
    base = {"HOME": "/root", "SOURCE_DATE_EPOCH": "1700000000", "SHOWCASE_WORKERS": "2"}
    assert environment_key(base) == environment_key({**base, "HOME": "/tmp", "PATH": "/bin"})
    assert environment_key(base) != environment_key({**base, "SHOWCASE_NEU": "1"})
    assert environment_key(base) != environment_key({**base, "SOURCE_DATE_EPOCH": "1"})
    assert environment_key({"SHOWCASE_A": "1", "SHOWCASE_B": "2"}) == environment_key(
        {"SHOWCASE_B": "2", "SHOWCASE_A": "1"}
    )
