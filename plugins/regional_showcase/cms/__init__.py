"""The web editor at /admin/ (Decap CMS): its configuration, made from the plugin's rules."""
