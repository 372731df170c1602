"""Rules and addresses that need the whole site: its settings, URLs, feeds and events.

Above data/ (which only reads and types one input at a time): these modules put the inputs
together, so they may import settings, urls, feeds and events/; data/ imports none of them.
"""
