"""`make html`'s client of the build server: what scripts/html runs,
`python -m regional_showcase.staff.build_client SETTINGS NEW OUTPUT`.

`showcase build --server` hands the build over the same way, through the `showcase` command,
whose imports (argparse and the parser of every command, the data's problem classes, typing)
took more of the client's time than handing the build over. This module needs the standard
library, build_server.py's client half and environment.py (which reads the variables);
Pelican and the plugin are imported only when the build runs in this process (no server, a
stale one, CI, SHOWCASE_BUILD_SERVER=0), and it then runs as `showcase build` runs it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

USAGE = (
    "Aufruf: python -m regional_showcase.staff.build_client EINSTELLUNGEN NEU AUSGABE "
    "(so ruft scripts/html ihn auf: pelicanconf.py output.new-<pid> output)"
)


def through_server(settings_file: str, new: Path, output: Path, here: Callable[[], int]) -> int:
    """The build by the project's build server, or by `here` in this process (see
    build_server.build_via_server); 130 after Ctrl+C while the server built (it put nothing
    in place)."""
    from .build_server import build_via_server

    try:
        return build_via_server(settings_file, new, output, here)
    except KeyboardInterrupt:
        return 130


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 3:
        print(USAGE, file=sys.stderr)
        return 2
    settings_file, new, output = arguments[0], Path(arguments[1]), Path(arguments[2])

    def here() -> int:
        from .build import build_command

        return build_command(settings_file, new, output)

    return through_server(settings_file, new, output, here)


if __name__ == "__main__":
    sys.exit(main())
