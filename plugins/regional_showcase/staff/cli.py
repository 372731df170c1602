"""`showcase`: the editors' command: start a post, check everything, preview, export the schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..data.problems import ValidationFailed


def _settings(settings_file: str) -> dict:
    from pelican.settings import read_settings

    from ..settings import apply_defaults

    settings = read_settings(settings_file)
    apply_defaults(settings)
    return settings


def cmd_check(args: argparse.Namespace) -> int:
    from ..data.checks import load_and_check, news_dir
    from ..data.posts import post_files

    settings = _settings(args.settings)
    try:
        site = load_and_check(settings)
    except ValidationFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    count = len(post_files(news_dir(settings)))
    print(f"OK: {len(site.regions)} regions, {len(site.topics)} topics, {count} posts checked.")
    if site.gaps:
        # Hints, not errors: a page leaves an empty section out, but the operator should know.
        print(f"\nNoch offen auf den Regionsseiten ({len(site.gaps)} Hinweise, `showcase report`):")
        for gap in site.gaps:
            print(f"  {gap}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from ..data.checks import load_and_check
    from ..data.completeness import report

    settings = _settings(args.settings)
    try:
        site = load_and_check(settings)
    except ValidationFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    print(report(site.regions), end="")
    return 0


def cmd_new_post(args: argparse.Namespace) -> int:
    from ..data.loader import display_path
    from .new_post import create_post

    settings = _settings(args.settings)
    try:
        path = create_post(
            settings,
            title=args.title,
            regions=args.region,
            topic=args.topic,
            ask=input if sys.stdin.isatty() else None,
        )
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Created {display_path(path)}")
    print("It is a draft (Status: draft). Remove that line when the post may go live.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.settings, port=args.port, output=args.output)


def cmd_precompress(args: argparse.Namespace) -> int:
    from ..precompress import precompress

    count = precompress(Path(args.output))
    print(f"Wrote {count} precompressed files (.gz, .br) in {args.output}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from ..data.schema import write_schema

    write_schema(Path(args.output))
    print(f"Wrote {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="showcase", description=__doc__)
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate regions.yaml and every post, no build")
    check.set_defaults(run=cmd_check)

    report = commands.add_parser(
        "report", help="what each region page shows and what the operator must still provide"
    )
    report.set_defaults(run=cmd_report)

    new = commands.add_parser("new-post", help="start a news post (asks for what is missing)")
    new.add_argument("--title")
    new.add_argument("--region", action="append", help="region slug or 'alle'; repeatable")
    new.add_argument("--topic", help="topic name, e.g. 'Fachkräfte'")
    new.set_defaults(run=cmd_new_post)

    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild on changes")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--output", default="output")
    serve.set_defaults(run=cmd_serve)

    compress = commands.add_parser("precompress", help="write .gz and .br next to text files")
    compress.add_argument("output", nargs="?", default="output")
    compress.set_defaults(run=cmd_precompress)

    schema = commands.add_parser("schema", help="export the JSON Schema for editors")
    schema.add_argument("--output", default="data/regions.schema.json")
    schema.set_defaults(run=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
