// A minimal static file server for renderer/dist on 127.0.0.1 and a random free port. It sends
// the same Content-Security-Policy as the Electron shell, so a CSP violation in the build fails
// the end-to-end test as it would fail the app.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

export async function startStaticServer(root: string): Promise<StaticServer> {
  const resolvedRoot = path.resolve(root);

  const server = http.createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
      const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
      const filePath = path.resolve(resolvedRoot, relative);
      if (filePath !== resolvedRoot && !filePath.startsWith(resolvedRoot + path.sep)) {
        response.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(filePath);
        response.writeHead(200, {
          'Content-Type': MIME_TYPES[path.extname(filePath)] ?? 'application/octet-stream',
          'Content-Security-Policy': RENDERER_CSP,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        });
        response.end(body);
      } catch {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
