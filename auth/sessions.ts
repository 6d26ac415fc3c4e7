import { randomSecret, sha256Hex } from './secrets.js';
import type { SessionRecord, SessionStore } from './sessionStore.js';

export interface SessionTimeouts {
  /** A session ends after this long without a request. */
  idleMillis: number;
  /** A session ends this long after sign-in, however busy. */
  absoluteMillis: number;
}

/** Why a session cookie no longer signs anyone in: it is unknown (signed out, or never was) or timed out. */
export type SessionEnd = 'unknown' | 'idle' | 'absolute';

export type SessionState = { live: true; record: SessionRecord } | { live: false; ended: SessionEnd };

/** Whether a session is still live at `now`, or which of its timeouts it has passed. */
export function sessionVerdict(
  record: Pick<SessionRecord, 'createdAt' | 'lastSeenAt'>,
  now: number,
  timeouts: SessionTimeouts,
): 'live' | 'idle' | 'absolute' {
  if (now - Date.parse(record.createdAt) >= timeouts.absoluteMillis) return 'absolute';
  if (now - Date.parse(record.lastSeenAt) >= timeouts.idleMillis) return 'idle';
  return 'live';
}

/** A session id as the cookie carries it: 32 random bytes, base64url. Anything else is not looked up. */
const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * Server-side sessions: the browser holds only a random id; who it is, since when and until when is
 * here. Signing in always makes a new id (the old one, if any, is ended), so an id planted in a
 * browser before sign-in is worth nothing after it; signing out deletes the session for good.
 */
export class SessionManager {
  /**
   * Activity is written at most this often a session: each request would otherwise rewrite the store.
   * A tenth of the idle timeout (at most a minute), so a session ends at most that much early.
   */
  private readonly touchEveryMillis: number;

  constructor(
    private readonly store: SessionStore,
    readonly timeouts: SessionTimeouts,
    private readonly now: () => number = Date.now,
  ) {
    this.touchEveryMillis = Math.min(60_000, timeouts.idleMillis / 10);
  }

  /** Starts a session for a person who has just proved who they are; ends `replacing` first. */
  async start(
    details: Pick<SessionRecord, 'userId' | 'via' | 'idToken'>,
    replacing?: string,
  ): Promise<string> {
    if (replacing) await this.end(replacing);
    await this.removeExpired();
    const sessionId = randomSecret();
    const at = new Date(this.now()).toISOString();
    await this.store.add({
      idHash: sha256Hex(sessionId),
      userId: details.userId,
      via: details.via,
      createdAt: at,
      lastSeenAt: at,
      ...(details.idToken ? { idToken: details.idToken } : {}),
    });
    return sessionId;
  }

  /** The live session a cookie names (its activity noted), or why there is none; a timed-out one is deleted. */
  async resume(sessionId: string): Promise<SessionState> {
    if (!sessionIdPattern.test(sessionId)) return { live: false, ended: 'unknown' };
    const idHash = sha256Hex(sessionId);
    const record = await this.store.find(idHash);
    if (!record) return { live: false, ended: 'unknown' };
    const now = this.now();
    const verdict = sessionVerdict(record, now, this.timeouts);
    if (verdict !== 'live') {
      await this.store.remove(idHash);
      return { live: false, ended: verdict };
    }
    if (now - Date.parse(record.lastSeenAt) >= this.touchEveryMillis) {
      await this.store.touch(idHash, new Date(now).toISOString());
    }
    return { live: true, record };
  }

  /** Ends a session for good (sign-out); what it was, if it existed. */
  async end(sessionId: string): Promise<SessionRecord | undefined> {
    if (!sessionIdPattern.test(sessionId)) return undefined;
    const idHash = sha256Hex(sessionId);
    const record = await this.store.find(idHash);
    if (record) await this.store.remove(idHash);
    return record;
  }

  /** Forgets sessions that can no longer be resumed, so the store does not grow without end. */
  removeExpired(): Promise<number> {
    const now = this.now();
    return this.store.removeWhere((record) => sessionVerdict(record, now, this.timeouts) !== 'live');
  }
}
