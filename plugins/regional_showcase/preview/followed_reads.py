"""What a template reads of a value, followed through macro calls, includes, `set`, `with` and
loops: `region_chips(article.showcase)` reads `article.showcase.for_all_regions` and, for each
item of `article.showcase.region_list`, its `name` and what `url_for` reads of it (its `slug`),
not the region whole. A post page keyed on these paths (writer.py) is not rendered again when
a region's claim changes, which it does not show.

template_reads (pages.py) stops where a value is handed on (a macro's argument, a loop, a
`set`): the value counts whole there. Here a local name stands for the paths it may hold (its
aliases), so what is read of it is read of them. Where the analysis does not know a construct
(a call block, a recursive loop, a macro used as a value, a template chosen at render time) it
gives up (None): the caller keys on the whole value, as before. A value handed to a filter, a
test or a function counts whole, except:
- `|length`/`|count`, `is defined`, the truth of a test, a comparison (as template_reads);
- `|map(attribute="name")`: each item's `name`;
- a function whose reads of its argument are declared in DECLARED_READS (`url_for`,
  `illustration_for`: the slug; the press page's `release_url`: a release's date and slug,
  not its regions); that is checked when the page is keyed: another function under the name
  counts the argument whole.

A step ("each", None) stands for every item of a list, tuple or dict (a loop's item; a dict's
keys); a loop also counts its items (`loop.last`, output per item): how "count". A slice with
constant or name bounds (`region_articles[:6]`) is a step ("slice", its bounds as JSON): the
reads below it apply to the items the slice takes of a list or tuple, as the template takes
them then (a post added at the front shifts which posts are in `[:6]`); of anything else, or
with a bound that is no number, the value counts whole.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Undefined, nodes
from markupsafe import Markup
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from .. import urls
from ..atomic_write import write_text
from ..build_record import links_to_files
from ..data import model
from ..data.comparison_model import Comparison
from ..post_view import PostView
from ..press.page import _release_url
from ..template_cache import parsed
from .pages import (
    _CHANGING,
    _OPERATORS,
    _PLAIN,
    _READS_CODE,
    _SIMPLE,
    COMPARE,
    LENGTH_FILTERS,
    KnownReads,
    PageDigest,
    Read,
    Unkeyable,
    _field_names,
    _holds,
    _read_digest,
    _resolved,
    _same,
    _shape,
    _sum,
    _syntax,
    template_sources,
)
from .same_values import same_value

EACH = ("each", None)
SLICE = "slice"
COUNT = "count"
THROUGH = "through:"  # the argument of a call to the function a path names
# What a function reads of the argument it is called with besides its type and truth (a
# test holds each to it by recording the attributes it takes).
DECLARED_READS = {
    urls.url_for: ("slug",),
    urls.illustration_path: ("slug",),
    _release_url: ("date", "slug"),  # press.html: a release's address (its year)
}
# Filters read here by what they do: another function under the name is not followed.
_KNOWN_FILTERS = ("map", *LENGTH_FILTERS)
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
_OPAQUE = None  # an alias for a value made by the template (a constant, a call's result)
# Values made from their parts, each counting whole: literals, arithmetic, concatenation.
_MADE_FROM_PARTS = (
    nodes.Literal,
    nodes.BinExpr,
    nodes.UnaryExpr,
    nodes.Concat,
    nodes.MarkSafe,
    nodes.MarkSafeIfAutoescape,
    nodes.Slice,
)
_ROUNDS = 6  # passes over a scope until what its `set` names hold is stable
# The region data's objects (data/model.py): what a kept text reads of them is noted.
_DATA_TYPES = tuple(
    kind
    for kind in vars(model).values()
    if isinstance(kind, type) and dataclasses.is_dataclass(kind)
)
# Where the walk notes what it reads (DataReads.reads_of): those and a post's view.
_NOTED = (*_DATA_TYPES, PostView)
# The region data's objects whose texts are kept across builds by their place (KeptData).
_PLACED = frozenset({model.Region, model.Topic, model.Project, Comparison})


class _GiveUp(Exception):
    """A construct the analysis does not follow."""


def followed_reads(template, known: KnownReads) -> tuple[Read, ...] | None:
    """What `template` and the templates it uses read, followed through local names (see
    the module's text); None when it cannot be followed. Kept in `known`'s file (cache/) by
    the sources of all those templates, the filters named above and this module's code."""
    env = template.environment
    sources = template_sources(template, known)
    if sources is None:
        return None
    filters = [_qualname(env.filters.get(name)) for name in _KNOWN_FILTERS]
    # pages.py's code too: the analysis follows its operators, comparisons, length filters.
    # The template's name first: two templates that use each other (one imports a macro of
    # the other, whose other macro includes the first) have the same sources, but each one's
    # reads start at its own body (a page keyed on the other's lacked what it shows).
    parts = [template.name, _CODE, _READS_CODE, jinja2.__version__, _syntax(env), repr(filters)]
    parts += [f"{name}:{text}" for name, text in sorted(sources.items())]
    key = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    slot = f"followed:{template.name}"
    held = known.saved.get(slot)
    kept = _FOLLOWED.get(key)
    if kept is not None:
        # Made by this process from the same sources (each build asks again): the file
        # keeps its entry as a fresh process would find it.
        if not (isinstance(held, dict) and held.get("key") == key):
            known.saved[slot] = kept[0]
            known.changed = True
        return kept[1]
    if not _holds(held, key):
        held = known.shared_entry(env, key, slot)
    if held is not None:
        reads = held["reads"]
        made = None if reads is None else tuple(_read_from(read) for read in reads)
        return _keep_followed(key, held, made)
    try:
        reads = _Analysis(env, sources).run(template.name)
    except (_GiveUp, RecursionError):  # templates that include each other, behind an `if`
        reads = None
    if reads is not None and not all(
        isinstance(step[1], _PLAIN) for _, steps, _ in reads for step in steps
    ):
        reads = None  # a constant index JSON would not give back as it was
    entry = {"key": key, "reads": None if reads is None else [list(r) for r in reads]}
    known.saved[slot] = entry = {**entry, "sum": _sum(entry)}
    known.changed = True
    known.share(env, entry)
    made = None if reads is None else tuple(_read_from(list(r)) for r in reads)
    return _keep_followed(key, entry, made)


# The followed reads this process made or read, by their key (the templates' sources, this
# code, Jinja's version...: followed_reads), with the entry the file keeps: each build asked
# for them again and checked and converted the file's copy (a JSON checksum per template).
_FOLLOWED: dict[str, tuple[dict, tuple[Read, ...] | None]] = {}
_KEPT_FOLLOWED = 256


def _keep_followed(key: str, entry: dict, reads: tuple[Read, ...] | None):
    if len(_FOLLOWED) >= _KEPT_FOLLOWED:
        _FOLLOWED.clear()
    _FOLLOWED[key] = (entry, reads)
    return reads


def _read_from(read: list) -> Read:
    name, steps, how = read
    return (name, tuple(tuple(step) for step in steps), how)


def _qualname(function: Any) -> str:
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}"


class _Scope:
    """The local names of a template, macro, loop or `with` body: each the set of paths
    (name, steps) or _OPAQUE it may hold; `sure` names (a parameter, a loop's target) hold
    nothing else, a `set` name may still be the context's."""

    def __init__(self, parent: _Scope | None = None, loose: bool = False) -> None:
        self.parent = parent
        # A macro's body: what the names of its defining template hold may be the
        # context's too (a macro sees the template's names, not its caller's).
        self.loose = loose
        self.version = 0  # how often what a name here may hold grew
        self.names: dict[str, frozenset] = {}
        self.sure: set[str] = set()
        self.macros: dict[str, tuple[str, nodes.Macro, _Scope]] = {}

    def bind(self, name: str, aliases: frozenset, sure: bool = False) -> None:
        old = self.names.get(name, frozenset())
        new = old | aliases
        if new != old:
            self.names[name] = new
            self.version += 1
        if sure:
            self.sure.add(name)

    def lookup(self, name: str) -> frozenset:
        scope, found, loose = self, frozenset(), False
        while scope is not None:
            if name in scope.names:
                found |= scope.names[name]
                if name in scope.sure and not loose:
                    return found
            loose = loose or scope.loose
            scope = scope.parent
        return found | {(name, ())}

    def state(self) -> tuple:
        """What the names of this scope and those around it may hold, as counts."""
        scope, state = self, []
        while scope is not None:
            state.append((id(scope), scope.version))
            scope = scope.parent
        return tuple(state)

    def macro(self, name: str) -> tuple[str, nodes.Macro, _Scope] | None:
        scope = self
        while scope is not None:
            if name in scope.macros:
                return scope.macros[name]
            scope = scope.parent
        return None

    def binds(self, name: str) -> bool:
        scope = self
        while scope is not None:
            if name in scope.names:
                return True
            scope = scope.parent
        return False


