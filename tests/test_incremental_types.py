"""The incremental build against a clean one for the content types and edits that
tests/test_incremental.py's random sequences do not make: press releases, static pages,
pictures (new, and new bytes under the same name), the comparison, English translations, a
draft, redirects, the operator's facts, a SHOWCASE_* variable, a post's header alone, an edit
that keeps a file's size and modification time, `touch`, and cache/ folders that come from
elsewhere or are damaged. Each test: edits, an incremental build, a clean build (or one
made before of the same inputs), the same bytes (test_incremental's comparison).

A larger random run over these edits and test_incremental's:
`INCREMENTAL_EXAMPLES=30 .venv/bin/pytest tests/test_incremental_types.py -k random`."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from PIL import Image
from test_incremental import EDITS, NEWS, SHIPPED_POST, build, edit_steps, files_of

from sitebuild import project_without

PRESS = "content/presse"
SHIPPED_PRESS = f"{PRESS}/2022-05-25-leitfaden-regionale-zusammenarbeit.md"
PAGE = "content/pages/ueber-das-projekt.md"
# A shipped German post without an English translation (its slug is the translation key).
UNTRANSLATED = f"{NEWS}/2022-05-25-praxisleitfaden-fertig.md"
TRANSLATION = f"{NEWS}/en/2022-05-25-guide-finished.md"
PICTURE = "content/images/probebild.png"
SHOWN_BY = f"{NEWS}/2023-01-01-allgaeu-mehr-freiraum.md"
ENVIRONMENT = "environment.json"  # this test's SHOWCASE_* variables for the next builds
# Shipped German posts no test here names nor translates, left out of the fixture's copy: its
# builds cost mostly the corpus (this file 29-30 s of CPU instead of 31.5-33). Each year keeps
# a post, so the index still has bundles of years to take over (4 at 8 pages, 6 at 5, 3 at 12).
LEFT_OUT = (
    "2019-09-09-vernetzungstreffen-papenburg-fachkraeftesicherung.md",
    "2020-01-17-gruene-woche-2020.md",
    "2020-01-29-vernetzungstreffen-berlin-wahrnehmung.md",
    "2020-05-04-vernetzungstreffen-covid-19.md",
    "2020-10-28-vernetzungstreffen-giessen-branchencluster.md",
    "2021-03-01-online-umfrage.md",
    "2021-05-31-vernetzungstreffen-foerderung-laendlicher-raeume.md",
    "2022-03-01-arbeitstreffen-koblenz-interkommunale-zusammenarbeit.md",
)


def press_text(number: int, title: str) -> str:
    return (
        f"---\ntitle: {title}\ndate: 2026-11-0{number + 1} 10:00\nregions: alle\n"
        f"contact: koblenz-mittelrhein\nsummary: Eine Probemitteilung Nummer {number}.\n"
        f"---\n\nText der Mitteilung {number}.\n"
    )


def press_path(project: Path, number: int) -> Path:
    return project / PRESS / f"2026-11-0{number + 1}-probemitteilung-{number}.md"


def add_press(project: Path, number: int) -> None:
    press_path(project, number).write_text(press_text(number, f"Probemitteilung {number}"))


def edit_press(project: Path, number: int) -> None:
    """A new title for a release this test added, else for the shipped one."""
    path = press_path(project, number)
    if path.exists():
        path.write_text(press_text(number, f"Geänderte Probemitteilung {number}"), "utf-8")
        return
    shipped = project / SHIPPED_PRESS
    text = shipped.read_text("utf-8")
    shipped.write_text(text.replace("title: Sieben", f"title: ({number}) Sieben", 1), "utf-8")


def delete_press(project: Path, number: int) -> None:
    press_path(project, number).unlink(missing_ok=True)


def toggle_header_line(path: Path, line: str) -> None:
    """Add `line` after the header's first line, or take it out again."""
    text = path.read_text("utf-8")
    if f"\n{line}\n" in text:
        text = text.replace(f"\n{line}\n", "\n", 1)
    else:
        text = text.replace("---\n", f"---\n{line}\n", 1)
    path.write_text(text, "utf-8")


def press_status(project: Path, number: int) -> None:
    """A release this test added becomes a draft, or published again (a shipped one's
    address is in data/adressen.txt: it may not go)."""
    path = press_path(project, number)
    if not path.exists():
        add_press(project, number)
    toggle_header_line(path, "status: draft")


