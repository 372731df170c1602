"""Ways into the national job search and the recognition of qualifications, per region.

A region names the town its job search is centred on and a radius (`jobs.search` in
regions.yaml); the links into the Bundesagentur für Arbeit's job search are made here, one per
occupation the regions recruit, so that a change of the Bundesagentur's address format is one
change in one place. They are plain links: the page asks nothing of another server.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

# The Bundesagentur für Arbeit's job search. `angebotsart=1` is work (not an apprenticeship),
# `was` the search words, `wo` the place and `umkreis` the radius in km. The Bundesagentur
# documents no address format: this is the form of the links to its search page that others
# publish (checked against several, not against the live site). If it changes, change it here.
BA_JOB_SEARCH = "https://www.arbeitsagentur.de/jobsuche/suche"
# The radii (km) the Bundesagentur's search offers, as far as its interface is documented.
JOB_SEARCH_RADII = (10, 25, 50, 100, 150, 200)
# The federal portal's job listings in English (the Bundesagentur's search is in German).
ENGLISH_JOB_SEARCH = "https://www.make-it-in-germany.com/en/working-in-germany/job-listings"
# The federal portal that names, per profession and place, who recognises a qualification.
RECOGNITION_FINDER = "https://www.anerkennung-in-deutschland.de/html/en/index.php"

# The occupations the seven regions recruit, care first: (key, search words). The key names
# the occupation on the page (the template translates it); the words are what the
# Bundesagentur's search looks for, in German like its job offers.
OCCUPATIONS = (
    ("care", "Pflegefachkraft"),
    ("crafts", "Handwerk"),
    ("engineering", "Ingenieur"),
    ("it", "Informatik"),
    ("education", "Erzieher"),
)


def job_search_url(words: str, place: str, radius: int) -> str:
    """The Bundesagentur's job search for `words` within `radius` km of `place`."""
    # quote, not quote_plus: a space is %20, as in the Bundesagentur's own links.
    query = urlencode(
        {"angebotsart": 1, "was": words, "wo": place, "umkreis": radius}, quote_via=quote
    )
    return f"{BA_JOB_SEARCH}?{query}"