class _Analysis:
    def __init__(self, env, sources: dict[str, str]) -> None:
        self.env = env
        self.sources = sources
        self.trees: dict[str, nodes.Template] = {}
        self.reads: set[Read] = set()
        self.calls: dict[tuple, _Scope] = {}  # macro calls followed with these arguments
        self.active: list[int] = []  # macros being followed (recursion gives up)

    def run(self, name: str) -> tuple[Read, ...]:
        self.template(name, _Scope())
        return tuple(sorted(self.reads, key=repr))

    def tree(self, name: str) -> nodes.Template:
        if name not in self.trees:
            if name not in self.sources:
                raise _GiveUp(name)
            self.trees[name] = parsed(self.env, name, self.sources[name])
        return self.trees[name]

    def template(self, name: str, scope: _Scope) -> None:
        """A template's body in `scope` (an include shares its includer's names); an
        extended template after it, with the same names (every block of both counts)."""
        tree = self.tree(name)
        self.body(tree.body, scope, name)
        for extends in _extends(tree):
            for parent in self.template_names(extends.template):
                self.template(parent, scope)

    def template_names(self, node: nodes.Expr) -> list[str]:
        if isinstance(node, nodes.Const) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, nodes.List | nodes.Tuple) and all(
            isinstance(item, nodes.Const) and isinstance(item.value, str) for item in node.items
        ):
            return [item.value for item in node.items]
        raise _GiveUp("a template chosen at render time")

    def body(self, statements: list, scope: _Scope, name: str) -> None:
        """Statements, again until what their `set` names may hold is stable."""
        for _ in range(_ROUNDS):
            before = scope.state()
            for statement in statements:
                self.statement(statement, scope, name)
            if scope.state() == before:
                return
        raise _GiveUp("names that do not settle")

    def statement(self, node: nodes.Node, scope: _Scope, name: str) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.use(self.expr(child, scope), "value")
        elif isinstance(node, nodes.If):
            self.use(self.expr(node.test, scope), "truth")
            for part in (node.body, *node.elif_, node.else_):
                for child in part if isinstance(part, list) else [part]:
                    self.statement(child, scope, name)
        elif isinstance(node, nodes.For):
            self.loop(node, scope, name)
        elif isinstance(node, nodes.Assign):
            self.assign(node.target, self.expr(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            for child in node.body:
                self.statement(child, scope, name)
            if node.filter is not None:
                self.filter_args(node.filter, scope)
            self.assign(node.target, frozenset([_OPAQUE]), scope)
        elif isinstance(node, nodes.With):
            inner = _Scope(scope)
            for target, value in zip(node.targets, node.values, strict=True):
                self.assign(target, self.expr(value, scope), inner, sure=True)
            self.body(node.body, inner, name)
        elif isinstance(node, nodes.Macro):
            scope.macros[node.name] = (name, node, scope)
        elif isinstance(node, nodes.Include):
            for included in self.template_names(node.template):
                if node.ignore_missing and included not in self.sources:
                    continue
                # Without context it sees none of the includer's names.
                self.template(included, scope if node.with_context else _Scope())
        elif isinstance(node, nodes.FromImport):
            self.imported(node, scope)
        elif isinstance(node, nodes.FilterBlock):
            self.filter_args(node.filter, scope)
            for child in node.body:
                self.statement(child, scope, name)
        elif isinstance(node, nodes.ExprStmt):
            self.use(self.expr(node.node, scope), "value")
        elif isinstance(node, nodes.Scope | nodes.OverlayScope | nodes.ScopedEvalContextModifier):
            if isinstance(node, nodes.OverlayScope):
                self.use(self.expr(node.context, scope), "value")
            self.body(node.body, _Scope(scope), name)
        elif isinstance(node, nodes.Block):
            if node.scoped:
                # It sees the names where its parent renders it, not where it stands.
                raise _GiveUp(f"scoped block {node.name}")
            # A block the extending template replaces is followed too.
            self.body(node.body, scope, name)
        elif isinstance(node, nodes.Extends):
            pass  # template() follows the extended template after this one
        elif isinstance(node, nodes.Continue | nodes.Break | nodes.EvalContextModifier):
            pass
        else:
            raise _GiveUp(type(node).__name__)  # Import, CallBlock, …

    def loop(self, node: nodes.For, scope: _Scope, name: str) -> None:
        if node.recursive:
            raise _GiveUp("recursive loop")
        items = self.expr(node.iter, scope)
        self.use(items, COUNT)
        inner = _Scope(scope)
        each = frozenset(_OPAQUE if alias is _OPAQUE else _step(alias, EACH) for alias in items)
        if isinstance(node.target, nodes.Name):
            inner.bind(node.target.name, each, sure=True)
        else:  # unpacked items: the items count whole
            self.use(each, "value")
            for target in node.target.find_all(nodes.Name):
                inner.bind(target.name, frozenset([_OPAQUE]), sure=True)
        inner.bind("loop", frozenset([_OPAQUE]), sure=True)
        if not _loop_counts_only(node, self.tree):
            self.use(items, "value")  # `loop.previtem`, `loop` handed on: the items whole
        if node.test is not None:
            self.use(self.expr(node.test, inner), "truth")
        self.body(node.body, inner, name)
        for child in node.else_:
            self.statement(child, scope, name)

    def assign(self, target: nodes.Node, aliases: frozenset, scope: _Scope, sure=False) -> None:
        if isinstance(target, nodes.Name):
            scope.bind(target.name, aliases, sure=sure)
        elif isinstance(target, nodes.NSRef):
            self.use(aliases, "value")  # a namespace's attribute: the value counts whole
            self.use(scope.lookup(target.name), "value")
        else:
            self.use(aliases, "value")
            for name in target.find_all(nodes.Name):
                scope.bind(name.name, frozenset([_OPAQUE]), sure=sure)

    def imported(self, node: nodes.FromImport, scope: _Scope) -> None:
        (source,) = self.template_names(node.template)
        tree = self.tree(source)
        defined = {macro.name: macro for macro in tree.body if isinstance(macro, nodes.Macro)}
        # The imported template's own names, which its macros see; with context, what the
        # importer's names hold may be seen too.
        module = _Scope(scope if node.with_context else None, loose=True)
        for macro in defined.values():  # its macros call each other
            module.macros[macro.name] = (source, macro, module)
        self.body([s for s in tree.body if not isinstance(s, nodes.Macro)], module, source)
        for entry in node.names:
            original, alias = entry if isinstance(entry, tuple) else (entry, entry)
            if original not in defined:
                raise _GiveUp(f"{source}: {original} is no macro")
            scope.macros[alias] = (source, defined[original], module)

    def filter_args(self, node: nodes.Filter, scope: _Scope) -> None:
        for arg in (*node.args, *(kw.value for kw in node.kwargs)):
            self.use(self.expr(arg, scope), "value")
        for arg in (node.dyn_args, node.dyn_kwargs):
            if arg is not None:
                self.use(self.expr(arg, scope), "value")

    def use(self, aliases: frozenset, how: str) -> None:
        for alias in aliases:
            if alias is not _OPAQUE:
                self.reads.add((alias[0], alias[1], how))

    def expr(self, node: nodes.Node, scope: _Scope) -> frozenset:
        """The paths the value of an expression may be (each read as it is used)."""
        if isinstance(node, nodes.Name):
            if scope.macro(node.name) is not None and not scope.binds(node.name):
                raise _GiveUp(f"macro {node.name} used as a value")
            return scope.lookup(node.name)
        if isinstance(node, nodes.Const | nodes.TemplateData):
            return frozenset([_OPAQUE])
        if isinstance(node, nodes.Getattr):
            return self.step(self.expr(node.node, scope), ("attr", node.attr))
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, _PLAIN):
                return self.step(base, ("item", node.arg.value))
            index = node.arg
            if (
                isinstance(index, nodes.Neg)
                and isinstance(index.node, nodes.Const)
                and type(index.node.value) is int
            ):  # `articles[-1]`
                return self.step(base, ("item", -index.node.value))
            bounds = self.slice_bounds(index, scope)
            if bounds is not None:  # `articles[:6]`: the items it takes (_walk)
                return self.step(base, (SLICE, json.dumps(bounds)))
            self.use(base, "value")
            self.use(self.expr(node.arg, scope), "value")
            return frozenset([_OPAQUE])
        if isinstance(node, nodes.Filter):
            return self.filtered(node, scope)
        if isinstance(node, nodes.Test):
            base = self.expr(node.node, scope)
            plain = not (node.args or node.kwargs or node.dyn_args or node.dyn_kwargs)
            if plain and node.name in ("defined", "undefined"):
                self.use(base, "defined")
            else:
                self.use(base, "value")
                self.filter_args(node, scope)
            return frozenset([_OPAQUE])
        if isinstance(node, nodes.Call):
            return self.call(node, scope)
        if isinstance(node, nodes.Compare):
            self.compare(node, scope)
            return frozenset([_OPAQUE])
        if isinstance(node, nodes.Not):
            self.use(self.expr(node.node, scope), "truth")
            return frozenset([_OPAQUE])
        if isinstance(node, nodes.And | nodes.Or):
            left = self.expr(node.left, scope)
            self.use(left, "truth")  # which side is the value
            return left | self.expr(node.right, scope)
        if isinstance(node, nodes.CondExpr):
            self.use(self.expr(node.test, scope), "truth")
            other = frozenset([_OPAQUE]) if node.expr2 is None else self.expr(node.expr2, scope)
            return self.expr(node.expr1, scope) | other
        if not isinstance(node, _MADE_FROM_PARTS):
            raise _GiveUp(type(node).__name__)  # the context itself, an extension's name, …
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Keyword | nodes.Pair):
                for part in child.iter_child_nodes():
                    self.use(self.expr(part, scope), "value")
            else:
                self.use(self.expr(child, scope), "value")
        return frozenset([_OPAQUE])

    def slice_bounds(self, node: nodes.Node, scope: _Scope) -> list | None:
        """A slice's bounds when each is a constant whole number (or none) or a name of the
        context (its value read whole; taken from the context when a page is keyed)."""
        if not isinstance(node, nodes.Slice):
            return None
        bounds: list = []
        for bound in (node.start, node.stop, node.step):
            if bound is None:
                bounds.append(None)
            elif isinstance(bound, nodes.Const) and type(bound.value) is int:
                bounds.append(bound.value)
            elif (
                isinstance(bound, nodes.Neg)
                and isinstance(bound.node, nodes.Const)
                and type(bound.node.value) is int
            ):
                bounds.append(-bound.node.value)
            elif isinstance(bound, nodes.Name) and not (
                scope.macro(bound.name) is not None and not scope.binds(bound.name)
            ):
                aliases = scope.lookup(bound.name)
                # Only a name that holds a value of the context as it is (not a local
                # one's item or a value the template made).
                if len(aliases) != 1 or _OPAQUE in aliases or next(iter(aliases))[1]:
                    return None
                self.use(aliases, "value")
                bounds.append(next(iter(aliases))[0])
            else:
                return None
        return bounds

    @staticmethod
    def step(aliases: frozenset, step: tuple) -> frozenset:
        return frozenset(_OPAQUE if alias is _OPAQUE else _step(alias, step) for alias in aliases)

    def filtered(self, node: nodes.Filter, scope: _Scope) -> frozenset:
        base = self.expr(node.node, scope)
        plain = not (node.args or node.kwargs or node.dyn_args or node.dyn_kwargs)
        if plain and node.name in LENGTH_FILTERS:
            self.use(base, "length")
            return frozenset([_OPAQUE])
        attribute = _map_attribute(node)
        if attribute is not None:
            # Each item's attribute as the map filter takes it (Environment.getitem).
            self.use(self.step(self.step(base, EACH), ("item", attribute)), "value")
            return frozenset([_OPAQUE])
        self.use(base, "value")
        self.filter_args(node, scope)
        return frozenset([_OPAQUE])

    def compare(self, node: nodes.Compare, scope: _Scope) -> None:
        left = self.expr(node.expr, scope)
        if len(node.ops) != 1:
            self.use(left, "value")
            for operand in node.ops:
                self.use(self.expr(operand.expr, scope), "value")
            return
        operator, right = node.ops[0].op, self.expr(node.ops[0].expr, scope)
        paths = [left, right]
        if operator in _OPERATORS and all(
            len(side) == 1 and _OPAQUE not in side and _single(next(iter(side))[1])
            for side in paths
        ):
            (lname, lsteps), (rname, rsteps) = next(iter(left)), next(iter(right))
            # As template_reads: only the outcome counts, read from both sides.
            lists = [[list(s) for s in lsteps], [list(s) for s in rsteps]]
            self.reads.add(
                (lname, lsteps, COMPARE + json.dumps([operator, "left", rname, lists[1]]))
            )
            self.reads.add(
                (rname, rsteps, COMPARE + json.dumps([operator, "right", lname, lists[0]]))
            )
            return
        self.use(left, "value")
        self.use(right, "value")

    def call(self, node: nodes.Call, scope: _Scope) -> frozenset:
        callee = node.node
        found = None
        if isinstance(callee, nodes.Name) and not scope.binds(callee.name):
            found = scope.macro(callee.name)
        if found is not None:
            self.macro_call(found, node, scope)
            return frozenset([_OPAQUE])
        function = self.expr(callee, scope)
        self.use(function, "value")
        arguments = [*node.args, *(kw.value for kw in node.kwargs)]
        dynamic = node.dyn_args is not None or node.dyn_kwargs is not None
        through = (
            len(function) == 1
            and _OPAQUE not in function
            and _single(next(iter(function))[1])
            and len(node.args) == 1
            and not node.kwargs
            and not dynamic
        )
        if through:
            name, steps = next(iter(function))
            how = THROUGH + json.dumps([name, [list(s) for s in steps]])
            self.use(self.expr(node.args[0], scope), how)
            return frozenset([_OPAQUE])
        for argument in arguments:
            self.use(self.expr(argument, scope), "value")
        for argument in (node.dyn_args, node.dyn_kwargs):
            if argument is not None:
                self.use(self.expr(argument, scope), "value")
        return frozenset([_OPAQUE])

    def macro_call(self, found: tuple, node: nodes.Call, scope: _Scope) -> None:
        source, macro, defining = found
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            raise _GiveUp(f"macro {macro.name} called with * or **")
        params = [arg.name for arg in macro.args]
        values: dict[str, frozenset] = {}
        for param, arg in zip(params, node.args, strict=False):
            values[param] = self.expr(arg, scope)
        for extra in node.args[len(params) :]:  # varargs: they count whole
            self.use(self.expr(extra, scope), "value")
        for keyword in node.kwargs:
            value = self.expr(keyword.value, scope)
            if keyword.key in params:
                values[keyword.key] = value
            else:
                self.use(value, "value")
        # Followed once per macro, arguments and state of all names.
        slot = (id(macro), tuple(sorted(values.items(), key=repr)), defining.state())
        if slot in self.calls:
            return
        if id(macro) in self.active:
            raise _GiveUp(f"macro {macro.name} calls itself")
        self.calls[slot] = defining  # held: the ids in the slot stay its own
        inner = _Scope(_Scope(defining, loose=True))
        defaults = dict(
            zip(params[len(params) - len(macro.defaults) :], macro.defaults, strict=True)
        )
        for param in params:
            if param in values:
                aliases = values[param]
                if param in defaults:  # Jinja's missing argument: the default
                    aliases |= self.expr(defaults[param], inner)
            elif param in defaults:
                aliases = self.expr(defaults[param], inner)
            else:
                aliases = frozenset([_OPAQUE])  # undefined
            inner.bind(param, aliases, sure=True)
        for local in ("varargs", "kwargs", "caller"):
            inner.bind(local, frozenset([_OPAQUE]), sure=True)
        self.active.append(id(macro))
        try:
            self.body(macro.body, inner, source)
        finally:
            self.active.pop()


