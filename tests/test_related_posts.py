"""'Ähnliche Meldungen' (post_view._related): the other posts of a post's regions nearest in
date to it, newest first."""

import random
from datetime import datetime, timedelta
from types import SimpleNamespace

from regional_showcase.post_view import (
    RELATED_COUNT,
    _by_date,
    _Nearest,
    _related,
    _RelatedMemo,
)

START = datetime(2024, 1, 1, 9, 0)


def post(name: str, day: int, hour: int = 0) -> SimpleNamespace:
    return SimpleNamespace(
        source_path=f"content/news/{name}.md", date=START + timedelta(days=day, hours=hour)
    )


def region(slug: str) -> SimpleNamespace:
    return SimpleNamespace(slug=slug)


def newest_first(*posts: SimpleNamespace) -> list:
    return sorted(posts, key=lambda p: p.date, reverse=True)


def names(posts: tuple) -> list[str]:
    return [p.source_path.rsplit("/", 1)[1][:-3] for p in posts]


def test_the_posts_nearest_in_date_not_the_newest():
    posts = [post(f"p{day:02}", day) for day in range(12)]
    by_region = {"allgaeu": newest_first(*posts)}
    related = _related(posts[4], (region("allgaeu"),), by_region)
    # Days 3 and 5 (one day away), then day 6 before day 2 (the newer at the same distance).
    assert names(related) == ["p06", "p05", "p03"]
    assert RELATED_COUNT == 3


def test_the_newest_post_shows_the_newest_others_and_a_new_post_changes_few_lists():
    posts = [post(f"p{day:02}", day) for day in range(12)]
    by_region = {"allgaeu": newest_first(*posts)}
    before = {p.source_path: _related(p, (region("allgaeu"),), by_region) for p in posts}
    assert names(before[posts[-1].source_path]) == ["p10", "p09", "p08"]
    new = post("p12", 12)
    by_region = {"allgaeu": newest_first(*posts, new)}
    assert names(_related(new, (region("allgaeu"),), by_region)) == ["p11", "p10", "p09"]
    changed = [
        p.source_path
        for p in posts
        if _related(p, (region("allgaeu"),), by_region) != before[p.source_path]
    ]
    assert changed == [p.source_path for p in posts[-2:]]


def test_ties_broken_by_source_path_and_shown_newest_first():
    # Five posts at the same time as the post: the three whose paths sort first.
    same = [post(name, 5) for name in ("e", "c", "a", "d", "b")]
    me = post("m", 5)
    by_region = {"allgaeu": newest_first(post("old", 1), *same, me, post("new", 9))}
    assert names(_related(me, (region("allgaeu"),), by_region)) == ["a", "b", "c"]
    # At the same distance before and after: the newer; the list newest first.
    me = post("m", 5)
    by_region = {"allgaeu": newest_first(post("x", 3), post("y", 7), me, post("z", 4))}
    assert names(_related(me, (region("allgaeu"),), by_region)) == ["y", "z", "x"]


def test_a_tie_beyond_the_first_three_of_a_side_still_counts():
    # Four posts one hour older at the same time: the list's order must not decide.
    me = post("m", 5)
    older = [post(name, 5, -1) for name in ("d", "c", "b", "a")]
    by_region = {"allgaeu": [me, *older]}  # "a" last in the list
    assert names(_related(me, (region("allgaeu"),), by_region)) == ["a", "b", "c"]


def test_a_post_of_two_regions_takes_the_nearest_of_both_once_each():
    me = post("m", 10)
    shared = post("beide", 9)
    allgaeu = newest_first(me, shared, post("a1", 2), post("a2", 20))
    eifel = newest_first(me, shared, post("e1", 11), post("e2", 1))
    by_region = {"allgaeu": allgaeu, "eifel": eifel}
    related = _related(me, (region("allgaeu"), region("eifel")), by_region)
    assert names(related) == ["e1", "beide", "a1"]


def test_a_post_alone_in_its_region_or_with_no_region_has_none():
    me = post("m", 3)
    by_region = {"allgaeu": [me], "eifel": [post("e", 4)]}
    assert _related(me, (region("allgaeu"),), by_region) == ()
    assert _related(me, (), by_region) == ()


def by_definition(me, slugs: tuple[str, ...], by_region: dict) -> list[str]:
    """The rule as its docstring states it, over every post of the regions (no bisection)."""
    others = {id(p): p for slug in slugs for p in by_region.get(slug, ()) if p is not me}
    nearest = sorted(
        others.values(),
        key=lambda p: (abs(p.date - me.date), me.date - p.date, p.source_path),
    )[:RELATED_COUNT]
    return names(tuple(sorted(nearest, key=lambda p: (me.date - p.date, p.source_path))))


def test_the_bisected_lists_give_what_the_rule_says():
    """The region lists bisected and looked at a few posts each way: the same lists as the
    rule over every post, with ties at the same distance, shared dates, several regions and
    dates in a time zone a microsecond apart."""
    import random
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Berlin")
    for seed in range(150):
        rng = random.Random(seed)
        aware = seed % 2 == 0
        posts = []
        for number in range(rng.randint(1, 14)):
            date = START + timedelta(days=rng.randint(0, 6), microseconds=rng.choice((0, 1)))
            item = post(f"n{number:02}", 0)
            item.date = date.replace(tzinfo=zone) if aware else date
            item.regions = rng.sample(("a", "b", "c"), rng.randint(1, 2))
            posts.append(item)
        by_region = {slug: newest_first(*(p for p in posts if slug in p.regions)) for slug in "abc"}
        for me in posts:
            got = _related(me, tuple(map(region, me.regions)), by_region)
            assert names(got) == by_definition(me, tuple(me.regions), by_region), seed


