"""Preview cards drawn ahead into cache/ by workers (pictures/cards_ahead.py): the cache gets
what the serial drawing puts there, no thread keeps the build from forking its page workers,
and a card a worker cannot draw is left to the generator."""

from __future__ import annotations

from regional_showcase.parallel.workers import can_fork
from regional_showcase.pictures import cards_ahead
from regional_showcase.pictures.social import Card, Painter

from expectations import ROOT

FONTS = ROOT / "theme/fonts"
CARDS = [
    Card("Thema", "Erster Titel", "Allgäu", "#336699"),
    Card("Thema", "Zweiter Titel", "Alle Regionen", "#993366"),
    Card("Leben und Arbeiten", "Dritter Titel", "Eifel", "#669933"),
]


def test_workers_draw_the_missing_cards_as_the_serial_drawing_does(tmp_path):
    painter = Painter(FONTS)
    serial = {card: painter.cached(card, tmp_path / "serial").read_bytes() for card in CARDS}
    cache = tmp_path / "ahead"
    painter.cached(CARDS[0], cache)  # already there: not drawn again
    pool = cards_ahead.draw_ahead(CARDS, FONTS, cache, 2)
    # No thread runs meanwhile: the build forks its page workers after this.
    assert pool is not None and can_fork()
    assert [len(share) for share in pool.jobs] == [1, 1]  # the two missing cards
    cards_ahead.wait(pool)
    assert {card: painter.cached(card, cache).read_bytes() for card in CARDS} == serial
    assert {p.name for p in cache.iterdir()} == {p.name for p in (tmp_path / "serial").iterdir()}


def test_nothing_is_forked_when_the_cache_holds_every_card_or_one_worker_is_asked(tmp_path):
    painter = Painter(FONTS)
    assert cards_ahead.draw_ahead(CARDS[:1], FONTS, tmp_path, 1) is None
    painter.cached(CARDS[0], tmp_path)
    assert cards_ahead.draw_ahead(CARDS[:1], FONTS, tmp_path, 2) is None


def test_a_card_a_worker_cannot_draw_is_left_to_the_generator(tmp_path):
    broken = Card("Thema", "Mit Foto", "Eifel", "#336699", photo=str(tmp_path / "kaputt.jpg"))
    (tmp_path / "kaputt.jpg").write_bytes(b"\xff\xd8 kein Bild")
    pool = cards_ahead.draw_ahead([broken, CARDS[1]], FONTS, tmp_path / "cache", 2)
    cards_ahead.wait(pool)  # the worker's error is not raised here
    painter = Painter(FONTS)
    assert painter.is_cached(CARDS[1], tmp_path / "cache")
    assert not painter.is_cached(broken, tmp_path / "cache")


def test_the_preview_draws_its_cards_itself():
    from types import SimpleNamespace

    from regional_showcase.generator import ShowcaseGenerator

    generator = SimpleNamespace(showcase=SimpleNamespace(preview=True), output_path="output")
    ShowcaseGenerator._draw_cards_ahead(generator, SimpleNamespace(output_path="output"))
    assert not hasattr(generator, "_cards_ahead")


def test_the_generator_draws_what_the_workers_have_not_before_it_waits(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from regional_showcase.generator import ShowcaseGenerator

    jobs = [(card, f"vorschau/{i}.jpg") for i, card in enumerate(CARDS)]
    generator = SimpleNamespace(
        output_path=str(tmp_path / "output"),
        showcase=SimpleNamespace(theme=ROOT / "theme", cache_dir=tmp_path / "cache"),
        _card_site=lambda: "Seite",
        _social_cards=lambda site: iter(jobs),
        _cards_ahead="workers still drawing",
    )
    seen = []
    monkeypatch.setattr(
        cards_ahead,
        "wait",
        lambda pool: seen.append(
            (pool, sorted(p.name for p in (tmp_path / "output/vorschau").iterdir()))
        ),
    )
    ShowcaseGenerator._write_social_images(generator)
    assert seen == [("workers still drawing", ["0.jpg", "1.jpg", "2.jpg"])]
    assert generator._cards_ahead is None


def test_cards_the_cache_holds_are_placed_without_threads_the_others_drawn(tmp_path, monkeypatch):
    """make serve after a save: every card but a changed one is in cache/, placed by the
    generator itself; only what must be drawn goes to its threads."""
    from types import SimpleNamespace

    from regional_showcase import generator
    from regional_showcase.generator import ShowcaseGenerator

    cache = tmp_path / "cache"
    kept = Painter(FONTS).cached(CARDS[0], cache / "social")
    handed = []

    class Threads:
        def __init__(self, **_kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *_exc):
            return False

        def map(self, paint, jobs):
            handed.extend(card for card, _path in jobs)
            return map(paint, jobs)

    monkeypatch.setattr(generator, "ThreadPoolExecutor", Threads)
    jobs = [(CARDS[0], "a/kept.jpg"), (CARDS[1], "b/new.jpg")]
    built = SimpleNamespace(
        output_path=str(tmp_path / "out"),
        showcase=SimpleNamespace(theme=ROOT / "theme", cache_dir=cache),
        _card_site=lambda: "Seite",
        _social_cards=lambda _site: iter(jobs),
        _cards_ahead=None,
    )
    ShowcaseGenerator._write_social_images(built)
    assert handed == [CARDS[1]]
    assert (tmp_path / "out/a/kept.jpg").samefile(kept)
    assert (tmp_path / "out/b/new.jpg").read_bytes()[-2:] == b"\xff\xd9"
