// Applies the session-wide rules of security-policy.ts: every permission denied, every request
// outside app://bundle/ cancelled before it reaches the network, and downloads refused.
import type { Session } from 'electron';
import { createLogger } from '../shared/util/logger.js';
import { decidePermission, isAllowedRequest } from './security-policy.js';

const logger = createLogger('electron.session');

export function applySessionPolicy(session: Session, options: { devTools: boolean }): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = decidePermission(permission, details.requestingUrl);
    if (!granted) logger.warn('permission request denied', { permission });
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => decidePermission(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);

  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, options);
    if (!allowed) logger.warn('request outside the app blocked', { scheme: details.url.split(':', 1)[0] ?? '' });
    callback({ cancel: !allowed });
  });

  session.on('will-download', (event) => {
    logger.warn('download blocked');
    event.preventDefault();
  });
}