# What `loop` answers from the items' count and position alone (`cycle` and `changed` from
# their arguments, which count where they are given).
_LOOP_COUNTS = {
    "index",
    "index0",
    "revindex",
    "revindex0",
    "first",
    "last",
    "length",
    "depth",
    "depth0",
    "cycle",
    "changed",
}


def _extends(tree: nodes.Template) -> list[nodes.Extends]:
    """The tree's `extends` tags, searched once per tree: a cold build's analyses visited the
    theme's templates 429 times, each a walk over the whole tree (a quarter of their CPU).
    Noted on the tree: parsed() shares each tree in the process and nobody changes it."""
    found = vars(tree).get("_showcase_extends")
    if found is None:
        found = tree._showcase_extends = list(tree.find_all(nodes.Extends))
    return found


def _loop_counts_only(loop: nodes.For, tree_of: Callable[[str], nodes.Template]) -> bool:
    """Whether a loop's body and test and the templates they include take from `loop` only
    what _LOOP_COUNTS names (not `loop.previtem`/`nextitem`, which are items, nor `loop`
    itself). Searched once per loop of a shared tree (parsed(): nobody changes it) while
    the templates it includes are the same trees: a cold build's analyses searched 795
    times, each a walk over the loop and what it includes."""
    kept = _COUNTS_ONLY.get(id(loop))
    if (
        kept is not None
        and kept[0] is loop
        and all(tree_of(name) is tree for name, tree in kept[2])
    ):
        return kept[1]
    tests = [loop.test] if loop.test is not None else []
    included: dict[str, nodes.Template] = {}
    answer = _counts_only([*loop.body, *tests], tree_of, included)
    if len(_COUNTS_ONLY) >= _COUNTS_ONLY_LIMIT:
        _COUNTS_ONLY.clear()
    _COUNTS_ONLY[id(loop)] = (loop, answer, tuple(included.items()))
    return answer


