import { chmod, mkdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { userId } from '../schemas/common.js';
import { readFileIfThere, writeFileAtomic } from '../storage/durableFiles.js';

/** What `login` keeps: where the service is, the person's API token, and who it signs in. */
export const cliCredentials = z.object({
  url: z.string().regex(/^https?:\/\/[^/\s?#]+$/),
  token: z.string().startsWith('cpat_'),
  userId,
  name: z.string(),
});
export type CliCredentials = z.infer<typeof cliCredentials>;

/**
 * The file `login` writes: COUNCIL_POSTS_CLI_CONFIG, else council-posts/cli.json under the user's
 * config directory (XDG_CONFIG_HOME, %APPDATA% on Windows, ~/.config otherwise).
 */
export function credentialsFile(env: NodeJS.ProcessEnv): string {
  if (env.COUNCIL_POSTS_CLI_CONFIG) return env.COUNCIL_POSTS_CLI_CONFIG;
  const configHome =
    env.XDG_CONFIG_HOME ||
    (process.platform === 'win32' ? env.APPDATA : undefined) ||
    join(homedir(), '.config');
  return join(configHome, 'council-posts', 'cli.json');
}

export class CredentialsFileError extends Error {
  override readonly name = 'CredentialsFileError';
}

/** The saved sign-in, or undefined when there is none. */
export async function readCredentials(file: string): Promise<CliCredentials | undefined> {
  const text = await readFileIfThere(file);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CredentialsFileError(`${file} is not valid JSON: run login again`);
  }
  const parsed = cliCredentials.safeParse(json);
  if (!parsed.success)
    throw new CredentialsFileError(`${file} is not a sign-in this tool wrote: run login again`);
  return parsed.data;
}

/** Saves the sign-in readable by its owner alone (0600, in a 0700 directory when it makes one). */
export async function writeCredentials(file: string, credentials: CliCredentials): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${JSON.stringify(credentials, null, 2)}\n`, 0o600);
  // The temporary file was made 0600, but a umask or an older file must not widen it.
  await chmod(file, 0o600);
}

export async function removeCredentials(file: string): Promise<boolean> {
  const existed = (await readFileIfThere(file)) !== undefined;
  await rm(file, { force: true });
  return existed;
}
