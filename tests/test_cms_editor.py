"""End to end: staff write in the web editor, and the files and the site follow the rules.

One Chromium session against a real decap-server on 127.0.0.1 and a temporary Git checkout
of the project: log in, refuse what the check refuses (nothing written), create a post with
umlauts, two regions, a topic and an image with alt text, save it as a draft, publish it;
change an existing post's summary and two fields of the region data (each diff: only those);
then the editorial workflow against a second decap-server in git mode, and one check and one
build of the checkout with every post the editor wrote. Timings go to bench/ (SHOWCASE_BENCH_OUT), screenshots to docs/screenshots/
(SHOWCASE_SCREENSHOTS=1); nothing here asserts a duration.
"""

from __future__ import annotations

import contextlib
import faulthandler
import functools
import http.server
import json
import mimetypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import feedparser
import pytest
import yaml
from PIL import Image

from regional_showcase.data.content_rules import post_text_rules
from regional_showcase.data.front_matter import split_header
from regional_showcase.data.internal_links import local_link_message
from regional_showcase.german import slugify_de
from regional_showcase.staff.cms import start_decap_server, stop_process_group
from regional_showcase.staff.cms_proxy import start_proxy

from sitebuild import ROOT, copy_project, free_port, run_build, run_showcase

pytestmark = [pytest.mark.browser, pytest.mark.build, pytest.mark.long]
CHROMIUM = Path("/usr/bin/chromium")
TITLE = "Grüße aus Südwestfalen: Straßenfest im Allgäu"
SLUG = "gruesse-aus-suedwestfalen-strassenfest-im-allgaeu"
SCREENSHOTS = ROOT / "docs/screenshots"
# An existing post whose summary the editor changes (its other lines must stay as they are).
EXISTING = "2023-12-22-welcome-center-stettiner-haff"
# Nothing here may hang the suite: each browser wait gives up after WAIT_MS, each phase
# (setting up, the test, tearing down) after its own deadline, and decap-server's whole
# process group is killed on the way out.
WAIT_MS = 45_000
SETUP_S, TEST_S, TEARDOWN_S = 240, 420, 30
# The Regionsdaten form is the largest (seven regions, their translations): on a loaded
# 2-core machine it took more than 20 s to appear.
FORM_WAIT_MS = 90_000


@contextlib.contextmanager
def deadline(seconds: int, what: str):
    """Interrupt whatever runs (a browser wait, a build, a sleep) after `seconds`."""
    if threading.current_thread() is not threading.main_thread():
        # No signals off the main thread: dump the stacks and end the process instead.
        faulthandler.dump_traceback_later(seconds, exit=True, file=sys.stderr)
        try:
            yield
        finally:
            faulthandler.cancel_dump_traceback_later()
        return

    def expire(signum, frame):
        raise TimeoutError(f"{what}: nach {seconds} s abgebrochen")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def wait_until(condition, timeout: float = 45.0, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(step)
    raise AssertionError("timed out waiting")


def listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
        return True
    return False


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    ).stdout


def serve_directory(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    mimetypes.add_type("text/yaml", ".yml")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """A checkout with decap-server beside it, the built site served, and one browser page."""
    if not CHROMIUM.exists() or not (ROOT / "node_modules/decap-server").is_dir():
        pytest.fail("Chromium or the npm packages are missing: run scripts/install-test-deps")
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        with deadline(SETUP_S, "Editor starten"):
            repo = copy_project(tmp_path_factory.mktemp("checkout") / "site")
            (repo / "node_modules").unlink()  # the checkout as staff have it; linked below
            picture_in_use(repo)
            git(repo, "init", "-q", "-b", "main")
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", "Stand vor dem Test")
            (repo / "node_modules").symlink_to(ROOT / "node_modules")
            proxy_port, http_port = free_port(), free_port()
            site = run_build(repo, extra=("-e", f"SHOWCASE_CMS_PROXY_PORT={proxy_port}"))
            assert site.returncode == 0, site.log
            log = stack.enter_context((repo.parent / "decap-server.log").open("w"))
            # As `make cms` runs it: decap-server on a port only its proxy knows, and every
            # request of the editor through that proxy (staff/cms_proxy.py).
            upstream = free_port()
            proxy = start_decap_server(repo, upstream, log=log)
            stack.callback(stop_process_group, proxy.pid)
            front = start_proxy(
                repo,
                proxy_port,
                upstream=upstream,
                editor_port=http_port,
                settings_file=repo / "pelicanconf.py",
            )
            stack.callback(front.server_close)
            stack.callback(front.shutdown)
            server = serve_directory(site.output, http_port)
            stack.callback(server.server_close)
            stack.callback(server.shutdown)
            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), timeout=WAIT_MS)
            stack.callback(lambda: _close(browser))
            context = browser.new_context(
                locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
            )
            page = context.new_page()
            page.set_default_timeout(WAIT_MS)
            page.set_default_navigation_timeout(WAIT_MS)
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            # "Leave with unsaved changes?" and every other question: recorded, and answered
            # with OK unless a step queued another answer in `answers`.
            dialogs: list[str] = []
            answers: list[bool] = []

            def answer(dialog) -> None:
                dialogs.append(dialog.message)
                dialog.accept() if not answers or answers.pop(0) else dialog.dismiss()

            page.on("dialog", answer)
        yield {
            "dialogs": dialogs,
            "answers": answers,
            "page": page,
            "browser": browser,
            "site": site.output,
            "repo": repo,
            "base": f"http://127.0.0.1:{http_port}/admin/",
            "requests": requests,
            "timings": {},
            "proxy_port": proxy_port,
        }


