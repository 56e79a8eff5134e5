// ajv baseline: node validate.mjs SCHEMA DIR [--list-invalid]
// Compiles the schema once, then reads, parses and validates every *.json under DIR
// (recursive, sorted by name like the xxgk checker), in one process on one thread.
// --list-invalid also prints each invalid file, so compare.py can match verdicts file by file.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

const [schemaPath, dir, flag] = process.argv.slice(2);
const listInvalid = flag === "--list-invalid";
if (!schemaPath || !dir) {
  console.error("usage: node validate.mjs SCHEMA DIR");
  process.exit(2);
}

// strict:true makes ajv throw on anything it would otherwise ignore (unknown keywords or
// formats, ambiguous types), so a silently weaker validation cannot skew the comparison;
// discriminator:true reads the schema's edition discriminator (strict mode refuses it otherwise).
const ajv = new Ajv2020({ strict: true, allErrors: true, discriminator: true });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));

// Sorted by name per directory (a depth-first walk), the same order as walkdir's sort_by_file_name.
// Plain code-unit order, as the names are ASCII.
function* walk(d) {
  const entries = readdirSync(d, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(d, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile() && e.name.toLowerCase().endsWith(".json")) yield p;
  }
}

let valid = 0;
let invalid = 0;
for (const file of walk(dir)) {
  if (validate(JSON.parse(readFileSync(file, "utf8")))) valid++;
  else {
    invalid++;
    if (listInvalid) console.log(`invalid ${file}`);
  }
}
console.log(`files ${valid + invalid} valid ${valid} invalid ${invalid}`);
// Exit 1 when some file is invalid, as xxgk check and check-jsonschema do.
process.exitCode = invalid > 0 ? 1 : 0;