def edit_page(project: Path, number: int) -> None:
    """A static page's title (the navigation and footers name it) and text."""
    path = project / PAGE
    text = path.read_text("utf-8")
    title = "title: Über das Projekt"
    if title in text:
        text = text.replace(title, f"{title} StaR", 1)
    else:
        text = text.replace(f"{title} StaR", title, 1)
    path.write_text(text + f"\nNoch ein Absatz ({number}).\n", "utf-8")


def draw_picture(path: Path, width: int, colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, width * 2 // 3), colour).save(path)


def show_picture(project: Path, number: int) -> None:
    """A new picture in content/images/, shown in a shipped post's body (or no longer)."""
    draw_picture(project / PICTURE, 900, (40, 90, 160))
    path = project / SHOWN_BY
    line = "\n![Ein blaues Probebild](images/probebild.png)\n"
    text = path.read_text("utf-8")
    path.write_text(text.replace(line, "") if line in text else text + line, "utf-8")


def replace_picture(project: Path, number: int) -> None:
    """New bytes under the same name: other size in pixels, other colour."""
    if (project / PICTURE).exists():
        draw_picture(project / PICTURE, (600, 1200, 750)[number], (150 + number * 30, 60, 40))


def edit_comparison(project: Path, number: int) -> None:
    """The comparison page's sources (its note on the first source)."""
    path = project / "data/comparison.yaml"
    text = path.read_text("utf-8")
    old = 'note: "CSV-Datei der Bundeswahlleiterin'
    new = f'note: "({number}) CSV-Datei der Bundeswahlleiterin'
    text = text.replace(old, new, 1) if old in text else text.replace(f"({number}) ", "", 1)
    path.write_text(text, "utf-8")


def toggle_translation(project: Path, number: int) -> None:
    """An English translation of a shipped post is added, or deleted: the German page names
    it (alternates, hreflang), the English listings show it."""
    path = project / TRANSLATION
    if path.exists():
        path.unlink()
        return
    path.write_text(
        "---\ntitle: The practical guide is finished\ndate: 2022-05-25 10:00\nregions:\n"
        "  - alle\ncategory: Projekt\nsummary: What the project found, as a guide.\n"
        "slug: guide-finished\nlang: en\ntranslation_key: praxisleitfaden-fertig\n---\n\n"
        "The guide is finished.\n",
        "utf-8",
    )


def toggle_draft(project: Path, number: int) -> None:
    """A post this test added becomes a draft (it leaves every listing), or is published
    again (a shipped post's address is in data/adressen.txt: it may not go)."""
    path = project / NEWS / f"2026-11-0{number + 1}-probe-{number}.md"
    if not path.exists():
        EDITS["add_post"](project, number)
    toggle_header_line(path, "status: draft")


def add_redirect(project: Path, number: int) -> None:
    """An old address leads to a shipped post (a redirect page, .htaccess, _redirects)."""
    path = project / "data/weiterleitungen.yaml"
    text = path.read_text("utf-8").replace("redirects: []\n", "redirects:\n")
    # A new old address each time: one address twice is refused (the larger run repeats edits).
    taken = text.count("/aktuelles/2019/alte-adresse-")
    text += (
        f"  - from: /aktuelles/2019/alte-adresse-{number}-{taken}/\n"
        "    to: /aktuelles/2023/nordthueringen-fachkraefte/\n"
    )
    path.write_text(text, "utf-8")


def change_operator(project: Path, number: int) -> None:
    """The operator's facts in the settings (the legal pages show them)."""
    line = f'SHOWCASE_OPERATOR = {{**SHOWCASE_OPERATOR, "phone": "+49 000 00000{number}"}}'
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write(f"\n{line}\n")


def change_environment(project: Path, number: int) -> None:
    """A SHOWCASE_* variable of the next builds: the pages per search bundle."""
    (project / ENVIRONMENT).write_text(json.dumps({"bundle_pages": (5, 12, 8)[number]}))


def edit_header(project: Path, number: int) -> None:
    """A shipped post's title, summary, region and topic, its body untouched: the listings
    that show it, the related posts of other posts, the feeds. The same number again takes
    each change back."""
    path = project / SHIPPED_POST
    text = path.read_text("utf-8")
    for mark in ('title: "', "summary: "):
        marked = f"{mark}({number}) "
        text = text.replace(marked, mark, 1) if marked in text else text.replace(mark, marked, 1)
    for old, new in (
        ("  - nordthueringen\n", "  - nordthueringen\n  - allgaeu\n"),
        ("category: Fachkräfte\n", "category: Projekt\n"),
    ):
        text = text.replace(new, old, 1) if new in text else text.replace(old, new, 1)
    path.write_text(text, "utf-8")


def same_tick_edit(project: Path, number: int) -> None:
    """New bytes in a shipped post's body, with its old size and modification time."""
    path = project / SHIPPED_POST
    stat = path.stat()
    data = path.read_bytes()
    old, new = (b" und ", b" UND ") if b" UND " not in data else (b" UND ", b" und ")
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


LEAD_PHOTO = "content/images/titelbild.png"
LEAD_POST = f"{NEWS}/2026-11-09-mit-titelbild.md"


def lead_photo_same_tick(project: Path, number: int) -> None:
    """A new post with a lead photo (its preview card is the photo, cropped); once there,
    the photo gets other pixels with its old size and modification time."""
    photo, post = project / LEAD_PHOTO, project / LEAD_POST
    colour = ((200, 40, 40), (40, 200, 40), (40, 40, 200))[number]
    if not post.exists():
        photo.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (1200, 800), colour).save(photo, compress_level=0)
        post.write_text(
            "---\ntitle: Mit Titelbild\ndate: 2026-11-09\nregions:\n  - allgaeu\n"
            "category: Fachkräfte\nsummary: Eine Meldung mit Titelbild.\n"
            "image: images/titelbild.png\nimage_alt: Eine Fläche in einer Farbe\n"
            "image_credit: Testperson\nimage_licence: CC BY 4.0\n---\n\nText.\n",
            "utf-8",
        )
        return
    stat = photo.stat()
    Image.new("RGB", (1200, 800), colour).save(photo, compress_level=0)
    assert photo.stat().st_size == stat.st_size
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def touch_everything(project: Path, number: int) -> None:
    """Every input file gets a new modification time, none new bytes."""
    for folder in ("content", "data", "theme", "plugins"):
        for path in (project / folder).rglob("*"):
            if path.is_file():
                path.touch()
    (project / "pelicanconf.py").touch()


