/* The last of the editor's scripts (see showcase-wait.js): every widget, preview and phrase
 * of the site is registered, so Decap may start. */
window.CMS.init();
