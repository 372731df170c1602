"""The theme uses only what docs/template-context.md lists: names, attributes and filters;
and every name listed there is provided by the source it names.

Every template is parsed (Jinja's AST, as the build parses it) and checked against the
document, so a template that reaches for something the plugin never promised fails here,
not as an empty spot on a page. The other way round, a listed name nobody provides any more
(a helper removed, a field renamed) fails here too.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pelican
import pytest
from jinja2 import Environment, meta, nodes
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE

from regional_showcase import TEMPLATE_FILTERS
from regional_showcase.page_context import PageContext
from regional_showcase.post_view import PostView

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "plugins/regional_showcase"
PELICAN = Path(pelican.__file__).parent
DOC = ROOT / "docs/template-context.md"
TEMPLATES = sorted((ROOT / "theme/templates").rglob("*.html"))
JINJA_NAMES = {*DEFAULT_NAMESPACE, "loop", "self", "super", "caller", "varargs", "kwargs"}
GETTEXT_NAMES = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
# Filters that take an attribute name: `map(attribute="name")`, `groupby("role")`, ….
ATTRIBUTE_FILTERS = {"map", "groupby", "selectattr", "rejectattr", "sort", "sum", "unique"}
POSITIONAL_ATTRIBUTE = {"groupby", "selectattr", "rejectattr"}
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def environment() -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"])
    env.filters.update(TEMPLATE_FILTERS)
    return env


def section(text: str, heading: str) -> str:
    """The text under a `## heading` up to the next one."""
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def backticked(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text)


def first_column(text: str) -> set[str]:
    """The names in a table's first column: `url_for(obj)` names `url_for`."""
    names = set()
    for line in text.splitlines():
        if line.startswith("| `"):
            names |= {IDENTIFIER.match(item).group() for item in backticked(line.split("|")[1])}
    return names


def documented_names(text: str) -> set[str]:
    return first_column(section(text, "Names"))


def names_by_source(text: str) -> dict[str, set[str]]:
    """The Names table's names grouped by its second column: `PageContext`, plugin,
    Pelican, partial, or the template (`region.html`) whose pages get them."""
    grouped: dict[str, set[str]] = {}
    for line in section(text, "Names").splitlines():
        if line.startswith("| `"):
            cells = line.split("|")
            source = cells[2].strip().strip("`")
            grouped.setdefault(source, set()).update(first_column(line))
    return grouped


def pelican_provides(name: str, source: str) -> bool:
    """Pelican's source names it, as a word or as its pagination `f"{key}_page"`."""
    if re.search(rf"\b{name}\b", source):
        return True
    paged = re.fullmatch(r"([a-z]+)_(page|paginator|previous_page|next_page)", name)
    return bool(paged) and f'f"{{key}}_{paged.group(2)}"' in source


@cache
def handed_names(source: str) -> frozenset[str]:
    """What the plugin's code can hand to a template: quoted keys and keyword arguments."""
    keyed = re.findall(r"[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']|\b([A-Za-z_][A-Za-z0-9_]*)=", source)
    return frozenset(quoted or keyword for quoted, keyword in keyed)


@cache
def bound_in_templates() -> frozenset[str]:
    """Every name a template binds for what it includes: set, with, for."""
    env = environment()
    bound = set()
    for template in TEMPLATES:
        ast = env.parse(template.read_text(encoding="utf-8"))
        for node in ast.find_all((nodes.Assign, nodes.With, nodes.For)):
            targets = node.targets if isinstance(node, nodes.With) else [node.target]
            for target in targets:
                names = [target, *target.find_all(nodes.Name)]
                bound |= {name.name for name in names if isinstance(name, nodes.Name)}
    return frozenset(bound)


def unprovided(grouped: dict[str, set[str]], plugin_source: str, pelican_source: str) -> set:
    """Documented names their stated source does not provide."""
    missing = set()
    bound = bound_in_templates()
    for source, names in grouped.items():
        if source == "PageContext":
            missing |= names - {field.name for field in dataclasses.fields(PageContext)}
        elif source == "Pelican":
            missing |= {name for name in names if not pelican_provides(name, pelican_source)}
        elif source == "partial":
            missing |= names - bound
        else:  # "plugin" or the template whose pages get it
            missing |= names - handed_names(plugin_source)
    return missing


