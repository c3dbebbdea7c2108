// A tiny static file server for the release build (dist/) on 127.0.0.1, used by the Playwright
// tests and the benchmark. Every response carries the page's Content-Security-Policy as a header:
// the policy of index.html's meta element (as the build wrote it) and frame-ancestors 'none',
// which only a header can carry. The worker's files get it too: a worker runs under the policy of
// its own script's response, not the page's.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const root = process.argv[2] || 'dist';
const port = Number(process.argv[3] || process.env.PORT || 4173);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** The policy of index.html's meta element, with frame-ancestors; read per request (a rebuild
 * changes the style hashes). `undefined` for a build without one (an older build served for a
 * comparison): then no policy is sent. */
async function policy() {
  const html = await readFile(join(root, 'index.html'), 'utf8').catch(() => '');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
  return meta ? `${meta[1]}; frame-ancestors 'none'` : undefined;
}

createServer(async (req, res) => {
  const csp = await policy();
  const withPolicy = (headers) => (csp ? { ...headers, 'content-security-policy': csp } : headers);
  try {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(root, normalize(path).replace(/^(\.\.[/\\])+/, ''));
    await stat(file);
    const headers = withPolicy({
      'content-type': types[extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
    });
    const body = await readFile(file);
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404, withPolicy({ 'content-type': 'text/plain' }));
    res.end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}/`));
