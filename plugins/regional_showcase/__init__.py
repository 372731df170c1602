"""regional_showcase: a Pelican plugin that turns data/regions.yaml and news posts into a site."""

from __future__ import annotations

from pelican import signals

from .events.display import when_de
from .events.generator import EventsGenerator
from .generator import ShowcaseGenerator
from .german import date_de, datetime_de, isodate, number_de
from .reader import ShowcaseMarkdownReader
from .settings import apply_defaults, showcase_settings
from .translations import install_source_language
from .writer import ShowcaseWriter

# The plugin's Jinja filters (docs/template-context.md lists them).
TEMPLATE_FILTERS = {
    "date_de": date_de,
    "datetime_de": datetime_de,
    "number_de": number_de,
    "isodate": isodate,
    "when_de": when_de,
}


def _enabled(settings) -> bool:
    # Receivers outlive a Pelican instance; a later build in the same process without this
    # plugin must not get its generator, writer or reader.
    return any(str(name).endswith("regional_showcase") for name in settings.get("PLUGINS") or ())


def get_generators(pelican):
    # Events first: their pages exist before the main generator writes the home page and
    # the sitemap. The main generator's constructor checks every input, events included.
    return (EventsGenerator, ShowcaseGenerator) if _enabled(pelican.settings) else None


def get_writer(pelican):
    return ShowcaseWriter if _enabled(pelican.settings) else None


def add_reader(readers):
    if not _enabled(readers.settings):
        return
    for extension in ShowcaseMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ShowcaseMarkdownReader


def initialized(pelican):
    if not _enabled(pelican.settings):
        return
    apply_defaults(pelican.settings)
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(TEMPLATE_FILTERS)


def add_translations(generator):
    # Every generator has its own Jinja environment; each gets `{% trans %}` and `_()`.
    env = getattr(generator, "env", None)
    if env is not None and _enabled(generator.settings):
        theme = showcase_settings(generator.settings).theme
        install_source_language(env, theme / "translations")


def register():
    """Connect the plugin. Receivers are module-level functions, so repeated builds in one
    process reconnect the same receivers instead of stacking new ones (blinker keeps weak
    references, and connecting the same function twice is a no-op)."""
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_translations)
