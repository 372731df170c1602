// Converts Germany's outline from Natural Earth (npm `world-atlas`, 1:50m) into
// data/germany-outline.json, once. The build draws the home-page map from that file, so the
// site needs neither Node nor a tile server. Rerun only to change the source data:
//   npm install --no-save world-atlas@2.0.2 topojson-client@3.1.0
//   node scripts/make-germany-outline.mjs > data/germany-outline.json
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const atlas = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));
const germany = feature(atlas, atlas.objects.countries).features.find((f) => f.id === "276");
const round = ([lon, lat]) => [Math.round(lon * 1000) / 1000, Math.round(lat * 1000) / 1000];
const polygons = germany.geometry.type === "Polygon"
  ? [germany.geometry.coordinates]
  : germany.geometry.coordinates;
const outline = {
  source: "Natural Earth 1:50m admin 0 countries, via npm world-atlas@2.0.2 (countries-50m.json)",
  licence: "Natural Earth: public domain. world-atlas: ISC licence, Copyright 2013-2019 Michael Bostock.",
  name: germany.properties.name,
  polygons: polygons.map((rings) => rings.map((ring) => ring.map(round))),
};
process.stdout.write(JSON.stringify(outline) + "\n");
