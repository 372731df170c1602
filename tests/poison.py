"""A value no rule may read, for tests that prove a key holds all that a result reads: a
result computed from a record poisoned outside its key must equal the real one."""

from __future__ import annotations

import dataclasses


class Poison:
    """A value no rule may read: any use of it fails the test."""

    def __getattr__(self, name):
        raise AssertionError(f"a result read a value outside its key (.{name})")

    def _refuse(self, *args):
        raise AssertionError("a result read a value outside its key")

    __eq__ = __hash__ = __iter__ = __len__ = __bool__ = __str__ = __getitem__ = _refuse
    __contains__ = _refuse


def poisoned(record, keep: tuple[str, ...]):
    """`record` with every field but `keep` replaced by Poison (no __init__ run: a check in
    it would read the poison itself)."""
    copy = object.__new__(type(record))
    for field in dataclasses.fields(record):
        value = getattr(record, field.name) if field.name in keep else Poison()
        object.__setattr__(copy, field.name, value)
    return copy
