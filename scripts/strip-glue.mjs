// Post-build (scripts/post-build.sh): a script (the wasm-bindgen JS glue, our loaders) without its
// comments (the JSDoc blocks and line comments), indentation and blank lines. Nothing
// else changes: no renaming, no line joined. The file is left as it was when a line holds an odd
// number of backticks (a template literal over several lines, whose text the stripping would
// change), or when the result does not parse as a module or exports other names.
// Usage: node scripts/strip-glue.mjs <file.js>…
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The lines of `src` without comments, indentation and blank lines; `null` if unsafe. */
export function strip(src) {
  const lines = src.split('\n');
  if (lines.some((l) => (l.match(/`/g) || []).length % 2 === 1 || l.trimEnd().endsWith('\\'))) return null;
  const out = [];
  let inDoc = false;
  for (const line of lines) {
    const t = line.trim();
    if (inDoc) {
      const end = t.indexOf('*/');
      if (end === -1) continue;
      // Code after a comment's end, on its last line: not handled.
      if (end !== t.length - 2) return null;
      inDoc = false;
      continue;
    }
    if (t.startsWith('/*')) {
      const end = t.indexOf('*/', 2);
      if (end === -1) inDoc = true;
      // A comment followed by code on the same line stays whole.
      else if (end !== t.length - 2) out.push(t);
      continue;
    }
    if (t.startsWith('//') || t === '') continue;
    out.push(t);
  }
  return out.join('\n') + '\n';
}

const exportsOf = (src) => (src.match(/^\s*export\s+(?:async\s+)?(?:function\*?|class|const|let|default)\s*[\w$]*/gm) || [])
  .map((e) => e.trim().replace(/\s+/g, ' '))
  .sort()
  .join('\n');

function parses(text) {
  const dir = mkdtempSync(join(tmpdir(), 'strip-glue-'));
  try {
    const f = join(dir, 'glue.mjs');
    writeFileSync(f, text);
    execFileSync(process.execPath, ['--check', f], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const file of process.argv.slice(2)) {
  const src = readFileSync(file, 'utf8');
  const out = strip(src);
  if (out === null || exportsOf(out) !== exportsOf(src) || !parses(out)) {
    console.error(`strip-glue: ${file} left as it is`);
    continue;
  }
  writeFileSync(file, out);
  console.log(`strip-glue: ${file} ${src.length} -> ${out.length} bytes`);
}