# _loop_counts_only's answers by the loop's id: (the loop, answer, (name, tree) included).
# Not on the loop itself: parsed_copy's deep copy of a tree would copy the included trees.
_COUNTS_ONLY: dict[int, tuple[nodes.For, bool, tuple]] = {}
_COUNTS_ONLY_LIMIT = 4096


def _counts_only(
    parts: list, tree_of: Callable[[str], nodes.Template], included: dict[str, nodes.Template]
) -> bool:
    """_loop_counts_only's search; `included` gets each template it includes, by name."""
    todo, loads, counted = list(parts), 0, 0
    while todo:
        part = todo.pop()
        for node in (part, *part.find_all(nodes.Node)):
            if isinstance(node, nodes.Name) and node.name == "loop" and node.ctx == "load":
                loads += 1
            elif (
                isinstance(node, nodes.Getattr)
                and isinstance(node.node, nodes.Name)
                and node.node.name == "loop"
                and node.attr in _LOOP_COUNTS
            ):
                counted += 1
            elif isinstance(node, nodes.Include):
                template = node.template
                name = template.value if isinstance(template, nodes.Const) else None
                if not isinstance(name, str):
                    return False  # chosen at render time: the analysis gives up anyway
                if name not in included:
                    included[name] = tree = tree_of(name)
                    todo.append(tree)
    return loads == counted


def _step(alias: tuple, step: tuple) -> tuple:
    return (alias[0], (*alias[1], step))


def _single(steps: tuple) -> bool:
    """Whether a path names one value that pages.py's _resolved reaches (no items)."""
    return all(step != EACH and step[0] != SLICE for step in steps)


@functools.lru_cache(maxsize=256)
def _bounds(bounds_text: str) -> tuple:
    """A slice step's bounds as JSON gave them, parsed once per text (a step of each page)."""
    return tuple(json.loads(bounds_text))


@functools.lru_cache(maxsize=256)
def _callee_of(how: str) -> tuple[str, tuple]:
    """A THROUGH read's function path (name, steps), parsed once per text."""
    name, steps = json.loads(how[len(THROUGH) :])
    return name, tuple(tuple(step) for step in steps)


def _slice_of(context, bounds_text: str) -> slice | None:
    """The slice a step names in this context; None when a name's bound is no whole number
    or missing (then the value counts whole)."""
    bounds = []
    for bound in _bounds(bounds_text):
        if isinstance(bound, str):
            if bound not in context:
                return None
            bound = context[bound]
        if bound is not None and type(bound) is not int:
            return None
        bounds.append(bound)
    return slice(*bounds)


def _map_attribute(node: nodes.Filter) -> str | None:
    """`|map(attribute="name")` with nothing else: the attribute's name (a plain one)."""
    if node.name != "map" or node.args or node.dyn_args or node.dyn_kwargs:
        return None
    if len(node.kwargs) != 1 or node.kwargs[0].key != "attribute":
        return None
    value = node.kwargs[0].value
    if (
        isinstance(value, nodes.Const)
        and isinstance(value.value, str)
        and value.value.isidentifier()
    ):
        return value.value
    return None


def _declared(function: Any) -> tuple[str, ...] | None:
    """What a function (or a partial of one) reads of its argument, when declared."""
    inner = function.func if isinstance(function, functools.partial) else function
    try:
        return DECLARED_READS.get(inner)
    except TypeError:  # not hashable: not one of them
        return None


class _Node:
    """The reads of one path as a tree: what is read where it ends (`hows`), the steps
    taken from it (`children`, in a fixed order), whether anything below compares with the
    context (`dynamic`) or hands a value to a function the context names (`callees`)."""

    __slots__ = ("callees", "children", "dynamic", "hows", "items", "post_depth", "signature")

    def __init__(self) -> None:
        self.hows: list[str] = []
        self.children: dict = {}
        self.dynamic = False
        self.callees = False
        self.items = False  # a step through every item, or some (EACH, a slice)
        # KeptPosts: the tree as text, and how deep it reaches into related posts (None:
        # it reads what a post's key does not hold); worked out on first use.
        self.signature: str | None = None
        self.post_depth: int | None = -1


def _tree(reads: tuple[Read, ...]) -> tuple[_Node, tuple]:
    """The reads as one tree from their names, and the function paths they hand values to."""
    root, callees = _Node(), set()
    for name, steps, how in reads:
        node = root.children.setdefault(("name", name), _Node())
        for step in steps:
            node = node.children.setdefault(step, _Node())
        node.hows.append(how)
        if how.startswith(THROUGH):
            callees.add(_callee_of(how))

    def settle(node: _Node) -> None:
        node.hows.sort()
        node.children = dict(sorted(node.children.items(), key=lambda item: repr(item[0])))
        node.dynamic = any(how.startswith(COMPARE) for how in node.hows) or any(
            # A slice's bound taken from the context: its items are not the object's alone.
            step[0] == SLICE and any(isinstance(b, str) for b in _bounds(step[1]))
            for step in node.children
        )
        node.callees = any(how.startswith(THROUGH) for how in node.hows)
        node.items = any(step == EACH or step[0] == SLICE for step in node.children)
        for child in node.children.values():
            settle(child)
            node.dynamic = node.dynamic or child.dynamic
            node.callees = node.callees or child.callees

    settle(root)
    return root, tuple(sorted(callees, key=repr))


# The reads' trees by the reads' text (a template's followed reads), for the process: each
# build asks for the same few, and a tree keeps what it worked out of itself (_signature,
# _post_depth), which its reads alone decide. By text, not by the tuple: `x[True]` and
# `x[1]` are equal tuples.
_TREES: dict[str, tuple[str, _Node, tuple]] = {}
_KEPT_TREES = 64  # more: a process whose templates keep changing starts again


