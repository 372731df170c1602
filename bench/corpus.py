"""Seeded benchmark corpus: the same N German news posts for three site generators.

    .venv/bin/python bench/corpus.py DEST --posts 1000 [--regions 7] [--seed 1]

writes

    DEST/ours/   a full copy of this project (data/, theme/, plugins/, pelicanconf.py,
                 publishconf.py, content/pages, content/regionen) plus content/news/*.md;
                 with --regions > 7, data/regions.yaml gets extra regions (copies of real ones
                 with a new slug, name and location, valid against the project's schema)
    DEST/plain/  plain Pelican: default theme, no plugins, the same post files
    DEST/hugo/   Hugo: content/posts/*.md with TOML front matter, taxonomies `regions` and
                 `topics` (list page and RSS feed per term), a tiny layouts/ set

Everything is a pure function of (posts, regions, seed): running it twice gives byte-identical
files. The project parts (data, theme, plugin, settings) are copied again on every call, so a
reused corpus always measures the current plugin; the posts are only rewritten when the
parameters change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import sys
from pathlib import Path

import yaml
from babel.dates import get_month_names

from regional_showcase.german import LOCALE, slugify_de

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = (
    "data",
    "theme",
    "plugins",
    "pelicanconf.py",
    "publishconf.py",
    "content/pages",
    "content/regionen",
)
FORMAT_VERSION = 3  # bump when the generated text changes, so reused corpora are rewritten
SITEURL = "https://bench.example.org"

# --------------------------------------------------------------------------- vocabulary
TOWNS = [
    "Olpe",
    "Siegen",
    "Arnsberg",
    "Soest",
    "Lüdenscheid",
    "Kempten",
    "Memmingen",
    "Kaufbeuren",
    "Lindau",
    "Friedrichshafen",
    "Konstanz",
    "Ravensburg",
    "Papenburg",
    "Lingen",
    "Meppen",
    "Leer",
    "Emden",
    "Koblenz",
    "Mayen",
    "Neuwied",
    "Altenkirchen",
    "Nordhausen",
    "Mühlhausen",
    "Sondershausen",
    "Greifswald",
    "Stralsund",
    "Pasewalk",
    "Anklam",
    "Bad Berleburg",
    "Marktoberdorf",
    "Überlingen",
    "Aurich",
    "Cochem",
    "Heiligenstadt",
    "Wolgast",
]
ACTORS = [
    "die Wirtschaftsförderung",
    "das Regionalmanagement",
    "die Industrie- und Handelskammer",
    "die Handwerkskammer",
    "ein Netzwerk mittelständischer Unternehmen",
    "die Hochschule",
    "das Welcome Center",
    "die Agentur für Arbeit",
    "der Kreistag",
    "der Tourismusverband",
    "ein Bündnis aus Handwerk und Verwaltung",
    "die Entwicklungsagentur",
    "der Regionalverein",
    "die Kreisverwaltung",
    "das Projektteam",
    "eine Arbeitsgruppe der Landkreise",
]
PROJECTS = [  # (accusative, as in "hat ... vorgestellt"; nominative for titles)
    ("ein gemeinsames Karriereportal", "Gemeinsames Karriereportal"),
    ("eine Rückkehrerkampagne", "Rückkehrerkampagne"),
    ("ein Mentoringprogramm", "Mentoringprogramm"),
    ("eine Pendlerbörse", "Pendlerbörse"),
    ("ein Coworking-Netzwerk", "Coworking-Netzwerk"),
    ("einen digitalen Ausbildungsatlas", "Digitaler Ausbildungsatlas"),
    ("eine Standortbroschüre", "Standortbroschüre"),
    ("ein Förderprogramm für Gründungen", "Förderprogramm für Gründungen"),
    ("eine Fachkräftewoche", "Fachkräftewoche"),
    ("ein Innovationslabor", "Innovationslabor"),
    ("eine Imagekampagne", "Imagekampagne"),
    ("einen Wohnraumkompass", "Wohnraumkompass"),
    ("ein Begrüßungspaket für Zugezogene", "Begrüßungspaket für Zugezogene"),
    ("eine Plattform für Praktika", "Plattform für Praktika"),
]
THEMES = [
    "die Fachkräftesicherung",
    "der Strukturwandel",
    "die Digitalisierung des Handwerks",
    "die Nahversorgung",
    "der Breitbandausbau",
    "die Mobilität auf dem Land",
    "die Ansiedlung junger Familien",
    "die Zusammenarbeit über Kreisgrenzen",
    "die Nachfolge in Familienbetrieben",
    "die Energiewende",
    "das Regionalmarketing",
    "die Willkommenskultur",
    "die duale Ausbildung",
    "die Gesundheitsversorgung",
]
GROUPS = [
    "Auszubildende",
    "Rückkehrerinnen und Rückkehrer",
    "Studierende",
    "Gründerinnen und Gründer",
    "Pendlerinnen und Pendler",
    "Fachkräfte aus dem Ausland",
    "junge Familien",
    "Unternehmerinnen und Unternehmer",
    "Schülerinnen und Schüler",
    "Beschäftigte in der Pflege",
]
BRANCHES = [  # all feminine: "aus der ...", "Betriebe der ..."
    "Maschinenbaubranche",
    "Ernährungswirtschaft",
    "Kunststoffindustrie",
    "Tourismusbranche",
    "Logistikbranche",
    "Gesundheitswirtschaft",
    "Metallindustrie",
    "Landwirtschaft",
    "Energiebranche",
    "Bauwirtschaft",
    "Verpackungsindustrie",
    "Holzindustrie",
]
# Month names from Babel (CLDR), as the site prints dates: no copy of them here.
MONTHS = list(get_month_names("wide", locale=LOCALE).values())
HEADINGS = [
    "Was sich ändert",
    "Die Ergebnisse im Überblick",
    "So geht es weiter",
    "Hintergrund",
    "Stimmen aus der Region",
    "Erfahrungen aus der Praxis",
    "Zahlen und Fakten",
    "Wer mitmachen kann",
    "Ein Blick in die Partnerregionen",
    "Was andere lernen können",
]
SENTENCES = [
    "{Actor} in {town} hat im {month} {project} vorgestellt.",
    "Nach eigenen Angaben beteiligen sich inzwischen {num} Betriebe aus der {branch} daran.",
    "Im Mittelpunkt steht {theme}; das Thema beschäftigt viele Kommunen der Region seit Jahren.",
    "Vor allem {group} sollen von dem Angebot profitieren.",
    "Die Idee entstand bei einem Vernetzungstreffen, an dem Vertreterinnen und Vertreter aus {num} Landkreisen teilnahmen.",
    "„Wir wollen zeigen, dass man hier gut leben und arbeiten kann“, sagte eine Sprecherin in {town}.",
    "Finanziert wird das Vorhaben zu einem großen Teil aus Mitteln des Landes und der beteiligten Kreise.",
    "Bis zum Jahr {year} sollen mindestens {num} weitere Partner gewonnen werden.",
    "Besonders gefragt waren bislang die Beratungstermine in {town} und {town2}.",
    "Die Zahl der Anfragen ist nach Angaben des Teams im Vergleich zum Vorjahr um {pct} Prozent gestiegen.",
    "Für die {branch} ist {theme} längst keine Randfrage mehr.",
    "{Actor} setzt dabei auf kurze Wege und feste Ansprechpartner.",
    "Ein erster Zwischenbericht soll im {month} vorliegen.",
    "Kritik kam zuletzt von kleineren Gemeinden, die sich eine stärkere Beteiligung wünschen.",
    "Wer sich informieren möchte, findet die Termine auf der Website der Region.",
    "Die Erfahrungen fließen auch in den **Praxisleitfaden** des Forschungsvorhabens ein.",
    "Ähnliche Ansätze gibt es bereits in anderen ländlichen Räumen, etwa rund um {town2}.",
    "Entscheidend sei, dass Verwaltung, Wirtschaft und Bildungseinrichtungen an einem Strang ziehen.",
    "Gerade für {group} ist die Frage nach Wohnraum und Kinderbetreuung oft ausschlaggebend.",
    "Die Organisatoren rechnen mit rund {num} Besucherinnen und Besuchern.",
    "Dass das Interesse so groß ist, hat selbst die Beteiligten in {town} überrascht.",
    "Neben Vorträgen gibt es Werkstattgespräche, Betriebsbesichtigungen und einen *Markt der Möglichkeiten*.",
    "{Actor} will die Ergebnisse im Herbst gemeinsam mit den Partnern auswerten.",
    "Langfristig soll das Angebot ohne Fördermittel auskommen.",
    "Dabei hilft auch, dass die Region mit der {branch} über eine starke industrielle Basis verfügt.",
    "Seit {year} arbeiten die Kreise in diesem Bereich enger zusammen als zuvor.",
    "Die Teilnahme ist kostenlos, eine Anmeldung wird jedoch empfohlen.",
    "Wie viele Stellen am Ende tatsächlich besetzt werden, lässt sich noch nicht sagen.",
]
LIST_ITEMS = [
    "Beratung für {group} an {num} Standorten",
    "ein gemeinsamer Auftritt der {branch} auf Messen",
    "feste Ansprechpartner in {town} und {town2}",
    "Praktikumsbörse mit mehr als {num} Angeboten",
    "Sprechstunden für Gründungen jeden ersten Dienstag im Monat",
    "Austausch mit anderen Partnerregionen zweimal im Jahr",
    "ein Newsletter für Unternehmen der {branch}",
    "Unterstützung bei der Suche nach Wohnung und Kita-Platz",
    "Fördermittelberatung für kleine und mittlere Betriebe",
]
TITLES = [
    "{Town}: {project_cap} startet",
    "{num} Betriebe beteiligen sich an {project}",
    "{theme_cap} bleibt Schwerpunkt in {region}",
    "Neue Wege für {group} in {region}",
    "{region} setzt auf {project}",
    "Bilanz nach einem Jahr: {project_cap} in {town}",
    "Vernetzungstreffen in {town}: {theme_cap} im Fokus",
    "{branch_cap} sucht Nachwuchs: {project_cap} soll helfen",
]
SUMMARIES = [
    "{Actor} in {town} hat {project} vorgestellt; im Mittelpunkt steht {theme}.",
    "Mehr als {num} Betriebe der {branch} machen mit, vor allem {group} sollen profitieren.",
    "In {region} geht {project} in die nächste Runde, erste Ergebnisse gibt es im {month}.",
]
EXTRA_REGION_PARTS = (
    ["Oberes", "Mittleres", "Unteres", "Nördliches", "Südliches", "Östliches", "Westliches"],
    [
        "Werratal",
        "Lahntal",
        "Altmarkland",
        "Rhönvorland",
        "Emsland",
        "Hunsrück",
        "Vogtland",
        "Eifelland",
        "Mühlviertel",
        "Saaleland",
        "Weserbergland",
        "Oderbruch",
        "Allertal",
        "Fichtelgebirge",
        "Hohenlohe",
        "Uckerland",
        "Westerwald",
        "Spessart",
        "Odenwald",
    ],
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- data
def load_data(source: Path = ROOT) -> dict:
    return yaml.safe_load((source / "data" / "regions.yaml").read_text(encoding="utf-8"))


def extra_regions(data: dict, count: int, rng: random.Random) -> list[dict]:
    """`count` new regions: copies of the real ones with a new slug, name and location."""
    base = data["regions"]
    used_slugs = {r["slug"] for r in base}
    used_names = {r["name"] for r in base}
    out = []
    for i in range(count):
        region = json.loads(json.dumps(base[i % len(base)]))  # deep copy, YAML-safe types
        prefix, land = rng.choice(EXTRA_REGION_PARTS[0]), rng.choice(EXTRA_REGION_PARTS[1])
        name = f"{prefix} {land}"
        number = 2
        while name in used_names:
            name = f"{prefix} {land} {number}"
            number += 1
        slug = slugify_de(name)
        while slug in used_slugs:
            slug = f"{slug}-{i}"
        used_names.add(name)
        used_slugs.add(slug)
        region["slug"], region["name"] = slug, name
        region["location"]["lat"] = round(rng.uniform(47.4, 54.8), 3)
        region["location"]["lon"] = round(rng.uniform(6.0, 14.9), 3)
        out.append(region)
    return out


def write_regions_yaml(source: Path, target: Path, extra: list[dict]) -> None:
    """Append the extra regions to a copy of regions.yaml (`regions:` is its last section)."""
    text = (source / "data" / "regions.yaml").read_text(encoding="utf-8")
    if extra:
        last_key = [line for line in text.splitlines() if re.match(r"^[a-z_]+:", line)][-1]
        if not last_key.startswith("regions:"):
            raise SystemExit("corpus: expected `regions:` to be the last section of regions.yaml")
        dumped = yaml.safe_dump(extra, allow_unicode=True, sort_keys=False, width=4096)
        indented = "".join(
            f"  {line}" if line.strip() else line for line in dumped.splitlines(keepends=True)
        )
        text = text.rstrip("\n") + "\n\n  # --- generated by bench/corpus.py\n" + indented
    (target / "data" / "regions.yaml").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- posts
class Writer:
    """German sentences from templates; every choice comes from one seeded Random."""

    def __init__(self, rng: random.Random, region_names: list[str]):
        self.rng = rng
        self.region_names = region_names

    def fill(self, template: str) -> str:
        r = self.rng
        town, town2 = r.sample(TOWNS, 2)
        actor, (project, project_nom), theme = (
            r.choice(ACTORS),
            r.choice(PROJECTS),
            r.choice(THEMES),
        )
        branch = r.choice(BRANCHES)
        values = {
            "town": town,
            "Town": town,
            "town2": town2,
            "actor": actor,
            "Actor": _cap(actor),
            "project": project,
            "project_cap": project_nom,
            "theme": theme,
            "theme_cap": _cap(theme.split(" ", 1)[1]),
            "branch": branch,
            "branch_cap": f"Die {branch}",
            "group": r.choice(GROUPS),
            "month": r.choice(MONTHS),
            "num": str(r.choice([3, 5, 7, 12, 18, 25, 40, 60, 120, 250])),
            "pct": str(r.randint(5, 60)),
            "year": str(r.randint(2015, 2030)),
            "region": r.choice(self.region_names),
        }
        return template.format(**values)

    def sentences(self, count: int) -> str:
        return " ".join(self.fill(self.rng.choice(SENTENCES)) for _ in range(count))

    def body(self, link: str, target_words: int = 420) -> str:
        r = self.rng
        parts = [
            self.sentences(3),
            f"## {r.choice(HEADINGS)}",
            self.sentences(4),
            "Die wichtigsten Punkte im Überblick:",
            "\n".join(f"- {self.fill(item)}" for item in r.sample(LIST_ITEMS, 4)),
            f"{self.sentences(2)} Mehr dazu steht auf der "
            f"[Website der Region]({link}). {self.sentences(1)}",
        ]
        words = sum(len(p.split()) for p in parts)
        while words < target_words - 10:
            paragraph = self.sentences(r.randint(3, 5))
            parts.append(paragraph)
            words += len(paragraph.split())
        return "\n\n".join(parts) + "\n"


def make_posts(n_posts: int, regions: list[dict], topics: list[dict], seed: int) -> list[dict]:
    """The posts as dicts; each gets a unique slug (a running number) and a date 2012–2025."""
    rng = random.Random(seed)
    writer = Writer(rng, [r["name"] for r in regions])
    slugs = [r["slug"] for r in regions]
    start = dt.datetime(2012, 1, 1, 8, 0)
    span_minutes = int((dt.datetime(2025, 12, 31, 18, 0) - start).total_seconds() // 60)
    posts = []
    for i in range(n_posts):
        date = start + dt.timedelta(minutes=rng.randrange(span_minutes))
        date = date.replace(minute=(date.minute // 15) * 15)
        title = writer.fill(rng.choice(TITLES))
        slug = f"{slugify_de(title)[:60].strip('-')}-{i + 1:05d}"
        if rng.random() < 0.08:
            post_regions = ["alle"]
        else:
            post_regions = rng.sample(slugs, rng.choice([1, 1, 1, 2, 2, 3]))
        region = next((r for r in regions if r["slug"] == post_regions[0]), regions[0])
        posts.append(
            {
                "title": title,
                "date": date,
                "topic": rng.choice(topics)["name"],
                "regions": post_regions,
                "slug": slug,
                "summary": writer.fill(rng.choice(SUMMARIES)),
                "body": writer.body(region["website"]),
            }
        )
    return posts


def pelican_post(post: dict) -> str:
    return (
        f"Title: {post['title']}\n"
        f"Date: {post['date']:%Y-%m-%d %H:%M}\n"
        f"Category: {post['topic']}\n"
        f"Regions: {', '.join(post['regions'])}\n"
        f"Slug: {post['slug']}\n"
        f"Summary: {post['summary']}\n"
        f"\n{post['body']}"
    )


def hugo_post(post: dict) -> str:
    def s(value: str) -> str:  # a JSON string is a valid TOML basic string
        return json.dumps(value, ensure_ascii=False)

    regions = ", ".join(s(r) for r in post["regions"])
    return (
        "+++\n"
        f"title = {s(post['title'])}\n"
        f"date = {post['date']:%Y-%m-%dT%H:%M:%S}\n"
        f"slug = {s(post['slug'])}\n"
        f"summary = {s(post['summary'])}\n"
        f"topics = [{s(post['topic'])}]\n"
        f"regions = [{regions}]\n"
        "+++\n\n" + post["body"]
    )


def file_name(post: dict) -> str:
    return f"{post['date']:%Y-%m-%d}-{post['slug']}.md"


# --------------------------------------------------------------------------- sites
PLAIN_CONF = f'''"""Plain Pelican for the benchmark: default theme, no plugins, Pelican's defaults."""
SITENAME = "Starke Regionen (plain Pelican)"
SITEURL = "{SITEURL}"
AUTHOR = "Bench"
PATH = "content"
ARTICLE_PATHS = ["news"]
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
PLUGINS = []
CACHE_CONTENT = False
'''

HUGO_CONFIG = f'''baseURL = "{SITEURL}/"
languageCode = "de"
defaultContentLanguage = "de"
title = "Starke Regionen (Hugo)"
timeZone = "Europe/Berlin"
paginate = 12
rssLimit = 50
disableKinds = ["robotsTXT"]

