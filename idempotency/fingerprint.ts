import { createHash } from 'node:crypto';

/** JSON with every object's keys in order, so two bodies that say the same thing read the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What makes two requests the same request: who sent it, to what, and what it said. */
export function requestFingerprint(request: {
  person: string;
  method: string;
  path: string;
  body: unknown;
}): string {
  return sha256(canonicalJson(request));
}

/**
 * The Temporal Update id of a command: the client's key scoped to the person, the target and the
 * command, so two people (or two posts, or two commands) with the same key never share an Update.
 */
export function scopedUpdateId(scope: {
  person: string;
  target: string;
  command: string;
  key: string;
}): string {
  return `idem-${sha256(canonicalJson(scope))}`;
}
