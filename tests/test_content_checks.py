"""The content rules of issue 22: links that resolve, no links to the preview or the office
network, e-mail links with mailto:, headings below the title, a text, readable lengths,
dates that are no year typos, no region removed while files still name it.

Each rule is tested by calling the function that applies it, with the exact message staff
read; a few tests run `check_input` on a copy of the project, where only the whole check
shows the rule (a post deleted while another links to it, a region removed from the data).
They pass bodies=False, as the build does: these rules read the source, not the parse.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from eventfiles import event_text
from pelican.settings import read_settings

from regional_showcase import input_check as checks
from regional_showcase.data.addresses import Addresses
from regional_showcase.data.content_rules import date_warning, months_after, post_text_rules
from regional_showcase.data.front_matter import split_header
from regional_showcase.data.headings import heading_problems
from regional_showcase.data.internal_links import (
    LinkingText,
    internal_link_problems,
    link_targets,
    local_links,
    mailto_problems,
    site_hosts,
)
from regional_showcase.data.loader import load_site_data
from regional_showcase.data.post_body import BodyRules
from regional_showcase.data.posts import check_posts, post_files
from regional_showcase.data.problems import Problem, ValidationFailed, warning
from regional_showcase.data.region_usage import removed_region_problems
from regional_showcase.events.loader import load_events
from regional_showcase.input_check import CheckedInput, check_input
from regional_showcase.markup import render_markdown
from regional_showcase.settings import apply_defaults
from regional_showcase.sitewide.link_users import posts_linking_to
from regional_showcase.sitewide.site_addresses import site_addresses
from regional_showcase.staff import cli

from sitebuild import ROOT

SHOWN = "content/news/2026-12-01-fachkraeftetag.md"


def lines(problems) -> list[str]:
    return [str(problem) for problem in problems]


def post(body: str = "Ein Text.", title: str = "Fachkräftetag", summary: str = "Kurz.") -> str:
    """A post as the web editor writes it; the body starts on line 9."""
    return (
        f"---\ntitle: {title}\ndate: 2026-12-01\nregions:\n  - suedwestfalen\n"
        f"category: Fachkräfte\nsummary: {summary}\n---\n{body}\n"
    )


def rules_of(text: str):
    return post_text_rules(split_header(text, SHOWN), SHOWN)


# --- headings


def test_a_text_starting_with_four_hashes_is_told_the_heading_to_write():
    assert lines(heading_problems("#### Hintergrund\n\nText.", SHOWN, 9, "Text")) == [
        f"{SHOWN}:9: Text: die Überschrift '#### Hintergrund' überspringt eine Ebene (nach dem "
        "Titel folgt '##'): schreiben Sie '## Hintergrund'"
    ]


def test_a_heading_may_not_skip_a_level_after_another():
    text = "## Worum es geht\n\nText.\n\n#### Termine\n\n### Anmeldung\n"
    assert lines(heading_problems(text, SHOWN, 9, "Text")) == [
        f"{SHOWN}:13: Text: die Überschrift '#### Termine' überspringt eine Ebene (nach '##' "
        "folgt '###'): schreiben Sie '### Termine'"
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# Fachkräftetag", 9),
        ("Fachkräftetag\n=============", 9),
        ("Text.\n\n<h1>Fachkräftetag</h1>", 11),
    ],
    ids=["hash", "underlined", "html"],
)
def test_a_second_main_heading_is_refused(text, line):
    assert lines(heading_problems(text, SHOWN, 9, "Text")) == [
        f"{SHOWN}:{line}: Text: die Überschrift '# Fachkräftetag' wäre eine zweite "
        "Hauptüberschrift: die Hauptüberschrift ist der Titel; schreiben Sie '## Fachkräftetag'"
    ]


def test_headings_in_order_and_hashes_in_code_are_fine():
    text = (
        "## Worum es geht\n\n### Programm\n\n## Anmeldung\n\n```\n# kein Titel\n#### auch nicht\n"
        "```\n\nDer Befehl `# Kommentar` steht im Text.\n\nEin Absatz\n- eine Liste\n---\n"
    )
    assert heading_problems(text, SHOWN, 9, "Text") == []


# --- a text, and readable lengths


def test_a_post_without_a_text_is_refused():
    for body in ("", "\n\n  \n", "<!-- noch schreiben -->"):
        assert lines(rules_of(post(body)).problems) == [
            f"{SHOWN}:9: Text: die Meldung hat keinen Text: schreiben Sie unter den Kopf "
            "mindestens einen Absatz (die Kurzfassung erscheint nur in Listen und Feeds)"
        ]


def test_a_long_title_asks_and_a_very_long_one_is_refused():
    asked = rules_of(post(title="T" * 91))
    assert asked.problems == []
    assert lines(asked.warnings) == [
        f"{SHOWN}:2: title: Warnung: der Titel hat 91 Zeichen; empfohlen sind höchstens 90: "
        "kürzen Sie ihn, oder bestätigen Sie die Länge"
    ]
    refused = rules_of(post(title="T" * 151))
    assert refused.warnings == []
    assert lines(refused.problems) == [
        f"{SHOWN}:2: title: der Titel hat 151 Zeichen; erlaubt sind höchstens 150: kürzen Sie "
        "ihn (gut lesbar sind bis 90)"
    ]
    assert rules_of(post(title="T" * 90)).warnings == []


def test_a_long_summary_asks_and_a_very_long_one_is_refused():
    asked = rules_of(post(summary="S" * 301))
    assert lines(asked.warnings) == [
        f"{SHOWN}:7: summary: Warnung: die Kurzfassung hat 301 Zeichen; empfohlen sind "
        "höchstens 300: kürzen Sie sie auf ein bis zwei Sätze, oder bestätigen Sie die Länge"
    ]
    assert lines(rules_of(post(summary="S" * 501)).problems) == [
        f"{SHOWN}:7: summary: die Kurzfassung hat 501 Zeichen; erlaubt sind höchstens 500: "
        "kürzen Sie sie auf ein bis zwei Sätze (gut lesbar sind bis 300)"
    ]
    assert rules_of(post(summary="S" * 300)).warnings == []


def test_the_editor_hints_name_the_limits_the_check_applies():
    from regional_showcase.cms.labels import HINTS

    assert "Bis 90 Zeichen; länger fragt die Prüfung nach, mehr als 150" in HINTS["title"]
    assert "bis 300 Zeichen" in HINTS["summary"]
    assert "mehr als 500 sind nicht erlaubt" in HINTS["summary"]


# --- dates


def test_a_date_more_than_twelve_months_ahead_asks():
    today = dt.date(2026, 12, 7)
    found = date_warning(dt.datetime(2062, 12, 1, 10), SHOWN, 3, "date", today)
    assert str(found) == (
        f"{SHOWN}:3: date: Warnung: das Datum 01.12.2062 liegt mehr als 12 Monate in der "
        "Zukunft, und die Meldung erscheint erst an diesem Tag: stimmt das Jahr? Korrigieren "
        "Sie es, oder bestätigen Sie das Datum"
    )
    assert found.is_warning
    assert date_warning(dt.datetime(2027, 12, 7, 23), SHOWN, 3, "date", today) is None
    assert date_warning(dt.datetime(2027, 12, 8), SHOWN, 3, "date", today) is not None
    assert months_after(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)


def test_a_date_before_the_first_post_asks():
    first = dt.date(2018, 11, 1)
    found = date_warning(dt.date(2008, 11, 1), SHOWN, 3, "Date", dt.date(2026, 12, 7), first)
    assert str(found) == (
        f"{SHOWN}:3: Date: Warnung: das Datum 01.11.2008 liegt vor der ersten Meldung der "
        "Website (01.11.2018): stimmt das Jahr? Korrigieren Sie es, oder bestätigen Sie das Datum"
    )
    assert date_warning(dt.date(2018, 11, 1), SHOWN, 3, "Date", dt.date(2026, 12, 7), first) is None


# --- e-mail addresses as link targets


def test_an_email_address_as_link_target_is_told_the_markdown_to_paste():
    body = (
        "Fragen an [presse@example.de](presse@example.de).\n\n"
        '[Presse]: presse@example.de\n\n<a href="info@example.de">Info</a>\n\n'
        "Richtig: [Presse](mailto:presse@example.de) und <presse@example.de>.\n"
    )
    assert lines(mailto_problems(link_targets(body), SHOWN, 9, "Text")) == [
        f"{SHOWN}:9: Text: der Link 'presse@example.de' ist eine E-Mail-Adresse ohne 'mailto:' "
        "und führt so ins Leere: schreiben Sie [presse@example.de](mailto:presse@example.de)",
        f"{SHOWN}:11: Text: der Link 'presse@example.de' ist eine E-Mail-Adresse ohne 'mailto:' "
        "und führt so ins Leere: schreiben Sie [Presse]: mailto:presse@example.de",
        f"{SHOWN}:13: Text: der Link 'info@example.de' ist eine E-Mail-Adresse ohne 'mailto:' "
        'und führt so ins Leere: schreiben Sie href="mailto:info@example.de"',
    ]
    assert lines(rules_of(post("[presse@example.de](presse@example.de)")).problems) == [
        f"{SHOWN}:9: Text: der Link 'presse@example.de' ist eine E-Mail-Adresse ohne 'mailto:' "
        "und führt so ins Leere: schreiben Sie [presse@example.de](mailto:presse@example.de)"
    ]


# --- links within the site, and to the preview or the office network

ADDRESSES = Addresses(
    pages=frozenset(
        {
            "",
            "termine/",
            "impressum/",
            "aktuelles/",
            "aktuelles/2023/welcome-center-stettiner-haff/",
            "images/karte.png",
        }
    ),
    prefixes=("theme/",),
    drafts={"aktuelles/2024/entwurf/": "content/news/2024-01-01-entwurf.md"},
    draft_fields={"content/news/2024-01-01-entwurf.md": (6, "status")},
    files={"pages/impressum.md": "impressum/", "images/karte.png": "images/karte.png"},
    paginated=frozenset({"aktuelles/"}),
)


def text_with(body: str, *, draft: bool = False, shown: str = SHOWN) -> LinkingText:
    links = tuple(link_targets(body) + local_links(body))
    return LinkingText(shown, "aktuelles/2026/fachkraeftetag/", shown[8:], draft, links, 9)


def link_lines(body: str, **options) -> list[str]:
    """The messages in the order `showcase check` prints them (ValidationFailed sorts)."""
    return lines(
        sorted(
            internal_link_problems(
                [text_with(body, **options)], ADDRESSES, ("regionen.example.org",)
            )
        )
    )


def test_links_to_pages_of_this_build_pass():
    body = "\n".join(
        [
            "[a](/termine/) [b](/impressum) [c](/impressum/index.html) [d](/)",
            "[e](https://regionen.example.org/impressum/) [f](#programm) [g](../../2023/",
            "welcome-center-stettiner-haff/) [h]({filename}../pages/impressum.md)",
            "[i](/aktuelles/seite/2/) [j](/theme/css/site.css) [k](/images/karte.png)",
            "[l](https://example.org/x) [m](mailto:a@example.org) [n](tel:+49301234)",
            "[o](javascript:alert(1)) [p]({index}) `[q](/gibt-es-nicht/)`",
        ]
    )
    assert link_lines(body.replace("(../../2023/\n", "(../../2023/")) == []


def test_a_mistyped_internal_link_is_refused_with_the_nearest_address():
    body = "[Termine](/termin/), [Bericht](/aktuelles/2023/welcome-center-stettiner-haf/)"
    assert link_lines(body) == [
        f"{SHOWN}:9: Text: der Link '/aktuelles/2023/welcome-center-stettiner-haf/' führt auf "
        "keine Seite dieser Website (meinten Sie '/aktuelles/2023/welcome-center-stettiner-haff/'?)"
        ": korrigieren Sie die Adresse oder entfernen Sie den Link",
        f"{SHOWN}:9: Text: der Link '/termin/' führt auf keine Seite dieser Website (meinten "
        "Sie '/termine/'?): korrigieren Sie die Adresse oder entfernen Sie den Link",
    ]
    # A post that merely shares the year is no suggestion.
    assert link_lines("[Bericht](/aktuelles/2023/allgaeu-mehr-freiraum/)") == [
        f"{SHOWN}:9: Text: der Link '/aktuelles/2023/allgaeu-mehr-freiraum/' führt auf keine "
        "Seite dieser Website: korrigieren Sie die Adresse oder entfernen Sie den Link"
    ]


def test_a_site_served_below_a_path_knows_its_own_absolute_links():
    """GitLab Pages serves at https://gruppe.gitlab.io/regionen/: that prefix is the root."""
    hosts = site_hosts("https://gruppe.gitlab.io/regionen", "http://localhost:8000")
    assert hosts == ("gruppe.gitlab.io/regionen",)
    body = (
        "[a](https://gruppe.gitlab.io/regionen/termine/) [b](https://gruppe.gitlab.io/andere/) "
        "[c](https://gruppe.gitlab.io/regionen/termin/)"
    )
    assert lines(internal_link_problems([text_with(body)], ADDRESSES, hosts)) == [
        f"{SHOWN}:9: Text: der Link 'https://gruppe.gitlab.io/regionen/termin/' führt auf keine "
        "Seite dieser Website (meinten Sie '/termine/'?): korrigieren Sie die Adresse oder "
        "entfernen Sie den Link"
    ]


