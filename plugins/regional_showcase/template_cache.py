"""Jinja's compiled templates, kept on disk between builds.

Every build makes new Jinja environments, and parsing and compiling the theme's 58 templates
was a third of a build of the shipped site (0.8 s of 2.2 s, cProfile). Kept in the plugin's
cache folder, a repeated `make html` compiles only what changed; a cold build (CI, the
benchmark) is as before. `make serve` keeps them in memory instead (staff/serve.py).
"""

from __future__ import annotations

import copy
import io
import pickle
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.compiler import CodeGenerator
from jinja2.ext import Extension

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
# What Jinja's lexer is made from (jinja2.lexer.get_lexer): the trees of a parse differ by these.
LEXER_OPTIONS = (*PARSE_OPTIONS, "newline_sequence", "keep_trailing_newline")
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
        bucket = super().get_bucket(environment, name, filename, compiled_from(environment, source))
        if bucket.code is None:
            # Not in cache/ (a cold build): compiled as Jinja compiles it, with what the
            # template read analysis needs noted (compiled_and_read); Jinja then takes the code.
            made = compiled_and_read(environment, name, filename, source)
            if made is not None:
                bucket.code = made[0]
                self.set_bucket(bucket)
        return bucket


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
    """The syntax tree of template `name` with this source, parsed once per process for
    every environment that parses alike (_syntax_key).

    preview/followed_reads.py analyses each page template with every template it uses, and
    parsed each again per analysis (138 of a cold build's 179 parses at 600 posts); kept on
    each environment, base.html and the partials were still parsed once per generator's
    environment (Pelican's, the pages', events', press' and the plugin's: 67 parses of 41
    templates). Kept by the syntax, the name and the source, so a template edited between
    two saves of `make serve` is parsed again, and only the newest source of each name is
    held. The tree is shared and holds no environment (a long-lived process must not keep a
    build's alive through it): its users only read it (a user that changes it, or needs the
    environment, takes parsed_copy)."""
    key = (_syntax_key(env), name)
    kept = _TREES.get(key)
    if kept is None or kept[0] != source:
        tree = env.parse(source)
        tree.set_environment(None)
        kept = _keep_tree(key, source, tree)
    return kept[1]


def _keep_tree(key: tuple, source: str, tree) -> tuple:
    if len(_TREES) >= TREES_LIMIT:
        _TREES.clear()
    kept = _TREES[key] = (source, tree)
    return kept


# parsed()'s trees: (syntax, name) -> (source, tree).
_TREES: dict[tuple[tuple, str], tuple] = {}
TREES_LIMIT = 256  # templates; a long-lived process drops them all past this


def _syntax_key(env) -> tuple:
    """What a parse reads of its environment: the lexer's options (jinja2.lexer.get_lexer's
    key), the extensions' tags, the i18n extension's `trimmed` policy and its gettext style
    (newstyle_gettext: the old style's tree wraps the call and formats with `%`), and a
    parser of another Environment class. Taken anew each time (an extension may be added
    later)."""
    return (
        type(env),
        tuple(getattr(env, option, None) for option in LEXER_OPTIONS),
        tuple(sorted(env.extensions)),
        repr(env.policies.get("ext.i18n.trimmed")),
        getattr(env, "newstyle_gettext", None),
    )


def parsed_copy(env, name: str, source: str):
    """A copy of parsed()'s tree in `env`, for a user that changes it: Jinja's code generator
    (meta.find_undeclared_variables in preview/pages.py) folds constants into the tree it is
    given, and reads the environment from it. The copy takes half a parse's time."""
    tree = copy.deepcopy(parsed(env, name, source))
    tree.set_environment(env)
    return tree


# Jinja's compile of a template and the template read analysis's look at it, made together
# (compiled_and_read), by the source with what the compiler reads (compiled_from), the name
# and the file name: (code, tree, names looked up in the context or the globals).
_COMPILED: dict[tuple[str, str, str | None], tuple] = {}
COMPILED_LIMIT = 256  # templates; a long-lived process drops them all past this