def _close(browser) -> None:
    with deadline(TEARDOWN_S, "Browser schließen"):
        browser.close()


def shot(page, name: str) -> None:
    if os.environ.get("SHOWCASE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def open_new_post(page, base: str) -> None:
    # Through the list: going to the same #/new address again would keep the old form.
    page.goto(base + "#/collections/news")
    page.get_by_role("link", name="Meldungen").first.wait_for()
    page.goto(base + "#/collections/news/new")
    page.locator('[id^="title-field"]').wait_for()


def choose(page, field: str, typed: str) -> None:
    page.locator(f'[id^="{field}-field"]').click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def publish_now(page) -> None:
    # Decap's „Veröffentlichen“, in the project's words „Speichern“ (showcase-german.js).
    page.get_by_role("button", name=re.compile("^(Veröffentlichen|Speichern)$")).first.click()
    page.get_by_text(re.compile("^Jetzt (veröffentlichen|speichern)$")).click()


def news_files(repo: Path) -> set[str]:
    return {p.name for p in (repo / "content/news").iterdir()}


def upload_image(page, image: Path) -> None:
    page.get_by_text("Wähle ein Bild").first.click()
    page.locator("input[type=file]").set_input_files(str(image))
    page.get_by_text(image.name).first.wait_for()
    page.get_by_role("button", name="Ausgewähltes Element verwenden").click()


def refused(page, repo: Path, status_before: str, field: str, text: str) -> None:
    """The save was refused with `text` in the list of problems (and at `field`, when given),
    and nothing was written: the proxy refuses before decap-server sees the request."""
    box = page.locator("#showcase-check")
    box.get_by_text(text, exact=False).first.wait_for()
    assert box.get_by_text("Nicht gespeichert – „make check“ würde ablehnen (").count() == 1
    if field:
        page.locator(f'[data-showcase-check="{field}"]', has_text=text).first.wait_for()
    # Decap's toast in plain German: one line, without its error class (showcase-check.js).
    toast = page.locator(".Toastify__toast-body", has_text="Nicht gespeichert: ")
    toast.last.wait_for()
    toast_text = toast.last.inner_text()
    assert "„make check“ würde ablehnen, siehe die Liste unten" in toast_text
    assert "API_ERROR" not in toast_text and "Oops" not in toast_text
    assert git(repo, "status", "--porcelain") == status_before


def write_markdown(page, text: str, *, append: bool = False) -> None:
    """Type into the text field's Markdown mode (the rich text mode would escape HTML)."""
    switch = page.get_by_role("switch").first
    if switch.get_attribute("aria-checked") != "true":
        switch.click()
    # The Markdown mode is a plain text editor of its own (Slate, like the rich text).
    page.locator('[data-slate-editor="true"]').first.click()
    page.keyboard.press("Control+End" if append else "Control+A")
    # The text as one input, as a paste or an input method sends it: typed key by key, Decap
    # rendered the form and its preview once per character (20 ms of Chromium's CPU each,
    # a sixth of this test's). Short texts whose keys matter (a choice, a date) are typed.
    page.keyboard.insert_text(text)


# A post no other step opens: a refused edit leaves Decap's local backup of it behind.
UNTOUCHED = "2018-11-01-foerderung-startet"


def replay_mistakes(page, base: str, repo: Path, status_before: str) -> None:
    """A tracking link and an iframe in a post, a heading that is no section of a region text,
    an event that ends before it starts: each refused, nothing written."""
    page.goto(base + "#/collections/news")
    page.get_by_role("link", name="Meldungen").first.wait_for()
    page.goto(base + f"#/collections/news/entries/{UNTOUCHED}")
    title = page.locator('[id^="title-field"]')
    wait_until(lambda: title.input_value())
    write_markdown(
        page, "\n\nAnmeldung: https://www.example.org/anmeldung?fbclid=IwAR1", append=True
    )
    publish_now(page)
    refused(page, repo, status_before, "body", "Link mit Tracking-Parameter 'fbclid'")
    page.locator('[data-showcase-check="body"]').first.scroll_into_view_if_needed()
    shot(page, "5-abgelehnt")
    write_markdown(page, '<iframe src="https://www.youtube.com/embed/x"></iframe>')
    publish_now(page)
    refused(
        page, repo, status_before, "body", "das eingebettete Video (<iframe>) ist nicht erlaubt"
    )

    page.goto(base + "#/collections/region_texts/entries/allgaeu")
    # Loaded anew: Decap's Markdown mode kept the text of the form before (the refused post).
    page.reload()
    page.get_by_text("## Arbeiten", exact=False).or_(
        page.get_by_role("heading", name="Arbeiten")
    ).first.wait_for(timeout=FORM_WAIT_MS)
    write_markdown(page, "\n\n## Leben\n\nNeu im Allgäu.\n", append=True)
    publish_now(page)
    refused(page, repo, status_before, "body", "unbekannter Abschnitt 'Leben'")

    page.goto(base + "#/collections/events")
    page.goto(base + "#/collections/events/new")
    page.locator('[id^="title-field"]').fill("Rückkehrertag in Siegen")
    page.locator('[id^="start-field"]').fill("2027-03-28 10:00")
    page.locator('[id^="end-field"]').fill("2027-03-28 09:00")
    page.locator('[id^="name-field"]').first.fill("Stadthalle")
    page.locator('[id^="city-field"]').first.fill("57072 Siegen")
    choose(page, "regions", "Südw")
    choose(page, "category", "Fachkr")
    page.locator('[id^="summary-field"]').fill("Arbeitgeber treffen Rückkehrer.")
    publish_now(page)
    refused(page, repo, status_before, "end", "liegt vor dem Beginn (28.03.2027 10:00)")

    # A warning asks in the page: „Abbrechen“ writes nothing, „Trotzdem speichern“ writes.
    for name, value in (("start", "2062-03-28 10:00"), ("end", "2062-03-28 16:00")):
        page.locator(f'[id^="{name}-field"]').click()
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    choose(page, "status", "Veröffentlicht")
    events_before = set((repo / "content/termine").iterdir())
    publish_now(page)
    box = page.locator("#showcase-check")
    box.get_by_text("Bitte prüfen Sie vor dem Speichern:").wait_for()
    box.get_by_text("der Termin liegt mehr als zwei Jahre in der Zukunft", exact=False).wait_for()
    box.get_by_role("button", name="Abbrechen").click()
    box.get_by_text("Nicht gespeichert – bitte ändern oder bestätigen:").wait_for()
    page.locator('[data-showcase-check="start"]').first.wait_for()
    assert git(repo, "status", "--porcelain") == status_before
    publish_now(page)
    box.get_by_role("button", name="Trotzdem speichern").click()
    (written,) = wait_until(lambda: set((repo / "content/termine").iterdir()) - events_before)
    assert "start: 2062-03-28 10:00" in wait_for_save(written, None, "start: ")
    written.unlink()  # the checkout as before, for the steps after
    assert git(repo, "status", "--porcelain") == status_before

    # Back to the rich text, as staff start, and a fresh page for the steps after.
    switch = page.get_by_role("switch").first
    if switch.get_attribute("aria-checked") == "true":
        switch.click()
    page.reload()
    page.locator('[id^="title-field"]').wait_for(timeout=FORM_WAIT_MS)


def text_rule(body: str, title: str = "Fachkräftetag in Siegen") -> str:
    """The message `make check` gives for a post with this text and title (the one problem
    of content_rules that needs nothing but the post)."""
    text = f"---\ntitle: {title}\n---\n\n{body}\n"
    (problem,) = post_text_rules(split_header(text, "x.md"), "x.md").problems
    return problem.message


def replay_post_text_mistakes(page, base: str, repo: Path, status_before: str) -> None:
    """Issue 22's mistakes that `make check` let through before, typed into one new post: a
    dead internal link, a link to the preview, an e-mail address without mailto:, a text
    starting with '####' and a title over 150 characters saved together, then no text. Each
    refused at its field in check's words, nothing written. Two saves, not one per mistake:
    each refused save cost about 1.5 s of CPU, and one save shows every problem it has."""
    preview_link = "http://localhost:8041/aktuelles/"
    long_title = " ".join(["Fachkräftetag in Siegen mit Arbeitgebern aus der Region"] * 3)
    mistakes = [
        (
            "#### Zwischentitel\n\nArbeitgeber und Rückkehrer treffen sich.",
            text_rule("#### Zwischentitel"),
        ),
        (
            "Alle [Termine](/termin/) im Überblick.",
            "der Link '/termin/' führt auf keine Seite dieser Website (meinten Sie '/termine/'?)",
        ),
        # The message up to its fix; the fix names the address without the preview.
        (f"Mehr unter {preview_link}", local_link_message(preview_link).split(": ")[0]),
        (
            "Fragen an [presse@example.org](presse@example.org).",
            text_rule("[presse@example.org](presse@example.org)"),
        ),
    ]
    open_new_post(page, base)
    page.locator('[id^="title-field"]').fill("Fachkräftetag in Siegen")
    choose(page, "regions", "Südw")
    choose(page, "category", "Fachkr")
    page.locator('[id^="summary-field"]').fill("Arbeitgeber und Rückkehrer treffen sich.")
    write_markdown(page, "\n\n".join(body for body, _ in mistakes))
    # Written over the title (Control+A, then one input): fill() here added to the title
    # instead of replacing it.
    page.locator('[id^="title-field"]').click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(long_title)
    assert page.locator('[id^="title-field"]').input_value() == long_title
    publish_now(page)
    for _, message in mistakes:
        refused(page, repo, status_before, "body", message)
    refused(page, repo, status_before, "title", text_rule("Ein Text.", long_title))
    # No text: one letter typed over the text, then deleted (Backspace right after Control+A
    # in Slate removed one character only, not the selection).
    write_markdown(page, "x")
    page.keyboard.press("Backspace")
    publish_now(page)
    refused(page, repo, status_before, "body", text_rule(""))
    # Back to the rich text (the editor keeps the mode for the next form), as staff start.
    switch = page.get_by_role("switch").first
    if switch.get_attribute("aria-checked") == "true":
        switch.click()
    # Leaving by the editor's own link deletes the local backup of this form.
    page.get_by_text("Zurück zu allen Meldungen").click()
    page.get_by_role("link", name="Meldungen").first.wait_for()
    assert git(repo, "status", "--porcelain") == status_before


def wait_for_save(file: Path, original: str | None, expected: str) -> str:
    """The text of `file` once the editor's save is complete. decap-server truncates the file
    and then writes it, so a read in between sees it empty or half written: wait for the new
    text, and for the same text in two reads a moment apart."""

    def saved() -> str | None:
        text = file.read_text(encoding="utf-8")
        if text == original or expected not in text:
            return None
        time.sleep(0.2)
        return text if file.read_text(encoding="utf-8") == text else None

    return wait_until(saved)


def changed_lines(repo: Path, path: str) -> tuple[list[str], list[str]]:
    """The lines `git diff` removes from and adds to one file."""
    diff = git(repo, "diff", "--unified=0", "--", path).splitlines()
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def edit_summary(page, base: str, repo: Path) -> None:
    path = f"content/news/{EXISTING}.md"
    original = (repo / path).read_text(encoding="utf-8")
    front = original.split("---\n")[1].splitlines()
    start = next(i for i, line in enumerate(front) if line.startswith("summary: "))
    end = next(i for i in range(start + 1, len(front)) if not front[i].startswith("  "))
    # Through the list, as in open_new_post: from one entry straight to another, the editor
    # can keep the form it shows.
    page.goto(base + "#/collections/news")
    page.get_by_role("link", name="Meldungen").first.wait_for()
    page.goto(base + f"#/collections/news/entries/{EXISTING}")
    summary = page.locator('[id^="summary-field"]')
    wait_until(lambda: "Stettiner Haff" in summary.input_value())
    summary.fill("Das Welcome Center in Pasewalk zählte 2023 487 Anfragen.")
    publish_now(page)
    wait_for_save(repo / path, original, "zählte 2023 487 Anfragen.")
    removed, added = changed_lines(repo, path)
    assert removed == front[start:end]
    assert added == ["summary: Das Welcome Center in Pasewalk zählte 2023 487 Anfragen."]


def edit_region_data(editor, timings: dict) -> None:
    """The region data form: one field changed and a figure typed as „63,4“, saved together;
    the file's diff is those two lines (every comment kept), 63.4 whatever the browser's
    locale; a click on × asks before a region goes. One save: each save of this form (the
    largest, seven regions) cost 10-13 s of CPU (the proxy's check, Decap's new form)."""
    page, base, repo, dialogs = editor["page"], editor["base"], editor["repo"], editor["dialogs"]
    path = "data/regions.yaml"
    original = (repo / path).read_text(encoding="utf-8")
    page.goto(base + "#/collections/region_data")
    page.get_by_text("Regionen, Themen und Projekt").first.wait_for()
    start = time.perf_counter()
    page.goto(base + "#/collections/region_data/entries/regions")
    field = page.locator('[id^="short_name-field"]').first
    field.wait_for(timeout=FORM_WAIT_MS)
    timings["region_data_form_s"] = round(time.perf_counter() - start, 2)
    wait_until(lambda: field.input_value() == "StaR")
    field.fill("StaR-Vorhaben")
    # Folded list items show their names (their summary); opened by their first button.
    for name, which in (("Südwestfalen", 0), ("Erwerbstätigenquote", -1)):
        label = page.locator('[class*="NestedObjectLabel"]', has_text=re.compile(f"^{name}$"))
        item = page.locator('[class*="SortableListItem"]', has=label).nth(which)
        item.locator('[class*="StyledListItemTopBar"] > button').first.click()
    share = page.locator('input[inputmode="decimal"][value="63,1"]').first
    share.fill("63,4")
    publish_now(page)
    text = wait_for_save(repo / path, original, "value: 63.4")
    assert "short_name: StaR-Vorhaben" in text
    assert changed_lines(repo, path) == (
        ["  short_name: StaR", "        value: 63.1"],
        ["  short_name: StaR-Vorhaben", "        value: 63.4"],
    )

    editor["answers"].append(False)  # „Abbrechen“
    regions = page.locator("label", has_text=re.compile("^Regionen$")).first.get_attribute("for")
    first = page.locator(f'[id="{regions}"] [class*="StyledListItemTopBar"]').first
    first.locator("button").last.click()
    wait_until(
        lambda: any(d.startswith("„Südwestfalen“ aus „Regionen“ entfernen?") for d in dialogs)
    )
    page.get_by_text("7 regionen", exact=True).wait_for()  # all seven still there


WORKFLOW_TITLE = "Vorschlag aus Nordthüringen"
WORKFLOW_SLUG = slugify_de(WORKFLOW_TITLE)


def review_editor(editor, port: int) -> str:
    """The built editor once more at /admin-review/, in the editorial workflow (as publishconf
    has it) and pointed at a second decap-server: the same files, only config and CSP differ."""
    admin, review = editor["site"] / "admin", editor["site"] / "admin-review"
    shutil.copytree(admin, review)
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    config["publish_mode"] = "editorial_workflow"
    old, new = f":{editor['proxy_port']}", f":{port}"
    config["local_backend"]["url"] = config["local_backend"]["url"].replace(old, new)
    (review / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    page = (admin / "index.html").read_text(encoding="utf-8")
    (review / "index.html").write_text(page.replace(old, new), encoding="utf-8")
    rules = (admin / "rules.js").read_text(encoding="utf-8")
    workflow = rules.replace('"editorialWorkflow": false', '"editorialWorkflow": true')
    assert workflow != rules
    (review / "rules.js").write_text(workflow, encoding="utf-8")
    return editor["base"].replace("/admin/", "/admin-review/")


def set_status(page, status: str) -> None:
    page.get_by_role("button", name="Status:", exact=False).first.click()
    page.get_by_role("menuitem", name=status).or_(page.get_by_text(status, exact=True)).last.click()
    page.get_by_text(f"Status: {status}").first.wait_for()


def news_on(repo: Path, branch: str) -> list[str]:
    return git(repo, "ls-tree", "--name-only", branch, "content/news/").split()


def proposal(repo: Path, branch: str) -> str | None:
    return next((n for n in news_on(repo, branch) if n.endswith(f"-{WORKFLOW_SLUG}.md")), None)


def cms_branches(repo: Path) -> str:
    return git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads/cms/").strip()


def editorial_workflow(editor, tmp_path: Path) -> Path:
    """Entwurf -> In Prüfung -> Bereit -> published: decap-server in git
    mode keeps the proposal on a branch cms/news/… until it is published into main.
    Returns the published post's file (in a clone of the checkout)."""
    review = tmp_path / "review"
    git(tmp_path, "clone", "-q", str(editor["repo"]), str(review))
    (review / ".git/info/exclude").write_text("node_modules\n", encoding="utf-8")
    (review / "node_modules").symlink_to(ROOT / "node_modules")
    port = free_port()
    editor["review_port"] = port
    base = review_editor(editor, port)
    with (tmp_path / "decap-server-git.log").open("w") as log:
        proxy = start_decap_server(review, port, mode="git", log=log)
        # Decap looks for the local server once, when the page opens, and otherwise offers
        # another backend's login: wait until it listens (seconds on a loaded machine).
        wait_until(lambda: listening(port), timeout=60)
        context = editor["browser"].new_context(locale="de-DE", timezone_id="Europe/Berlin")
        try:
            page = context.new_page()
            page.set_default_timeout(WAIT_MS)
            page.on("request", lambda request: editor["requests"].append(request.url))
            page.on("dialog", lambda dialog: dialog.accept())  # "really publish?"
            page.goto(base)
            page.get_by_role("button", name="Anmelden").click()
            open_new_post(page, base)
            page.locator('[id^="title-field"]').fill(WORKFLOW_TITLE)
            choose(page, "regions", "Nordth")
            choose(page, "category", "Fachkr")
            page.locator('[id^="summary-field"]').fill("Ein Vorschlag, den jemand prüft.")
            page.locator('[data-slate-editor="true"]').click()  # a post needs a text
            page.keyboard.insert_text("Der Vorschlag hat einen Absatz.")
            page.get_by_role("button", name="Speichern").click()
            branch = wait_until(lambda: cms_branches(review))
            name = wait_until(lambda: proposal(review, branch))
            proposed = git(review, "show", f"{branch}:{name}")
            assert "title: Vorschlag aus Nordthüringen" in proposed
            assert name not in news_on(review, "main")
            set_status(page, "In Prüfung")
            set_status(page, "Bereit")
            page.get_by_role("button", name="Veröffentlichen").first.click()
            page.get_by_text("Jetzt veröffentlichen").click()
            wait_until(
                lambda: name in git(review, "ls-tree", "--name-only", "main", "content/news/")
            )
            wait_until(lambda: not cms_branches(review))
            assert git(review, "branch", "--show-current").strip() == "main"
            # Published as proposed: what CI's review job checked on the branch is what the
            # check and the build after the workflow read (staff_publish_from_the_browser).
            assert git(review, "show", f"main:{name}") == proposed
            return review / name
        except BaseException:
            with contextlib.suppress(Exception):
                page.screenshot(path=str(tmp_path / "workflow-failure.png"), timeout=5_000)
                print(f"Bildschirmfoto: {tmp_path / 'workflow-failure.png'}")
            raise
        finally:
            context.close()
            stop_process_group(proxy.pid)


# A picture an older post uses: an upload of the same name must not replace it.
PICTURE_IN_USE = "content/images/fachkraeftetag.jpg"
POST_WITH_PICTURE = "content/news/2022-05-25-praxisleitfaden-fertig.md"
# Pasted from Word: a link inside a <span> (Slate inserted nothing), bold around a link, a
# list drawn as paragraphs, a table, a soft hyphen.
WORD_HTML = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}'
    "</style></head><body><!--StartFragment-->"
    '<p class=MsoNormal><span style="font-family:Calibri">Anmeldung bis Frei\u00adtag: '
    '<a href="https://www.example.org/anmeldung"><span style="color:blue">hier anmelden</span></a>'
    ' und <b><span>fett <a href="https://www.example.org/b">gedruckt</a></span></b><o:p></o:p>'
    "</span></p>"
    '<p class=MsoListParagraphCxSpFirst style="mso-list:l0 level1 lfo1"><![if !supportLists]>'
    '<span style="mso-list:Ignore">·<span>&nbsp;&nbsp; </span></span><![endif]>'
    "<span>Punkt eins</span></p>"
    '<p class=MsoListParagraphCxSpLast style="mso-list:l0 level1 lfo1"><![if !supportLists]>'
    '<span style="mso-list:Ignore">·<span>&nbsp;&nbsp; </span></span><![endif]>'
    "<span>Punkt zwei</span></p>"
    "<table><tr><td>Ort</td><td>Zeit</td></tr><tr><td>Siegen</td><td>10 Uhr</td></tr></table>"
    "<!--EndFragment--></body></html>"
)


