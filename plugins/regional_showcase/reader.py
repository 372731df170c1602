"""Pelican's Markdown reader, also accepting a YAML front matter block (`---`)."""

from __future__ import annotations

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .front_matter import split_header


class ShowcaseMarkdownReader(MarkdownReader):
    """Reads `Key: value` headers as Pelican does, and `---` YAML blocks as CMS tools write them."""

    def read(self, source_path):
        with pelican_open(source_path) as text:
            if not text.startswith("---"):
                return super().read(source_path)
        self._source_path = source_path
        header = split_header(text, source_path)
        self._md = Markdown(**self.settings["MARKDOWN"])
        self._md.preprocessors.deregister("meta")  # the header was already split off
        content = self._md.convert(header.body)
        metadata = {}
        for name, (value, _line) in header.fields.items():
            if name in self.settings["FORMATTED_FIELDS"]:
                self._md.reset()
                value = self._md.convert(value)
            metadata[name] = self.process_metadata(name, value)
        return content, metadata
