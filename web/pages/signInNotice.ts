import type { SessionTimeouts } from '../../auth/sessions.js';

/** "30 minutes", "10 hours", "6 seconds": a timeout as a person reads it. */
export function durationInWords(millis: number): string {
  const count = (value: number, unit: string) => {
    const rounded = Number(value.toFixed(1));
    return `${rounded} ${unit}${rounded === 1 ? '' : 's'}`;
  };
  if (millis < 60_000) return count(millis / 1000, 'second');
  if (millis < 2 * 60 * 60_000) return count(millis / 60_000, 'minute');
  return count(millis / (60 * 60_000), 'hour');
}

/** Why the person is on the sign-in page again, when their session ended without them signing out. */
export function sessionEndedNotice(ended: unknown, timeouts: SessionTimeouts): string | undefined {
  if (ended === 'idle') {
    return `You were signed out because you had not used the service for ${durationInWords(timeouts.idleMillis)}. Sign in again to carry on.`;
  }
  if (ended === 'absolute') {
    return `You were signed out because you signed in more than ${durationInWords(timeouts.absoluteMillis)} ago. Sign in again to carry on.`;
  }
  if (ended === 'unknown') return 'You are not signed in. Sign in again to carry on.';
  return undefined;
}
