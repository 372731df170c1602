"""R9: a redirect from a listing's archive page (stable_pages.py: `/aktuelles/seite/3/`).

An archive page comes and goes with the posts (a deleted post can take the newest one away,
the next new post brings it back). A redirect from one was taken as an address that is gone:
the build wrote its redirect page over the archive page that was there (and `_redirects`
forced a 301 to it), so the posts of that block were on no page the listing linked to, and
nothing said so. The check refuses such an entry, naming file, line and field."""

from __future__ import annotations

from pelican.settings import read_settings

from regional_showcase.data.addresses import Addresses
from regional_showcase.data.redirects import Redirect, load_redirects
from regional_showcase.settings import apply_defaults
from regional_showcase.staff.entry_check import findings

from expectations import ROOT

ARCHIVE = "/aktuelles/seite/3/"
ENTRY = f"redirects:\n  - from: {ARCHIVE}\n    to: /aktuelles/\n"
REFUSED = (
    f"'{ARCHIVE}' ist eine Archivseite der Übersicht '/aktuelles/': Archivseiten entstehen "
    "und vergehen mit den Meldungen, und eine Weiterleitung von hier ersetzte die Seite, "
    "solange es sie gibt (siehe docs/redaktion.md, „Adressen bleiben erreichbar“); löschen "
    "Sie diesen Eintrag"
)
ADDRESSES = Addresses(
    frozenset({"aktuelles/", "themen/projekt/", "aktuelles/2022/x/"}),
    paginated=frozenset({"aktuelles/", "themen/projekt/", "en/news/"}),
)


def test_an_archive_address_is_known_by_its_listing():
    assert ADDRESSES.archive_listing("aktuelles/seite/3/") == "aktuelles/"
    assert ADDRESSES.archive_listing("en/news/seite/12/") == "en/news/"
    assert ADDRESSES.archive_listing("aktuelles/2022/x/") is None
    assert ADDRESSES.archive_listing("regionen/seite/1/") is None  # no paginated listing
    assert "aktuelles/seite/3/" in ADDRESSES and "regionen/seite/1/" not in ADDRESSES


def test_a_redirect_from_an_archive_page_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    path = tmp_path / "data/weiterleitungen.yaml"
    path.write_text(ENTRY + "  - from: /aktuelles/2021/alt/\n    to: /aktuelles/\n", "utf-8")
    found = load_redirects(path, {"/aktuelles/": ""}, ADDRESSES.archive_listing)
    assert [str(problem) for problem in found.problems] == [
        f"data/weiterleitungen.yaml:2: redirects[0].from: {REFUSED}"
    ]
    # The other entry stands.
    assert found.entries == (Redirect("/aktuelles/2021/alt/", "/aktuelles/", "", 4),)


def test_the_check_refuses_it_for_the_real_listings(monkeypatch):
    """As the web editor's check before a save (and `make check`) sees the file."""
    monkeypatch.chdir(ROOT)
    settings = apply_defaults(read_settings(str(ROOT / "pelicanconf.py")))
    errors, _ = findings(settings, {settings.redirects_file: ENTRY.encode()})
    assert [f"{p.file}:{p.line}: {p.field}: {p.message}" for p in errors] == [
        f"data/weiterleitungen.yaml:2: redirects[0].from: {REFUSED}"
    ]
