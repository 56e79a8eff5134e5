// ajv's verdicts on files: node ajv_verdicts.mjs LIST_FILE
// LIST_FILE holds one path per line; prints one JSON line per file:
//   {"file": ..., "ajv2020": "valid"|"invalid"|"unreadable", "ajv07": ...}
// ajv2020: Ajv2020 on schema/1.0/report.schema.json; ajv07: Ajv (draft-07) on the draft-07
// rendering. Both strict (unknown keywords or formats and ambiguous types throw at compile time),
// allErrors, and discriminator on, as the schema declares one.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// The pinned tools live with the bindings (schema/bindings/package-lock.json).
const require = createRequire(new URL("../../schema/bindings/package.json", import.meta.url));
const Ajv2020 = require("ajv/dist/2020.js").default;
const Ajv07 = require("ajv").default;

const schemaDir = new URL("../../schema/1.0/", import.meta.url);
const options = { strict: true, allErrors: true, discriminator: true };
const load = (name) => JSON.parse(readFileSync(new URL(name, schemaDir), "utf8"));
const validators = {
  ajv2020: new Ajv2020(options).compile(load("report.schema.json")),
  ajv07: new Ajv07(options).compile(load("report.draft-07.schema.json")),
};

function readDocument(file) {
  const bytes = readFileSync(file);
  // Strict UTF-8 (fatal) without a byte order mark, as the format requires.
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bom ? bytes.subarray(3) : bytes);
  return JSON.parse(text);
}

const [listFile] = process.argv.slice(2);
for (const file of readFileSync(listFile, "utf8").split("\n").filter(Boolean)) {
  const verdicts = { file };
  let document;
  try {
    document = readDocument(file);
  } catch {
    for (const name of Object.keys(validators)) verdicts[name] = "unreadable";
    console.log(JSON.stringify(verdicts));
    continue;
  }
  for (const [name, validate] of Object.entries(validators)) {
    verdicts[name] = validate(document) ? "valid" : "invalid";
  }
  console.log(JSON.stringify(verdicts));
}
