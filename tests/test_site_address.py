"""The published site's address comes from SITEURL or the CI, never from a default; the footer
links to the real starke-regionen.de, which is not this site."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import yaml

from regional_showcase.data.links import links_in_text
from regional_showcase.data.star_links import (
    CONFIRMED_PAGES,
    HOSTS,
    star_link_file_problems,
    star_link_problems,
)
from regional_showcase.site_address import SiteAddressMissing, site_url

from sitebuild import PUBLISH_URL, ROOT

MISSING = (
    "SITEURL fehlt: die öffentliche Adresse der Website ist nicht bekannt. Setzen Sie die "
    "Umgebungsvariable SITEURL, z. B. SITEURL=https://regionen.example.org make publish "
    "(GitHub Pages übergibt sie im Workflow, GitLab Pages setzt CI_PAGES_URL)."
)
STAR = "https://www.starke-regionen.de/"


def test_the_address_comes_from_siteurl_then_gitlab_pages():
    assert site_url({"SITEURL": "https://a.example.org/"}) == "https://a.example.org"
    pages = {"CI_PAGES_URL": "https://gruppe.gitlab.io/website"}
    assert site_url(pages) == "https://gruppe.gitlab.io/website"
    assert site_url({**pages, "SITEURL": "https://b.example.org"}) == "https://b.example.org"
    assert site_url({"SITEURL": " ", **pages}) == "https://gruppe.gitlab.io/website"


def test_without_an_address_the_build_is_refused_with_siteurl_named():
    with pytest.raises(SiteAddressMissing) as refused:
        site_url({})
    assert str(refused.value) == MISSING


def test_an_address_that_is_no_web_address_is_refused():
    with pytest.raises(SiteAddressMissing) as refused:
        site_url({"SITEURL": "regionen.example.org"})
    assert str(refused.value) == (
        "SITEURL ist keine Website-Adresse: 'regionen.example.org'. Erwartet wird eine Adresse "
        "wie https://regionen.example.org (mit https://, ohne ? und #)."
    )


@pytest.mark.build  # runs publishconf.py in a process of its own
def test_publishconf_stops_without_an_address_and_no_traceback():
    env = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "CI_PAGES_URL")}
    run = subprocess.run(
        [sys.executable, "-c", "import runpy; runpy.run_path('publishconf.py')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stderr) == (1, MISSING + "\nDie Website wurde nicht gebaut.\n")


def test_the_ci_check_build_names_its_address():
    # ci.yml's production build is a check that is never deployed: it names a reserved
    # example address instead of relying on a default.
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    (build,) = [s for s in workflow["jobs"]["test"]["steps"] if s.get("run") == "make publish"]
    assert build["env"]["SITEURL"].endswith(".example.org")


@pytest.mark.build
def test_the_footer_links_the_real_starke_regionen_de_not_the_site_itself(published):
    footer = published.page("").xpath("//footer")[0]
    (star,) = [a for a in footer.iter("a") if "starke-regionen.de" in a.text_content()]
    assert star.get("href") == STAR
    assert not STAR.startswith(PUBLISH_URL)
    assert published.page("").xpath("//link[@rel='canonical']/@href") == [PUBLISH_URL + "/"]


def test_a_deep_link_to_an_unconfirmed_page_of_starke_regionen_de_is_refused():
    text = (
        "Siehe [Themenkarte](https://www.starke-regionen.de/informationen/gute-beispiele/x.html).\n"
        "Die [Startseite](https://www.starke-regionen.de/) und "
        "[Ems-Achse](https://starke-regionen.de/informationen/partnerregionen/ems-achse.html).\n"
        "Andere Websites: https://www.example.org/starke-regionen.de/x.html\n"
    )
    (problem,) = star_link_problems(text, "content/news/x.md")
    assert str(problem) == (
        "content/news/x.md:1: Link auf eine Seite von starke-regionen.de, deren Bestand nicht "
        "belegt ist: https://www.starke-regionen.de/informationen/gute-beispiele/x.html; "
        "verlinken Sie die Startseite https://www.starke-regionen.de/ oder prüfen Sie die Seite "
        "und tragen Sie ihren Pfad in CONFIRMED_PAGES in "
        "plugins/regional_showcase/data/star_links.py ein"
    )


def test_every_link_to_starke_regionen_de_in_the_inputs_goes_to_a_confirmed_page():
    files = [*(ROOT / "data").glob("*.yaml"), *(ROOT / "content").rglob("*.md")]
    assert star_link_file_problems(files, lambda path: path.name) == []
    linked = {
        urlsplit(url).path
        for path in files
        for url in links_in_text(path.read_text(encoding="utf-8"))
        if urlsplit(url).hostname in HOSTS
    }
    assert len(linked) >= 5 and linked <= set(CONFIRMED_PAGES)