def _tree_of(reads: tuple[Read, ...]) -> tuple[str, _Node, tuple]:
    """The reads named (a digest), their tree and the function paths they hand values to."""
    text = repr(reads)
    held = _TREES.get(text)
    if held is None:
        if len(_TREES) >= _KEPT_TREES:
            _TREES.clear()
        held = _TREES[text] = (PageDigest._hash(text), *_tree(reads))
    return held


# What a post's tree may read for its text to be kept across saves (KeptPosts): the post's
# own attributes, which its file, the settings and the code make (as page_fingerprint has
# them), and its view's fields (post_view.PostView), whose other inputs are the region data
# (the world's key) and what the post's key holds by value.
POST_ATTRIBUTES = frozenset(
    {
        "author",
        "authors",
        "category",
        "date",
        "lang",
        "locale_date",
        "locale_modified",
        "metadata",
        "modified",
        "save_as",
        "slug",
        "status",
        "summary",
        "tags",
        "title",
        "url",
        "in_default_lang",
    }
)
VIEW_FIELDS = frozenset(
    {
        "topic",
        "region_list",
        "for_all_regions",
        "author_organisation",
        "social_image",
        "has_own_card",
        "lead_image",
    }
)
_RELATED_DEPTH = 2  # a related post's related posts, at most
# A view's fields in a post's key of followed reads (_own_key): those the other posts decide.
_CARD_FIELDS = ("social_image", "has_own_card", "lead_image")
# Their digests by post source, kept between a process's builds (_card_digests): the
# digest's class, the fields' values and their digests.
_KEPT_CARDS: dict[str, tuple[type, tuple, list[str]]] = {}


def _card_digests(digest: PageDigest, source: str, view: Any) -> list[str]:
    """The view's card and lead picture as `digest` gives them (view_field), kept from the
    process's last build while they are the same values (same_values.py): the views are new
    objects in every build, and after a new post the lines (changed_sources.post_line) no
    longer digest every view's fields for the post keys to take theirs from."""
    values = tuple([getattr(view, name) for name in _CARD_FIELDS])
    held = _KEPT_CARDS.get(source)
    if held is not None and held[0] is type(digest) and same_value(held[1], values):
        return held[2]
    found = [digest.view_field(view, name) for name in _CARD_FIELDS]
    if len(_KEPT_CARDS) >= 20_000:  # posts renamed or deleted in a long-lived process
        _KEPT_CARDS.clear()
    _KEPT_CARDS[source] = (type(digest), values, found)
    return found


def _post_depth(node: _Node) -> int | None:
    """How deep the reads below a post reach into related posts (0: none), or None when
    they read anything besides POST_ATTRIBUTES, the view's fields, its related posts and
    translations (then the text is not kept across saves)."""
    if node.post_depth == -1:
        node.post_depth = _depth_below_post(node)
    return node.post_depth


def _whole(node: _Node, counted: bool = False) -> bool:
    """Whether a node's value is read whole (PageDigest.of: a post with its related posts'
    headers); a list's length and any value's truth or definedness are not."""
    light = ("truth", "defined", COUNT, "length") if counted else ("truth", "defined")
    return any(how not in light for how in node.hows)


def related_depth(reads: tuple[Read, ...], name: str = "article") -> int | None:
    """How many related posts' steps the reads of a post page's post (`name`) reach, as
    FollowedDigest keys the post (post_key's depth: a post at that distance by its header);
    None when they read what a post's key does not hold (changed_sources.kept)."""
    root, _callees = _tree(tuple(read for read in reads if read[0] == name))
    node = root.children.get(("name", name))
    return 0 if node is None else _depth_below_post(node)


def _depth_below_post(node: _Node) -> int | None:
    depth = 1 if _whole(node) else 0  # a post whole: its related posts' headers
    for step, child in node.children.items():
        if step[0] != "attr":
            return None
        name = step[1]
        if name == "translations":
            found = _depth_below_list(child)
        elif name == "showcase":
            found = _depth_below_view(child)
        elif name in POST_ATTRIBUTES:
            found = 0  # what is read below it is the post's own (its file's)
        else:
            return None
        if found is None:
            return None
        depth = max(depth, found)
    return depth


def _depth_below_view(node: _Node) -> int | None:
    depth = 2 if _whole(node) else 0  # its related posts whole, with theirs' headers
    for step, child in node.children.items():
        if step == ("attr", "related_posts"):
            found = _depth_below_list(child)
            found = None if found is None else found + 1
        elif step[0] == "attr" and step[1] in VIEW_FIELDS:
            found = 0
        else:
            return None
        if found is None:
            return None
        depth = max(depth, found)
    return depth if depth <= _RELATED_DEPTH else None


def _depth_below_list(node: _Node) -> int | None:
    """A list of posts (related posts, translations): each item, or one by its index."""
    depth = 1 if _whole(node, counted=True) else 0  # each post whole
    for step, child in node.children.items():
        if step[0] == SLICE:  # some of its items: a list of posts too
            found = _depth_below_list(child)
            if found is None:
                return None
            depth = max(depth, found)
            continue
        if step != EACH and not (step[0] == "item" and type(step[1]) is int):
            return None
        found = _depth_below_post(child)
        if found is None:
            return None
        depth = max(depth, found)
    return depth


def _signature(node: _Node) -> str:
    if node.signature is None:
        inner = ",".join(f"{step!r}:{_signature(child)}" for step, child in node.children.items())
        node.signature = PageDigest._hash(f"{node.hows!r}{{{inner}}}")
    return node.signature


class KeptPosts:
    """What a tree of reads saw below a post, kept while the post's key (FollowedDigest.
    post_key: its file's bytes and its translations', its view's values that other posts
    decide, its related posts' keys), the world's (settings, code, templates, content/
    besides posts, the day: writer.py) and what the kept texts read of the region data
    (`reads`, DataReads) are the same: in `make serve`'s process from one save to the next
    (posts are new objects in every build, so FollowedDigest's keeping by object ends with
    the build), and with a `file` in cache/ from one `make html` to the next (JSON; the posts
    of the last build only)."""

    def __init__(self, file: Path | None = None) -> None:
        self.world: str | None = None
        self.file = file
        # (source path, depth) -> (the post's key, texts by tree)
        self.posts: dict[tuple[str, int], tuple[str, dict]] = {}
        self.used: set[tuple[str, int]] = set()
        self.changed = False
        # What any kept text read of the region data, with its digest when it was read: a
        # region's name read by a post card, say ((class, field) -> digest; DataReads). A
        # claim no kept text read leaves them all; a name drops them all.
        self.reads: dict[tuple[str, str], str] = {}
        self.data: DataReads | None = None

    def enter(self, world: str, data: DataReads | None = None) -> None:
        """A build with this world's key and region data: another world, or a field any
        kept text read of the region data changed, drops everything kept."""
        if self.file is not None and self.world is None:
            self._load()
        self.data = data if data is not None else DataReads(None)
        if world != self.world or any(
            self.data.digest(read) != held for read, held in self.reads.items()
        ):
            self.posts.clear()
            self.reads = {}
            self.world = world
            self.changed = True

    def note(self, reads: list) -> None:
        """A text kept from this build read these fields of the region data."""
        for read in reads:
            if read not in self.reads:
                self.reads[read] = self.data.digest(read)
                self.changed = True

    def _load(self) -> None:
        try:
            saved = json.loads(self.file.read_text(encoding="utf-8"))
            world, posts = saved["world"], saved["posts"]
            kept = {(source, depth): (key, dict(texts)) for source, depth, key, texts in posts}
            reads = {(kind, field): digest for kind, field, digest in saved["reads"]}
        except (OSError, ValueError, KeyError, TypeError):
            return  # none, or not ours: every text is made again
        # A damaged file counts as none (as every cache here), it does not stop the build.
        if (
            isinstance(world, str)
            and all(_kept_entry(*entry) for entry in kept.items())
            and all(isinstance(part, str) for read in reads.items() for part in (*read[0], read[1]))
        ):
            self.world, self.posts, self.reads = world, kept, reads

    def get(self, source: tuple[str, int], key: str, slot: str) -> str | None:
        self.used.add(source)
        held = self.posts.get(source)
        if held is None or held[0] != key:
            return None
        return held[1].get(slot)

    def put(self, source: tuple[str, int], key: str, slot: str, text: str) -> None:
        held = self.posts.get(source)
        if held is None or held[0] != key:
            held = self.posts[source] = (key, {})
        held[1][slot] = text
        self.changed = True

    def save(self) -> None:
        """With a file: the texts of this build's posts, when any changed or went; what is
        kept in memory is then what the file holds (a process that builds again keeps this
        object: kept_posts_of)."""
        if self.file is None or self.world is None:
            return
        # The file gone (`rm -rf cache` while the build server lives): written again, as a
        # fresh process's build writes it, even with nothing changed in memory.
        if not self.changed and self.used >= self.posts.keys() and self.file.exists():
            return
        self.posts = {source: held for source, held in self.posts.items() if source in self.used}
        posts = [
            [source, depth, key, texts]
            for (source, depth), (key, texts) in sorted(self.posts.items())
        ]
        reads = [[kind, field, digest] for (kind, field), digest in sorted(self.reads.items())]
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_text(self.file, json.dumps({"world": self.world, "posts": posts, "reads": reads}))
        self.changed = False


