import { ApiClient } from './apiClient.js';
import { apiService, type CliService } from './apiService.js';
import { type CliCredentials, credentialsFile, readCredentials } from './credentials.js';
import { UsageError } from './errors.js';

export interface CliSession {
  service: CliService;
  /** Who the saved token signs in, as `login` recorded. */
  signedIn: Pick<CliCredentials, 'userId' | 'name' | 'url'>;
  close(): Promise<void>;
}

/**
 * The service as the person who ran `login`: their saved token, sent to the API. There is no other
 * way in, so the CLI can only ever act as the person it is signed in as.
 */
export async function openSession(
  env: NodeJS.ProcessEnv,
  fetchFn: typeof fetch = fetch,
): Promise<CliSession> {
  const file = credentialsFile(env);
  const credentials = await readCredentials(file);
  if (!credentials) {
    throw new UsageError(
      'not signed in: make a token on the service’s API tokens page, then run `npm run cli -- login --url <address>`',
    );
  }
  return {
    service: apiService(new ApiClient(credentials.url, credentials.token, fetchFn)),
    signedIn: credentials,
    close: async () => {},
  };
}