def test_dates_across_a_change_to_summer_time_count_by_wall_clock_in_one_zone():
    """Python subtracts two datetimes of the same tzinfo by their wall clock (the hour
    skipped on 31 March 2024 counts), of different tzinfos through UTC: the rule keeps
    both, with and without the memo of earlier builds."""
    from datetime import timezone
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Berlin")

    def at(name: str, hour: int, minute: int, tz=zone) -> SimpleNamespace:
        item = post(name, 0)
        item.date = datetime(2024, 3, 31, hour, minute, tzinfo=tz)
        return item

    me = at("m", 3, 30)  # summer time: 02:00 became 03:00
    # Wall clock: b 1:30 away, c 2:10, d 2:15, a 2:20 (in UTC 1:20).
    others = [at("a", 1, 10), at("b", 5, 0), at("c", 5, 40), at("d", 5, 45)]
    by_region = {"allgaeu": newest_first(me, *others)}
    allgaeu = (region("allgaeu"),)
    assert names(_related(me, allgaeu, by_region)) == ["d", "c", "b"]
    assert by_definition(me, ("allgaeu",), by_region) == ["d", "c", "b"]
    memo = _RelatedMemo()
    for _ in range(2):  # worked out, then kept
        assert names(_Nearest(by_region, memo).related(me, allgaeu)) == ["d", "c", "b"]
        memo.next_build()
    # The same instants in New York's time (another TIMEZONE; summer time there since 10
    # March): equal to Berlin's dates, but 2:20 is 1:20 there.
    york = ZoneInfo("America/New_York")
    moved = [at(p.source_path[-4], 0, 0) for p in (me, *others)]
    for item, before in zip(moved, (me, *others), strict=True):
        item.date = before.date.astimezone(york)
    by_region = {"allgaeu": newest_first(*moved)}
    assert names(_Nearest(by_region, memo).related(moved[0], allgaeu)) == ["c", "b", "a"]
    memo.next_build()
    # "a" at the same instant in a fixed offset: another tzinfo, subtracted through UTC.
    others[0] = at("a", 1, 10, timezone(timedelta(hours=1)))
    by_region = {"allgaeu": newest_first(me, *others)}
    assert by_definition(me, ("allgaeu",), by_region) == ["c", "b", "a"]
    assert names(_related(me, allgaeu, by_region)) == ["c", "b", "a"]
    assert names(_Nearest(by_region, memo).related(me, allgaeu)) == ["c", "b", "a"]


def random_posts(rng, count: int, zones: tuple) -> list:
    """Posts of one to two of three regions, on a few days, a microsecond apart, and in
    the hours around a change to or from summer time (either fold)."""
    bases = (START, datetime(2024, 3, 31, 1, 30), datetime(2024, 10, 27, 1, 30))
    posts = []
    for number in range(count):
        date = rng.choice(bases) + timedelta(
            days=rng.randint(0, 2), minutes=30 * rng.randint(0, 4), microseconds=rng.choice((0, 1))
        )
        item = post(f"n{number:02}", 0)
        zone = rng.choice(zones)
        item.date = date if zone is None else date.replace(tzinfo=zone, fold=rng.randint(0, 1))
        item.regions = rng.sample(("a", "b", "c"), rng.randint(1, 2))
        posts.append(item)
    return posts


def test_kept_answers_are_those_of_the_rule_build_after_build():
    """_Nearest with the memo of earlier builds, over builds that add, remove, move and
    re-tag posts: each post's list is the rule's over every post of its regions (dates of
    one zone or naive). Dates of two tzinfos around a change of summer time are not ordered
    as they are subtracted (the same tzinfo by wall clock, another through UTC), where the
    bisected lists may miss the nearest: there the lists are round 9's (_by_date's)."""
    from datetime import timezone
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    for seed in range(60):
        rng = random.Random(seed)
        zones = ((berlin,), (None,), (berlin, timezone(timedelta(hours=1))))[seed % 3]
        posts = random_posts(rng, rng.randint(1, 14), zones)
        memo = _RelatedMemo()
        for _build in range(6):
            # Each build's posts are new objects (as Pelican's), most of them as before.
            posts = [SimpleNamespace(**vars(p)) for p in posts]
            change = rng.randrange(4)
            if change == 0:
                posts += random_posts(rng, 1, zones)
                posts[-1].source_path = f"content/news/x{_build}.md"
            elif change == 1 and len(posts) > 1:
                posts.pop(rng.randrange(len(posts)))
            elif change == 2:
                moved = rng.choice(posts)
                moved.date = random_posts(rng, 1, zones)[0].date
            else:
                rng.choice(posts).regions = rng.sample(("a", "b", "c"), rng.randint(1, 2))
            by_region = {s: newest_first(*(p for p in posts if s in p.regions)) for s in "abc"}
            nearest = _Nearest(by_region, memo)
            combos: dict = {}
            for me in posts:
                regions = combos.setdefault(tuple(me.regions), tuple(map(region, me.regions)))
                got = names(nearest.related(me, regions))
                if len(zones) == 1:
                    want = by_definition(me, tuple(me.regions), by_region)
                else:
                    want = names(_by_date(me, regions, by_region))
                assert got == want, (seed, _build)
            memo.next_build()
