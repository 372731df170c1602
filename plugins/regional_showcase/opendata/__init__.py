"""The region data as open data: JSON, GeoJSON, CSV and a Data Package, made from the model."""
