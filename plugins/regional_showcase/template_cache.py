"""Jinja's compiled templates, kept on disk between builds.

Every build makes new Jinja environments, and parsing and compiling the theme's 58 templates
was a third of a build of the shipped site (0.8 s of 2.2 s, cProfile). Kept in the plugin's
cache folder, a repeated `make html` compiles only what changed; a cold build (CI, the
benchmark) is as before. `make serve` keeps them in memory instead (staff/serve.py).
"""

from __future__ import annotations

import copy
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from .environment import read_environment
from .preview.manifest import settings_digest

# What a Jinja environment's lexer reads besides a template's source (and its extensions).
PARSE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
)
# And what its compiler reads too.
COMPILE_OPTIONS = (
    *PARSE_OPTIONS,
    "newline_sequence",
    "keep_trailing_newline",
    "autoescape",
    "finalize",
    "optimized",
    "is_async",
)


class TemplateCache(FileSystemBytecodeCache):
    """Compiled templates by name. Not by path: the bucket holds the source's checksum, so an
    edited template is compiled anew wherever it lives, and copies of the project (a test
    suite builds dozens) share one folder. Jinja writes each file atomically."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(name)

    def get_bucket(self, environment, name, filename, source):
        return super().get_bucket(environment, name, filename, compiled_from(environment, source))


def compiled_from(environment, source: str) -> str:
    """What a compiled template is kept by (its bucket's checksum). Jinja keys a compiled
    template on its source alone. What else its compiler reads counts too: the environment's
    options (JINJA_ENVIRONMENT: delimiters, whitespace, extensions, autoescape), and the code
    of its filters and tests, since the compiler puts the result of one applied to constants
    into the compiled template (`{{ 'x'|f }}` becomes f('x'))."""
    compiling = getattr(environment, "_showcase_compiling", None)
    if compiling is None:
        options = {option: getattr(environment, option, None) for option in COMPILE_OPTIONS}
        options["extensions"] = sorted(environment.extensions)
        options.update(filters=environment.filters, tests=environment.tests)
        compiling = environment._showcase_compiling = settings_digest(options)
    return f"{source}\0{compiling}"


def template_cache(cache_dir: Path) -> TemplateCache:
    # SHOWCASE_TEMPLATE_CACHE names another folder, e.g. one for all test builds.
    folder = read_environment().template_cache or cache_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return TemplateCache(str(folder))


def parsed(env, name: str, source: str):
    """The syntax tree of template `name` with this source, parsed once per environment.

    preview/followed_reads.py analyses each page template with every template it uses, and
    parsed each again per analysis (138 of a cold build's 179 parses at 600 posts). Kept on
    the environment (each build makes its own, with its own delimiters and extensions) by
    the name and the source, so a template edited between two saves of `make serve` is
    parsed again, and only the newest source of each name is held. The tree is shared: its
    users only read it (a user that changes it takes parsed_copy)."""
    held = getattr(env, "_showcase_trees", None)
    if held is None or held[0] is not env:  # not one copied by Environment.overlay
        held = env._showcase_trees = (env, {})
    trees = held[1]
    kept = trees.get(name)
    if kept is None or kept[0] != source:
        kept = trees[name] = (source, env.parse(source))
    return kept[1]


def parsed_copy(env, name: str, source: str):
    """A copy of parsed()'s tree for a user that changes it: Jinja's code generator
    (meta.find_undeclared_variables in preview/pages.py) folds constants into the tree it is
    given. The copy shares the environment and takes half a parse's time."""
    return copy.deepcopy(parsed(env, name, source), {id(env): env})