# The kept texts of each file in a process that builds again (kept_posts_of).
_KEPT_BY_FILE: dict[Path, KeptPosts] = {}


def kept_posts_of(file: Path, again: bool) -> KeptPosts:
    """The kept post texts of `file` for one build. In a process that builds `again` (the
    build server's: kept_content.keeping) one object per file for the process, read from
    the file once and saved after each build as before: the file (3.4 MB at 1,000 posts) was
    read and checked in every build. What it holds is what the file would: each text under
    its post's key, the world's and the data reads' (enter), so another process writing the
    file meanwhile makes nothing wrong, only less kept."""
    if not again:
        return KeptPosts(file)
    kept = _KEPT_BY_FILE.get(file)
    if kept is None:
        kept = _KEPT_BY_FILE[file] = KeptPosts(file)
    kept.used = set()  # this build's posts (save writes those)
    return kept


# A post's view (post_view.PostView) holds values made from the region data: each field, read,
# counts as the fields of the data it was made from. A field not named here counts as the
# data whole (a test holds every field of PostView to this table).
VIEW_READS: dict[str, tuple[tuple[str, str], ...]] = {
    # Which regions, in data order (a post for all regions holds each one).
    "region_list": (("Region", "slug"),),
    # The posts of its regions nearest in date (post_view._related).
    "related_posts": (("Region", "slug"),),
    # The regions' organisations, or the project for a post for all regions.
    "author_organisation": (("Region", "organisation"), ("Project", "name")),
    # The topic its category names, by name or slug (SiteData.topic_named).
    "topic": (("Topic", "name"), ("Topic", "slug")),
    # From the post's header, and in its key (FollowedDigest.post_key).
    "for_all_regions": (),
    "social_image": (),
    "has_own_card": (),
    "lead_image": (),
}
WHOLE_DATA = ("*", "*")  # the region data, the region texts and the comparison, by content
# The objects of the region data a kept text's read is noted on, by class: a region's field,
# say, counts as that field of every region of every edition.
_NOTED_DATA = {
    "Region": lambda site: site.regions,
    "Topic": lambda site: site.topics,
    "Project": lambda site: (site.project,),
}


class DataReads:
    """The region data of one build as the kept texts read it (KeptPosts.reads): a read
    (class, field) is that field of every such object of every edition, (class, "*") the
    objects whole, WHOLE_DATA the data's files (`whole`). Without the site's data every
    read counts as the data whole."""

    def __init__(
        self,
        site: Any = None,
        whole: Callable[[], str] | None = None,
        digest: PageDigest | None = None,
    ) -> None:
        sites = (site, *site.editions.values()) if site is not None else ()
        self.objects = {
            name: tuple(item for each in sites for item in of(each))
            for name, of in _NOTED_DATA.items()
        }
        self.ids = {id(item) for items in self.objects.values() for item in items}
        self.whole = whole if whole is not None else (lambda: "")
        self.digest_of = digest if digest is not None else PageDigest()
        self.digests: dict[tuple[str, str], str] = {}

    def digest(self, read: tuple[str, str]) -> str:
        held = self.digests.get(read)
        if held is None:
            held = self.digests[read] = self._digest(read)
        return held

    def _digest(self, read: tuple[str, str]) -> str:
        if read == WHOLE_DATA:
            return "data:" + self.whole()
        kind, field = read
        items = self.objects.get(kind)
        if items is None:
            return "data:" + self.whole()
        if field == "*":
            return self.digest_of.of(items)
        values = tuple((getattr(item, field),) if hasattr(item, field) else () for item in items)
        return self.digest_of.of(values)

    def reads_of(self, value: Any, node: _Node, callees: dict) -> list[tuple[str, str]]:
        """What the reads of `node` read of the region data in `value`: an object of the
        data (a region, say) or a post's view."""
        steps = [step[1] if step != EACH and step[0] != SLICE else None for step in node.children]
        if isinstance(value, PostView):
            reads = []
            for name in steps:
                if name not in VIEW_READS:  # not a field of the view: the data whole
                    return [WHOLE_DATA]
                reads += VIEW_READS[name]
            return reads  # what is read of the view whole is noted where it is digested
        kind = type(value).__name__
        if kind not in self.objects or id(value) not in self.ids:
            return [WHOLE_DATA]  # a part of the data, or an object not of this build's
        reads = [(kind, name if isinstance(name, str) else "*") for name in steps]
        for how in node.hows:
            if how.startswith(THROUGH):
                declared = callees.get(_callee_of(how))
                reads += [(kind, "*")] if declared is None else [(kind, a) for a in declared]
            elif how != "truth":
                reads.append((kind, "*"))
        return reads


_PLAIN_FREE = frozenset({str, int, float, bool, type(None), Markup})


def _free(value: Any) -> bool:
    """Whether a value certainly holds nothing of the region data (its digest cannot change
    with it): texts, numbers, dates, Pelican's tags, and lists and dataclasses of them."""
    if type(value) in _PLAIN_FREE or isinstance(value, (*_SIMPLE, URLWrapper)):
        return True
    if isinstance(value, list | tuple | set | frozenset):
        return all(_free(item) for item in value)
    if isinstance(value, dict):
        return all(_free(key) and _free(item) for key, item in value.items())
    if isinstance(value, _DATA_TYPES) or not dataclasses.is_dataclass(value):
        return False  # a post (its view holds regions), a function, anything else
    return not isinstance(value, type) and all(
        _free(getattr(value, name)) for name in _field_names(type(value))
    )


KEPT_POSTS = KeptPosts()  # the one of make serve's process (writer.py, in the preview only)


class KeptData:
    """What a tree of reads saw below an object of the region data (a region, a topic, the
    project, a comparison), kept in a process that builds again while the world's key is the
    same (writer.py: the narrow site key, which holds the settings, the day, the code, the
    theme and content/ besides posts, with the region data's files, data_digest): they make
    every such object, so the object at the same place (its class, edition and index:
    data_places) is the same value. Found again by that place, never by an object's id (each
    build gets fresh copies); keyed, as a post's kept text, by the tree's slot. What is kept
    below a post is KeptPosts' (a walk inside a post's text does not come here)."""

    def __init__(self) -> None:
        self.world: str | None = None
        self.texts: dict[tuple, str] = {}

    def enter(self, world: str) -> None:
        """A build with this world's key: another world drops everything kept."""
        if world != self.world:
            self.texts.clear()
            self.world = world


KEPT_DATA = KeptData()  # the one of a process that builds again (writer.py, make html)


