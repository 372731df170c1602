"""regional_showcase: a Pelican plugin that turns data/regions.yaml and news posts into a site.

Nothing heavy is imported here: the `showcase` command (staff/cli.py) lives in this package,
and `showcase index` or `showcase precompress` must not pay for loading Pelican, Markdown and
the whole plugin (about a second per command) before doing their own small job.
"""

from __future__ import annotations

# Not even typing (`object` in the annotations): `make html`'s client imports this package
# (staff/build_client.py), and typing was a sixth of its imports.


def _template_filters() -> dict[str, object]:
    """The plugin's Jinja filters (docs/template-context.md lists them)."""
    from .events.display import when_de
    from .german import date_de, datetime_de, isodate, number_de
    from .security_headers import content_security_policy
    from .stable_pages import page_dates
    from .translations import figure_value, localdate, localnumber

    return {
        "date_de": date_de,
        "datetime_de": datetime_de,
        "number_de": number_de,
        "isodate": isodate,
        "when_de": when_de,
        # In the language of the page being rendered (translations.py).
        "localdate": localdate,
        "localnumber": localnumber,
        "figure_value": figure_value,
        # A listing page's date range, its status text (stable_pages.py).
        "page_dates": page_dates,
        # The meta tag's CSP, from the definition the hosts' header files are written from.
        "content_security_policy": content_security_policy,
    }


def __getattr__(name: str) -> object:
    if name == "TEMPLATE_FILTERS":
        return _template_filters()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _enabled(settings) -> bool:
    # Receivers outlive a Pelican instance; a later build in the same process without this
    # plugin must not get its generator, writer or reader.
    return any(str(name).endswith("regional_showcase") for name in settings.get("PLUGINS") or ())


def get_generators(pelican):
    from .content_types.registry import content_types
    from .generator import ShowcaseGenerator

    if not _enabled(pelican.settings):
        return None
    # The types' own generators first (events, press): their pages exist before the main
    # generator writes the home page and the sitemap. The main generator's constructor
    # checks every input, theirs included.
    own = tuple(kind.generator() for kind in content_types() if kind.generator is not None)
    return (*own, ShowcaseGenerator)


def get_writer(pelican):
    from .writer import ShowcaseWriter

    return ShowcaseWriter if _enabled(pelican.settings) else None


def add_reader(readers):
    from .reader import ShowcaseMarkdownReader

    if not _enabled(readers.settings):
        return
    for extension in ShowcaseMarkdownReader.file_extensions:
        readers.reader_classes[extension] = ShowcaseMarkdownReader


def initialized(pelican):
    from .frozen_urls import memoize_slugs
    from .settings import apply_defaults

    if not _enabled(pelican.settings):
        return
    typed = apply_defaults(pelican.settings)
    memoize_slugs()
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(_template_filters())
    jinja = pelican.settings.get("JINJA_ENVIRONMENT") or {}
    if "bytecode_cache" not in jinja:  # the preview brings its own (staff/serve.py)
        from .template_cache import template_cache

        cache = template_cache(typed.cache_dir)
        pelican.settings["JINJA_ENVIRONMENT"] = {**jinja, "bytecode_cache": cache}


def add_translations(generator):
    # Every generator has its own Jinja environment; each gets `{% trans %}` and `_()`.
    env = getattr(generator, "env", None)
    if env is not None and _enabled(generator.settings):
        from .settings import showcase_settings
        from .translations import install_source_language

        theme = showcase_settings(generator.settings).theme
        install_source_language(env, theme / "translations")


def clean_static_pictures(static_generator):
    # Pelican would copy each picture as it is, with the GPS position and phone the camera
    # wrote into it: it copies the clean copy instead (pictures/images.py).
    if not _enabled(static_generator.settings):
        return
    from .pictures.images import publish_clean_pictures
    from .settings import showcase_settings

    cache_dir = showcase_settings(static_generator.settings).cache_dir
    publish_clean_pictures(static_generator, cache_dir)


def check_resolved_links(instance):
    from .resolved_links import check_resolved_links

    if _enabled(instance.settings):
        check_resolved_links(instance)


def fill_operator_facts(instance):
    from .operator_build import fill_operator_facts

    if _enabled(instance.settings):
        fill_operator_facts(instance)


def hold_back_pages(generator):
    from .operator_build import hold_back_pages

    if _enabled(generator.settings):
        hold_back_pages(generator)


def keep_content(generator):
    # `make serve` only: Pelican's post and page objects kept between builds.
    from .preview.kept_content import attach

    if _enabled(generator.settings):
        attach(generator)


def skip_empty_reader_check(generator):
    if _enabled(generator.settings):
        from .generator import skip_empty_reader_check

        skip_empty_reader_check(generator)


def announce_post_pages(generators):
    from .generator import announce_post_pages

    if generators and _enabled(generators[0].settings):
        announce_post_pages(generators)


def check_before_writing(generators):
    from .resolved_links import check_before_writing

    if generators and _enabled(generators[0].settings):
        check_before_writing(generators)


def register():
    """Connect the plugin. Receivers are module-level functions, so repeated builds in one
    process reconnect the same receivers instead of stacking new ones (blinker keeps weak
    references, and connecting the same function twice is a no-op)."""
    from pelican import signals

    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_translations)
    signals.generator_init.connect(skip_empty_reader_check)
    # Every post and page checks its addresses again once Pelican resolved {filename} & co.
    signals.content_object_init.connect(check_resolved_links)
    signals.all_generators_finalized.connect(check_before_writing)
    signals.all_generators_finalized.connect(announce_post_pages)
    signals.static_generator_finalized.connect(clean_static_pictures)
    # Operator facts into the pages; a page waiting for its content (a video) is not built.
    signals.content_object_init.connect(fill_operator_facts)
    signals.page_generator_finalized.connect(hold_back_pages)
    signals.article_generator_init.connect(keep_content)
    signals.page_generator_init.connect(keep_content)
