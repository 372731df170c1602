"""The Git host the production editor saves to, read from the environment CI sets.

GitLab logs in with PKCE in the browser, with no server of its own. GitHub needs an OAuth
step that keeps the app's secret on a server (docs/betrieb.md, "Production backends"): CMS_AUTH_URL names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

# The keys of Decap's `backend:` that name a server the editor sends its login and token to.
URL_KEYS = ("base_url", "api_root")


class BackendMissing(ValueError):
    """The environment names a backend but not what it needs, or names it insecurely."""


def https_problem(url: str) -> str | None:
    """Why `url` may not be a backend's address, or None when it is an https address.

    The editor sends the editor's login and the Git host's access token there: over http
    anyone on the way (office Wi-Fi, a hotel network) could read and reuse them. localhost
    gets no exception: the local editor (`make cms`) talks to decap-server, never to these.
    """
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname:
        return (
            f"erwartet eine Adresse mit https://, gefunden {url!r}: über http gingen Anmeldung "
            f"und Zugangstoken unverschlüsselt durchs Netz; schreiben Sie {'https' + url[4:]!r}"
        )
    return f"erwartet eine vollständige Adresse mit https://, gefunden {url!r}, z. B. 'https://git.example.org'"


def _https(env: Mapping[str, str], key: str) -> str:
    problem = https_problem(env[key])
    if problem:
        raise BackendMissing(f"{key}: {problem}")
    return env[key]


def backend_from_environment(env: Mapping[str, str]) -> dict[str, Any]:
    """Decap's `backend:` from CMS_BACKEND (gitlab|github), CMS_REPO, CMS_BRANCH, …"""
    name = env["CMS_BACKEND"]
    branch = env.get("CMS_BRANCH", "main")
    repo = env.get("CMS_REPO", "")
    if not repo:
        raise BackendMissing("CMS_REPO fehlt: z. B. 'starke-regionen/website'")
    if name == "gitlab":
        if not env.get("CMS_APP_ID"):
            raise BackendMissing("CMS_APP_ID fehlt: die Application ID der GitLab-Anwendung")
        backend = {
            "name": "gitlab",
            "repo": repo,
            "branch": branch,
            "auth_type": "pkce",
            "app_id": env["CMS_APP_ID"],
        }
        if env.get("CMS_GITLAB_URL"):
            base = _https(env, "CMS_GITLAB_URL").rstrip("/")
            backend |= {
                "base_url": base,
                "api_root": f"{base}/api/v4",
                "auth_endpoint": "oauth/authorize",
            }
        return backend
    if name == "github":
        if not env.get("CMS_AUTH_URL"):
            raise BackendMissing("CMS_AUTH_URL fehlt: die Adresse des OAuth-Dienstes für GitHub")
        base = _https(env, "CMS_AUTH_URL")
        return {"name": "github", "repo": repo, "branch": branch, "base_url": base}
    raise BackendMissing(f"CMS_BACKEND '{name}' unbekannt: erlaubt sind 'gitlab' und 'github'")