[taxonomies]
  region = "regions"
  topic = "topics"

[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS"]
'''

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ .Site.Title }}</title>
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav><a href="{{ "posts/" | relURL }}">Aktuelles</a> <a href="{{ "regions/" | relURL }}">Regionen</a> <a href="{{ "topics/" | relURL }}">Themen</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>Gefördert durch das BMEL.</footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2.1.2006" }}</time>
{{ range .GetTerms "topics" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<ul>{{ range .GetTerms "regions" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ if .IsPage }}<time>{{ .Date.Format "2.1.2006" }}</time><p>{{ .Summary }}</p>{{ end }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    # No `where .Site.RegularPages ...` under pagination here: that is quadratic in Hugo 0.111.
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul>{{ range first 6 .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <p>{{ .Summary }}</p></li>{{ end }}</ul>
<h2>Regionen</h2>
<ul>{{ range .Site.Taxonomies.regions }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
}


def _copy_project(source: Path, target: Path) -> None:
    for part in PROJECT_PARTS:
        src, dst = source / part, target / part
        if dst.is_dir():
            shutil.rmtree(dst)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
        else:  # e.g. an empty content/pages that git does not keep
            dst.mkdir(parents=True, exist_ok=True)
    # `make publish` needs the operator's facts for the legal pages (data/operator_pages.py,
    # SHOWCASE_OPERATOR): fictitious ones, on reserved example names.
    operator = {"name": "Benchmark e. V.", "email": "bench@example.org", "phone": "+49 000 0"}
    with (target / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(
            "\nfrom regional_showcase.data.operator_pages import FACTS as _FACTS\n"
            f"SHOWCASE_OPERATOR = {{**dict.fromkeys(_FACTS, 'Benchmark'), **{operator!r}}}\n"
        )
    # The corpus replaces the shipped posts, so every address in the shipped ledger would have
    # vanished without a redirect (data/address_ledger.py): a corpus starts a ledger of its own.
    (target / "data/adressen.txt").unlink(missing_ok=True)
    # `make html` ships the web editor from npm (pelicanconf.py): linked, not copied (66 MB).
    modules = target / "node_modules"
    if (ROOT / "node_modules").is_dir() and not modules.exists():
        modules.symlink_to(ROOT / "node_modules")


def _write_all(folder: Path, files: dict[str, str]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def generate(
    dest: Path, n_posts: int, n_regions: int = 7, seed: int = 1, source: Path = ROOT, log=print
) -> dict:
    """Write (or refresh) the three sites under `dest`; return a summary."""
    dest = Path(dest)
    data = load_data(source)
    base_count = len(data["regions"])
    if n_regions < base_count:
        raise SystemExit(f"corpus: --regions must be at least {base_count} (the real regions)")
    rng = random.Random(f"regions-{seed}")
    extra = extra_regions(data, n_regions - base_count, rng)
    regions = data["regions"] + extra

    ours, plain, hugo = dest / "ours", dest / "plain", dest / "hugo"
    ours.mkdir(parents=True, exist_ok=True)
    _copy_project(source, ours)
    write_regions_yaml(source, ours, extra)

    params = {
        "format": FORMAT_VERSION,
        "posts": n_posts,
        "regions": n_regions,
        "seed": seed,
        "topics": [t["name"] for t in data["topics"]],
        "region_slugs": hashlib.sha256("\n".join(r["slug"] for r in regions).encode()).hexdigest(),
    }
    marker = dest / "corpus.json"
    if marker.exists() and json.loads(marker.read_text())["params"] == params:
        log(f"corpus: reusing {n_posts} posts in {dest} (project files refreshed)")
        return json.loads(marker.read_text())
    marker.unlink(missing_ok=True)

    posts = make_posts(n_posts, regions, data["topics"], seed)
    names = [file_name(p) for p in posts]
    _write_all(
        ours / "content" / "news", {n: pelican_post(p) for n, p in zip(names, posts, strict=True)}
    )

    (plain / "content").mkdir(parents=True, exist_ok=True)
    (plain / "pelicanconf.py").write_text(PLAIN_CONF, encoding="utf-8")
    _write_all(
        plain / "content" / "news", {n: pelican_post(p) for n, p in zip(names, posts, strict=True)}
    )

    (hugo / "content").mkdir(parents=True, exist_ok=True)
    (hugo / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    if (hugo / "layouts").exists():
        shutil.rmtree(hugo / "layouts")
    for name, text in HUGO_LAYOUTS.items():
        path = hugo / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _write_all(
        hugo / "content" / "posts", {n: hugo_post(p) for n, p in zip(names, posts, strict=True)}
    )

    words = [len(p["body"].split()) for p in posts]
    summary = {
        "params": params,
        "dest": str(dest),
        "words_per_post": {
            "min": min(words, default=0),
            "max": max(words, default=0),
            "mean": round(sum(words) / max(len(words), 1), 1),
        },
        "years": sorted({p["date"].year for p in posts}),
        "alle_posts": sum(p["regions"] == ["alle"] for p in posts),
    }
    marker.write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
    log(
        f"corpus: wrote {n_posts} posts × 3 sites, {n_regions} regions, "
        f"{summary['words_per_post']['mean']} words/post on average, into {dest}"
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--regions", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.dest, args.posts, args.regions, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