def test_a_link_to_a_missing_file_names_the_nearest():
    assert link_lines("[Impressum]({filename}../pages/impresum.md)") == [
        f"{SHOWN}:9: Text: der Link '{{filename}}../pages/impresum.md' nennt die Datei "
        "content/pages/impresum.md, die es nicht gibt (meinten Sie 'pages/impressum.md'?): "
        "korrigieren Sie den Pfad oder entfernen Sie den Link"
    ]


def test_a_link_to_a_draft_is_refused_and_the_draft_names_who_links_to_it():
    assert link_lines("\n[Vorschau](/aktuelles/2024/entwurf/)") == [
        "content/news/2024-01-01-entwurf.md:6: status: die Meldung ist ein Entwurf, wird aber "
        f"verlinkt von {SHOWN}: veröffentlichen Sie sie, oder entfernen Sie dort die Links",
        f"{SHOWN}:10: Text: der Link '/aktuelles/2024/entwurf/' führt auf "
        "content/news/2024-01-01-entwurf.md, einen Entwurf, der nicht veröffentlicht wird: "
        "veröffentlichen Sie ihn, oder entfernen Sie den Link",
    ]
    # Neither is online: a draft may link to a draft.
    assert link_lines("[Vorschau](/aktuelles/2024/entwurf/)", draft=True) == []


