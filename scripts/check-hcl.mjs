// Parses Terraform files with HashiCorp's own HCL parser (the Go hcl/v2 library compiled to
// wasm, from the npm package @cdktf/hcl2json) and prints each file's JSON form: the test of the
// Terraform export runs it, so a syntax error in the export fails the tests as `terraform` would.
// Usage: node scripts/check-hcl.mjs FILE...   (exit status 1 when a file does not parse)
import { parse } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';

let failed = false;
const out = {};
for (const file of process.argv.slice(2)) {
  try {
    out[file] = await parse(file, readFileSync(file, 'utf8'));
  } catch (e) {
    failed = true;
    console.error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
console.log(JSON.stringify(out));
process.exit(failed ? 1 : 0);