@cache
def sources(folder: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.py")))


def documented_words(text: str) -> set[str]:
    return {word for span in backticked(text) for word in IDENTIFIER.findall(span)}


def documented_filters(text: str) -> set[str]:
    return first_column(section(text, "Filters"))


def showcase_fields(text: str) -> set[str]:
    rows = section(text, "`article.showcase` (`PostView`)").splitlines()
    return {backticked(line)[0] for line in rows if line.startswith("| `")}


def used(source: str, env: Environment | None = None) -> tuple[set, set, set, set]:
    """Free names, attributes, filters, and attributes read from `….showcase`."""
    ast = (env or environment()).parse(source)
    assigned = {
        name.name
        for node in ast.find_all((nodes.Assign, nodes.AssignBlock))
        for name in [node.target, *node.target.find_all(nodes.Name)]
        if isinstance(name, nodes.Name)
    }
    # Imported macros are in the context at run time, in every block; Jinja's static view
    # of a block does not see them.
    imported = {
        name if isinstance(name, str) else name[1] or name[0]
        for node in ast.find_all(nodes.FromImport)
        for name in node.names
    }
    imported |= {node.target for node in ast.find_all(nodes.Import)}
    imported |= {node.name for node in ast.find_all(nodes.Macro)}
    free = meta.find_undeclared_variables(ast) - assigned - imported
    attributes = {node.attr for node in ast.find_all(nodes.Getattr)}
    filters = set()
    for node in ast.find_all(nodes.Filter):
        filters.add(node.name)
        if node.name in ATTRIBUTE_FILTERS:
            values = [kw.value for kw in node.kwargs if kw.key == "attribute"]
            if node.name in POSITIONAL_ATTRIBUTE:
                values += node.args[:1]
            for value in values:
                if isinstance(value, nodes.Const) and isinstance(value.value, str):
                    attributes |= set(value.value.split("."))
    on_view = {
        node.attr
        for node in ast.find_all(nodes.Getattr)
        if isinstance(node.node, nodes.Getattr) and node.node.attr == "showcase"
    }
    return free, attributes, filters, on_view


DOC_TEXT = DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_template_uses_only_documented_names(template):
    free, attributes, filters, on_view = used(template.read_text(encoding="utf-8"))
    assert free - documented_names(DOC_TEXT) - JINJA_NAMES - GETTEXT_NAMES == set()
    assert attributes - documented_words(DOC_TEXT) == set()
    assert filters - documented_filters(DOC_TEXT) - set(DEFAULT_FILTERS) == set()
    assert on_view - showcase_fields(DOC_TEXT) == set()


def test_the_document_lists_exactly_the_fields_of_the_page_context():
    assert names_by_source(DOC_TEXT)["PageContext"] == {
        field.name for field in dataclasses.fields(PageContext)
    }


def test_every_documented_name_is_provided_by_its_source():
    grouped = names_by_source(DOC_TEXT)
    assert unprovided(grouped, sources(PLUGIN), sources(PELICAN)) == set()


def test_the_check_finds_a_documented_name_nobody_provides():
    grouped = {
        "PageContext": {"regions", "region_map"},
        "Pelican": {"articles_page", "article_pager"},
        "plugin": {"next_events", "last_events"},
        "region.html": {"region_articles"},
        "partial": {"card_level", "card_size"},
    }
    assert unprovided(grouped, sources(PLUGIN), sources(PELICAN)) == {
        "region_map",
        "article_pager",
        "last_events",
        "card_size",
    }


def test_the_document_lists_exactly_the_fields_of_the_post_view():
    assert showcase_fields(DOC_TEXT) == {f.name for f in dataclasses.fields(PostView)}


def test_the_check_finds_an_undocumented_name_attribute_filter_and_view_field():
    env = environment()
    env.filters["date_en"] = str
    free, attributes, filters, on_view = used(
        "{% set local = 1 %}{{ local }}{{ article.showcase.regions }}{{ secret_helper() }}"
        "{{ article.date|date_en }}{{ regions|map(attribute='einwohnerzahl')|list }}",
        env,
    )
    assert free - documented_names(DOC_TEXT) - JINJA_NAMES == {"secret_helper"}
    assert attributes - documented_words(DOC_TEXT) == {"einwohnerzahl"}
    assert filters - documented_filters(DOC_TEXT) - set(DEFAULT_FILTERS) == {"date_en"}
    assert on_view - showcase_fields(DOC_TEXT) == {"regions"}