@pytest.mark.parametrize(
    ("url", "host", "fix"),
    [
        (
            "http://localhost:8041/aktuelles/2023/welcome-center-stettiner-haff/#programm",
            "localhost",
            "verwenden Sie die Adresse ohne Vorschau: "
            "/aktuelles/2023/welcome-center-stettiner-haff/#programm",
        ),
        (
            "http://127.0.0.1:8000/termine/",
            "127.0.0.1",
            "verwenden Sie die Adresse ohne Vorschau: /termine/",
        ),
        ("http://[::1]:8000/", "::1", "verlinken Sie die öffentliche Adresse (https://…)"),
        (
            "http://192.168.178.20:8041/?token=abc",
            "192.168.178.20",
            "verlinken Sie die öffentliche Adresse (https://…)",
        ),
        (
            "https://10.1.2.3/intranet/",
            "10.1.2.3",
            "verlinken Sie die öffentliche Adresse (https://…)",
        ),
        ("http://172.20.0.5/", "172.20.0.5", "verlinken Sie die öffentliche Adresse (https://…)"),
        (
            "http://nas.local/bilder/",
            "nas.local",
            "verlinken Sie die öffentliche Adresse (https://…)",
        ),
    ],
)
def test_links_to_the_preview_or_the_office_network_are_refused(url, host, fix):
    shown = url if len(url) <= 80 else url[:79] + "…"
    assert link_lines(f"Siehe [hier]({url}).") == [
        f"{SHOWN}:9: Text: der Link '{shown}' führt auf einen Rechner im eigenen Netz "
        f"({host}, etwa die Vorschau), den Leserinnen und Leser nicht erreichen: {fix}"
    ]


