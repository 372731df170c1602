/* Decap starts itself as soon as its script has run, and then draws the editor as soon as
 * config.yml has arrived: sometimes before the site's scripts after it have registered their
 * widgets and German phrases. It waits for showcase-start.js instead (admin.py loads this
 * file before Decap and that one after every script of the site). */
window.CMS_MANUAL_INIT = true;
