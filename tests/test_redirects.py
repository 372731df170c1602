"""An address once published keeps working: the redirects file, the address ledger, and the
rules each host reads (data/redirects.py, data/address_ledger.py, redirects_output.py).

The rules are called as functions; the shared `planted` build (planted.py) deletes a post,
an English post and an event, and follows their old addresses to the pages the redirects
name.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
from lxml import html
from pelican.settings import read_settings

from regional_showcase.cms.config import redirects_collection
from regional_showcase.data.address_ledger import (
    HEADER,
    Ledger,
    LedgerEntry,
    likely_target,
    read_ledger,
    updated_ledger,
    vanished_problems,
)
from regional_showcase.data.problems import ValidationFailed
from regional_showcase.data.redirects import FIELDS, Redirect, address_problem, load_redirects
from regional_showcase.input_check import check_input
from regional_showcase.redirects_output import (
    NGINX_MAP,
    REMOVED_PAGE,
    apache_redirects,
    moved_page,
    netlify_redirects,
    nginx_map,
    redirect_files,
    removed_page,
)
from regional_showcase.settings import apply_defaults
from regional_showcase.staff.entry_check import findings

from sitebuild import (
    BIN,
    PUBLISH_URL,
    ROOT,
    Build,
    free_port,
)

CURRENT = {
    "/": "Startseite",
    "/aktuelles/": "Übersicht",
    "/aktuelles/2022/online-umfrage/": "content/news/2021-03-01-online-umfrage.md",
    "/aktuelles/2023/gruene-woche/": "content/news/2023-01-17-gruene-woche.md",
    "/termine/": "Übersicht",
    "/en/news/": "Übersicht",
    "/impressum/": "content/pages/impressum.md",
}


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """Messages name files relative to the working directory, as `make check` runs."""
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def redirects_of(folder: Path, text: str, current=CURRENT):
    path = folder / "data/weiterleitungen.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_redirects(path, current)


def test_a_valid_redirects_file_gives_its_entries(here):
    found = redirects_of(
        here,
        """\
        redirects:
          - from: /aktuelles/2021/online-umfrage/
            to: /aktuelles/2022/online-umfrage/
            reason: Datum korrigiert
          - from: /aktuelles/2020/alte-meldung/
            removed: true
        """,
    )
    assert found.problems == ()
    assert found.entries == (
        Redirect("/aktuelles/2021/online-umfrage/", "/aktuelles/2022/online-umfrage/",
                 "Datum korrigiert", 2),
        Redirect("/aktuelles/2020/alte-meldung/", None, "", 5),
    )  # fmt: skip
    assert found.entries[1].removed


def test_an_empty_to_beside_removed_is_as_the_web_editor_writes_it(here):
    found = redirects_of(here, "redirects:\n  - from: /a/\n    to: ''\n    removed: true\n")
    assert (found.problems, found.entries) == ((), (Redirect("/a/", None, "", 2),))


def test_no_file_and_an_empty_list_hold_no_redirects(here):
    assert load_redirects(here / "data/weiterleitungen.yaml", CURRENT).entries == ()
    assert redirects_of(here, "redirects: []\n").entries == ()


BAD_ENTRIES = [
    (
        "to-missing-page",
        "  - from: /aktuelles/2021/x/\n    to: /aktuelles/2022/online-umfrag/\n",
        "data/weiterleitungen.yaml:3: redirects[0].to: '/aktuelles/2022/online-umfrag/' ist "
        "keine Seite dieser Website (meinten Sie '/aktuelles/2022/online-umfrage/'?): eine "
        "Weiterleitung dorthin führte ins Leere",
    ),
    (
        "with-domain",
        "  - from: https://www.starke-regionen.de/aktuelles/2021/x/\n    to: /\n",
        "data/weiterleitungen.yaml:2: redirects[0].from: nur die Adresse ohne Domain, mit '/' "
        "am Anfang: schreiben Sie '/aktuelles/2021/x/' statt "
        "'https://www.starke-regionen.de/aktuelles/2021/x/'",
    ),
    (
        "no-leading-slash",
        "  - from: aktuelles/2021/x/\n    to: /\n",
        "data/weiterleitungen.yaml:2: redirects[0].from: eine Adresse beginnt mit '/': "
        "schreiben Sie '/aktuelles/2021/x/'",
    ),
    (
        "no-trailing-slash",
        "  - from: /aktuelles/2021/x\n    to: /\n",
        "data/weiterleitungen.yaml:2: redirects[0].from: die Adresse einer Seite endet mit '/': "
        "schreiben Sie '/aktuelles/2021/x/'",
    ),
    (
        "query",
        "  - from: /aktuelles/2021/x/?utm_source=fb\n    to: /\n",
        "data/weiterleitungen.yaml:2: redirects[0].from: ohne '?' und '#' und was danach kommt: "
        "schreiben Sie '/aktuelles/2021/x/'",
    ),
    (
        "configuration-characters",
        "  - from: '/x/ /y/ 200!'\n    to: /\n",
        "data/weiterleitungen.yaml:2: redirects[0].from: '/x/ /y/ 200!' enthält Zeichen, die "
        "keine Adresse dieser Website hat: erlaubt sind a-z, A-Z, 0-9, '-', '_', '.', '~' und '/'",
    ),
    (
        "dot-dot",
        "  - from: /aktuelles/../admin/\n    to: /\n",
        "data/weiterleitungen.yaml:2: redirects[0].from: '/aktuelles/../admin/' ist keine "
        "Adresse dieser Website: ohne '..', '.' und '//'",
    ),
    (
        "neither-to-nor-removed",
        "  - from: /aktuelles/2021/x/\n",
        "data/weiterleitungen.yaml:2: redirects[0]: 'to:' fehlt: die Seite, auf die die alte "
        "Adresse führen soll (z. B. 'to: /aktuelles/'), oder 'removed: true', wenn sie "
        "entfernt bleibt",
    ),
    (
        "both",
        "  - from: /aktuelles/2021/x/\n    to: /aktuelles/\n    removed: true\n",
        "data/weiterleitungen.yaml:3: redirects[0].to: 'to:' und 'removed: true' schließen sich "
        "aus: eine entfernte Seite leitet nirgendwohin weiter; löschen Sie eine der beiden Zeilen",
    ),
    (
        "removed-not-true",
        "  - from: /aktuelles/2021/x/\n    removed: ja bitte\n",
        "data/weiterleitungen.yaml:3: redirects[0].removed: erwartet 'true', gefunden 'ja bitte'",
    ),
    (
        "from-missing",
        "  - to: /aktuelles/\n",
        "data/weiterleitungen.yaml:2: redirects[0]: 'from:' fehlt: die alte Adresse, z. B. "
        "'/aktuelles/2024/meine-meldung/'",
    ),
    (
        "unknown-field",
        "  - from: /aktuelles/2021/x/\n    ziel: /aktuelles/\n",
        "data/weiterleitungen.yaml:3: redirects[0].ziel: unbekanntes Feld (erlaubt: 'from', "
        "'to', 'removed', 'reason')",
    ),
]


@pytest.mark.parametrize(
    ("entry", "message"), [case[1:] for case in BAD_ENTRIES], ids=[c[0] for c in BAD_ENTRIES]
)
def test_a_wrong_entry_is_named_with_file_line_field_and_fix(here, entry, message):
    found = redirects_of(here, "redirects:\n" + entry)
    assert [str(p) for p in found.problems] == [message]
    assert found.entries == ()


def test_a_redirect_from_a_page_still_online_waits_for_its_deletion(here):
    # Staff add the redirect first, then delete the page: the page wins until it is gone.
    found = redirects_of(here, "redirects:\n  - from: /impressum/\n    to: /\n")
    assert (found.problems, found.entries) == ((), ())
    assert found.waiting == (Redirect("/impressum/", "/", "", 2),)


def test_a_waiting_redirect_may_lead_to_the_address_a_move_will_make(here):
    # A post moved to another year: the redirect first (its target is still to come), then
    # the new date; each is one save in the web editor, and neither may be refused.
    text = "redirects:\n  - from: /aktuelles/2023/gruene-woche/\n    to: /aktuelles/2024/gruene-woche/\n"
    found = redirects_of(here, text)
    assert (found.problems, found.entries) == ((), ())
    moved = {**CURRENT, "/aktuelles/2024/gruene-woche/": "content/news/2023-01-17-gruene-woche.md"}
    del moved["/aktuelles/2023/gruene-woche/"]
    assert redirects_of(here, text, moved).entries == (
        Redirect("/aktuelles/2023/gruene-woche/", "/aktuelles/2024/gruene-woche/", "", 2),
    )


def test_the_same_old_address_twice_is_refused(here):
    found = redirects_of(
        here,
        "redirects:\n  - from: /a/\n    to: /\n  - from: /a/\n    removed: true\n",
    )
    assert [str(p) for p in found.problems] == [
        "data/weiterleitungen.yaml:4: redirects[1].from: '/a/' hat schon eine Weiterleitung in "
        "Zeile 2: löschen Sie einen der beiden Einträge"
    ]


def test_a_file_without_the_list_says_what_it_holds(here):
    found = redirects_of(here, "- from: /a/\n  to: /\n")
    assert [str(p) for p in found.problems] == [
        "data/weiterleitungen.yaml:1: erwartet eine Liste unter 'redirects:' (eine leere Datei "
        "enthält 'redirects: []')"
    ]


# --- the ledger


def ledger_of(folder: Path, lines: str) -> Ledger:
    path = folder / "data/adressen.txt"
    path.write_text(HEADER + textwrap.dedent(lines), encoding="utf-8")
    return read_ledger(path)


def test_a_vanished_address_is_refused_with_the_entry_to_paste(here):
    ledger = ledger_of(
        here,
        """\
        /aktuelles/ Übersicht
        /aktuelles/2021/online-umfrage/ content/news/2021-03-01-online-umfrage.md
        /aktuelles/2020/geloescht/ content/news/2020-05-04-geloescht.md
        /aktuelles/2022/weg/ content/news/2022-05-04-weg.md
        """,
    )
    problems = vanished_problems(ledger, CURRENT, {"/aktuelles/2022/weg/"})
    assert [str(p) for p in problems] == [
        "data/adressen.txt:6: /aktuelles/2021/online-umfrage/: diese Adresse war online "
        "(content/news/2021-03-01-online-umfrage.md) und wäre es nach diesem Stand nicht mehr: "
        "Links in Newslettern, auf Facebook und in Suchmaschinen führten ins Leere. Tragen Sie "
        "in data/weiterleitungen.yaml unter 'redirects:' ein: '  - {from: "
        "/aktuelles/2021/online-umfrage/, to: /aktuelles/2022/online-umfrage/}' (oder "
        "'removed: true' statt 'to: …', wenn die Seite entfernt bleiben soll)",
        "data/adressen.txt:7: /aktuelles/2020/geloescht/: diese Adresse war online "
        "(content/news/2020-05-04-geloescht.md) und wäre es nach diesem Stand nicht mehr: "
        "Links in Newslettern, auf Facebook und in Suchmaschinen führten ins Leere. Tragen Sie "
        "in data/weiterleitungen.yaml unter 'redirects:' ein: '  - {from: "
        "/aktuelles/2020/geloescht/, to: /aktuelles/}' (oder 'removed: true' statt 'to: …', "
        "wenn die Seite entfernt bleiben soll)",
    ]


@pytest.mark.parametrize(
    ("address", "source", "expected"),
    [
        # The file is still there under another address: moved to another year.
        ("/aktuelles/2021/online-umfrage/", "content/news/2021-03-01-online-umfrage.md",
         "/aktuelles/2022/online-umfrage/"),
        # Another file with the same slug in another year.
        ("/aktuelles/2020/gruene-woche/", "content/news/2020-01-17-gruene-woche.md",
         "/aktuelles/2023/gruene-woche/"),
        ("/en/news/2020/gone/", "content/news/en/2020-01-01-gone.md", "/en/news/"),
        ("/termine/2019/fest-2019/", "content/termine/2019-06-28-fest-2019.md", "/termine/"),
        ("/leichte-sprache/", "content/pages/leichte-sprache.md", "/"),
    ],
)  # fmt: skip
def test_the_likely_new_address(address, source, expected):
    assert likely_target(LedgerEntry(address, source), CURRENT) == expected


def test_the_ledger_only_grows_and_stays_sorted(here):
    ledger = ledger_of(here, "/b/ content/pages/b.md\n/a/ Übersicht\n")
    text = updated_ledger(ledger, {"/c/": "content/pages/c.md", "/a/": "Übersicht"})
    assert text == HEADER + "/a/ Übersicht\n/b/ content/pages/b.md\n/c/ content/pages/c.md\n"


def test_a_broken_ledger_line_is_named(here):
    ledger = ledger_of(here, "aktuelles/2021/x/ content/news/x.md\n")
    assert [str(p) for p in vanished_problems(ledger, CURRENT, set())] == [
        "data/adressen.txt:5: keine Adresse: eine Adresse beginnt mit '/': schreiben Sie "
        "'/aktuelles/2021/x/' (jede Zeile: Adresse, Leerzeichen, Quelle; `showcase addresses "
        "--update` schreibt die Datei)"
    ]


# --- what each host reads

MOVED = Redirect("/aktuelles/2021/online-umfrage/", "/aktuelles/2022/online-umfrage/")
GONE = Redirect("/aktuelles/2020/alte-meldung/", None)


def test_netlify_gets_forced_301_and_410_lines():
    assert netlify_redirects((MOVED, GONE)).splitlines()[1:] == [
        "/aktuelles/2021/online-umfrage/ /aktuelles/2022/online-umfrage/ 301!",
        "/aktuelles/2020/alte-meldung/ /entfernt/ 410!",
    ]


def test_apache_matches_the_old_address_with_and_without_index_html():
    assert apache_redirects((MOVED, GONE), "/site").splitlines()[1:] == [
        "<IfModule mod_alias.c>",
        r"  RedirectMatch 301 ^/site/aktuelles/2021/online\-umfrage(/(index\.html)?)?$ "
        "/site/aktuelles/2022/online-umfrage/",
        r"  RedirectMatch gone ^/site/aktuelles/2020/alte\-meldung(/(index\.html)?)?$",
        "</IfModule>",
        "ErrorDocument 410 /site/entfernt/index.html",
    ]
    assert apache_redirects(()) == ""


def test_nginx_gets_map_pairs_only():
    assert nginx_map((MOVED, GONE)).splitlines()[1:] == [
        "/aktuelles/2021/online-umfrage /aktuelles/2022/online-umfrage/;",
        "/aktuelles/2021/online-umfrage/ /aktuelles/2022/online-umfrage/;",
        "/aktuelles/2021/online-umfrage/index.html /aktuelles/2022/online-umfrage/;",
        "/aktuelles/2020/alte-meldung gone;",
        "/aktuelles/2020/alte-meldung/ gone;",
        "/aktuelles/2020/alte-meldung/index.html gone;",
    ]


def test_the_moved_page_refreshes_to_the_new_address_for_static_hosts():
    page = html.fromstring(
        moved_page(MOVED, "https://x.example/site", "https://x.example/site", "/site/c.css")
    )
    assert page.xpath("//meta[@http-equiv='refresh']/@content") == [
        "0; url=/site/aktuelles/2022/online-umfrage/"
    ]
    assert page.xpath("//link[@rel='canonical']/@href") == [
        "https://x.example/site/aktuelles/2022/online-umfrage/"
    ]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert page.xpath("//a/@href") == ["/site/aktuelles/2022/online-umfrage/"]
    assert page.xpath("string(//h1)") == "Diese Seite ist umgezogen"


def test_the_removed_page_says_so_in_german():
    page = html.fromstring(removed_page("", "aktuelles/", "/theme/c.css"))
    assert page.xpath("string(//h1)") == "Diese Meldung wurde entfernt"
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert page.xpath("//a/@href") == ["/aktuelles/", "/"]


def test_redirect_files_put_a_page_at_each_old_address():
    files = redirect_files((MOVED, GONE), "", "http://localhost:8000", "aktuelles/", "/c.css")
    assert sorted(files) == [
        "_redirects",
        "aktuelles/2020/alte-meldung/index.html",
        "aktuelles/2021/online-umfrage/index.html",
        "entfernt/index.html",
        "weiterleitungen.map",
    ]


# --- one build: a post deleted, its old address followed to the page staff chose

OLD = "aktuelles/2021/online-umfrage/"
DELETED = "content/news/2021-03-01-online-umfrage.md"
# The English edition and the events are kept the same way.
OLD_EN = "en/news/2021/ems-axis-skilled-workers/"
DELETED_EN = "content/news/en/2021-11-29-ems-axis-skilled-workers.md"
OLD_EVENT = "termine/2019/eroeffnung-welcome-center-stettiner-haff-2019/"
DELETED_EVENT = "content/termine/2019-06-28-eroeffnung-welcome-center-stettiner-haff-2019.md"
REDIRECTS = f"""\
redirects:
  - from: /{OLD}
    to: /themen/projekt/
  - from: /{OLD_EN}
    removed: true
    reason: vom Verfasser zurückgezogen
  - from: /{OLD_EVENT}
    to: /termine/
