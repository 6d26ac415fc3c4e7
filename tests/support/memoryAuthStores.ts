import { memoryApiTokenStore } from '../../auth/apiTokenStore.js';
import { memorySessionStore } from '../../auth/sessionStore.js';
import type { AuthStores } from '../../web/auth/authServices.js';

/** Sessions and API tokens in memory, so a test's web app writes nothing under .local/. */
export function memoryAuthStores(now?: () => number): AuthStores {
  return {
    sessionStore: memorySessionStore(),
    apiTokenStore: memoryApiTokenStore(),
    ...(now ? { now } : {}),
  };
}
