"""`showcase`: the editors' command: start a post, check everything, preview, export the schema.

Editors are German staff, so everything it prints is German.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..data.problems import ValidationFailed, warnings_text
from .arguments import GermanArgumentParser

DESCRIPTION = "Werkzeuge für die Redaktion: Meldung anlegen, alles prüfen, Vorschau, Schema."


def _settings(settings_file: str):
    """The typed settings of a settings file; a wrong setting stops with every mistake."""
    from pelican.settings import read_settings

    from ..settings import apply_defaults

    return apply_defaults(read_settings(settings_file))


def cmd_check(args: argparse.Namespace) -> int:
    from ..input_check import check_input

    settings = _settings(args.settings)
    gaps: list = []
    try:
        checked = check_input(settings, gaps)
    except ValidationFailed as failed:
        print(failed, file=sys.stderr)
        if failed.warnings:
            # After the errors: the errors must be fixed, the warnings only confirmed.
            print(f"\n{warnings_text(failed.warnings)}", file=sys.stderr)
        return 1
    site = checked.site
    for warning in checked.events.warnings:
        print(warning, file=sys.stderr)
    # The check read every post once (one PostInfo each); no second walk of the folder.
    releases = len(checked.items["press"])
    print(
        f"OK: {len(site.regions)} Regionen, {len(site.topics)} Kategorien, "
        f"{len(checked.items['posts'])} Meldungen, "
        f"{releases} Pressemitteilung{'' if releases == 1 else 'en'}, "
        f"{len(checked.events.events)} Termine geprüft."
    )
    if checked.warnings:
        # Not errors (status 0): a date years ahead may be meant; the operator confirms it.
        print(f"\n{warnings_text(checked.warnings)}")
    if gaps:
        # Hints, not errors: a page leaves an empty section out, but the operator should know.
        hints = "1 Hinweis" if len(gaps) == 1 else f"{len(gaps)} Hinweise"
        print(f"\nNoch offen auf den Regionsseiten ({hints}, `showcase report`):")
        for gap in gaps:
            print(f"  {gap}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from ..data.completeness import photo_line, report
    from ..data.operator_pages import report_lines
    from ..input_check import load_and_check, page_needs_of

    settings = _settings(args.settings)
    try:
        site = load_and_check(settings)
    except ValidationFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    print(report(site.regions), end="")
    print("\n" + photo_line(site.regions))
    print("\n" + "\n".join(report_lines(page_needs_of(settings), settings.operator)))
    return 0


def cmd_new_event(args: argparse.Namespace) -> int:
    from ..data.paths_shown import display_path
    from .new_event import create_event

    settings = _settings(args.settings)
    try:
        path = create_event(
            settings,
            title=args.title,
            start=args.start,
            end=args.end,
            regions=args.region,
            topic=args.topic,
            place=args.place,
            address=args.address,
            city=args.city,
            online=args.online,
            ask=input if sys.stdin.isatty() else None,
        )
    except (ValueError, FileExistsError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    print(f"Angelegt: {display_path(path)}")
    print(
        "Der Termin ist ein Entwurf (status: draft). Löschen Sie diese Zeile, wenn er online gehen darf."
    )
    return 0


def cmd_event_versions(args: argparse.Namespace) -> int:
    from ..data.paths_shown import display_path
    from ..events.loader import versions_file
    from ..input_check import check_input
    from .new_event import record_versions

    settings = _settings(args.settings)
    try:
        checked = check_input(settings)
    except ValidationFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    events = checked.events
    count = record_versions(settings, events.unrecorded, events.versions)
    print(f"{count} Termine in {display_path(versions_file(settings))} festgehalten.")
    return 0


def cmd_new_post(args: argparse.Namespace) -> int:
    from ..data.paths_shown import display_path
    from ..data.posts import default_slug
    from .new_post import create_post

    settings = _settings(args.settings)
    try:
        path = create_post(
            settings,
            title=args.title,
            regions=args.region,
            topic=args.topic,
            ask=input if sys.stdin.isatty() else None,
            tell=lambda text: print(f"  {text}", file=sys.stderr),
        )
    except (ValueError, FileExistsError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        # Ctrl+C or Ctrl+D while asked: nothing was written, and that is all to say. Status 0,
        # so that `make post` adds no "Error 130" line to a cancel the editor chose.
        print("\nAbgebrochen, keine Meldung angelegt.", file=sys.stderr)
        return 0
    shown = display_path(path)
    slug = default_slug(path)
    port = getattr(args, "port", 8000)
    print(f"Angelegt: {shown}")
    print(
        f"Öffnen: in Ihrem Texteditor, z. B. mit „code {shown}“ (VS Code) "
        "oder per Doppelklick im Dateimanager."
    )
    print(
        f"Vorschau: „make serve“ starten und http://localhost:{port}/entwuerfe/{slug}/ "
        "im Browser öffnen; die Seite lädt nach jedem Speichern neu."
    )
    print(
        "Die Meldung ist ein Entwurf (status: draft). Löschen Sie diese Zeile, "
        "wenn sie online gehen darf."
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.settings, port=args.port, output=args.output, lan=args.lan)


def cmd_cms(args: argparse.Namespace) -> int:
    from .cms import run_cms

    return run_cms(args.settings, port=args.port, proxy_port=args.proxy_port, output=args.output)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_command

    new, output = Path(args.new), Path(args.output)

    def here() -> int:
        return build_command(args.settings, new, output, publish=args.publish, cache=args.cache)

    if not args.server or args.publish or args.cache is not None:
        return here()
    # Through the build process that stays (build_server.py), or here without one: what
    # scripts/html runs as build_client.py, without this command's imports.
    from .build_client import through_server

    return through_server(args.settings, new, output, here)


def cmd_build_server(args: argparse.Namespace) -> int:
    from .build_client import stop_servers
    from .build_server import run_server

    if args.action == "run":
        return run_server(args.settings)
    ended = stop_servers(Path.cwd())
    if ended:
        print(f"Bauprozess im Hintergrund beendet (PID {', '.join(map(str, ended))}).")
    else:
        print("Es lief kein Bauprozess im Hintergrund.")
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from ..search_index import build_search_index

    return build_search_index(args.output, record=args.record, previous=args.previous)


def cmd_precompress(args: argparse.Namespace) -> int:
    from .build import write_siblings

    # A fresh publish folder: siblings of unchanged files come from the last complete output.
    previous = args.previous if args.record else None
    if previous is None and args.record:
        from ..build_record import final_output

        previous = final_output(Path(args.output))
    write_siblings(Path(args.output), previous, args.record)
    return 0


def cmd_stamp_output(args: argparse.Namespace) -> int:
    from .build import write_stamp

    write_stamp(Path(args.output), args.record)
    return 0


def cmd_verify_output(args: argparse.Namespace) -> int:
    from ..completeness_stamp import IncompleteBuild, verified_stamp

    output = Path(args.output)
    try:
        stamp = verified_stamp(output)
    except IncompleteBuild as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"OK: {output} ist ein vollständiger Build ({stamp.short()}).")
    return 0


def cmd_published_set(args: argparse.Namespace) -> int:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from ..content_types.registry import published_candidates
    from ..data.published_set import published_set

    settings = _settings(args.settings)
    now = dt.datetime.now(ZoneInfo(settings.timezone))
    candidates = published_candidates(settings)
    print(published_set(settings.content_path, candidates, now, settings.timezone))
    return 0


def cmd_addresses(args: argparse.Namespace) -> int:
    from ..data.address_ledger import Ledger, read_ledger, updated_ledger
    from ..data.paths_shown import display_path
    from ..input_check import check_input

    settings = _settings(args.settings)
    try:
        published = check_input(settings).kept.published
    except ValidationFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    if not args.update:
        for address, source in sorted(published.items()):
            print(f"{address} {source}".rstrip())
        return 0
    path = settings.address_ledger
    if path is None:
        print("SHOWCASE_ADDRESS_LEDGER ist nicht gesetzt (pelicanconf.py)", file=sys.stderr)
        return 1
    ledger = read_ledger(path)
    # The live site's ledger (CI fetches its adressen.txt): what went online without a commit.
    also = read_ledger(Path(args.also)) if args.also else Ledger()
    problems = [*ledger.problems, *also.problems]
    if problems:
        print(ValidationFailed(problems), file=sys.stderr)
        return 1
    known = {entry.address: entry.source for entry in (*also.entries, *ledger.entries)}
    text = updated_ledger(ledger, {**known, **published})
    added = len({**known, **published}) - len(ledger.entries)
    shown = display_path(path)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        print(f"{shown} ist aktuell ({len(ledger.entries)} Adressen).")
        return 0
    from ..atomic_write import write_text

    write_text(path, text)
    print(f"{shown}: {added} neue Adressen ergänzt; committen Sie die Datei.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from ..data.schema import write_schema

    write_schema(Path(args.output))
    print(f"{args.output} geschrieben")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = GermanArgumentParser(prog="showcase", description=DESCRIPTION)
    parser.add_argument(
        "-s", "--settings", default="pelicanconf.py", help="Pelican-Einstellungsdatei"
    )
    commands = parser.add_subparsers(
        dest="command", required=True, title="Befehle", metavar="BEFEHL"
    )

    check = commands.add_parser("check", help="Daten, Meldungen und Termine prüfen, ohne zu bauen")
    check.set_defaults(run=cmd_check)

    report = commands.add_parser("report", help="was jede Regionsseite zeigt und was noch fehlt")
    report.set_defaults(run=cmd_report)

    new = commands.add_parser("new-post", help="eine Meldung anlegen (fragt nach, was fehlt)")
    new.add_argument("--title", help="Titel der Meldung")
    new.add_argument(
        "--region",
        action="append",
        help="Region (Name oder Slug) oder 'alle'; mehrere mit Komma oder mehrfach",
    )
    new.add_argument("--topic", help="Kategorie, z. B. 'Fachkräfte'")
    new.set_defaults(run=cmd_new_post)

    event = commands.add_parser("new-event", help="einen Termin anlegen (fragt, was fehlt)")
    event.add_argument("--title", help="Titel des Termins")
    event.add_argument("--start", help="TT.MM.JJJJ oder 'TT.MM.JJJJ HH:MM'")
    event.add_argument("--end", help="TT.MM.JJJJ oder 'TT.MM.JJJJ HH:MM'")
    event.add_argument(
        "--region", action="append", help="Slug einer Region oder 'alle'; mehrfach möglich"
    )
    event.add_argument("--topic", help="Kategorie, z. B. 'Fachkräfte'")
    event.add_argument("--place", help="Veranstaltungsort, z. B. 'Stadthalle'")
    event.add_argument("--address", help="Straße und Hausnummer")
    event.add_argument("--city", help="PLZ und Ort, z. B. '57072 Siegen'")
    event.add_argument("--online", help="Link zur Teilnahme an einem Online-Termin")
    event.set_defaults(run=cmd_new_event)

    versions = commands.add_parser(
        "event-versions", help="geänderte Terminzeiten für Kalender festhalten"
    )
    versions.set_defaults(run=cmd_event_versions)

    serve = commands.add_parser(
        "serve", help="bauen, auf localhost zeigen und bei Änderungen neu bauen"
    )
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--output", default="output")
    serve.add_argument(
        "--lan",
        action="store_true",
        help="auch im lokalen Netzwerk zeigen (Adresse und QR-Code für das Handy)",
    )
    serve.set_defaults(run=cmd_serve)

    cms = commands.add_parser(
        "cms", help="Web-Editor lokal: decap-server und Vorschau zusammen (Strg+C beendet beides)"
    )
    cms.add_argument("--port", type=int, default=8000)
    cms.add_argument("--proxy-port", type=int, default=8081)
    cms.add_argument("--output", default="output")
    cms.set_defaults(run=cmd_cms)

    build = commands.add_parser(
        "build",
        help="bauen, Suchindex anlegen und die Ausgabe ersetzen, in einem Lauf (scripts/html, scripts/publish)",
    )
    build.add_argument("new", help="der frische Ordner, in den gebaut wird (output.new-<pid>)")
    build.add_argument("output", help="die Ausgabe, die der fertige Ordner ersetzt")
    build.add_argument(
        "--publish",
        action="store_true",
        help="auch .gz/.br und den Abschlussvermerk build-stamp.txt schreiben (make publish)",
    )
    build.add_argument(
        "--cache",
        type=Path,
        help="ein anderer Cache-Ordner als cache/ (CACHE_PATH), etwa für einen sauberen Vergleichsbuild",
    )
    build.add_argument(
        "--server",
        action="store_true",
        help="über den Bauprozess im Hintergrund bauen, der zwischen den Builds bleibt (make html; "
        "nicht mit CI oder SHOWCASE_BUILD_SERVER=0)",
    )
    build.set_defaults(run=cmd_build)

    server = commands.add_parser(
        "build-server",
        help="der Bauprozess im Hintergrund für make html: stop beendet ihn (make stop)",
    )
    server.add_argument("action", choices=["stop", "run"], help="stop: beenden; run: ihn ausführen")
    server.set_defaults(run=cmd_build_server)

    index = commands.add_parser(
        "index", help="den Pagefind-Suchindex einer gebauten Website anlegen"
    )
    index.add_argument("output", nargs="?", default="output")
    index.add_argument(
        "--record",
        type=Path,
        help="Vermerk der Suchindex-Teile (make html/publish: cache/showcase/search-record.json)",
    )
    index.add_argument(
        "--previous",
        type=Path,
        help="die letzte vollständige Ausgabe: unveränderte Teile des Index kommen von dort",
    )
    index.set_defaults(run=cmd_index)

    compress = commands.add_parser(
        "precompress", help=".gz und .br neben die Textdateien schreiben"
    )
    compress.add_argument("output", nargs="?", default="output")
    compress.add_argument(
        "--record",
        type=Path,
        help="Vermerk der Geschwisterdateien (make publish: cache/showcase/precompress-record.json)",
    )
    compress.add_argument(
        "--previous",
        type=Path,
        help="die letzte vollständige Ausgabe: Geschwister unveränderter Dateien kommen von dort",
    )
    compress.set_defaults(run=cmd_precompress)

    stamp = commands.add_parser(
        "stamp-output",
        help="den Abschlussvermerk build-stamp.txt in eine fertige Website schreiben",
    )
    stamp.add_argument("output", nargs="?", default="output")
    stamp.add_argument(
        "--record",
        type=Path,
        help="Prüfsummen nach Datei-Identität (make publish: cache/showcase/stamp-record.json)",
    )
    stamp.set_defaults(run=cmd_stamp_output)

    verify = commands.add_parser(
        "verify-output",
        help="prüfen, ob eine gebaute Website vollständig ist (vor jedem Hochladen)",
    )
    verify.add_argument("output", nargs="?", default="output")
    verify.set_defaults(run=cmd_verify_output)

    published = commands.add_parser(
        "published-set",
        help="Prüfsumme dessen, was ein Veröffentlichungs-Build jetzt online stellt",
    )
    published.set_defaults(run=cmd_published_set)

    addresses = commands.add_parser(
        "addresses", help="die Adressen, die ein Veröffentlichungs-Build jetzt online stellt"
    )
    addresses.add_argument(
        "--update",
        action="store_true",
        help="neue Adressen in das Adressbuch (data/adressen.txt) aufnehmen",
    )
    addresses.add_argument(
        "--also", help="mit --update: auch die Adressen dieser Datei (adressen.txt der Website)"
    )
    addresses.set_defaults(run=cmd_addresses)

    schema = commands.add_parser("schema", help="das JSON-Schema für Editoren exportieren")
    schema.add_argument("--output", default="data/regions.schema.json")
    schema.set_defaults(run=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
