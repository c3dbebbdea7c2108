// Post-build (scripts/post-build.sh): a wasm's imports (and wasm-bindgen's closure adapters among
// its exports) get short names, in the wasm and in its JS glue. wasm-bindgen names each import after the JS function it binds plus a 16-digit hash
// (`__wbg_remove_8228e91d7ddbc755`), which both files carry once per import and which compress
// badly; `a`, `b`, … `a1`, … bind the very same functions. Only the names change: the glue's
// import object gets the same functions under the new keys. Both files are left as they are
// unless every import of the wasm is named exactly once in the glue.
// Usage: node scripts/short-imports.mjs <app_bg.wasm> <app.js>
import { readFileSync, writeFileSync } from 'node:fs';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The `i`-th short name: a … Z, then a0 … Z0, a1 … */
export function shortName(i) {
  const n = LETTERS.length;
  return LETTERS[i % n] + (i < n ? '' : String(Math.floor(i / n) - 1));
}

function leb(buf, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, pos];
  }
}

function unsignedLeb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

const name = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([unsignedLeb(b.length), b]);
};

// The length in bytes of an import's description at `pos` (after its two names).
function descEnd(buf, pos) {
  const kind = buf[pos++];
  const limits = (p) => {
    const flag = buf[p++];
    [, p] = leb(buf, p);
    if (flag & 1) [, p] = leb(buf, p);
    return p;
  };
  switch (kind) {
    case 0x00: // function: type index
      return leb(buf, pos)[1];
    case 0x01: // table: reference type, limits
      return limits(pos + 1);
    case 0x02: // memory: limits
      return limits(pos);
    case 0x03: // global: value type, mutability
      return pos + 2;
    case 0x04: // tag: attribute, type index
      return leb(buf, pos + 1)[1];
    default:
      throw new Error(`unknown import kind ${kind}`);
  }
}

/**
 * The wasm with its imports renamed by `rename(module, name)` and its exports by
 * `renameExport(name)` (each gives the new name, or undefined to keep it).
 */
export function renameImports(wasm, rename, renameExport = () => undefined) {
  const parts = [wasm.subarray(0, 8)];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos];
    const [size, body] = leb(wasm, pos + 1);
    const end = body + size;
    if (id === 7) {
      let p = body;
      let count;
      [count, p] = leb(wasm, p);
      const entries = [unsignedLeb(count)];
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(wasm, p);
        const field = wasm.subarray(p, p + len).toString('utf8');
        p += len;
        const descStart = p;
        p = leb(wasm, p + 1)[1]; // kind, index
        entries.push(name(renameExport(field) ?? field), wasm.subarray(descStart, p));
      }
      if (p !== end) throw new Error('export section not read to its end');
      const section = Buffer.concat(entries);
      parts.push(Buffer.from([7]), unsignedLeb(section.length), section);
      pos = end;
      continue;
    }
    if (id !== 2) {
      parts.push(wasm.subarray(pos, end));
      pos = end;
      continue;
    }
    let p = body;
    let count;
    [count, p] = leb(wasm, p);
    const entries = [unsignedLeb(count)];
    for (let i = 0; i < count; i++) {
      let len;
      [len, p] = leb(wasm, p);
      const module = wasm.subarray(p, p + len).toString('utf8');
      p += len;
      [len, p] = leb(wasm, p);
      const field = wasm.subarray(p, p + len).toString('utf8');
      p += len;
      const descStart = p;
      p = descEnd(wasm, p);
      entries.push(name(module), name(rename(module, field) ?? field), wasm.subarray(descStart, p));
    }
    if (p !== end) throw new Error('import section not read to its end');
    const section = Buffer.concat(entries);
    parts.push(Buffer.from([2]), unsignedLeb(section.length), section);
    pos = end;
  }
  return Buffer.concat(parts);
}

/** The imports' names of `wasm` ([module, name]) and its exports' names. */
export function names(wasm) {
  const imports = [];
  const exports = [];
  renameImports(
    wasm,
    (module, field) => {
      imports.push([module, field]);
      return undefined;
    },
    (field) => {
      exports.push(field);
      return undefined;
    },
  );
  return { imports, exports };
}

const escape = (s) => s.replace(/[$]/g, '\\$&');

function main(wasmFile, jsFile) {
  const wasm = readFileSync(wasmFile);
  let js = readFileSync(jsFile, 'utf8');
  const { imports, exports } = names(wasm);
  const renamed = new Map();
  let next = 0;
  // wasm-bindgen's closure adapters are exported under names as long as their Rust types
  // (`wasm_bindgen_<hash>___convert__closures_____invoke___…`); the glue calls each as
  // `wasm.<name>` from a function of its own of the same name, not exported. Both get the short
  // name `$0`, `$1`, …; other exports keep their names.
  const renamedExports = new Map();
  for (const field of exports.filter((e) => e.startsWith('wasm_bindgen_'))) {
    const short = `$${renamedExports.size}`;
    const exported = new RegExp(`export[^\\n]*[^\\w$]${escape(field)}(?![\\w$])`).test(js);
    if (exported || new RegExp(`${escape(short)}(?![\\w$])`).test(js)) {
      console.error(`short-imports: ${field} is exported by ${jsFile}, or ${short} is taken; files left as they are`);
      return;
    }
    renamedExports.set(field, short);
  }
  for (const [module, field] of imports) {
    if (renamed.has(field)) continue;
    // Each name is a key of the glue's import object, found once as `name:` at a line's start.
    const key = new RegExp(`(^|[^\\w$])${escape(field)}(?![\\w$])`, 'g');
    const uses = js.match(key) || [];
    const asKey = js.match(new RegExp(`^${escape(field)}: `, 'gm')) || [];
    if (uses.length !== 1 || asKey.length !== 1 || !module.endsWith('_bg.js')) {
      console.error(`short-imports: ${field} is not named once as a key in ${jsFile}; files left as they are`);
      return;
    }
    let short;
    do short = shortName(next++);
    while (new RegExp(`(^|[^\\w$])${short}:`, 'm').test(js));
    renamed.set(field, short);
  }
  for (const [field, short] of renamed) {
    js = js.replace(new RegExp(`^${escape(field)}: `, 'm'), `${short}: `);
  }
  for (const [field, short] of renamedExports) {
    js = js.replace(new RegExp(`(^|[^\\w$])${escape(field)}(?![\\w$])`, 'g'), (_, before) => before + short);
  }
  const out = renameImports(
    wasm,
    (_, field) => renamed.get(field),
    (field) => renamedExports.get(field),
  );
  if (!WebAssembly.validate(out)) {
    console.error('short-imports: the renamed wasm does not validate; files left as they are');
    return;
  }
  writeFileSync(wasmFile, out);
  writeFileSync(jsFile, js);
  console.log(
    `short-imports: ${renamed.size} imports and ${renamedExports.size} exports renamed (wasm ${wasm.length} -> ${out.length} bytes)`,
  );
}

if (process.argv.length === 4) {
  try {
    main(process.argv[2], process.argv[3]);
  } catch (e) {
    console.error(`short-imports: ${e.message}; files left as they are`);
  }
}