def test_local_links_are_found_on_their_lines_outside_code():
    text = (
        "Erst http://localhost:8000/a und http://192.168.0.2/b.\n"
        "```\nhttp://127.0.0.1/im-code\n```\n"
        "Dann <http://vorschau.local/c>\n\nzuletzt https://example.org/ und http://[::1]/d"
    )
    assert [(link.line, link.target) for link in local_links(text)] == [
        (1, "http://localhost:8000/a"),
        (1, "http://192.168.0.2/b"),
        (5, "http://vorschau.local/c"),
        (7, "http://[::1]/d"),
    ]


def test_public_addresses_are_no_local_links():
    assert (
        link_lines("[a](https://172.32.0.1/) [b](https://8.8.8.8/) [c](https://local.example.org/)")
        == []
    )


# --- the addresses a build writes


def real_settings(folder: Path = ROOT, settings_file: str = "pelicanconf.py"):
    return apply_defaults(read_settings(str(folder / settings_file)))


@pytest.mark.build
def test_every_page_and_feed_the_publish_build_wrote_is_an_address_the_check_knows(published):
    """No false "keine Seite": the check's set holds all the build wrote (drafts and the
    sample events, which the development settings add, only make it larger)."""
    settings = real_settings(published.project)
    site = load_site_data(
        settings.data, settings.region_texts, None, settings.languages[1:], render=render_markdown
    )
    found: list = []
    posts = post_files(settings.news_dir)
    check_posts(posts, site, settings.content_path, bodies=False, infos=found)
    events = load_events(settings, site, BodyRules(settings.content_path))
    addresses = site_addresses(settings, site, found, events)
    # The pages and feeds: what a text links to (build records and host rules are not).
    written = [
        path.relative_to(published.output).as_posix().removesuffix("index.html")
        for path in published.output.rglob("*")
        if path.name == "index.html" or path.suffix in (".xml", ".ics")
    ]
    missing = [address for address in written if address not in addresses]
    assert missing == [], missing
    assert len(written) > 100


