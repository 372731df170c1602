"""'Ähnliche Meldungen' (post_view._related): the other posts of a post's regions nearest in
date to it, newest first."""

from datetime import datetime, timedelta
from types import SimpleNamespace

from regional_showcase.post_view import RELATED_COUNT, _related

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
