"""Commands for staff: `showcase check`, `new-post`, the preview server."""
