"""The Git host the web editor logs in to: named by CI variables, reached only over https."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from regional_showcase.cms.backends import BackendMissing, backend_from_environment
from regional_showcase.settings import SettingsError, ShowcaseSettings

ROOT = Path(__file__).resolve().parent.parent
GITLAB = {"CMS_BACKEND": "gitlab", "CMS_REPO": "a/b", "CMS_APP_ID": "1"}
GITHUB = {"CMS_BACKEND": "github", "CMS_REPO": "a/b"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {**GITLAB, "CMS_GITLAB_URL": "http://git.example.org"},
            "CMS_GITLAB_URL: erwartet eine Adresse mit https://, gefunden 'http://git.example.org':"
            " über http gingen Anmeldung und Zugangstoken unverschlüsselt durchs Netz;"
            " schreiben Sie 'https://git.example.org'",
        ),
        (
            {**GITHUB, "CMS_AUTH_URL": "http://localhost:8080/auth"},
            "CMS_AUTH_URL: erwartet eine Adresse mit https://, gefunden "
            "'http://localhost:8080/auth': über http gingen Anmeldung und Zugangstoken"
            " unverschlüsselt durchs Netz; schreiben Sie 'https://localhost:8080/auth'",
        ),
        (
            {**GITHUB, "CMS_AUTH_URL": "auth.example.org"},
            "CMS_AUTH_URL: erwartet eine vollständige Adresse mit https://, gefunden "
            "'auth.example.org', z. B. 'https://git.example.org'",
        ),
    ],
)
def test_a_backend_address_without_https_is_refused(env, message):
    with pytest.raises(BackendMissing) as refused:
        backend_from_environment(env)
    assert str(refused.value) == message


def test_https_backend_addresses_are_taken_as_they_are():
    gitlab = backend_from_environment({**GITLAB, "CMS_GITLAB_URL": "https://git.example.org/"})
    assert (gitlab["base_url"], gitlab["api_root"]) == (
        "https://git.example.org",
        "https://git.example.org/api/v4",
    )
    github = backend_from_environment({**GITHUB, "CMS_AUTH_URL": "https://auth.example.org"})
    assert github["base_url"] == "https://auth.example.org"


def test_a_backend_set_in_the_settings_is_held_to_https_too():
    backend = {"name": "gitlab", "repo": "a/b", "api_root": "http://git.example.org/api/v4"}
    with pytest.raises(SettingsError) as refused:
        ShowcaseSettings.from_pelican(
            {
                "PATH": "content",
                "SHOWCASE_DATA": "data/regions.yaml",
                "SHOWCASE_CMS_BACKEND": backend,
            }
        )
    assert refused.value.problems == [
        "SHOWCASE_CMS_BACKEND: api_root: erwartet eine Adresse mit https://, gefunden "
        "'http://git.example.org/api/v4': über http gingen Anmeldung und Zugangstoken"
        " unverschlüsselt durchs Netz; schreiben Sie 'https://git.example.org/api/v4'"
        " (Vorgabe: {'name': 'git-gateway', 'branch': 'main'})"
    ]


@pytest.mark.build  # runs publishconf.py in a process of its own
def test_publishconf_stops_with_the_variable_named_and_no_traceback():
    env = {**os.environ, **GITLAB, "CMS_GITLAB_URL": "http://git.example.org"}
    env["SITEURL"] = "https://regionen.example.org"  # publishconf.py refuses to guess it
    code = "import runpy; runpy.run_path('publishconf.py')"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 1
    assert run.stderr == (
        "CI-Variable fehlerhaft: CMS_GITLAB_URL: erwartet eine Adresse mit https://, gefunden "
        "'http://git.example.org': über http gingen Anmeldung und Zugangstoken unverschlüsselt"
        " durchs Netz; schreiben Sie 'https://git.example.org'\nDie Website wurde nicht gebaut.\n"
    )
