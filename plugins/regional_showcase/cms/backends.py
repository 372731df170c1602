"""The Git host the production editor saves to, read from the environment CI sets.

GitLab logs in with PKCE in the browser, with no server of its own. GitHub needs an OAuth
step that keeps the app's secret on a server (README, "Web-Editor"): CMS_AUTH_URL names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class BackendMissing(ValueError):
    """The environment names a backend but not what it needs."""


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
            base = env["CMS_GITLAB_URL"].rstrip("/")
            backend |= {
                "base_url": base,
                "api_root": f"{base}/api/v4",
                "auth_endpoint": "oauth/authorize",
            }
        return backend
    if name == "github":
        if not env.get("CMS_AUTH_URL"):
            raise BackendMissing("CMS_AUTH_URL fehlt: die Adresse des OAuth-Dienstes für GitHub")
        return {"name": "github", "repo": repo, "branch": branch, "base_url": env["CMS_AUTH_URL"]}
    raise BackendMissing(f"CMS_BACKEND '{name}' unbekannt: erlaubt sind 'gitlab' und 'github'")