def compiled_and_read(env, name: str, filename: str | None, source: str) -> tuple | None:
    """Template `name` compiled as Jinja's Environment.compile compiles it (the same code),
    and what preview/pages.py's own reads need of it: the tree after Jinja's code generator
    folded constants into it, and every name its frames look up in the context or the
    globals (meta.find_undeclared_variables's, before it leaves out the globals). Both need
    a parse and a run of the code generator: a cold build made each twice per template
    (0.16 s of its main process at 600 posts), here once for both, whichever asks first.
    None where Jinja's own way must run (an environment with another compiler or parser, or
    an error, which Jinja then reports as always)."""
    if not _plain_compiler(env):
        return None
    key = (compiled_from(env, source), name, filename)
    made = _COMPILED.get(key)
    if made is None:
        try:
            tree = env._parse(source, name, filename)
            _share_parse(env, name, source, tree)
            generator = _Tracking(env, name, filename, None, False, env.optimized)
            generator.visit(tree)
            code = env._compile(generator.stream.getvalue(), filename or "<template>")
        except Exception:
            return None
        if len(_COMPILED) >= COMPILED_LIMIT:
            _COMPILED.clear()
        # The reads need no environment: kept, the tree must not keep a build's alive.
        tree.set_environment(None)
        made = _COMPILED[key] = (code, tree, frozenset(generator.looked_up))
    return made


def _share_parse(env, name: str, source: str, tree) -> None:
    """A copy of compiled_and_read's parse for parsed(), which has none of this source: the
    code generator then folds constants into `tree`. A cold build's template analysis
    parsed again 41 of the 42 templates compiled_and_read had parsed just before; the copy
    (pickled in memory, the environment left out) takes a quarter of a parse's time. Only
    where parsed() would parse alike: env.parse and every extension's preprocess Jinja's
    own (here they get the template's name and file, there neither)."""
    if not _parses_alike(env):
        return
    key = (_syntax_key(env), name)
    kept = _TREES.get(key)
    if kept is not None and kept[0] == source:
        return
    try:
        copied = _copied_tree(tree, env)
    except Exception:
        return  # parsed() parses it itself
    _keep_tree(key, source, copied)


def _parses_alike(env) -> bool:
    """Whether env.parse(source) gives the tree env._parse(source, name, filename) gives."""
    return (
        type(env).parse is Environment.parse
        and "parse" not in vars(env)
        and all(
            type(extension).preprocess is Extension.preprocess
            for extension in env.extensions.values()
        )
    )


class _TreePickler(pickle.Pickler):
    """Pickles a template's tree without its environment (the copy gets None)."""

    def __init__(self, file, env) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.env = env

    def persistent_id(self, obj):
        return "environment" if obj is self.env else None


class _TreeUnpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        return None


def _copied_tree(tree, env):
    """A copy of `tree` in memory, with no environment: a pickle's round trip takes half
    copy.deepcopy's time here and a quarter of a parse's."""
    data = io.BytesIO()
    _TreePickler(data, env).dump(tree)
    data.seek(0)
    return _TreeUnpickler(data).load()


def _plain_compiler(env) -> bool:
    """Whether `env` compiles with Jinja's own parser, code generator and optimizer, as
    meta.find_undeclared_variables reads a tree (its code generator optimizes)."""
    kind, own = type(env), vars(env)
    return (
        env.optimized
        and env.code_generator_class is CodeGenerator
        and all(
            getattr(kind, method) is getattr(Environment, method) and method not in own
            for method in ("_parse", "_generate", "_compile", "compile")
        )
    )


class _Tracking(CodeGenerator):
    """Jinja's code generator, noting each name its frames resolve at run time, as
    meta.TrackingCodeGenerator does (which writes no code)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.looked_up: set[str] = set()

    def enter_frame(self, frame) -> None:
        super().enter_frame(frame)
        for _, (action, param) in frame.symbols.loads.items():
            if action == "resolve":
                self.looked_up.add(param)
