import { randomUUID } from 'node:crypto';
import type { ApiTokenRecord, ApiTokenStore } from './apiTokenStore.js';
import { randomSecret, sha256Hex } from './secrets.js';

/**
 * Personal access tokens: how the CLI and scripts act as a person through the API, in either sign-in
 * mode. A token is shown once when it is made and kept only as its SHA-256; it is sent as
 * `Authorization: Bearer cpat_…`. The prefix tells it from an identity provider's JWT at a glance
 * (and lets secret scanners find one pasted where it should not be).
 */
export const apiTokenPrefix = 'cpat_';

const tokenPattern = /^cpat_[A-Za-z0-9_-]{43}$/;

/** How long a new token lasts: the choices on the API tokens page. */
export const apiTokenLifetimesDays = [7, 30, 90] as const;
export type ApiTokenLifetime = (typeof apiTokenLifetimesDays)[number];

const day = 24 * 60 * 60 * 1000;

export function isApiToken(token: string): boolean {
  return token.startsWith(apiTokenPrefix);
}

export class ApiTokens {
  /** Last use is written at most once a minute a token: each API call would otherwise rewrite the store. */
  private static readonly touchEveryMillis = 60_000;

  constructor(
    private readonly store: ApiTokenStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Makes a token for a person: the token (to show once) and what is kept of it. */
  async issue(
    userId: string,
    name: string,
    lifetimeDays: ApiTokenLifetime,
  ): Promise<{ token: string; record: ApiTokenRecord }> {
    const now = this.now();
    await this.store.removeWhere((record) => Date.parse(record.expiresAt) <= now);
    const token = `${apiTokenPrefix}${randomSecret()}`;
    const record: ApiTokenRecord = {
      id: randomUUID(),
      userId,
      name: name.trim(),
      hash: sha256Hex(token),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + lifetimeDays * day).toISOString(),
    };
    await this.store.add(record);
    return { token, record };
  }

  /** The token's record when it is one of ours and not expired (its use noted); otherwise nothing. */
  async verify(token: string): Promise<ApiTokenRecord | undefined> {
    if (!tokenPattern.test(token)) return undefined;
    const hash = sha256Hex(token);
    const record = await this.store.findByHash(hash);
    const now = this.now();
    if (!record || Date.parse(record.expiresAt) <= now) return undefined;
    const lastUsed = record.lastUsedAt ? Date.parse(record.lastUsedAt) : 0;
    if (now - lastUsed >= ApiTokens.touchEveryMillis) {
      await this.store.update(record.id, { lastUsedAt: new Date(now).toISOString() });
    }
    return record;
  }

  /** A person's tokens that still work, newest first. */
  async list(userId: string): Promise<ApiTokenRecord[]> {
    const now = this.now();
    return (await this.store.forUser(userId))
      .filter((record) => Date.parse(record.expiresAt) > now)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Revokes one of the person's own tokens; false when they have no such token. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const record = (await this.store.forUser(userId)).find((one) => one.id === id);
    if (!record) return false;
    await this.store.remove(record.id);
    return true;
  }
}
