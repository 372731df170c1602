"""One build day for a whole test run (conftest.pin_build_day): the shared builds made as
the run starts and a test's own build later compare byte for byte across midnight."""

from __future__ import annotations

import datetime as dt
import os

from conftest import BUILD_DATE_ENV, pin_build_day


def test_the_day_is_the_sites_today_at_the_start():
    late = dt.datetime(2026, 12, 8, 23, 30, tzinfo=dt.UTC)  # past midnight in Berlin
    environ: dict[str, str] = {}
    assert pin_build_day(environ, late) == "2026-12-09"
    assert environ == {BUILD_DATE_ENV: "2026-12-09"}
    environ = {}
    assert pin_build_day(environ, late.replace(hour=22, minute=59)) == "2026-12-08"


def test_a_day_or_epoch_the_caller_set_is_kept():
    for given in ({BUILD_DATE_ENV: "2027-01-02"}, {"SOURCE_DATE_EPOCH": "1700000000"}):
        environ = dict(given)
        assert pin_build_day(environ) is None
        assert environ == given


def test_this_run_and_its_builds_have_one_day():
    # Set by the run's first process before the shared builds and xdist's workers started:
    # they inherit it (unless the caller gave a day or an epoch).
    assert os.environ.get(BUILD_DATE_ENV) or os.environ.get("SOURCE_DATE_EPOCH")