def test_the_shipped_posts_links_resolve_in_both_languages(monkeypatch):
    monkeypatch.chdir(ROOT)
    settings = real_settings()
    assert posts_linking_to(settings, "/en/regions/allgaeu/") == [
        "content/news/en/2023-06-21-allgaeu-more-room-to-breathe.md",
        "content/pages/en/moving-here.md",
    ]
    # {filename} links name the file, the address is what they lead to.
    assert posts_linking_to(settings, "barrierefreiheit/") == [
        "content/pages/gebaerdensprache.md",
        "content/pages/leichte-sprache.md",
    ]


def test_deleting_a_linked_post_is_refused_at_the_post_that_links_to_it(project, monkeypatch):
    monkeypatch.chdir(project)
    target = project / "content/news/2023-01-01-allgaeu-mehr-freiraum.md"
    linking = project / "content/news/2026-11-30-rueckblick.md"
    linking.write_text(
        post(
            "Mehr im [Bericht](/aktuelles/2023/allgaeu-mehr-freiraum/) und bei den "
            "[Terminen](/termin/).\n\nVorschau: http://localhost:8041/aktuelles/\n\n"
            "Die [neue Marke](/aktuelles/2022/vorpommern-neue-marke/).\n",
            title="Rückblick " + "R" * 81,
        ).replace("date: 2026-12-01", "date: 2062-11-30 10:00"),
        encoding="utf-8",
    )
    # Event texts and region texts are written by staff too: the same link rules.
    event = project / "content/termine/2027-03-28-rueckkehrertag.md"
    event.write_text(
        event_text("Mehr zur [Region](/regionen/suedwestfalen) und zu [Terminen](/termin/).")
        + "\nFragen an [info@example.de](info@example.de).\n",
        encoding="utf-8",
    )
    region = project / "content/regionen/allgaeu.md"
    region.write_text(
        region.read_text(encoding="utf-8") + "\nAlle [Termine](/termin/).\n", encoding="utf-8"
    )
    region_line = len(region.read_text(encoding="utf-8").splitlines())
    # Unpublished while linked: refused at the link, and the draft names who links to it.
    unpublished = project / "content/news/2022-06-01-vorpommern-neue-marke.md"
    unpublished.write_text(
        unpublished.read_text(encoding="utf-8").replace("---\n", "---\nstatus: draft\n", 1),
        encoding="utf-8",
    )
    settings = real_settings(project)
    # Before the delete: the editor asks with this list.
    assert posts_linking_to(settings, "/aktuelles/2023/allgaeu-mehr-freiraum/") == [
        "content/news/2026-11-30-rueckblick.md"
    ]
    assert posts_linking_to(settings, "regionen/suedwestfalen") == [
        "content/pages/leichte-sprache/suedwestfalen.md",
        "content/termine/2027-03-28-rueckkehrertag.md",
    ]
    target.unlink()
    with pytest.raises(ValidationFailed) as failed:
        check_input(settings, bodies=False)
    shown = "content/news/2026-11-30-rueckblick.md"
    mine = [line for line in lines(failed.value.problems) if line.startswith(shown)]
    assert mine == [
        f"{shown}:9: Text: der Link '/aktuelles/2023/allgaeu-mehr-freiraum/' führt auf keine "
        "Seite dieser Website: korrigieren Sie die Adresse oder entfernen Sie den Link",
        f"{shown}:9: Text: der Link '/termin/' führt auf keine Seite dieser Website (meinten Sie "
        "'/termine/'?): korrigieren Sie die Adresse oder entfernen Sie den Link",
        f"{shown}:11: Text: der Link 'http://localhost:8041/aktuelles/' führt auf einen Rechner "
        "im eigenen Netz (localhost, etwa die Vorschau), den Leserinnen und Leser nicht "
        "erreichen: verwenden Sie die Adresse ohne Vorschau: /aktuelles/",
        f"{shown}:13: Text: der Link '/aktuelles/2022/vorpommern-neue-marke/' führt auf "
        "content/news/2022-06-01-vorpommern-neue-marke.md, einen Entwurf, der nicht "
        "veröffentlicht wird: veröffentlichen Sie ihn, oder entfernen Sie den Link",
    ]
    assert [
        line
        for line in lines(failed.value.problems)
        if line.startswith("content/news/2022-06-01-vorpommern-neue-marke.md")
    ] == [
        "content/news/2022-06-01-vorpommern-neue-marke.md:2: status: die Meldung ist ein "
        f"Entwurf, wird aber verlinkt von {shown}: veröffentlichen Sie sie, oder entfernen Sie "
        "dort die Links"
    ]
    termin = (
        "Text: der Link '/termin/' führt auf keine Seite dieser Website (meinten Sie "
        "'/termine/'?): korrigieren Sie die Adresse oder entfernen Sie den Link"
    )
    others = ("content/termine/2027-03-28-rueckkehrertag.md", "content/regionen/allgaeu.md")
    assert [line for line in lines(failed.value.problems) if line.startswith(others)] == [
        f"content/regionen/allgaeu.md:{region_line}: {termin}",
        f"content/termine/2027-03-28-rueckkehrertag.md:16: {termin}",
        "content/termine/2027-03-28-rueckkehrertag.md:18: Text: der Link 'info@example.de' ist "
        "eine E-Mail-Adresse ohne 'mailto:' und führt so ins Leere: schreiben Sie "
        "[info@example.de](mailto:info@example.de)",
    ]
    # The year typo and the long title are found in the same run, as warnings.
    assert [w for w in lines(failed.value.warnings) if w.startswith(shown)] == [
        f"{shown}:2: title: Warnung: der Titel hat 91 Zeichen; empfohlen sind höchstens 90: "
        "kürzen Sie ihn, oder bestätigen Sie die Länge",
        f"{shown}:3: date: Warnung: das Datum 30.11.2062 liegt mehr als 12 Monate in der "
        "Zukunft, und die Meldung erscheint erst an diesem Tag: stimmt das Jahr? Korrigieren "
        "Sie es, oder bestätigen Sie das Datum",
    ]


