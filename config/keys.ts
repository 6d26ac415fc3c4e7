import { inspect } from 'node:util';
import { z } from 'zod';

/**
 * Encryption keys read from the environment. Messages name the key id and what is wrong, never the
 * key material, so a wrong value can be reported in a log.
 */

/** 32 secret bytes. JSON and util.inspect show only that a key is there, so logging a config leaks nothing. */
export class SecretKey {
  readonly #bytes: Buffer;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  get bytes(): Buffer {
    return this.#bytes;
  }

  toJSON(): string {
    return '[secret key]';
  }

  [inspect.custom](): string {
    return 'SecretKey [redacted]';
  }
}

export const keyBytes = 32;

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why `text` is not the base64 of 32 bytes, or undefined when it is. */
function keyProblem(text: string): string | undefined {
  if (!base64.test(text)) return 'is not base64';
  const length = Buffer.from(text, 'base64').length;
  if (length !== keyBytes)
    return `is ${length} bytes; expected ${keyBytes} (make one with: openssl rand -base64 32)`;
  return undefined;
}

/** One AES-256 key as base64, e.g. the output of `openssl rand -base64 32`. */
export const base64Key = z.string().transform((text, context) => {
  const problem = keyProblem(text.trim());
  if (problem) {
    context.addIssue({ code: 'custom', message: `the key ${problem}` });
    return z.NEVER;
  }
  return new SecretKey(Buffer.from(text.trim(), 'base64'));
});

const keyIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const keyId = z
  .string()
  .regex(keyIdPattern, 'expected a key id of letters, digits, dot, dash or underscore');

/** Keys by id, from "id1:base64,id2:base64". Retired keys stay listed so old payloads still decrypt. */
export const keyring = z.string().transform((text, context) => {
  const keys = new Map<string, SecretKey>();
  const fail = (message: string) => {
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return fail('expected id:base64key entries separated by commas');
  for (const [index, entry] of entries.entries()) {
    const at = entry.indexOf(':');
    if (at < 0) return fail(`entry ${index + 1} is not id:base64key`);
    const id = entry.slice(0, at).trim();
    if (!keyIdPattern.test(id)) {
      return fail(`entry ${index + 1} has key id "${id}"; expected letters, digits, dot, dash or underscore`);
    }
    if (keys.has(id)) return fail(`key id "${id}" appears twice`);
    const material = entry.slice(at + 1).trim();
    const problem = keyProblem(material);
    if (problem) return fail(`key "${id}" ${problem}`);
    keys.set(id, new SecretKey(Buffer.from(material, 'base64')));
  }
  return keys as ReadonlyMap<string, SecretKey>;
});
