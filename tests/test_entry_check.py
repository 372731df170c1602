"""Before the web editor writes: the rules of `make check` on the project as the save would
leave it (staff/entry_check.py), and the proxy that refuses the write (staff/cms_proxy.py).

A copy of the project, checked in memory: the entry's file is never written by the check.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import io
import json
from pathlib import Path

import pytest
import yaml
from eventfiles import event_text
from pelican.settings import read_settings
from PIL import Image
from test_local_servers import EDITOR_PORT, Upstream, post, serving

from regional_showcase.data.problems import ValidationFailed
from regional_showcase.input_check import check_input
from regional_showcase.preview.memo import PreviewMemo
from regional_showcase.settings import apply_defaults
from regional_showcase.staff.cms_proxy import EntryRules, make_proxy
from regional_showcase.staff.entry_check import check_entry, planned_files

from expectations import region_data
from sitebuild import copy_project

NEWS = "content/news/2026-12-01-fachkraeftetag.md"
# The iframe in a post of its own: saved together, in one file, it replaced the tracking link.
VIDEO = "content/news/2026-12-02-videoabend.md"
# An existing post: a second post with its date and slug takes its address.
TAKEN = "2023-12-22-welcome-center-stettiner-haff"


def post_text(body: str = "Ein Text.", **fields: str) -> str:
    """A post as the web editor writes it (YAML front matter, its field order)."""
    values = {
        "title": "Fachkräftetag in Siegen",
        "date": "2026-12-01",
        "regions": "\n  - suedwestfalen",
        "category": "Fachkräfte",
        "summary": "Arbeitgeber und Rückkehrer treffen sich.",
        **fields,
    }
    lines = [
        f"{key}:{value}" if value.startswith("\n") else f"{key}: {value}"
        for key, value in values.items()
    ]
    return "\n".join(["---", *lines, "---", "", body, ""])


def region_text(repo: Path, heading: str) -> str:
    text = (repo / "content/regionen/allgaeu.md").read_text(encoding="utf-8")
    return text + f"\n## {heading}\n\nNeu im Allgäu.\n"


# Each mistake of issue 22 the rules refuse: the file the editor would write, and its text.
MISTAKES = {
    "tracking link": (
        NEWS,
        lambda repo: post_text("[Anmeldung](https://example.org/?utm_source=newsletter)"),
    ),
    "iframe": (
        VIDEO,
        lambda repo: post_text(
            '<iframe src="https://www.youtube.com/embed/x"></iframe>',
            title="Videoabend in Siegen",
            date="2026-12-02",
        ),
    ),
    "event ending before it starts": (
        "content/termine/2027-03-28-rueckkehrertag.md",
        lambda repo: event_text(end="2027-03-28 09:00", slug="rueckkehrertag-2027"),
    ),
    "unknown region-text section": (
        "content/regionen/allgaeu.md",
        lambda repo: region_text(repo, "Leben"),
    ),
    "duplicate title and slug": (
        f"content/news/{TAKEN}-1.md",
        lambda repo: post_text(
            title='"Welcome Center Stettiner Haff: 487 Anfragen in einem Jahr"',
            date="2023-12-22",
            regions="\n  - vorpommern",
            slug="welcome-center-stettiner-haff",
        ),
    ),
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("entry") / "site")


@pytest.fixture(scope="module")
def memo() -> PreviewMemo:
    """The proxy's memory of the project's findings as on disk (a fresh one per module)."""
    return PreviewMemo()


@pytest.fixture
def settings(repo, monkeypatch):
    # In the checkout, as `make check` and `make cms` run: messages name files relative to it.
    monkeypatch.chdir(repo)
    return apply_defaults(read_settings(str(repo / "pelicanconf.py")))


def lines_of_make_check(settings) -> list[str]:
    try:
        check_input(settings)
    except ValidationFailed as failed:
        return [str(problem) for problem in failed.problems]
    return []


# The region texts are read with the region data, whose problems come alone (checks.py):
# that mistake is saved on its own, the others together.
SAVES = [
    ["unknown region-text section"],
    ["tracking link", "iframe", "event ending before it starts", "duplicate title and slug"],
]


@pytest.mark.parametrize("mistakes", SAVES, ids=["region text", "posts and events"])
def test_the_editor_refuses_what_make_check_refuses_in_the_same_words(
    repo, settings, memo, mistakes
):
    files = {repo / MISTAKES[m][0]: MISTAKES[m][1](repo) for m in mistakes}
    originals = {path: path.read_bytes() if path.exists() else None for path in files}
    encoded = {path: text.encode("utf-8") for path, text in files.items()}

    verdict = check_entry(settings, encoded, memo)
    # The check wrote nothing.
    assert {path: path.read_bytes() if path.exists() else None for path in files} == originals
    editor = [problem["text"] for problem in verdict.as_json(repo)["fehler"]]

    for path, text in files.items():  # what saving would have done
        path.write_text(text, encoding="utf-8")
    try:
        make_check = lines_of_make_check(settings)
    finally:
        for path, original in originals.items():
            if original is None:
                path.unlink()
            else:
                path.write_bytes(original)
    assert editor == make_check
    # Each at the field of the editor's form it belongs to ('' : only in the list above).
    fields = {(p["datei"], p["eingabefeld"]) for p in verdict.as_json(repo)["fehler"]}
    expected = {
        "unknown region-text section": {("content/regionen/allgaeu.md", "body")},
        "tracking link": {(NEWS, "body")},
        "iframe": {(VIDEO, "body")},
        "event ending before it starts": {("content/termine/2027-03-28-rueckkehrertag.md", "end")},
        # Both messages name the older post (an issue of the slug rule, not of the editor).
        "duplicate title and slug": {(f"content/news/{TAKEN}.md", "")},
    }
    assert fields == set().union(*(expected[m] for m in mistakes))
    # Decap's own message names them too (the proxy's 422 answer, `error`).
    count = f"{len(editor)} Probleme" if len(editor) > 1 else "ein Problem"
    assert verdict.summary(repo) == (
        f"Nicht gespeichert: die Prüfung („make check“) fand {count}: " + " · ".join(editor)
    )
    # Every mistake is among them, at its file.
    for mistake in mistakes:
        assert any(line.startswith(MISTAKES[mistake][0]) or TAKEN in line for line in editor)
    assert len({MISTAKES[m][0] for m in mistakes}) == len(mistakes)  # none hides another


def test_the_problems_are_those_this_save_brings(repo, settings, memo):
    broken = repo / "content/news/2026-11-30-kaputt.md"
    broken.write_text(post_text("[x](https://example.org/?fbclid=1)", date="2026-11-30"), "utf-8")
    try:
        # Another file was already wrong: a good post may still be saved (and the fix too) …
        good = {repo / NEWS: post_text().encode()}
        assert check_entry(settings, good, memo).errors == ()
        # … but what is wrong in the file being saved is refused, old or new.
        hits = memo.hits
        again = check_entry(settings, {broken: broken.read_bytes()}, memo)
        assert memo.hits == hits + 1  # the project on disk is checked once for both
        assert [str(p) for p in again.errors] == [
            "content/news/2026-11-30-kaputt.md:10: Link mit Tracking-Parameter 'fbclid': die "
            "Website verspricht „kein Tracking“; tragen Sie den Link ohne ein: "
            "https://example.org/"
        ]
    finally:
        broken.unlink()


def test_deleting_a_post_others_link_to_is_refused_with_who_links(repo, settings, memo):
    linking = repo / "content/news/2026-11-30-rueckblick.md"
    target = "/aktuelles/2019/partnerregionen-ausgewaehlt/"
    linking.write_text(post_text(f"Siehe [die Auswahl]({target}).", date="2026-11-30"), "utf-8")
    deleted = repo / "content/news/2019-10-02-partnerregionen-ausgewaehlt.md"
    try:
        verdict = check_entry(settings, {deleted: None}, memo)  # Decap's deleteFiles
    finally:
        linking.unlink()
    assert deleted.is_file()
    lines = [str(p) for p in verdict.errors]
    assert (
        f"content/news/2026-11-30-rueckblick.md:10: Text: der Link '{target}' führt auf keine "
        "Seite dieser Website: korrigieren Sie die Adresse oder entfernen Sie den Link"
    ) in lines
    # The address was online: without a redirect it is refused too (kept_addresses.py).
    assert any(target in line and "weiterleitungen.yaml" in line for line in lines)


def test_removing_a_region_still_named_is_refused_with_the_files(repo, settings, memo):
    data = region_data(repo)  # libyaml's loader: the same data, ten times faster
    data["regions"] = [r for r in data["regions"] if r["slug"] != "vorpommern"]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)  # the form, saved whole
    verdict = check_entry(settings, {repo / "data/regions.yaml": text.encode()}, memo)
    (summary,) = [p for p in verdict.errors if p.file == "data/regions.yaml"]
    assert summary.message.startswith(
        "die Region 'vorpommern' steht nicht (mehr) in den Regionsdaten, wird aber noch "
        "verwendet von "
    )


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (40, 120, 90)).save(out, "JPEG")
    return out.getvalue()


def test_pictures_uploaded_with_the_post_and_deleted_later(repo, settings, memo):
    picture = repo / "content/images/fachkraeftetag.jpg"
    post = repo / NEWS
    text = post_text(
        image="images/fachkraeftetag.jpg",
        image_alt="Ein Saal voller Menschen",
        image_credit="Stadt Siegen / Presseamt",
        image_licence="mit Genehmigung der Stadt Siegen",
    )
    # The picture comes in the same save as the post that shows it (Decap sends both).
    assert check_entry(settings, {post: text.encode(), picture: jpeg()}, memo).errors == ()
    # An upload is judged by its content, as the check judges the pictures on disk.
    fake = repo / "content/images/plakat.jpg"
    verdict = check_entry(settings, {fake: b"<html><script>alert(1)</script></html>"}, memo)
    assert [str(p) for p in verdict.errors] == [
        "content/images/plakat.jpg: der Name endet auf '.jpg', der Inhalt ist aber kein Bild "
        "(HTML-Seite): öffnen Sie das Bild in einem Bildprogramm und speichern Sie es neu als "
        "JPEG, PNG oder WebP"
    ]
    assert not (repo / "content/images").exists() and not post.exists()

    picture.parent.mkdir()
    picture.write_bytes(jpeg())
    post.write_text(text, encoding="utf-8")
    try:
        # Deleting the picture later: refused at the post that still shows it.
        verdict = check_entry(settings, {picture: None}, memo)
        assert picture.is_file()
        assert [str(p) for p in verdict.errors] == [
            f"{NEWS}:8: image: das Bild 'images/fachkraeftetag.jpg' wurde nicht gefunden "
            "(Bilder gehören nach content/images/)"
        ]
    finally:
        post.unlink()
        picture.unlink()
        picture.parent.rmdir()


def test_what_decap_server_would_write(repo):
    news = {"slug": "x", "path": NEWS, "raw": "Text"}
    moved = {"slug": "y", "path": "content/news/a.md", "raw": "Neu", "newPath": "content/news/b.md"}
    asset = {"path": "content/images/a.jpg", "content": base64.b64encode(b"JPEG").decode()}
    persist = {"dataFiles": [news, moved], "assets": [asset]}
    assert planned_files(repo, {"action": "persistEntry", "params": persist}) == {
        repo / NEWS: b"Text",
        repo / "content/news/a.md": None,
        repo / "content/news/b.md": b"Neu",
        repo / "content/images/a.jpg": b"JPEG",
    }
    assert planned_files(repo, {"action": "deleteFiles", "params": {"paths": [NEWS]}}) == {
        repo / NEWS: None
    }
    assert planned_files(repo, {"action": "getEntry", "params": {"path": NEWS}}) == {}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"dataFiles": [{"path": NEWS}], "assets": []},
            "Der Web-Editor hat keinen Text zum Speichern geschickt.",
        ),
        (
            {
                "dataFiles": [{"path": NEWS, "raw": "Text"}],
                "assets": [{"path": "content/images/a.jpg", "content": "%%"}],
            },
            "Der Web-Editor hat eine Datei geschickt, die sich nicht lesen lässt.",
        ),
        (
            {"dataFiles": [{"raw": "Text"}], "assets": []},
            "Die Anfrage des Web-Editors ist unvollständig.",
        ),
    ],
)
def test_a_write_the_proxy_cannot_read_is_refused(repo, params, message):
    rules = EntryRules(repo, repo / "pelicanconf.py")
    refused = rules.refusal({"action": "persistEntry", "params": params})
    assert (refused.status, str(refused)) == (400, message)


def test_a_check_that_breaks_writes_nothing(repo, tmp_path):
    rules = EntryRules(repo, tmp_path / "fehlt.py")  # settings that cannot be read
    params = {"dataFiles": [{"path": NEWS, "raw": post_text()}], "assets": []}
    refused = rules.refusal({"action": "persistEntry", "params": params})
    assert refused.status == 500
    assert str(refused).startswith(
        "Nicht gespeichert: die Prüfung vor dem Speichern ist abgebrochen ("
    )
    assert str(refused).endswith(
        "). Führen Sie „make check“ im Terminal aus; die Ausgabe nennt die Ursache."
    )


def test_the_proxy_refuses_the_write_and_asks_for_warnings(repo, settings):
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    Upstream.seen = []
    with contextlib.ExitStack() as stack:
        upstream_port = stack.enter_context(serving(upstream))
        proxy = make_proxy(
            repo,
            0,
            upstream=upstream_port,
            editor_port=EDITOR_PORT,
            settings_file=repo / "pelicanconf.py",
        )
        port = stack.enter_context(serving(proxy))
        proxy_saves(port)


def proxy_saves(port: int) -> None:
    """A save with a warning: 409 with the warning, then passed on once it is confirmed."""

    def save(path: str, raw: str, confirmed: list | None = None) -> tuple[int, dict]:
        entry = {"slug": "x", "path": path, "raw": raw}
        params = {"branch": "main", "dataFiles": [entry], "assets": [], "options": {}}
        request = {"action": "persistEntry", "params": params}
        if confirmed is not None:
            request["bestaetigt"] = confirmed
        return send(request)

    def send(request: dict) -> tuple[int, dict]:
        origin = f"http://localhost:{EDITOR_PORT}"
        status, headers, answer = post(port, json.dumps(request).encode(), origin=origin)
        # The editor's page may read a refusal: Decap shows its `error`, the page the rest.
        assert headers["Access-Control-Allow-Origin"] == origin
        return status, json.loads(answer)

    # A write the proxy cannot read: refused, and the page may read why.
    unreadable = {"action": "persistEntry", "params": {"dataFiles": [{"path": NEWS}]}}
    status, answer = send(unreadable)
    assert (status, answer) == (
        400,
        {"error": "Der Web-Editor hat keinen Text zum Speichern geschickt."},
    )

    far = event_text(start="2062-03-28 10:00", end="2062-03-28 16:00", slug="tag-2062")
    event = "content/termine/2062-03-28-tag.md"
    status, answer = save(event, far)
    assert status == 409
    (warning,) = answer["pruefung"]["warnungen"]
    assert answer["error"] == (
        "Noch nicht gespeichert: die Prüfung meldet eine Warnung, bitte bestätigen: "
        + warning["text"]
    )
    assert "mehr als zwei Jahre in der Zukunft" in warning["text"]
    assert Upstream.seen == []
    assert save(event, far, confirmed=[warning["text"]])[0] == 200
    assert [seen["params"]["dataFiles"][0]["path"] for seen in Upstream.seen] == [event]
