"""`showcase` answers a mistyped command in German: the usage line, the mistake, the fix."""

from __future__ import annotations

import pytest

from regional_showcase.staff.cli import main


@pytest.fixture(autouse=True)
def terminal_width(monkeypatch):
    """argparse wraps to the terminal's width; the expected texts are for 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")


USAGE = "Aufruf: showcase [-h] [-s SETTINGS] BEFEHL ...\n"


@pytest.mark.parametrize(
    ("argv", "usage", "error"),
    [
        ([], USAGE, "showcase: Fehler: es fehlt: BEFEHL"),
        (
            ["chek"],
            USAGE,
            "showcase: Fehler: BEFEHL: 'chek' ist nicht erlaubt (meinten Sie 'check'?)",
        ),
        (
            ["xyzzy"],
            USAGE,
            "showcase: Fehler: BEFEHL: 'xyzzy' ist nicht erlaubt (erlaubt: 'check', 'report', "
            "'new-post', 'new-event', 'event-versions', 'serve', 'cms', 'build', 'build-server', "
            "'index', 'precompress', 'stamp-output', 'verify-output', 'published-set', 'addresses', "
            "'schema')",
        ),
        (["check", "--bogus"], USAGE, "showcase: Fehler: unbekannte Angaben: --bogus"),
        (
            ["serve", "--port", "abc"],
            "Aufruf: showcase serve [-h] [--port PORT] [--output OUTPUT] [--lan]\n",
            "showcase serve: Fehler: --port: 'abc' ist keine ganze Zahl",
        ),
        (
            ["schema", "--output"],
            "Aufruf: showcase schema [-h] [--output OUTPUT]\n",
            "showcase schema: Fehler: --output: hier fehlt ein Wert",
        ),
    ],
)
def test_a_mistyped_command_gets_a_german_answer(capsys, argv, usage, error):
    with pytest.raises(SystemExit) as exit_status:
        main(argv)
    assert exit_status.value.code == 2
    assert capsys.readouterr().err == usage + error + "\n"


def test_the_help_is_german(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    for line in (
        USAGE.rstrip("\n"),
        "Werkzeuge für die Redaktion: Meldung anlegen, alles prüfen, Vorschau, Schema.",
        "Optionen:",
        "  -h, --help            diese Hilfe zeigen und beenden",
        "Befehle:",
        "    check               Daten, Meldungen und Termine prüfen, ohne zu bauen",
        "    new-post            eine Meldung anlegen (fragt nach, was fehlt)",
        "    new-event           einen Termin anlegen (fragt, was fehlt)",
    ):
        assert line in help_text.splitlines()
