"""The preview engine of `make serve`: what changed since the last build, and the server."""
