import { rolesInWords } from '../web/auth/user.js';
import { ApiClient } from './apiClient.js';
import { apiService } from './apiService.js';
import { credentialsFile, readCredentials, removeCredentials, writeCredentials } from './credentials.js';
import { UsageError } from './errors.js';

export interface SignInIo {
  out(line: string): void;
  err(line: string): void;
  /** Asks for a secret without showing it (or reads it from a pipe). */
  readSecret(prompt: string): Promise<string>;
}

/** The service's address as an origin: http(s), host and port, nothing after. */
export function serviceUrl(value: string): string {
  const trimmed = value.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s?#]+$/.test(trimmed)) {
    throw new UsageError(
      `--url: expected the service's address, such as https://posts.council.example, not ${value}`,
    );
  }
  return trimmed;
}

/**
 * `login`: takes a personal access token made on the service's API tokens page, checks it with the
 * service (who it signs in), and saves it with the address in a file only this user can read.
 */
export async function login(
  url: string,
  env: NodeJS.ProcessEnv,
  io: SignInIo,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  const address = serviceUrl(url);
  const token = await io.readSecret(`Paste your API token (make one at ${address}/api-tokens): `);
  if (!/^cpat_[A-Za-z0-9_-]{43}$/.test(token)) {
    throw new UsageError(
      `that is not an API token: tokens start with cpat_ and are 48 characters long (make one at ${address}/api-tokens)`,
    );
  }
  const me = await apiService(new ApiClient(address, token, fetchFn)).me();
  const file = credentialsFile(env);
  await writeCredentials(file, { url: address, token, userId: me.id, name: me.name });
  io.out(`Signed in to ${address} as ${me.name} (${me.id}), ${rolesInWords(me)}.`);
  io.out(`The token is saved in ${file}, readable by you alone.`);
}

/** `logout`: revokes the saved token at the service (when it can be reached), then forgets it. */
export async function logout(
  env: NodeJS.ProcessEnv,
  io: SignInIo,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  const file = credentialsFile(env);
  const credentials = await readCredentials(file).catch(() => undefined);
  if (credentials) {
    try {
      await apiService(new ApiClient(credentials.url, credentials.token, fetchFn)).revokeToken();
      io.out('The token has been revoked.');
    } catch (error) {
      io.err(
        `The token could not be revoked (${(error as Error).message}): revoke it at ${credentials.url}/api-tokens.`,
      );
    }
  }
  const removed = await removeCredentials(file);
  io.out(removed ? `Signed out: ${file} removed.` : 'Not signed in.');
}
