"""The data side: the schema, YAML with line numbers, the typed model, and the rules for posts."""
