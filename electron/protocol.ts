// Registers the app:// scheme and serves the renderer bundle from it, never from file://.
import { protocol, type Session } from 'electron';
import { createLogger } from '../shared/util/logger.js';
import { handleAppRequest } from './app-protocol.js';
import { APP_SCHEME, APP_SCHEME_REGISTRATION } from './security-policy.js';

const logger = createLogger('electron.protocol');

/** Must run before the app's `ready` event. */
export function registerAppScheme(): void {
  // NOTE: the page and its module scripts share the app://bundle origin, so `corsEnabled` is not
  // needed for them. This was not checked in a running Electron here (no binary available).
  protocol.registerSchemesAsPrivileged([APP_SCHEME_REGISTRATION]);
}

export function serveAppBundle(session: Session, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    try {
      return await handleAppRequest(request, rendererRoot);
    } catch (error) {
      logger.error('app protocol read failed', { errorName: error instanceof Error ? error.name : typeof error });
      return new Response('Internal error', { status: 500 });
    }
  });
}
