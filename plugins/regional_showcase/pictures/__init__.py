"""Pictures drawn at build time: preview cards, region illustrations, the map, charts, image variants."""
