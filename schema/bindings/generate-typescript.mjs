// Writes typescript/report.d.ts from the published schema with json-schema-to-typescript.
//
// json-schema-to-typescript names a type after every `title` it meets and copies a referenced
// definition whenever the `$ref` carries a sibling keyword. The published schema has both on
// purpose (a property's `title` is its official label), so the generator is given a view of it
// in which labels and descriptions are documentation only: a `$ref` becomes the definition's
// name (`tsType`), and a property's label leads its description. Every definition keeps its
// `title`, its model name, and is declared once.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(here, "../1.0/report.schema.json"), "utf8"));

function documentationOnly(node, isDefinition = false) {
  if (Array.isArray(node)) return node.map((item) => documentationOnly(item));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === "properties" || keyword === "$defs") {
      out[keyword === "$defs" ? "definitions" : keyword] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, documentationOnly(sub, keyword === "$defs")]),
      );
    } else if (keyword === "$ref") {
      out.allOf = [{ $ref: value.replace("#/$defs/", "#/definitions/") }];
    } else if (keyword === "title" && !isDefinition) {
      // Folded into the description below.
    } else {
      out[keyword] = documentationOnly(value);
    }
  }
  if (node.title && !isDefinition) {
    out.description = node.description ? `${node.title}\n\n${node.description}` : node.title;
  }
  return out;
}

const view = documentationOnly(schema);
// The root stays the named union of the editions.
view.title = schema.title;
const banner = [
  "/* Generated from schema/1.0/report.schema.json by schema/bindings/generate-typescript.mjs",
  " * (json-schema-to-typescript). Do not edit: run `bash schema/bindings/regenerate.sh`. */",
].join("\n");
const ts = await compile(view, "Report", {
  bannerComment: banner,
  unreachableDefinitions: true,
  unknownAny: true,
  additionalProperties: false,
  style: { singleQuote: false, printWidth: 100 },
});
mkdirSync(join(here, "typescript"), { recursive: true });
writeFileSync(join(here, "typescript/report.d.ts"), ts);
