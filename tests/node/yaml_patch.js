// The editor's writer for data/regions.yaml (cms/static/showcase-yaml.js) run in node, with
// the `yaml` package the browser gets. Reads {"text": file text, "data": [form data, ...]}
// on stdin; writes {"parsed": the text's data, "patched": [new text or null, ...]}.
"use strict";
const path = require("path");
const fs = require("fs");
const YAML = require(path.resolve(__dirname, "../../node_modules/yaml"));
const patch = require(path.resolve(__dirname, "../../plugins/regional_showcase/cms/static/showcase-yaml.js"));

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const result = {
  parsed: YAML.parse(request.text),
  patched: request.data.map((data) => patch(YAML, request.text, data)),
};
process.stdout.write(JSON.stringify(result));