def older_format(value, depth: int = 0):
    """A JSON value of the same shape one level down, each list cut to its first item (an
    entry of fewer fields, as an older format wrote it)."""
    if isinstance(value, dict):
        return {key: older_format(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list) and depth > 1:
        return value[:1]
    return value


def damage_caches(project: Path, number: int) -> None:
    """(0) The kept files of cache/ with a format number cut in half, the others an empty
    list, the pictures kept there (cards, variants, clean copies) cut in half; (1) the files
    without a format number in an older format (the others refuse another number)."""
    for path in sorted((project / "cache").rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix != ".json":
            if number == 0:
                path.write_bytes(data[: len(data) // 2])
            continue
        saved = json.loads(data)
        if "format" in saved:
            if number == 0:
                path.write_bytes(data[: len(data) // 2])
        else:
            path.write_text("[]" if number == 0 else json.dumps(older_format(saved)))


def cache_from_elsewhere(project: Path, number: int) -> None:
    """cache/ and the output as CI restores them on a runner (at the same checkout path):
    copies (new inodes, times kept) whose records name another machine. (Another checkout
    path takes nothing over: the content folder's absolute path is a setting.)"""
    for folder in ("cache", "site"):
        shutil.copytree(project / folder, project / f"{folder}.copy", symlinks=True)
        shutil.rmtree(project / folder)
        (project / f"{folder}.copy").rename(project / folder)
    for path in (project / "cache").rglob("*.json"):
        text = path.read_text("utf-8")
        path.write_text(text.replace(_boot_id(), "ein-anderer-rechner"), "utf-8")


def _boot_id() -> str:
    from regional_showcase.known_files import machine

    return machine()


def change_jinja(project: Path, number: int) -> None:
    """Jinja's whitespace handling (JINJA_ENVIRONMENT): the compiled templates change with
    it, not only the pages."""
    line = f'JINJA_ENVIRONMENT = {{**JINJA_ENVIRONMENT, "lstrip_blocks": {number != 1}}}'
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write(f"\n{line}\n")


def replace_font(project: Path, number: int) -> None:
    """The preview cards' font file gets other letters (the regular cut for the bold)."""
    fonts = project / "theme/fonts"
    bold, regular = fonts / "DejaVuSans-Bold.ttf", fonts / "DejaVuSans.ttf"
    if number == 0:
        bold.write_bytes(regular.read_bytes())


def markdown_object(project: Path, number: int) -> None:
    """A Markdown extension given as an object, whose options are its state, not its text:
    (0) a post with a heading, and a link mark for the headings; (1, 2) another mark."""
    post = project / NEWS / "2026-11-08-mit-abschnitt.md"
    if not post.exists():
        post.write_text(
            "---\ntitle: Mit Abschnitt\ndate: 2026-11-08\nregions:\n  - allgaeu\n"
            "category: Fachkräfte\nsummary: Kurz.\n---\n\n## Ein Abschnitt\n\nText.\n",
            "utf-8",
        )
    mark = ("¶", "#", "§")[number]
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write(
            "\nfrom markdown.extensions.toc import TocExtension\n"
            f'MARKDOWN = {{**MARKDOWN, "extensions": [TocExtension(permalink="{mark}")]}}\n'
        )


FILTER_WORDS = ("eins", "zwei", "drei")


def change_filter(project: Path, number: int) -> None:
    """A Jinja filter defined in the settings (a function), shown on every post page: (0)
    added with the template that uses it, (1, 2) only its code changed. Applied to a
    constant too, which Jinja's compiler replaces by the result (template_cache.py)."""
    body = FILTER_WORDS[number]
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings_file:
        settings_file.write(f"\nJINJA_FILTERS = {{'probe': lambda text: '{body}'}}\n")
    path = project / "theme/templates/article.html"
    block = "{% block og_extra %}"
    use = "<!-- {{ article.title|probe }} {{ 'x'|probe }} -->"
    text = path.read_text("utf-8")
    if use not in text:
        path.write_text(text.replace(block, f"{block}{use}", 1), "utf-8")


MORE_EDITS = {
    "add_press": add_press,
    "edit_press": edit_press,
    "delete_press": delete_press,
    "press_status": press_status,
    "edit_page": edit_page,
    "show_picture": show_picture,
    "replace_picture": replace_picture,
    "edit_comparison": edit_comparison,
    "toggle_translation": toggle_translation,
    "toggle_draft": toggle_draft,
    "add_redirect": add_redirect,
    "change_operator": change_operator,
    "change_environment": change_environment,
    "edit_header": edit_header,
    "same_tick_edit": same_tick_edit,
    "touch_everything": touch_everything,
    "change_filter": change_filter,
    "change_jinja": change_jinja,
    "replace_font": replace_font,
    "markdown_object": markdown_object,
    "lead_photo_same_tick": lead_photo_same_tick,
    "damage_caches": damage_caches,
    "cache_from_elsewhere": cache_from_elsewhere,
}


def build_site(
    project: Path, name: str = "site", cache: str = "cache", shared_templates: bool = False
) -> Path:
    """test_incremental's build (scripts/html's steps), with this test's SHOWCASE_* variables
    (ENVIRONMENT: its build sets the pages per bundle itself) and, for a clean build, a
    folder of compiled templates of its own (the tests share one: a clean build must not
    take stale compiled templates from it), unless `shared_templates`: the edits since the
    fixture changed no template, Jinja option or filter, so the shared folder holds nothing
    stale for them."""
    file = project / ENVIRONMENT
    pages = json.loads(file.read_text())["bundle_pages"] if file.exists() else 8
    variables = {"SHOWCASE_SEARCH_BUNDLE_PAGES": str(pages)}
    if cache != "cache" and not shared_templates:
        variables["SHOWCASE_TEMPLATE_CACHE"] = str(project / cache / "templates")
    return build(project, name, cache, variables)


def assert_equals_clean(
    project: Path, incremental: Path, clean: dict | None = None, shared_templates: bool = False
) -> None:
    """The incremental build's files are a clean build's; `clean`: the files of a clean
    build of these inputs made before (the fixture's first build, START), else one now
    (`shared_templates`: build_site's). Either is kept as the clean build of the inputs as
    they are now (CLEAN)."""
    if clean is None:
        shutil.rmtree(project / "clean", ignore_errors=True)
        shutil.rmtree(project / "cache-clean", ignore_errors=True)
        clean = files_of(build_site(project, "clean", "cache-clean", shared_templates))
    (project / CLEAN).write_text(json.dumps(clean), "utf-8")
    mine, theirs = files_of(incremental), clean
    assert sorted(mine.keys() - theirs.keys()) == [], "stale files"
    assert sorted(theirs.keys() - mine.keys()) == [], "missing files"
    assert sorted(name for name in mine if mine[name] != theirs[name]) == [], "different"


# The files of the fixture's first build (an empty cache/, no output: a clean build), for
# the step that takes POSTS' edits back; and of the last clean build of the inputs as they
# are now (that or a step's), for the tests that change no input.
START, CLEAN = "start.json", "clean.json"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The shipped site without LEFT_OUT, with a press release, a picture a post shows and a
    post with a lead photo of this test's (what CONTENT changes) and a post of its own (POSTS
    make it a draft and publish it again), built once."""
    folder = project_without(tmp_path_factory.mktemp("types"), LEFT_OUT)
    for edit in (add_press, show_picture, lead_photo_same_tick):
        edit(folder, 0)
    EDITS["add_post"](folder, 1)
    (folder / START).write_text(json.dumps(files_of(build_site(folder))), "utf-8")
    shutil.copy(folder / START, folder / CLEAN)
    return folder


def run_edits(project: Path, edits: list[tuple[str, int]], shared_templates: bool = False) -> None:
    for edit, number in edits:
        (MORE_EDITS.get(edit) or EDITS[edit])(project, number)
    assert_equals_clean(project, build_site(project), shared_templates=shared_templates)


ALL_EDITS = sorted({*MORE_EDITS, *EDITS})


@settings(
    max_examples=int(os.environ.get("INCREMENTAL_EXAMPLES", "0")) or 1,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.build
@pytest.mark.long
@pytest.mark.skipif(
    "INCREMENTAL_EXAMPLES" not in os.environ, reason="a larger run: INCREMENTAL_EXAMPLES=30"
)
@given(steps=edit_steps(max_size=3, names=ALL_EDITS))
def test_random_edits_of_every_kind(project, steps):
    for edit, number, build_now in steps:
        (MORE_EDITS.get(edit) or EDITS[edit])(project, number)
        if build_now:
            build_site(project)
    assert_equals_clean(project, build_site(project))


# Steps whose edits cannot hide each other's staleness. A post's edits render the pages that
# show it (POSTS); a release, page, picture or the data render every page (content/ outside
# the posts is in every page's key), so they go together in one step (CONTENT), after the
# fixture made what they change: what can go stale there is what the Writer does not make
# (pictures, cards, the press feeds, the editor's files). POSTS' edits each taken back again
# (a translation deleted, a draft published, the header and the body as they were) give the
# fixture's inputs: its first build is their clean build (START), no second one is made.
POSTS = [("edit_header", 0), ("toggle_translation", 0), ("toggle_draft", 1), ("same_tick_edit", 0)]
CONTENT = [
    ("add_press", 1),
    ("press_status", 0),
    ("edit_page", 0),
    ("replace_picture", 0),
    ("lead_photo_same_tick", 1),
    ("edit_comparison", 0),
    ("add_redirect", 0),
]


@pytest.mark.build
@pytest.mark.long  # three steps, each an incremental build, two a clean one: handed out first
def test_edits_of_every_content_type_build_what_a_clean_build_does(project):
    """These edits change no template, Jinja option or filter: the clean builds take the
    compiled templates from the run's shared folder, as the incremental ones do (with a
    folder of their own, compiled and analysed again: 1-2 s more CPU each; the random
    settings test changes them and keeps its own)."""
    run_edits(project, POSTS, shared_templates=True)
    for edit, number in POSTS:  # each taken back: the fixture's inputs again
        (MORE_EDITS.get(edit) or EDITS[edit])(project, number)
    assert_equals_clean(project, build_site(project), json.loads((project / START).read_text()))
    run_edits(project, CONTENT, shared_templates=True)


@pytest.mark.build
@pytest.mark.parametrize("damage", ["cut", "older", "elsewhere"])
def test_a_damaged_or_foreign_cache_builds_what_a_clean_build_does(project, damage):
    """No edit: the last clean build is the comparison (CLEAN: the last step's, or the
    fixture's first build). `touch` on every input first."""
    clean = json.loads((project / CLEAN).read_text("utf-8"))
    touch_everything(project, 0)
    if damage == "elsewhere":
        cache_from_elsewhere(project, 0)
        incremental = files_of(build_site(project))
    else:
        shutil.copytree(project / "cache", project / "cache.good")
        try:
            damage_caches(project, ("cut", "older").index(damage))
            incremental = files_of(build_site(project))
        finally:  # the next test starts from a whole cache/ again
            shutil.rmtree(project / "cache")
            (project / "cache.good").rename(project / "cache")
    assert sorted(incremental.keys() ^ clean.keys()) == []
    assert sorted(name for name in incremental if incremental[name] != clean[name]) == []


@pytest.mark.build
@pytest.mark.long
@pytest.mark.skipif("INCREMENTAL_EXAMPLES" not in os.environ, reason="each edit alone: slow")
@pytest.mark.parametrize("edit", sorted(MORE_EDITS))
def test_random_each_edit_alone(project, edit):
    """Every edit kind on its own, twice (with INCREMENTAL_EXAMPLES set, as -k random)."""
    run_edits(project, [(edit, 0)])
    run_edits(project, [(edit, 1)])


def test_a_kept_identity_in_another_shape_is_read_again(tmp_path):
    from regional_showcase.known_files import MACHINE, KnownFiles, machine, sha256_hex

    path = tmp_path / "seite.html"
    path.write_text("neu", encoding="utf-8")
    os.utime(path, ns=(10**18, 10**18))
    stat = path.stat()
    key = f"{stat.st_dev}:{stat.st_ino}"
    for held in (5, [stat.st_size, stat.st_mtime_ns]):
        assert KnownFiles({MACHINE: machine(), key: held}).value(path) == sha256_hex(b"neu")


@pytest.mark.build
@pytest.mark.long
@pytest.mark.skipif("INCREMENTAL_EXAMPLES" not in os.environ, reason="the unit tests below")
def test_random_settings_functions_jinja_options_fonts_and_environment_reach_every_file(
    project,
):
    """A filter's new code under the same name: every page that shows it is rendered, and
    compiled anew where Jinja put its result into the compiled template. Jinja's options:
    the templates are compiled anew. The cards' font: the cards are drawn anew. An object's
    new options in the settings: every page is rendered."""
    # With the SHOWCASE_ variable and the operator's facts: each renders every page (none of
    # these can show the others' staleness in pages; the fonts' is in the cards, Jinja's in
    # the compiled templates).
    edits = [("change_jinja", 1), ("replace_font", 0), ("change_environment", 0)]
    run_edits(project, [*edits, ("change_operator", 0)])
    change_filter(project, 0)  # a new filter: every template is compiled again
    markdown_object(project, 0)
    build_site(project)
    run_edits(project, [("change_filter", 1)])
    page = project / "site/aktuelles/2023/nordthueringen-fachkraefte/index.html"
    assert "<!-- zwei zwei -->" in page.read_text("utf-8")
    run_edits(project, [("markdown_object", 1)])


def lambda_of(source: str):
    """A function made from its source alone: two bodies at the same place in a file."""
    namespace: dict = {}
    exec(compile(source, "pelicanconf.py", "exec"), namespace)
    return namespace["probe"]


def test_a_function_or_object_in_the_settings_counts_by_its_code_and_state():
    """The builds above in milliseconds (test_random_settings_…): a Jinja filter in
    pelicanconf.py with a new body, a Markdown extension object with a new option."""
    from markdown.extensions.toc import TocExtension

    from regional_showcase.preview.manifest import settings_digest

    def digest(filter_body: str, mark: str) -> str:
        probe = lambda_of(f"probe = lambda text: {filter_body!r}")
        extension = TocExtension(permalink=mark)
        return settings_digest({"JINJA_FILTERS": {"probe": probe}, "MARKDOWN": [extension]})

    assert digest("eins", "#") == digest("eins", "#")
    assert digest("zwei", "#") != digest("eins", "#")
    assert digest("eins", "¶") != digest("eins", "#")


def test_compiled_templates_are_kept_by_jinjas_options_and_its_filters_code(tmp_path):
    from jinja2 import Environment

    from regional_showcase.template_cache import TemplateCache

    cache = TemplateCache(str(tmp_path))

    def checksum(filter_body: str = "eins", **options) -> str:
        env = Environment(**options)
        env.filters["probe"] = lambda_of(f"probe = lambda text: {filter_body!r}")
        return cache.get_bucket(env, "seite.html", None, "{{ 'x'|probe }}").checksum

    assert checksum() == checksum()
    assert checksum(lstrip_blocks=True) != checksum()
    assert checksum("zwei") != checksum()


def test_a_preview_card_is_kept_by_the_font_that_draws_it(tmp_path):
    from regional_showcase.pictures.social import Card, Painter

    fonts = Path(__file__).resolve().parent.parent / "theme/fonts"
    other = tmp_path / "fonts"
    other.mkdir()
    (other / "DejaVuSans-Bold.ttf").write_bytes((fonts / "DejaVuSans.ttf").read_bytes())
    card = Card("Thema", "Titel", "Allgäu", "#336699")
    assert card.key(Painter(fonts).drawing) == card.key(Painter(fonts).drawing)
    assert card.key(Painter(other).drawing) != card.key(Painter(fonts).drawing)
