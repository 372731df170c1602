"""Events (Termine): Markdown files in content/termine/ with YAML front matter.

model.py holds the typed Event, rules.py the checks of one file, versions.py the record that
raises SEQUENCE when an event's time changes, loader.py reads them all, calendar.py writes
the .ics files, display.py the German wording and generator.py the pages.
"""
