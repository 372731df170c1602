"""How `make test` hands out the tests (conftest.py): by the estimated cost of what runs."""

from __future__ import annotations

import pytest
from conftest import COST, UNIT_COST, estimated_cost


def made_item(request, name: str, *marks) -> pytest.Function:
    """A test item of this module with `marks`, as collection makes it (never run)."""

    def test() -> None:
        pass

    for mark in marks:
        test = mark(test)
    return pytest.Function.from_parent(request.node.parent, name=name, callobj=test)


def test_a_test_its_skipif_skips_costs_nothing_and_one_that_runs_its_marks(request):
    skipped = pytest.mark.skipif(True, reason="a larger run, not this one")
    kept = pytest.mark.skipif(False, reason="runs")
    assert estimated_cost(made_item(request, "skipped", pytest.mark.long, skipped)) == 0
    assert estimated_cost(made_item(request, "skipped_here", pytest.mark.skip)) == 0
    assert estimated_cost(made_item(request, "runs", pytest.mark.long, kept)) == COST["long"]
    assert estimated_cost(made_item(request, "build", pytest.mark.build)) == COST["build"]
    assert estimated_cost(made_item(request, "unit")) == UNIT_COST
