"""Whether a value of this build gives the digest a value of the last build gave
(PageDigest.of), told from the values themselves: what a process that builds again keeps
of a post's views from one build to the next (changed_sources.post_line's lines, the card
digests of followed_reads' post keys) is taken while the fields it was made of are the
same, without digesting them again."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .pages import _field_names

# Compared by value: PageDigest.of gives these by their type and repr (a Markup by its text).
_PLAIN_KINDS = frozenset([str, int, bool, type(None), Markup])


def same_value(held: Any, value: Any) -> bool:
    """Whether PageDigest.of certainly gives `value` the digest it gave `held`: of the same
    type and the same value, a text, number, truth value or None (a float by its repr:
    0.0 == -0.0), or a tuple or frozen dataclass (a picture, a topic) of such item by item,
    or the very same one (the region data's regions and topics: one object while their
    files stay the same). Anything else (a list, a dict, a post: what they hold may change)
    counts as another."""
    kind = type(value)
    if type(held) is not kind:
        return False
    if kind is float:
        return repr(held) == repr(value)
    if kind in _PLAIN_KINDS:
        return held == value
    if kind is tuple:
        return held is value or (len(held) == len(value) and all(map(same_value, held, value)))
    params = getattr(kind, "__dataclass_params__", None)
    if params is not None and params.frozen:
        if held is value:
            return True
        return all(same_value(getattr(held, n), getattr(value, n)) for n in _field_names(kind))
    return False
