// How Decap CMS 3 writes a YAML front-matter file back after opening it and changing nothing:
// its own steps (decap-cms-core/src/formats/{frontmatter,yaml}.ts) with the same npm packages
// (gray-matter, yaml 1.x), so a test can hold the site's files to that form without a browser.
// Run by editor_form.py (scripts/cms-format.py, tests/test_cms_config.py) as
//   node decap-writer.js <node_modules folder>
// Reads {"keys": [field names in form order], "files": [paths]} on stdin, writes
// {path: text as Decap would save it} on stdout.
"use strict";
const path = require("path");
const fs = require("fs");
const modules = path.resolve(process.argv[2]);
const yaml = require(path.join(modules, "yaml"));
const matter = require(path.join(modules, "gray-matter"));

const timestampTag = {
  identify: (value) => value instanceof Date,
  default: true,
  tag: "!timestamp",
  test: /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\.[0-9]+)?)Z$/,
  resolve: (text) => new Date(text),
  stringify: (node) => node.toISOString(),
};

function sortKeys(keys) {
  return (a, b) => {
    const ia = keys.indexOf(a.key && a.key.toString());
    const ib = keys.indexOf(b.key && b.key.toString());
    if (ia === -1 || ib === -1) return 0;
    return ia - ib;
  };
}

const engine = {
  parse(content) {
    const doc = yaml.parseDocument(content, { customTags: [timestampTag], prettyErrors: true });
    if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join("\n"));
    return doc.toJSON();
  },
  stringify(data, options) {
    const contents = yaml.createNode(data);
    contents.items.sort(sortKeys((options && options.sortedKeys) || []));
    const doc = new yaml.Document();
    doc.contents = contents;
    return doc.toString();
  },
};

function resave(content, keys) {
  const format = { engines: { yaml: engine }, language: "yaml", delimiters: "---" };
  const parsed = matter(content, format);
  const data = { ...parsed.data, ...(parsed.content.trim() && { body: parsed.content }) };
  const { body = "", ...meta } = data;
  const file = matter.stringify(body, meta, { ...format, sortedKeys: keys });
  return body.slice(-1) !== "\n" && file.slice(-1) === "\n" ? file.slice(0, -1) : file;
}

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const result = {};
for (const file of request.files) result[file] = resave(fs.readFileSync(file, "utf8"), request.keys);
process.stdout.write(JSON.stringify(result));
