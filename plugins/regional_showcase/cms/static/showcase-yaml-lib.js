/* The `yaml` package (npm, pinned in package.json) for showcase-yaml.js: a module script, so
 * that the package's own browser build loads as it is, from this site. */
import { YAML } from "./yaml/index.js";

window.ShowcaseYAML = YAML;