# --- regions removed from the data


def test_removing_a_region_names_every_file_that_still_uses_it(project, monkeypatch):
    monkeypatch.chdir(project)
    data = project / "data/regions.yaml"
    text = data.read_text(encoding="utf-8")
    start = text.index("  - slug: vorpommern")
    following = re.search(r"^  - slug: ", text[start + 1 :], re.M)
    end = start + 1 + following.start() if following else len(text)
    data.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        check_input(real_settings(project), bodies=False)
    summary = [p for p in lines(failed.value.problems) if "steht nicht (mehr)" in p]
    assert summary == [
        "data/regions.yaml:1: regions: die Region 'vorpommern' steht nicht (mehr) in den "
        "Regionsdaten, wird aber noch verwendet von 8 Dateien: "
        "content/news/2022-03-28-vorpommern-verein-regionalmarketing.md, "
        "content/news/2022-06-01-vorpommern-neue-marke.md, "
        "content/news/2023-06-21-vorpommern-nachhaltige-tourismusdestination.md, "
        "content/news/2023-12-22-welcome-center-stettiner-haff.md, "
        "content/news/en/2023-12-22-welcome-center-stettiner-haff.md, "
        "content/regionen/en/vorpommern.md, content/regionen/vorpommern.md, "
        "content/termine/2019-06-28-eroeffnung-welcome-center-stettiner-haff-2019.md; "
        "stellen Sie die Region wieder her, oder entfernen Sie 'vorpommern' aus diesen Dateien"
    ]
    # With its region texts gone too, the data loads: the posts say it each, and once more
    # the region data, naming all of them.
    for text_file in ("content/regionen/vorpommern.md", "content/regionen/en/vorpommern.md"):
        (project / text_file).unlink()
    with pytest.raises(ValidationFailed) as failed:
        check_input(real_settings(project), bodies=False)
    found = lines(failed.value.problems)
    assert [p for p in found if "steht nicht (mehr)" in p] == [
        "data/regions.yaml:1: regions: die Region 'vorpommern' steht nicht (mehr) in den "
        "Regionsdaten, wird aber noch verwendet von 6 Dateien: "
        "content/news/2022-03-28-vorpommern-verein-regionalmarketing.md, "
        "content/news/2022-06-01-vorpommern-neue-marke.md, "
        "content/news/2023-06-21-vorpommern-nachhaltige-tourismusdestination.md, "
        "content/news/2023-12-22-welcome-center-stettiner-haff.md, "
        "content/news/en/2023-12-22-welcome-center-stettiner-haff.md, "
        "content/termine/2019-06-28-eroeffnung-welcome-center-stettiner-haff-2019.md; "
        "stellen Sie die Region wieder her, oder entfernen Sie 'vorpommern' aus diesen Dateien"
    ]
    told = [p.split(":")[0] for p in found if "unbekannte Region 'vorpommern'" in p]
    assert [f for f in told if f.startswith("content/")] == [
        "content/news/2022-03-28-vorpommern-verein-regionalmarketing.md",
        "content/news/2022-06-01-vorpommern-neue-marke.md",
        "content/news/2023-06-21-vorpommern-nachhaltige-tourismusdestination.md",
        "content/news/2023-12-22-welcome-center-stettiner-haff.md",
        "content/news/en/2023-12-22-welcome-center-stettiner-haff.md",
        "content/termine/2019-06-28-eroeffnung-welcome-center-stettiner-haff-2019.md",
    ]


