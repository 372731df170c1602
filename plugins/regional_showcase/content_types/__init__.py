"""The content types (content_types/registry.py). Importing the package registers the
built-in ones, in the order of the editor's collections and of the generators."""

from ..press.content_type import PRESS
from .events import EVENTS
from .posts import POSTS
from .region_texts import REGION_TEXTS
from .registry import register

for _kind in (POSTS, EVENTS, REGION_TEXTS, PRESS):
    register(_kind)