"""


@pytest.fixture(scope="module")
def moved(planted) -> Build:
    """The shared publish build with three pages deleted and their redirects (planted.py:
    plant_moved)."""
    return planted


@pytest.mark.build
def test_deleted_pages_lead_to_the_chosen_page_and_without_a_redirect_the_check_refuses(
    moved, monkeypatch
):
    build, project = moved, moved.project
    redirects = project / "data/weiterleitungen.yaml"
    page = build.page(OLD)
    assert page.xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=/themen/projekt/"]
    assert page.xpath("//link[@rel='canonical']/@href") == [f"{PUBLISH_URL}/themen/projekt/"]
    assert page.xpath("//main//a/@href") == ["/themen/projekt/"]
    assert build.page(OLD_EVENT).xpath("//main//a/@href") == ["/termine/"]
    # A removed page says so at its old address (status 200 on static hosts) and at
    # /entfernt/, which the hosts that can send 410 show with it.
    for address in (OLD_EN, "entfernt/"):
        assert build.page(address).xpath("string(//h1)") == "Diese Meldung wurde entfernt"
    output = build.output
    assert (output / "_redirects").read_text("utf-8").splitlines()[1:] == [
        f"/{OLD} /themen/projekt/ 301!",
        f"/{OLD_EN} /entfernt/ 410!",
        f"/{OLD_EVENT} /termine/ 301!",
    ]
    htaccess = (output / ".htaccess").read_text("utf-8")
    assert "Header always set X-Content-Type-Options" in htaccess  # one file, both parts
    assert (
        r"RedirectMatch 301 ^/aktuelles/2021/online\-umfrage(/(index\.html)?)?$ /themen/projekt/"
        in htaccess
    )
    assert r"RedirectMatch gone ^/en/news/2021/ems\-axis\-skilled\-workers(/(index\.html)?)?$" in (
        htaccess
    )
    assert "ErrorDocument 410 /entfernt/index.html" in htaccess
    nginx = (output / "weiterleitungen.map").read_text("utf-8")
    assert f"/{OLD} /themen/projekt/;" in nginx and f"/{OLD_EN} gone;" in nginx
    # The old addresses stay out of the sitemap; the live ledger keeps them.
    sitemap = (output / "sitemap.xml").read_text("utf-8")
    assert OLD not in sitemap and OLD_EN not in sitemap and OLD_EVENT not in sitemap
    live = (output / "adressen.txt").read_text("utf-8")
    assert f"/{OLD} {DELETED}\n" in live
    # The pages the check counts as online are exactly the pages the build wrote.
    # (In this process: `showcase addresses` and `make check` call check_input the same way.)
    monkeypatch.chdir(project)
    settings = apply_defaults(read_settings(str(project / "pelicanconf.py")))
    counted = set(check_input(settings).kept.published)
    written = {
        loc.removeprefix(PUBLISH_URL)
        for loc in html.fromstring(sitemap.encode()).xpath("//loc/text()")
        if "/seite/" not in loc
    }
    assert counted == written
    # Without the redirects, `make check` refuses and names the entry to paste for each.
    # (The shared build's project: its redirects file as it was afterwards.)
    kept = redirects.read_text("utf-8")
    redirects.write_text("redirects: []\n", "utf-8")
    try:
        with pytest.raises(ValidationFailed) as check:
            check_input(settings)
    finally:
        redirects.write_text(kept, "utf-8")
    refused = [str(problem) for problem in check.value.problems if "war online" in problem.message]
    assert refused == [
        f"data/adressen.txt:{ledger_line(project, old)}: /{old}: diese Adresse war online "
        f"({deleted}) und wäre es nach diesem Stand nicht mehr: Links in Newslettern, auf "
        "Facebook und in Suchmaschinen führten ins Leere. Tragen Sie in "
        "data/weiterleitungen.yaml unter 'redirects:' ein: '  - {from: "
        f"/{old}, to: {target}}}' (oder 'removed: true' statt 'to: …', wenn die Seite "
        "entfernt bleiben soll)"
        for old, deleted, target in (
            (OLD, DELETED, "/aktuelles/"),
            (OLD_EN, DELETED_EN, "/en/news/"),
            (OLD_EVENT, DELETED_EVENT, "/termine/"),
        )
    ]


def ledger_line(project: Path, address: str) -> int:
    lines = (project / "data/adressen.txt").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"/{address} "))


def test_the_nginx_snippet_reads_the_map_the_build_writes():
    conf = (ROOT / "deploy/nginx-redirects.conf").read_text("utf-8")
    assert f"include /var/www/starke-regionen/{NGINX_MAP};" in conf
    assert "#          volatile;" in conf  # the 410 page's internal redirect (see the file)
    assert f"error_page 410 {REMOVED_PAGE}index.html;" in conf
    assert 'if ($showcase_redirect = "gone") {\n    return 410;' in conf
    assert "return 301 $showcase_redirect;" in conf


def test_the_web_editor_writes_the_redirects_file_with_the_check_s_address_rule():
    (form,) = redirects_collection(None, None)["files"]
    assert form["file"] == "data/weiterleitungen.yaml"
    (entries,) = form["fields"]
    assert entries["name"] == "redirects"
    fields = {field["name"]: field for field in entries["fields"]}
    assert tuple(fields) == FIELDS
    pattern = re.compile(fields["from"]["pattern"][0])
    for address in ("/aktuelles/2021/x/", "aktuelles/2021/x/", "/x/ /y/ 200!", "/a", "/../"):
        assert bool(pattern.match(address)) == (address_problem(address) is None), address


# --- how the ledger stays current


@pytest.mark.build
def test_make_publish_adds_what_it_put_online_to_the_ledger(sampled):
    # The shared build with the sample events moved in: new addresses went online.
    assert "data/adressen.txt: neue Adressen aufgenommen; committen Sie die Datei." in (
        sampled.stdout
    )
    ledger = (sampled.project / "data/adressen.txt").read_text("utf-8")
    assert ledger == (sampled.output / "adressen.txt").read_text("utf-8")
    assert (
        "/termine/2027/netzwerktreffen-maerz-2027/ content/termine/2027-03-28-netzwerktreffen.md\n"
        in ledger
    )
    # Nothing the committed ledger held is lost.
    committed = (ROOT / "data/adressen.txt").read_text("utf-8").splitlines()
    assert set(committed) <= set(ledger.splitlines())


@pytest.mark.build
def test_ci_merges_the_live_site_s_addresses_before_it_checks(project):
    live = project / "live"
    live.mkdir()
    (live / "adressen.txt").write_text(
        "/aktuelles/2017/nur-online/ content/news/2017-05-01-nur-online.md\n", "utf-8"
    )
    env = {**os.environ, "BIN": str(BIN), "SITEURL": live.as_uri()}
    merged = subprocess.run(
        [project / "scripts/live-addresses"], capture_output=True, text=True, env=env, check=False
    )
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout == "data/adressen.txt: 1 neue Adressen ergänzt; committen Sie die Datei.\n"
    ledger = (project / "data/adressen.txt").read_text("utf-8")
    assert "/aktuelles/2017/nur-online/ content/news/2017-05-01-nur-online.md\n" in ledger


@pytest.mark.build  # runs scripts/live-addresses in a process of its own
def test_without_a_live_ledger_ci_keeps_the_committed_one_and_says_why(project):
    ledger = (project / "data/adressen.txt").read_text("utf-8")
    never_published = project / "nie-online"
    never_published.mkdir()
    answers = []
    for siteurl in ("", never_published.as_uri()):
        env = {**os.environ, "BIN": str(BIN), "SITEURL": siteurl}
        run = subprocess.run(
            [project / "scripts/live-addresses"], capture_output=True, text=True, env=env
        )
        assert run.returncode == 0, run.stderr
        answers.append(run.stdout)
    assert answers == [
        "SITEURL fehlt: die Adressen der Website sind nicht abrufbar; nur data/adressen.txt "
        "zählt.\n",
        f"Keine adressen.txt unter {never_published.as_uri()} (noch nie veröffentlicht?): nur "
        "data/adressen.txt zählt.\n",
    ]
    assert (project / "data/adressen.txt").read_text("utf-8") == ledger


def test_the_web_editor_refuses_to_delete_a_published_post_without_a_redirect(monkeypatch):
    # The editor's check before a save (staff/entry_check.py) sees the deletion as pending.
    monkeypatch.chdir(ROOT)
    settings = apply_defaults(read_settings(str(ROOT / "pelicanconf.py")))
    errors, _ = findings(settings, {ROOT / DELETED: None})
    assert [f"{p.field}: {p.message}" for p in errors if p.file == "data/adressen.txt"] == [
        f"/{OLD}: diese Adresse war online ({DELETED}) und wäre es nach diesem Stand nicht "
        "mehr: Links in Newslettern, auf Facebook und in Suchmaschinen führten ins Leere. "
        "Tragen Sie in data/weiterleitungen.yaml unter 'redirects:' ein: '  - {from: "
        f"/{OLD}, to: /aktuelles/}}' (oder 'removed: true' statt 'to: …', wenn die Seite "
        "entfernt bleiben soll)"
    ]


# --- the rules as the servers read them: nginx and Apache, started on the build above

APACHE_CONF = """\
ServerRoot {folder}
PidFile {folder}/httpd.pid
ErrorLog {folder}/error.log
Listen 127.0.0.1:{port}
ServerName localhost
{modules}
TypesConfig /etc/mime.types
DocumentRoot {output}
DirectoryIndex index.html
<Directory {output}>
  AllowOverride FileInfo
  Require all granted