def test_a_slug_in_one_post_alone_is_a_typo_told_at_that_post():
    users = {
        "allgau": ["content/news/a.md"],
        "bodensee": ["content/news/b.md"],
        "ruegen": ["content/news/c.md", "content/termine/d.md"],
        "harz": ["content/regionen/harz.md"],
    }
    found = removed_region_problems(
        ["bodensee"], users, "data/regions.yaml", Path("content/regionen")
    )
    assert [p.message.split(":")[0] for p in found] == [
        "die Region 'harz' steht nicht (mehr) in den Regionsdaten, wird aber noch verwendet von 1 Datei",
        "die Region 'ruegen' steht nicht (mehr) in den Regionsdaten, wird aber noch verwendet von 2 Dateien",
    ]


# --- warnings in `showcase check`


def test_check_prints_warnings_after_the_result_and_exits_zero(monkeypatch, capsys):
    asked = warning(SHOWN, 3, "date", "das Datum …")
    checked = CheckedInput(
        site=_Site(), items={"posts": [], "press": [], "events": _Events()}, warnings=[asked]
    )
    monkeypatch.setattr(checks, "check_input", lambda settings, gaps: checked)
    monkeypatch.setattr(cli, "_settings", lambda name: _Settings())
    assert cli.main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        f"\n1 Warnung (bitte prüfen; sie halten nichts auf):\n  {SHOWN}:3: date: Warnung: das Datum …\n"
    )


def test_check_prints_warnings_after_the_errors(monkeypatch, capsys):
    def failing(settings, gaps):
        raise ValidationFailed(
            [Problem(SHOWN, 9, "Text", "kaputt")], [warning(SHOWN, 2, "title", "lang")]
        )

    monkeypatch.setattr(checks, "check_input", failing)
    monkeypatch.setattr(cli, "_settings", lambda name: _Settings())
    assert cli.main(["check"]) == 1
    assert capsys.readouterr().err == (
        f"1 Problem gefunden:\n  {SHOWN}:9: Text: kaputt\n\n"
        f"1 Warnung (bitte prüfen; sie halten nichts auf):\n  {SHOWN}:2: title: Warnung: lang\n"
    )


class _Site:
    regions = topics = ()


class _Events:
    warnings = events = ()


class _Settings:
    """The settings `showcase check` hands to the (replaced) check: it reads none itself."""