def data_places(checked: Any) -> dict[int, tuple[Any, tuple]]:
    """The objects of a build's region data (the check's result: its site, each edition's,
    the comparisons) by id, each with its place: (class, edition, index)."""
    site = getattr(checked, "site", None)
    places: dict[int, tuple[Any, tuple]] = {}
    if site is None:
        return places
    for lang, each in {"": site, **site.editions}.items():
        places[id(each.project)] = (each.project, ("Project", lang))
        for kind, items in (("Region", each.regions), ("Topic", each.topics)):
            for index, item in enumerate(items):
                places[id(item)] = (item, (kind, lang, index))
    for lang, comparison in (getattr(checked, "comparisons", None) or {}).items():
        places[id(comparison)] = (comparison, ("Comparison", lang))
    return places


class FollowedDigest:
    """The digest of followed reads in one context, with a build's PageDigest: the reads'
    paths are walked as one tree (each step once) as the template takes them
    (Environment.getattr/getitem) and what they reach is digested (a post reached whole:
    its file, header, translations and view). What a tree reads below an object is kept for
    the build by the object (as PageDigest keeps a post's header and view: objects do not
    change while a build writes) unless the walk passed a list, dict or set (it may change
    between two pages) or compared with the context; a function's argument by the functions
    the page's context names."""

    def __init__(
        self,
        digest: PageDigest,
        kept: KeptPosts | None = None,
        world: Callable[[], str] | None = None,
        keys_from: FollowedDigest | None = None,
        data: Callable[[dict], DataReads] | None = None,
        kept_data: tuple[KeptData, Callable[[], str], Callable[[dict], dict]] | None = None,
    ) -> None:
        self.digest = digest
        # Across builds: the region data's texts (KeptData), its world's key and the places
        # of this build's objects (data_places), asked for on first use.
        self.kept_data = kept_data
        self.places: dict[int, tuple[Any, tuple]] | None = None
        self.trees: dict[int, tuple] = {}
        self.below: dict[tuple, tuple] = {}
        # A page's names whose value is the object the last page's was (the site's name,
        # its regions' objects): their text, by node (page).
        self.top: dict[tuple, tuple] = {}
        self.callees: dict[tuple, Any] = {}
        # Across saves (the preview): posts' texts in `kept` under the world's key, asked
        # for on first use.
        self.kept = kept
        self.world = world
        self.entered = False
        self.post_keys: dict[tuple[int, int], tuple[Any, str | None]] = {}
        # A post's own part of its key (its versions' files, status, header fields and
        # view's own values), the same at every depth: once per post and build.
        self.own_keys: dict[int, tuple[Any, list | None]] = {}
        if keys_from is not None and keys_from.digest.hashes is digest.hashes:
            # Another digest of this build (with or without related posts): a post's key
            # holds no related posts' headers (only their keys), so it is the same here.
            self.post_keys, self.own_keys = keys_from.post_keys, keys_from.own_keys
        # A kept text's slot by its node and the answers of the functions it hands values
        # to (the same text for every post the node reaches): once per build.
        self.slots: dict[tuple, tuple[_Node, str]] = {}
        # What the walk read of the region data (DataReads.reads_of), noted for the kept
        # texts (KeptPosts.note): the page's reads so far, noted while `inside` the walk of
        # a text to keep (nothing else needs them); `covered` while below an object of the
        # data, whose read counts for all read below it.
        self.data = data
        self.data_reads: DataReads | None = None
        self.noted: list[tuple[str, str]] = []
        self.inside = 0
        self.covered = 0

    def page(self, env, context, reads: tuple[Read, ...]) -> str:
        """A page's key: its reads named, and what they see in `context`."""
        held = self.trees.get(id(reads))
        if held is None or held[0] is not reads:
            held = (reads, *_tree_of(reads))
            self.trees[id(reads)] = held  # held: the id stays its own
        _, named, tree, callee_paths = held
        # What each function the reads hand a value to reads of it (DECLARED_READS), None:
        # unknown. The digests below depend on that alone, so they are kept by it.
        declared = tuple(
            _declared(_resolved(env, context, name, steps)) for name, steps in callee_paths
        )
        self.callees = dict(zip(callee_paths, declared, strict=True))
        scope = declared
        self.noted.clear()
        parts = [named]
        top = self.top
        for (_, name), node in tree.children.items():
            if name not in context:
                parts.append("missing")
                continue
            value = context[name]
            at = (id(node), scope if node.callees else None)
            held = top.get(at)
            if held is not None and held[0] is value and held[1] is node and held[2] is env:
                # The very object the last page had here: what its walk saw then (kept only
                # where the walk passed no list, dict or set and compared nothing).
                self.noted += held[4]
                parts.append(held[3])
                continue
            start = len(self.noted)
            text, kept = self._below(env, context, value, node, scope)
            if kept and not isinstance(value, Content):  # a post: by its key (_below)
                top[at] = (value, node, env, text, tuple(self.noted[start:]))  # all held
            parts.append(text)
        return "|".join(parts)

    def _below(self, env, context, value, node: _Node, scope: tuple) -> tuple[str, bool]:
        """What the reads of `node` see from `value` on, and whether that may be kept by
        the object (no list, dict or set passed, no comparison with the context)."""
        if self.kept is not None and isinstance(value, Content) and not node.dynamic:
            depth = _post_depth(node)
            key = None if depth is None else self.post_key(value, depth)
            if key is not None:
                if not self.entered:
                    world = self.world() if self.world is not None else ""
                    self.kept.enter(world, self._data(context))
                    self.entered = True
                slot = self._slot(env, node, scope)
                source = (str(value.source_path), depth)  # a key per depth
                text = self.kept.get(source, key, slot)
                if text is not None:
                    return text, True
                start = len(self.noted)
                self.inside += 1
                try:
                    text, kept = self._walk(env, context, value, node, scope)
                finally:
                    self.inside -= 1
                if kept:
                    self.kept.put(source, key, slot, text)
                    self.kept.note(self.noted[start:])
                return text, kept
        if (
            self.kept_data is not None
            and type(value) in _PLACED
            and not self.inside
            and not node.dynamic
        ):
            return self._placed(env, context, value, node, scope)
        return self._walk(env, context, value, node, scope)

    def _placed(self, env, context, value, node: _Node, scope: tuple) -> tuple[str, bool]:
        """An object of the region data: its text kept across builds by its place (KeptData)
        while the walk passed no list, dict or set."""
        kept, world, places = self.kept_data
        if self.places is None:
            kept.enter(world())
            self.places = places(context)
        held = self.places.get(id(value))
        if held is None or held[0] is not value:
            return self._walk(env, context, value, node, scope)  # not one of the data's
        at = (held[1], self._slot(env, node, scope))
        text = kept.texts.get(at)
        if text is not None:
            return text, True
        text, keep = self._walk(env, context, value, node, scope)
        if keep:
            kept.texts[at] = text
        return text, keep

    def _slot(self, env, node: _Node, scope: tuple) -> str:
        """The slot of a node's kept text: its tree, the answers of the functions it hands
        values to, whether related posts count and the environment's kind. `scope` is the
        answers of the page's functions (page), in its tree's fixed order: the same node
        with the same answers has the same slot."""
        kind = type(env)
        held_at = (id(node), scope if node.callees else None, kind)
        held = self.slots.get(held_at)
        if held is not None and held[0] is node:
            return held[1]
        slot = repr(
            (
                _signature(node),
                # By name: two pages' callee lists may hold the same answers in
                # another order, or other functions' answers at the same place.
                tuple(self.callees.items()) if node.callees else None,
                self.digest.related,
                f"{kind.__module__}.{kind.__qualname__}",
                kind.getattr is jinja2.Environment.getattr,
            )
        )
        self.slots[held_at] = (node, slot)  # the node is held: its id stays its own
        return slot

    def post_key(self, post: Content, depth: int) -> str | None:
        """What a post's tree may see besides the world (KeptPosts), once per post, depth and
        build: its file and its translations' (path, hash of the bytes, status), its view's
        values that the other posts decide (its own card or its region's, its lead picture)
        and, `depth` deep, its related posts' keys; None when its text links to other files
        (their addresses are not in it)."""
        slot = (id(post), depth)
        held = self.post_keys.get(slot)
        if held is not None and held[0] is post:
            return held[1]
        key = self._post_key(post, depth)
        self.post_keys[slot] = (post, key)  # held: the id stays its own
        return key

    def _post_key(self, post: Content, depth: int) -> str | None:
        own = self._own_key(post)
        if own is None:
            return None
        parts = []
        for version_parts, version in own:
            parts += version_parts
            if version is None:
                parts.append("")
                continue
            view = version.showcase
            if depth > 0:
                for other in view.related_posts:
                    if not isinstance(other, Content):
                        return None
                    key = self.post_key(other, depth - 1)
                    if key is None:
                        return None
                    parts.append(key)
            else:
                parts.append(f"related:{len(view.related_posts)}")
        return PageDigest._hash("|".join(parts))

    def _own_key(self, post: Content) -> list | None:
        """Per version of a post: its parts of the post's key besides the related posts,
        and the version when it has a view (else None); None when its text links to other
        files or its view is not a PostView. Once per post and build (post_key asks for it
        at each depth)."""
        held = self.own_keys.get(id(post))
        if held is not None and held[0] is post:
            return held[1]
        own: list | None = []
        for version in (post, *getattr(post, "translations", ())):
            if links_to_files(version):
                own = None
                break
            source = str(version.source_path)
            parts = [f"{type(version).__name__}:{source}:{self.digest.hashes.of(source)}"]
            parts.append(f"{getattr(version, 'status', None)!r}")
            # Pelican resolved the links of the formatted header fields (the summary) into
            # the metadata: they change with the linked file's address, not with this file.
            metadata = getattr(version, "metadata", {})
            fields = version.settings.get("FORMATTED_FIELDS", ())
            parts.append(repr([metadata.get(name) for name in fields]))
            view = getattr(version, "showcase", None)
            if view is None:
                own.append((parts, None))
                continue
            if type(view).__name__ != "PostView":
                own = None
                break
            # Its card and lead picture, each as the build's digest gives it (view_field),
            # kept from the process's last build while the same values (_card_digests).
            parts += _card_digests(self.digest, source, view)
            own.append((parts, version))
        self.own_keys[id(post)] = (post, own)  # held: the id stays its own
        return own

    def _data(self, context: dict) -> DataReads:
        if self.data_reads is None:
            self.data_reads = self.data(context) if self.data is not None else DataReads(None)
        return self.data_reads

    def _walk(self, env, context, value, node: _Node, scope: tuple) -> tuple[str, bool]:
        start = len(self.noted)
        if self.inside and not self.covered and isinstance(value, _NOTED):
            self.noted += self._data(context).reads_of(value, node, self.callees)
            if type(value).__name__ != "PostView":
                self.covered += 1  # the read of the object counts for all below it
                try:
                    return self._walk(env, context, value, node, scope)
                finally:
                    self.covered -= 1
        keep = not node.dynamic
        if not node.children and isinstance(value, _CHANGING):
            # A list, dict or set read as a whole, by its length or truth: its ends alone
            # (PageDigest keeps a container's digest itself), not its items compared twice.
            text = "(" + "|".join([self._end(env, context, value, how) for how in node.hows]) + ")"
            return text, False
        shape = ()
        if isinstance(value, _CHANGING):
            # Kept while it holds the same items (below) where the walk goes through them;
            # a few named items (`articles[0]`, `articles[-1]`) are cheaper taken again than
            # a thousand items compared.
            shape = _shape(value) if node.items else None
        slot = None
        if keep and shape is not None and not isinstance(value, _SIMPLE):
            # A list, dict or set is kept while it holds the very same objects in the same
            # order, none of them a container (as read_digest keeps a read's value).
            # What was walked without noting is not taken where it is noted.
            noting = self.inside > 0 and not self.covered
            slot = (id(value), id(node), scope if node.callees else None, noting)
            held = self.below.get(slot)
            if held is not None and held[0] is value and held[1] is node and _same(held[3], shape):
                self.noted += held[4]
                return held[2], not isinstance(value, _CHANGING)
        parts = [self._end(env, context, value, how) for how in node.hows]
        plain = type(env).getattr is jinja2.Environment.getattr
        for step, child in node.children.items():
            if step == EACH:
                if type(value) not in (list, tuple, dict):
                    # Items that cannot be listed for certain: the value counts whole.
                    self._note_whole(value)
                    parts.append("whole:" + self.digest.of(value))
                    continue
                items = [self._below(env, context, item, child, scope) for item in value]
                keep = keep and all(kept for _, kept in items)
                parts.append("each:" + PageDigest._hash("\0".join(text for text, _ in items)))
                continue
            kind, name = step
            if kind == SLICE:
                taken = _slice_of(context, name)
                if taken is None or type(value) not in (list, tuple):
                    # Not a list's items for certain: the value counts whole.
                    self._note_whole(value)
                    parts.append("whole:" + self.digest.of(value))
                    continue
                try:
                    inner = env.getitem(value, taken)
                except Exception as error:  # the template sees the same failure
                    parts.append(f"error:{type(error).__name__}")
                    continue
                # The items it takes, walked as the template takes them (a new list).
                text, kept = self._below(env, context, inner, child, scope)
                keep = keep and kept
                parts.append("slice:" + text)
                continue
            try:
                if kind == "attr" and plain:
                    try:  # Environment.getattr's first step, without its call
                        inner = getattr(value, name)
                    except AttributeError:
                        inner = env.getattr(value, name)
                else:
                    inner = env.getattr(value, name) if kind == "attr" else env.getitem(value, name)
            except Exception as error:  # the template sees the same failure
                parts.append(f"error:{type(error).__name__}")
                continue
            if isinstance(inner, Undefined):
                parts.append("undefined")
                continue
            text, kept = self._below(env, context, inner, child, scope)
            keep = keep and kept
            parts.append(text)
        text = "(" + "|".join(parts) + ")"
        if keep and slot is not None:
            # held: the ids stay their own
            self.below[slot] = (value, node, text, shape, tuple(self.noted[start:]))
        # A container's text holds for its parent only while its items are checked here.
        return text, keep and not isinstance(value, _CHANGING)

    def _end(self, env, context, value, how: str) -> str:
        if how == "value":
            self._note_whole(value)
            return self.digest.of(value)
        if how == "truth":
            return f"truth:{bool(value)}"
        if how == COUNT:
            if type(value) in (list, tuple, dict, str):
                return f"count:{len(value)}"
            self._note_whole(value)
            return self.digest.of(value)
        if how.startswith(THROUGH):
            return self._through(value, how)
        self._note_whole(value)
        return _read_digest(env, context, ("", (), how), self.digest, value)

    def _note_whole(self, value) -> None:
        """A value digested whole: unless it holds nothing of the region data (or an object
        of the data above it was noted), the kept text counts the data whole."""
        if self.inside and not self.covered and not _free(value):
            self.noted.append(WHOLE_DATA)

    def _through(self, value, how: str) -> str:
        """An argument of a call: what the function reads of it when that is declared, else
        the argument whole."""
        reads = self.callees[_callee_of(how)]
        if reads is None:
            self._note_whole(value)
            return self.digest.of(value)
        parts = [f"{type(value).__module__}.{type(value).__qualname__}", str(bool(value))]
        for attribute in reads:
            try:
                read = getattr(value, attribute)
                self._note_whole(read)
                parts.append(self.digest.of(read))
            except AttributeError as error:
                parts.append(f"error:{type(error).__name__}")
        return "through:" + "|".join(parts)


__all__ = [
    "DECLARED_READS",
    "KEPT_DATA",
    "KEPT_POSTS",
    "DataReads",
    "FollowedDigest",
    "KeptData",
    "KeptPosts",
    "Unkeyable",
    "data_places",
    "followed_reads",
    "kept_posts_of",
]


def _kept_entry(source: tuple, held: tuple) -> bool:
    """Whether an entry of kept-post-texts.json has the shape `save` writes."""
    (path, depth), (key, texts) = source, held
    return (
        isinstance(path, str)
        and type(depth) is int
        and isinstance(key, str)
        and all(isinstance(slot, str) and isinstance(text, str) for slot, text in texts.items())
    )