</Directory>
"""
APACHE_MODULES = ("mpm_event", "authz_core", "alias", "headers", "dir", "mime")


def nginx_conf(output: Path, folder: Path, port: int) -> list[str]:
    """nginx run as deploy/nginx-redirects.conf says: its http lines, then the include."""
    snippet = ROOT / "deploy/nginx-redirects.conf"
    http = [
        line.removeprefix("#      ").replace("/var/www/starke-regionen", str(output))
        for line in snippet.read_text("utf-8").splitlines()
        if line.startswith("#      ")
    ]
    conf = folder / "nginx.conf"
    # As root, nginx's workers would run as nobody, who cannot read the test's folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"daemon off;\n{user}pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events { worker_connections 16; }\nhttp {\naccess_log off;\n"
        + "\n".join(http)
        + f"\nserver {{\nlisten 127.0.0.1:{port};\nroot {output};\ninclude {snippet};\n}}\n}}\n",
        "utf-8",
    )
    return ["nginx", "-c", str(conf), "-p", str(folder)]


def apache_conf(output: Path, folder: Path, port: int) -> list[str]:
    modules = "\n".join(
        f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so"
        for name in APACHE_MODULES
    )
    conf = folder / "httpd.conf"
    conf.write_text(
        APACHE_CONF.format(folder=folder, port=port, modules=modules, output=output), "utf-8"
    )
    return ["apache2", "-f", str(conf), "-DFOREGROUND"]


def answer(port: int, path: str) -> tuple[int, str, str]:
    """Status, Location and body of one GET, without following a redirect."""
    deadline = time.monotonic() + 10
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            break
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, response.getheader("Location") or "", body


@pytest.mark.browser
@pytest.mark.build  # reads the shared `planted` build
@pytest.mark.parametrize("server", ["nginx", "apache2"])
def test_nginx_and_apache_send_301_and_410_with_the_german_page(moved, tmp_path, server):
    if shutil.which(server) is None:
        pytest.skip(f"{server} fehlt (scripts/install-test-deps installiert es)")
    port = free_port()
    make = nginx_conf if server == "nginx" else apache_conf
    command = make(moved.output, tmp_path, port)
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        for old in (OLD, OLD.rstrip("/"), f"{OLD}index.html"):
            status, location, _ = answer(port, f"/{old}")
            assert (status, location) == (301, f"http://127.0.0.1:{port}/themen/projekt/"), old
        status, _, body = answer(port, f"/{OLD_EN}")
        assert status == 410
        assert html.fromstring(body).xpath("string(//h1)") == "Diese Meldung wurde entfernt"
        assert answer(port, "/impressum/")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