def picture_in_use(repo: Path) -> None:
    (repo / PICTURE_IN_USE).parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 500), (200, 60, 60)).save(repo / PICTURE_IN_USE, quality=80)
    post = repo / POST_WITH_PICTURE
    post.write_text(
        post.read_text(encoding="utf-8") + "\n![Ein voller Saal](images/fachkraeftetag.jpg)\n",
        encoding="utf-8",
    )


def paste_html(page, html: str) -> None:
    """What the browser does on Ctrl+V with HTML on the clipboard: a paste event."""
    page.locator('[data-slate-editor="true"]').evaluate(
        """(editor, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", editor.innerText);
            editor.dispatchEvent(new ClipboardEvent("paste",
                {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        html,
    )


def german_and_nothing_lost(editor, tmp_path: Path) -> None:
    """Issue 22: German throughout, regions by name, upload names by the slug rule and never
    over a picture in use, a free slug offered, event slugs with the year, Word paste kept,
    the browser backup written at once."""
    page, repo, base, dialogs = editor["page"], editor["repo"], editor["base"], editor["dialogs"]
    status_before = git(repo, "status", "--porcelain")
    picture = (repo / PICTURE_IN_USE).read_bytes()
    open_new_post(page, base)
    # Simple mode: one click writes the file, so the button says „Speichern“.
    page.get_by_role("button", name="Speichern", exact=True).wait_for()
    assert page.get_by_role("button", name="Veröffentlichen").count() == 0
    # Regions by name; react-select's "No options" in German.
    page.locator('[id^="regions-field"]').click()
    page.get_by_role("option", name="Südwestfalen", exact=True).wait_for()
    page.keyboard.type("Atlantis")
    page.get_by_text("Keine passende Auswahl", exact=True).wait_for()
    page.keyboard.press("Escape")

    # Uploads: ü -> ue as in slugs; a name a published post's picture has gets -2; a name
    # taken since is asked about in German.
    upload = tmp_path / "Straßenfest Übersicht.JPG"
    Image.new("RGB", (600, 400), (10, 120, 90)).save(upload, "JPEG")
    same = tmp_path / "fachkraeftetag.jpg"
    Image.new("RGB", (600, 400), (10, 10, 200)).save(same, "JPEG")
    page.get_by_text("Wähle ein Bild").first.click()
    files = page.locator("input[type=file]")
    files.set_input_files(str(upload))
    page.get_by_text("strassenfest-uebersicht.jpg", exact=True).first.wait_for()
    files.set_input_files(str(same))
    page.get_by_text("fachkraeftetag-2.jpg", exact=True).first.wait_for()
    files.set_input_files(str(same))  # fachkraeftetag-2.jpg once more: Decap's question
    wait_until(lambda: any("fachkraeftetag-2.jpg“ gibt es schon" in d for d in dialogs))
    assert not any("already exists" in d for d in dialogs)
    page.get_by_role("button", name="Ausgewähltes Element verwenden").click()
    assert (repo / PICTURE_IN_USE).read_bytes() == picture

    # Word's HTML with a link inside a <span>: the links, bold and list arrive, the table as
    # text with a German notice.
    page.locator('[data-slate-editor="true"]').click()
    paste_html(page, WORD_HTML)
    preview = page.frame_locator("iframe").first
    link = preview.get_by_role("link", name="hier anmelden")
    link.wait_for()
    assert link.get_attribute("href") == "https://www.example.org/anmeldung"
    assert preview.locator("strong a", has_text="gedruckt").count() == 1
    assert preview.locator("li", has_text="Punkt eins").count() == 1
    preview.get_by_text("Ort | Zeit").wait_for()
    assert preview.get_by_text("Anmeldung bis Freitag:", exact=False).count() == 1  # no SHY
    page.get_by_text("Die Tabelle wurde als Text eingefügt", exact=False).wait_for()
    shot(page, "6-aus-word-eingefuegt")

    # The image block of the text, in German.
    page.locator('[data-slate-editor="true"]').click()
    page.get_by_role("button", name="Bild oder Baustein einfügen").click()
    page.get_by_role("menuitem", name="Bild").or_(page.get_by_text("Bild", exact=True)).last.click()
    page.get_by_text("Bildbeschreibung (Alternativtext)", exact=True).last.wait_for()
    for english in ("Alt Text", "Title", "Image"):
        assert page.get_by_text(english, exact=True).count() == 0, english

    # The backup: written at once, offered on return (Decap waited 2 s; a tab closed after
    # 1.5 s lost the text).
    page.locator('[id^="title-field"]').first.fill("Nicht verlieren")
    time.sleep(0.4)
    page.reload()  # the same address: the new post's form, and Decap's question
    title = page.locator('[id^="title-field"]').first
    wait_until(lambda: title.input_value() == "Nicht verlieren", timeout=15)
    assert any(d.startswith("Für diesen Beitrag ist ein lokales Backup vorhanden") for d in dialogs)
    page.get_by_text("Zurück zu allen Meldungen").click()  # leaving deletes the backup
    page.get_by_role("link", name="Meldungen").first.wait_for()

    # A slug already taken: a free one offered; an event's slug gets its year.
    page.goto(base + "#/collections/pages/new")
    page.locator('[id^="slug-field"]').wait_for()
    page.locator('[id^="title-field"]').fill("Impressum")
    wait_until(lambda: page.locator('[id^="slug-field"]').input_value() == "impressum-2")
    page.get_by_text("„impressum“ ist schon vergeben; vorgeschlagen ist „impressum-2“.").wait_for()
    page.goto(base + "#/collections/events")  # leaving the page asks; the list, then anew
    page.get_by_role("link", name="Termine").first.wait_for()
    page.goto(base + "#/collections/events/new")
    page.locator('[id^="start-field"]').fill("28.03.2027 10:00")
    page.locator('[id^="title-field"]').fill("Rückkehrertag in Siegen")
    slug = page.locator('[id^="slug-field"]')
    wait_until(lambda: slug.input_value() == "rueckkehrertag-in-siegen-2027")
    page.frame_locator("iframe").first.get_by_text("Sonntag, 28. März 2027, 10:00 Uhr").wait_for()
    shot(page, "7-termin-vorschau")
    slug.fill("rueckkehrertag-siegen-2027")  # editable until the first save
    page.locator('[id^="title-field"]').press("End")
    page.keyboard.type(" (neu)")
    time.sleep(0.3)
    assert slug.input_value() == "rueckkehrertag-siegen-2027"
    page.goto(base + "#/collections/news")
    page.get_by_role("link", name="Meldungen").first.wait_for()
    assert git(repo, "status", "--porcelain") == status_before


def test_staff_publish_from_the_browser(editor, tmp_path):
    with deadline(TEST_S, "Test im Editor"):
        try:
            staff_publish_from_the_browser(editor, tmp_path)
        except BaseException:
            # What the editor showed when it failed, for whoever reads the report.
            with contextlib.suppress(Exception):
                editor["page"].screenshot(path=str(tmp_path / "failure.png"), timeout=5_000)
                print(f"Bildschirmfoto: {tmp_path / 'failure.png'}")
            raise


def staff_publish_from_the_browser(editor, tmp_path):
    page, repo, base = editor["page"], editor["repo"], editor["base"]
    timings = editor["timings"]

    # Log in with the local backend; the editor is usable when the collections show.
    start = time.perf_counter()
    page.goto(base)
    page.get_by_role("button", name="Anmelden").wait_for()
    shot(page, "1-anmelden")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Meldungen").first.wait_for()
    timings["admin_to_usable_s"] = round(time.perf_counter() - start, 2)

    # The slug in the browser is the site's own slugify_de.
    for title in (TITLE, "Ärger über Öl & Übermaß", "ẞ groß", "Café – „Zitat“ 2026"):
        assert page.evaluate("t => window.showcaseSlugify(t)", title) == slugify_de(title)

    image = tmp_path / "strassenfest.jpg"
    Image.new("RGB", (1200, 800), (40, 120, 90)).save(image, quality=80)
    before = news_files(repo)
    status_before = git(repo, "status", "--porcelain")

    # Refused before saving, each with a German message, and nothing written: the required
    # fields are checked together, the picture's description once they are filled.
    open_new_post(page, base)
    page.locator('[id^="title-field"]').fill("Bild ohne Beschreibung")
    page.locator('[id^="summary-field"]').fill("Kurz.")
    upload_image(page, image)
    publish_now(page)
    # Decap's toast without its "Oops" (showcase-german.js).
    page.get_by_text("Nicht gespeichert: Pflichtfelder sind leer.", exact=False).first.wait_for()
    assert page.get_by_text("Oops", exact=False).count() == 0
    page.get_by_text("Regionen ist erforderlich", exact=False).first.wait_for()
    page.get_by_text("Thema ist erforderlich", exact=False).first.wait_for()
    choose(page, "regions", "Allg")
    choose(page, "category", "Fachkr")
    publish_now(page)
    page.get_by_text(
        "Das Titelbild braucht eine Beschreibung: sagen Sie, was das Bild zeigt."
    ).first.wait_for()
    time.sleep(1)  # give a wrong save its chance to reach the disk
    assert news_files(repo) == before
    assert git(repo, "status", "--porcelain") == status_before

    # What `make check` refuses, refused before anything is written (the proxy asks the rules,
    # staff/entry_check.py), each problem at its field and in the list, in check's words.
    replay_mistakes(page, base, repo, status_before)
    replay_post_text_mistakes(page, base, repo, status_before)

    # A post with umlauts, two regions, a topic and an image with alt text, saved as a draft.
    open_new_post(page, base)
    page.locator('[id^="title-field"]').fill(TITLE)
    choose(page, "regions", "Südw")
    choose(page, "regions", "Allg")
    choose(page, "category", "Leben auf")
    page.locator('[id^="summary-field"]').fill("Ein Fest für alle: Straßen, Höfe und Bühnen.")
    upload_image(page, image)
    page.locator('[id^="image_alt-field"]').fill("Festzelt auf einer grünen Wiese")
    # A photo only with its credit line and licence (data/photos.py).
    page.locator('[id^="image_credit-field"]').fill("Beispielfoto / Testperson")
    page.locator('[id^="image_licence-field"]').fill("CC BY 4.0")
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.insert_text("Am Samstag feiern Südwestfalen und das Allgäu gemeinsam.")
    shot(page, "2-neue-meldung")
    preview = page.frame_locator("iframe").first
    preview.get_by_text("Festzelt", exact=False).or_(
        preview.get_by_role("heading")
    ).first.wait_for()
    shot(page, "3-vorschau")
    page.get_by_role("button", name="Speichern", exact=True).first.click()
    shot(page, "4-speichern")
    page.get_by_text("Jetzt speichern", exact=True).click()
    post = wait_until(lambda: next((repo / "content/news").glob(f"*-{SLUG}.md"), None))
    text = wait_for_save(post, None, "status: ")
    assert text.startswith("---\n")
    assert "status: draft\n" in text
    assert "regions:\n  - suedwestfalen\n  - allgaeu\n" in text
    assert "image: images/strassenfest.jpg\n" in text
    wait_until((repo / "content/images/strassenfest.jpg").is_file)  # written after the post
    # After the first save the editor reopens the entry at its own address: edit only then,
    # or the typing goes into the form being replaced.
    page.wait_for_url(f"**/entries/*-{SLUG}")
    page.get_by_text("Änderungen gespeichert").first.wait_for()
    wait_until(lambda: page.locator('[id^="title-field"]').input_value() == TITLE)

    # Publish: status Veröffentlicht, saved again; the slug stays, even after a title edit.
    page.locator('[id^="title-field"]').fill(TITLE + " (neu)")
    choose(page, "status", "Veröffentlicht")
    start = time.perf_counter()
    publish_now(page)
    wait_until(lambda: "status: published" in post.read_text(encoding="utf-8"), step=0.01)
    timings["publish_to_file_s"] = round(time.perf_counter() - start, 2)
    text = wait_for_save(post, None, "status: published")
    assert f"slug: {SLUG}\n" in text and "(neu)" in text

    # The same title again, the same year: the address is taken, nothing written.
    status_now = git(repo, "status", "--porcelain")
    open_new_post(page, base)
    page.locator('[id^="title-field"]').fill(TITLE)
    choose(page, "regions", "Allg")
    choose(page, "category", "Leben auf")
    page.locator('[id^="summary-field"]').fill("Noch einmal dasselbe Fest.")
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.insert_text("Derselbe Titel.")
    publish_now(page)
    refused(page, repo, status_now, "", f"'{SLUG}' ist {text.split('date: ', 1)[1][:4]} schon")

    # An existing post: a new summary, and the file's diff is that field and nothing else.
    edit_summary(page, base, repo)
    # The region data: two fields changed, their two lines in the diff, every comment kept.
    edit_region_data(editor, timings)
    out = os.environ.get("SHOWCASE_BENCH_OUT")
    if out:
        Path(out).write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
    # The English posts have their own list.
    page.goto(base + "#/collections/news_en")
    page.get_by_text("Welcome Center Stettiner Haff: 487 enquiries", exact=False).first.wait_for()
    german_and_nothing_lost(editor, tmp_path)

    # The editorial workflow, against a clone of the checkout; its post (a draft) joins the
    # checkout, so that one check and one build read every file the editor wrote (the check
    # is what CI's review job runs on a proposal's branch).
    proposal_file = editorial_workflow(editor, tmp_path)
    shutil.copy2(proposal_file, repo / "content/news" / proposal_file.name)

    assert run_showcase(repo, "check").returncode == 0
    build = run_build(repo, extra=("-e", "SHOWCASE_CMS=false"), output=tmp_path / "out")
    assert build.returncode == 0, build.log
    year = text.split("date: ", 1)[1][:4]
    assert (build.output / f"aktuelles/{year}/{SLUG}/index.html").is_file()
    for region in ("suedwestfalen", "allgaeu"):
        page_html = (build.output / f"regionen/{region}/index.html").read_text(encoding="utf-8")
        assert f"/aktuelles/{year}/{SLUG}/" in page_html
        feed = feedparser.parse((build.output / f"feeds/regionen/{region}.atom.xml").read_bytes())
        assert any(SLUG in entry.link for entry in feed.entries)

    # The editor talked to nobody but the site and the local proxies.
    hosts = {url.split("/")[2] for url in editor["requests"] if url.startswith("http")}
    allowed = {base.split("/")[2]}
    for proxy in (editor["proxy_port"], editor["review_port"]):
        allowed |= {f"localhost:{proxy}", f"127.0.0.1:{proxy}"}
    assert hosts <= allowed, hosts
