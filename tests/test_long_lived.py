"""The build's long-lived objects and the garbage collector (parallel/long_lived.py): a cold
build's full passes skip what lives until its end; a worker never walks what it inherited."""

from __future__ import annotations

import gc
import weakref
from types import SimpleNamespace

import pytest

from regional_showcase.generator import ShowcaseGenerator
from regional_showcase.parallel import long_lived
from regional_showcase.parallel.forks import ForkPool


class _Node:
    pass


@pytest.fixture
def nothing_kept():
    assert gc.get_freeze_count() == 0
    yield
    long_lived.release()
    gc.unfreeze()


def _kept_in_worker(_job) -> int:
    return gc.get_freeze_count()


def test_a_worker_keeps_what_it_inherited_out_of_its_collections(nothing_kept):
    pool = ForkPool([0], _kept_in_worker, 1)
    inherited = pool.result(0)
    pool.close()
    assert inherited > 0 and gc.get_freeze_count() == 0


def test_kept_objects_stay_out_of_collections_until_the_next_build(nothing_kept):
    alive = _Node()
    # Garbage of the moment (a cycle only the collector frees) is not kept with the rest.
    cycle = _Node()
    cycle.me = cycle
    gone = weakref.ref(cycle)
    del cycle
    long_lived.keep()
    assert gone() is None
    assert gc.get_freeze_count() > 0 and not any(o is alive for o in gc.get_objects())
    long_lived.release()
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize(("preview", "kept"), [(False, True), (True, False)])
def test_only_a_build_that_is_not_the_preview_keeps_its_objects(nothing_kept, preview, kept):
    generator = SimpleNamespace(showcase=SimpleNamespace(preview=preview))
    ShowcaseGenerator._keep_long_lived(generator)
    assert (gc.get_freeze_count() > 0) is kept
