"""Production settings (`make publish`): absolute URLs from the environment, clean output."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403
from regional_showcase.site_address import SiteAddressMissing, site_url

# The public address of the site, without a trailing slash: SITEURL, else GitLab Pages'
# CI_PAGES_URL (GitHub's workflow passes its Pages address as SITEURL). There is no default:
# the site is not starke-regionen.de, to which its footer links (site_address.py).
try:
    SITEURL = site_url(os.environ)
except SiteAddressMissing as error:
    sys.exit(f"{error}\nDie Website wurde nicht gebaut.")
FEED_DOMAIN = SITEURL
# Part of every feed entry id: set once and never change it (see docs/betrieb.md, "The feed id domain").
FEED_ID_DOMAIN = os.environ.get("FEED_ID_DOMAIN", FEED_ID_DOMAIN)  # noqa: F405
RELATIVE_URLS = False

DELETE_OUTPUT_DIRECTORY = True

# Every fact a published page asks for ({betreiber:…}: Impressum, Datenschutz, Erklärung zur
# Barrierefreiheit) must be set in SHOWCASE_OPERATOR (pelicanconf.py), or the build stops.
SHOWCASE_OPERATOR_REQUIRED = True
# The input check of what goes online computes every result anew: it never trusts a
# cache/ that CI restored (check_cache.py).
SHOWCASE_CHECK_CACHE = False

# Drafts and posts dated in the future appear nowhere: no page, listing, feed or sitemap.
# A future post goes live with the first publish build on or after its date.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
# The fictitious sample events (content/termine/beispiele/) never go live.
SHOWCASE_EVENT_SAMPLES = False
DRAFT_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_LANG_URL = ""

# The web editor at /admin/ saves to the Git host named here (docs/betrieb.md, "Production backends"): GitLab
# with PKCE, or GitHub through an OAuth service. Without CMS_BACKEND the site has no /admin/.
SHOWCASE_CMS = bool(os.environ.get("CMS_BACKEND"))
SHOWCASE_CMS_LOCAL_BACKEND = False
SHOWCASE_CMS_EDITORIAL_WORKFLOW = True
if SHOWCASE_CMS:
    from regional_showcase.cms.backends import BackendMissing, backend_from_environment

    try:
        SHOWCASE_CMS_BACKEND = backend_from_environment(os.environ)
    except BackendMissing as error:
        # As a wrong setting is reported: the variable and the fix, no traceback.
        sys.exit(f"CI-Variable fehlerhaft: {error}\nDie Website wurde nicht gebaut.")
