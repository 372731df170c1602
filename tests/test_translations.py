"""UI strings per language: the catalogs, the gettext callables, and the checks on both."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from jinja2 import DictLoader, Environment

from regional_showcase.translations import (
    catalog_problems,
    gettext_context,
    install_source_language,
)

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "theme" / "translations"
TEMPLATE = (
    "{{ _('Regionen') }}|{% trans name=name %}Hallo {{ name }}{% endtrans %}|"
    "{% trans count=n %}{{ count }} Meldung{% pluralize %}{{ count }} Meldungen{% endtrans %}"
)


def make_catalog(folder: Path, entries: dict, *, fuzzy: tuple = ()) -> Path:
    """A `<folder>/en/LC_MESSAGES/messages.{po,mo}` pair with the given translations."""
    catalog = Catalog(locale="en")
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    target = folder / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.po").open("wb") as fp:
        write_po(fp, catalog)
    with (target / "messages.mo").open("wb") as fp:
        write_mo(fp, catalog)
    return folder


def render(folder: Path, lang: str | None, **values) -> str:
    env = Environment(loader=DictLoader({"t.html": TEMPLATE}), autoescape=True)
    install_source_language(env, folder)
    names = gettext_context(folder, lang) if lang else {}
    return env.get_template("t.html").render(**names, **values)


def test_german_is_the_source_language(tmp_path):
    assert render(tmp_path, None, name="Welt", n=1) == "Regionen|Hallo Welt|1 Meldung"
    assert render(tmp_path, "de", name="Welt", n=3) == "Regionen|Hallo Welt|3 Meldungen"


def test_a_page_in_another_language_gets_its_catalog_through_the_context(tmp_path):
    folder = make_catalog(
        tmp_path,
        {
            "Regionen": "Regions",
            "Hallo %(name)s": "Hello %(name)s",
            ("%(count)s Meldung", "%(count)s Meldungen"): ("%(count)s post", "%(count)s posts"),
        },
    )
    assert render(folder, "en", name="Welt", n=1) == "Regions|Hello Welt|1 post"
    assert render(folder, "en", name="Welt", n=2) == "Regions|Hello Welt|2 posts"
    # The environment itself stays German for the next page.
    assert render(folder, None, name="Welt", n=2) == "Regionen|Hallo Welt|2 Meldungen"


def test_values_inside_translated_text_are_escaped(tmp_path):
    folder = make_catalog(tmp_path, {"Hallo %(name)s": "Hello %(name)s"})
    out = render(folder, "en", name="<script>x</script>", n=1)
    assert "Hello &lt;script&gt;x&lt;/script&gt;" in out


def test_a_missing_catalog_is_an_error_not_german_text(tmp_path):
    with pytest.raises(FileNotFoundError) as failed:
        gettext_context(tmp_path, "fr")
    assert str(failed.value) == (
        f"{tmp_path}/fr/LC_MESSAGES/messages.mo: Übersetzungskatalog fehlt "
        "(erzeugen mit `make translations`)"
    )


def test_untranslated_and_fuzzy_entries_are_reported_with_their_line(tmp_path):
    folder = make_catalog(
        tmp_path, {"Regionen": "", "Themen": "Topics", "Suche": "Seek"}, fuzzy=("Suche",)
    )
    po = folder / "en" / "LC_MESSAGES" / "messages.po"
    lines = po.read_text().splitlines()
    line_of = {msgid: lines.index(f'msgid "{msgid}"') + 1 for msgid in ("Regionen", "Suche")}
    assert [str(problem) for problem in catalog_problems(folder, "en")] == [
        f"{po}:{line_of['Regionen']}: msgid 'Regionen': noch nicht übersetzt",
        f"{po}:{line_of['Suche']}: msgid 'Suche': Übersetzung ist als unsicher (fuzzy) markiert "
        "(prüfen und die Zeile '#, fuzzy' entfernen)",
    ]


def test_the_shipped_english_catalog_is_complete():
    assert catalog_problems(TRANSLATIONS, "en") == []


def test_the_template_strings_are_all_in_the_catalog_template():
    """`make translations` was run after the last template change."""
    method_map = [("theme/templates/**.html", "jinja2")]
    options = {"**.html": {"extensions": "jinja2.ext.i18n"}}
    theme = ROOT / "theme"

    def in_theme(folder: str) -> bool:
        # Only the theme holds templates; walking node_modules/ and bench/work/ (the
        # benchmark's corpora, 100,000 files) took seconds.
        path = Path(folder)
        return path == theme or theme in path.parents

    extracted = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(ROOT, method_map, options, directory_filter=in_theme)
    }
    with (TRANSLATIONS / "messages.pot").open("rb") as fp:
        in_pot = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fp) if m.id}
    assert extracted == in_pot


def test_the_compiled_catalog_matches_its_source():
    """The committed .mo is what `pybabel compile` makes of the committed .po."""
    source = TRANSLATIONS / "en" / "LC_MESSAGES"
    with (source / "messages.po").open("rb") as fp:
        catalog = read_po(fp, locale="en")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert (source / "messages.mo").read_bytes() == compiled.getvalue()


def test_a_changed_catalog_is_read_again_in_the_same_process(tmp_path):
    """`make serve` and the build server build again and again in one process: after `make
    translations` their pages get the new texts, not the ones read first."""
    folder = make_catalog(tmp_path, {"Regionen": "Regions"})
    assert render(folder, "en", name="Welt", n=1).startswith("Regions|")
    changed = Catalog(locale="en")
    changed.add("Regionen", "Our regions")
    with (folder / "en" / "LC_MESSAGES" / "messages.mo").open("wb") as fp:
        write_mo(fp, changed)
    assert render(folder, "en", name="Welt", n=1).startswith("Our regions|")
    # The same bytes give the same callables: a page's key does not change without cause.
    assert gettext_context(folder, "en")["gettext"] is gettext_context(folder, "en")["gettext"]


# `_()` and gettext as the theme uses them, and the cases where the kept answer must not be used.
SAME_AS_JINJA = (
    "{{ _('Regionen') }}|{{ _('Regionen') }}|{{ gettext('Regionen') }}|{{ _('100 %%') }}|"
    "{{ _('Hallo %(name)s', name=name) }}|{{ _(title) }}|{{ _(plain) }}|"
    "{% autoescape false %}{{ _('<b>%(name)s</b>', name=name) }}{{ _('Regionen') }}"
    "{% endautoescape %}|{% trans name=name %}Hallo {{ name }}{% endtrans %}"
)


@pytest.mark.parametrize("lang", [None, "de", "en"])
def test_underscore_answers_as_jinjas_own_gettext(tmp_path, lang):
    """translations._newstyle_gettext and _gettext_alias keep a text's answer: the page is
    the one Jinja's i18n extension renders, escaping and `%%` included."""
    from markupsafe import Markup

    from regional_showcase.translations import catalog

    folder = make_catalog(
        tmp_path,
        {"Regionen": "Regions", "Hallo %(name)s": "Hello %(name)s", "100 %%": "100 %% <all>"},
    )
    values = {"name": "<Welt>", "title": Markup("<i>Regionen</i>"), "plain": "Regionen"}
    ours = Environment(loader=DictLoader({"t.html": SAME_AS_JINJA}), autoescape=True)
    install_source_language(ours, folder)
    names = gettext_context(folder, lang) if lang else {}
    jinjas = Environment(
        loader=DictLoader({"t.html": SAME_AS_JINJA}),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    jinjas.install_gettext_translations(catalog(folder, lang or "de"), newstyle=True)
    for _ in range(2):  # the second time from what is kept
        page = ours.get_template("t.html").render(**names, **values)
        assert page == jinjas.get_template("t.html").render(**values)
    assert "Regions|Regions" in page if lang == "en" else "Regionen|Regionen" in page


def test_a_text_without_variables_is_translated_once_per_catalog(tmp_path):
    """A page calls `_()` some 50 times, the same texts on every page: each is translated and
    escaped once per catalog (a changed catalog: test above), not on each call."""
    import gettext as gettext_module

    from regional_showcase import translations

    asked = []

    class Counting(gettext_module.NullTranslations):
        def gettext(self, message):
            asked.append(message)
            return "Regions" if message == "Regionen" else message

    names = translations._gettext_context(Counting(), "en")
    env = Environment(
        loader=DictLoader({"t.html": "{{ _('Regionen') }} {{ gettext('Regionen') }}"}),
        autoescape=True,
    )
    install_source_language(env, tmp_path)
    for _ in range(3):
        assert env.get_template("t.html").render(**names) == "Regions Regions"
    assert asked == ["Regionen"]
