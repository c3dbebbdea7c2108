// Trunk post-build step (scripts/post-build.sh), in the staging directory: the app's loader gets
// a content-hashed name, and index.html's Content-Security-Policy gets the hashes of the styles
// the build inlined (Trunk `rel="inline"`), so style-src needs no 'unsafe-inline'. Fails the build
// when the page holds an inline script, an inline event handler or a style attribute (the policy
// would refuse them at run time), or when the policy is missing.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('csp: run by trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}
const fail = (message) => {
  console.error(`csp: ${message}`);
  process.exit(1);
};
const at = (name) => join(dir, name);
let html = readFileSync(at('index.html'), 'utf8');

// The loader: erwiz-loader.js → erwiz-loader-<hash>.js, as the worker's files (hash-worker.sh).
const loader = readFileSync(at('erwiz-loader.js'));
const hash = createHash('sha256').update(loader).digest('hex').slice(0, 16);
const named = `erwiz-loader-${hash}.js`;
const refs = html.split('erwiz-loader.js"').length - 1;
if (refs !== 1) fail(`index.html names erwiz-loader.js ${refs} times, not once (Trunk.toml pattern_script)`);
renameSync(at('erwiz-loader.js'), at(named));
html = html.replace('erwiz-loader.js"', `${named}"`);

// No inline script, event handler or style attribute.
for (const tag of html.match(/<script\b[^>]*>/gi) || []) {
  if (!/\ssrc=/i.test(tag)) fail(`inline script in index.html: ${tag}`);
}
const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
const inlineAttr = withoutComments.match(/<[^>]*\s(on[a-z]+|style)=[^>]*>/i);
if (inlineAttr) fail(`inline ${inlineAttr[1]} attribute in index.html: ${inlineAttr[0]}`);

// The inlined styles lose their comments and indentation (the sources keep them): about a fifth of
// index.html, 2 KB of its brotli transfer. Strings are copied as they are (a `/*` in one stays);
// leading whitespace and blank lines go (a line break still separates what it separated).
const minifyCss = (css) => {
  let out = '';
  for (let i = 0; i < css.length; ) {
    const c = css[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < css.length && css[j] !== c && css[j] !== '\n') j += css[j] === '\\' ? 2 : 1;
      out += css.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      if (end < 0) fail('an inlined style has an unterminated comment');
      out += ' ';
      i = end + 2;
    } else {
      out += c;
      i += 1;
    }
  }
  return out.replace(/[ \t]*\n\s*/g, '\n').trim();
};
html = html.replace(
  /(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi,
  (_, open, css, close) => `${open}${minifyCss(css)}${close}`,
);
// index.html's comments are for its source (they say why; the page does not need them).
html = html.replace(/<!--[\s\S]*?-->\s*/g, '');

// The inlined styles' hashes, in style-src.
const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map(
  (m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`,
);
const meta = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/;
const found = html.match(meta);
if (!found) fail('index.html has no <meta http-equiv="Content-Security-Policy">');
const directives = found[2].split(';').map((d) => d.trim());
const style = directives.findIndex((d) => d.split(/\s+/)[0] === 'style-src');
if (style < 0) fail('the policy has no style-src');
directives[style] = [directives[style], ...styles].join(' ');
html = html.replace(meta, `$1${directives.join('; ')}$3`);
writeFileSync(at('index.html'), html);
console.log(`csp: loader ${named}, ${styles.length} inline styles hashed`);
