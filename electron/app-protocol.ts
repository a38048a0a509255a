// Serves the renderer bundle on app://bundle/ (the handler given to `protocol.handle`). It uses
// only the Fetch API's Request and Response, so Node runs it in unit tests against real files.
// Every response, errors included, carries the CSP and the other security headers.
import { readFile } from 'node:fs/promises';
import { contentTypeFor } from './mime-types.js';
import { RESPONSE_SECURITY_HEADERS, resolveAppUrlToFile } from './security-policy.js';

const READ_METHODS = new Set(['GET', 'HEAD']);

function plainResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...RESPONSE_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** Returns the response to one app:// request, read from the files under `rendererRoot`. */
export async function handleAppRequest(request: Request, rendererRoot: string): Promise<Response> {
  if (!READ_METHODS.has(request.method)) return plainResponse(405, 'Method not allowed');

  const file = resolveAppUrlToFile(request.url, rendererRoot);
  if (file === null) return plainResponse(404, 'Not found');

  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return plainResponse(404, 'Not found');
    throw error;
  }

  const headers = { ...RESPONSE_SECURITY_HEADERS, 'Content-Type': contentTypeFor(file) };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}
