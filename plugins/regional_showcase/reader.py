"""Pelican's Markdown reader, also accepting a YAML front matter block (`---`).

Every body and formatted field leaves it sanitized (markup.post_sanitizer): pages, feeds and
the search index all start from that HTML. The converters carry the body rules
(data/post_body.py), so the parse that renders a post is the one that is checked; what they
refuse travels with the post as `showcase_problems`, and the generator stops the build on it.

It also reuses two Markdown converters for the whole build (reset between files) where
Pelican builds a new one per file; that setup is a tenth of Pelican's reading time.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from markdown import Markdown
from markdown.extensions.nl2br import Nl2BrExtension
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime

from .converted import Converted
from .data.characters import normalized
from .data.dates import DateError, parse_date
from .data.front_matter import PLAIN_FIELDS, plain_title, split_header
from .data.paths_shown import display_path
from .data.post_body import BodyInspection
from .data.posts import default_slug, located_problems, status_of
from .markdown_triggers import trigger_markdown
from .markup import post_sanitizer
from .parallel import reading
from .settings import showcase_settings

# `sprache: leicht` in a page's front matter: a page in Leichte Sprache (docs/sprache.md).
EASY_LANGUAGE = "leicht"
# A day as FILENAME_METADATA takes it from a post's file name (ASCII digits only).
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ShowcaseMarkdownReader(MarkdownReader):
    """Reads `Key: value` headers as Pelican does, and `---` YAML blocks as CMS tools write them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._with_header: Markdown | None = None  # parses a `Key: value` header (meta)
        self._plain: Markdown | None = None  # bodies after YAML, and formatted fields
        self._lines: Markdown | None = None  # bodies of `sprache: leicht` pages (EASY_LANGUAGE)
        self.showcase = showcase = showcase_settings(self.settings)
        self._sanitizer = post_sanitizer(showcase.site_url)
        self._rules = BodyInspection(showcase.content_path, showcase.site_url)

    def process_metadata(self, name, value):
        """Pelican's, but a file name's day (`2024-03-01-…`, FILENAME_METADATA: every post's)
        is made without dateutil: the same SafeDatetime at midnight that Pelican's get_date
        gives for it (in a tenth of the time), anything else as Pelican does."""
        if name == "date" and type(value) is str and _ISO_DAY.fullmatch(value):
            try:
                return SafeDatetime(int(value[:4]), int(value[5:7]), int(value[8:]))
            except ValueError:
                pass  # no such day: Pelican's own error
        return super().process_metadata(name, value)

    def _converter(self, *, with_header: bool, keep_lines: bool = False) -> Markdown:
        if self._with_header is None:
            self._with_header = Markdown(**self.showcase.markdown)
            self._plain = Markdown(**self.showcase.markdown)
            self._plain.preprocessors.deregister("meta")
            # Leichte Sprache puts one statement on each line; Markdown would join the lines
            # of a paragraph into one, so these pages keep every line break (<br>).
            self._lines = Markdown(**self.showcase.markdown)
            self._lines.preprocessors.deregister("meta")
            self._lines.registerExtensions([Nl2BrExtension()], {})
            for converter in (self._with_header, self._plain, self._lines):
                self._rules.extendMarkdown(converter)
                trigger_markdown(converter)  # same HTML, half the time (markdown_triggers.py)
        converter = self._with_header if with_header else self._plain
        if keep_lines:
            converter = self._lines
        converter.reset()
        return converter

    def read(self, source_path):
        self._source_path = source_path
        # Kept from an earlier build (reader_cache.py), converted ahead in a worker process
        # (parallel/reading.py), or converted here.
        converted = reading.take(source_path, self.convert)
        metadata = {}
        for name, value, process in converted.fields:
            if name in ("date", "modified"):
                # German day-first dates; `showcase check` has refused every other form.
                # Parsed here, not in `convert`: a kept result holds nothing but text.
                try:
                    # A month-only date gets the zone now, so Pelican keeps its type.
                    metadata[name] = parse_date(value, self.showcase.timezone)
                    continue
                except DateError:
                    pass
            metadata[name] = self.process_metadata(name, value) if process else value
        if converted.problems:
            metadata["showcase_problems"] = converted.problems
        # Body and formatted fields passed the sanitizer: resolved_links.py need not read
        # them again where Pelican left them as they are.
        metadata["showcase_sanitized"] = True
        # Translations are grouped by this key (ARTICLE_TRANSLATION_ID): a German original's
        # key is its slug, and its English version names that key.
        if "translation_key" not in metadata:
            slug = metadata.get("slug") or default_slug(Path(source_path))
            metadata["translation_key"] = self.process_metadata("translation_key", slug)
        return converted.content, metadata

    def convert(self, source_path: str, data: bytes | None = None) -> Converted:
        """The work of reading one file that depends on nothing but the file (and the pictures
        it shows): the Markdown parse, the body rules, sanitising. Runs in a worker process in
        a parallel build. `data` is the file's bytes when already read (the reader cache
        keeps the result under their hash: it must be the result of exactly these bytes)."""
        if data is None:
            data = Path(source_path).read_bytes()
        # In NFC, as `showcase check` read it (data/characters.py): the build must see the
        # text the rules checked, composed 'ä' and all.
        source = normalized(source_text(data))
        header = split_header(source, source_path)
        lead = header.fields.get("image", ("", 0))[0].strip() or None
        if source.startswith("---"):
            language = header.fields.get("sprache", ("", 0))[0]
            converter = self._converter(
                with_header=False, keep_lines=language.strip().lower() == EASY_LANGUAGE
            )
            content, refused = self._rules.convert(converter, header.body, lead)
            body_line = header.body_line
            fields = {name: value for name, (value, _line) in header.fields.items()}
        else:
            converter = self._converter(with_header=True)
            # The whole file goes in, so the refusals' lines are the file's lines.
            content, refused = self._rules.convert(converter, source, lead)
            body_line = 1
            fields = {name.lower(): _single(values) for name, values in converter.Meta.items()}
        converted = []
        refused_summary = []
        for name, value in fields.items():
            if name in ("date", "modified"):
                converted.append((name, value, True))  # parsed by `read`
                continue
            if name == "status":
                value = status_of(value) or value  # 'Entwurf' -> 'draft'
            if name in PLAIN_FIELDS:
                value = plain_title(value)  # no soft hyphen in <title> and feeds
            if name in self.showcase.formatted_fields:
                value, refused_field = self._rules.convert(
                    self._converter(with_header=False), value
                )
                if name == "summary":
                    refused_summary = refused_field
                value = self._sanitizer.clean(value)
            converted.append((name, value, True))
        problems: tuple = ()
        if refused or refused_summary:
            shown = display_path(Path(source_path))
            problems = tuple(located_problems(header, shown, refused, body_line, refused_summary))
        return Converted(self._sanitizer.clean(content), tuple(converted), problems)


def source_text(data: bytes) -> str:
    """A file's bytes as Pelican's `pelican_open` reads the file: UTF-8, a byte order mark
    dropped, every line ending as a newline."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig").read()


def _single(values: list[str]) -> str | list[str]:
    """Meta gives every field as a list of lines; one line is one value, as in Pelican."""
    return values[0] if len(values) == 1 else "\n".join(values)
