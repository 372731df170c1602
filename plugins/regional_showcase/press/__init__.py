"""The press area (/presse/, /en/press/): releases, contacts, pictures and the facts sheet.

model.py holds the typed PressRelease, rules.py the checks of one release file (the post rules
where they apply), loader.py reads them all, contacts.py and facts.py take the regions' press
contacts and the facts sheet from data/regions.yaml, pictures.py lists the drawings the
project may license, feed.py writes the press feeds, cms.py the web editor's collection and
generator.py the pages.
"""
