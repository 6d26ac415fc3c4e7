import { londonDateOf } from '../../domain/workingDays.js';
import { subjectLine } from './handOffMessages.js';
import { londonInstant, ukDate, ukDateOfInstant } from './ukTime.js';

/** One hand-off kept for a person's daily digest instead of being sent at once. */
export interface DigestEntry {
  /** `${eventId}|${recipient}`: the hand-off this entry tells. */
  handOff: string;
  postId: string;
  proposalId: string;
  /** "Community Occupational Therapist (PO1)". */
  post: string;
  headline: string;
  link: string;
  occurredAt: string;
}

export interface DigestMessage {
  subject: string;
  body: string;
  postIds: string[];
}

/** Entries grouped by post, posts in the order their first hand-off came, each post's lines in time order. */
export function groupByPost(entries: readonly DigestEntry[]): DigestEntry[][] {
  const sorted = [...entries].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const groups = new Map<string, DigestEntry[]>();
  for (const entry of sorted) groups.set(entry.postId, [...(groups.get(entry.postId) ?? []), entry]);
  return [...groups.values()];
}

/** One mail listing a person's hand-offs since their last digest, post by post, each with its link. */
export function digestMessage(entries: readonly DigestEntry[], londonDate: string): DigestMessage {
  const groups = groupByPost(entries);
  const posts = groups.length === 1 ? '1 post' : `${groups.length} posts`;
  const sections = groups.map((group) => {
    const first = group[0] as DigestEntry;
    const lines = group.map((entry) => `- ${ukDateOfInstant(entry.occurredAt)}: ${entry.headline}`);
    return [first.post, ...lines, first.link].join('\n');
  });
  return {
    subject: subjectLine(
      `Your daily summary for ${ukDate(londonDate)}: ${posts} ${groups.length === 1 ? 'needs' : 'need'} your attention`,
    ),
    body: `${[
      `Since your last summary, ${posts} ${groups.length === 1 ? 'has' : 'have'} come to you. Open each to see what you need to do.`,
      ...sections,
      'You get one summary a day because you chose a daily digest. To be told of each at once, ask for your notifications to be set to immediate in the staff directory.',
    ].join('\n\n')}\n`,
    postIds: groups.map((group) => (group[0] as DigestEntry).postId),
  };
}

/**
 * The London date whose digest is due at `now`, or undefined when none is: each day's is due from
 * NOTIFY_DIGEST_AT that day until it has been made (so a dispatcher that was down at 08:00 sends it
 * when it is back).
 */
export function digestDue(
  now: number,
  digestAt: string,
  lastDigestOn: string | undefined,
): string | undefined {
  const today = londonDateOf(now);
  if (lastDigestOn !== undefined && lastDigestOn >= today) return undefined;
  return now >= londonInstant(today, digestAt) ? today : undefined;
}
