import { describe, expect, it } from 'vitest';
import {
  type DigestEntry,
  digestDue,
  digestMessage,
  groupByPost,
} from '../../../notifications/dispatcher/dailyDigest.js';
import { londonInstant, ukDate, ukDateOfInstant } from '../../../notifications/dispatcher/ukTime.js';

function entry(
  postId: string,
  headline: string,
  occurredAt: string,
  post = `Social Worker ${postId}`,
): DigestEntry {
  return {
    handOff: `${postId}-${headline}|hr.priya`,
    postId,
    proposalId: 'seed-2026',
    post,
    headline,
    link: `http://127.0.0.1:3000/posts/${postId}`,
    occurredAt,
  };
}

describe('UK dates and London times', () => {
  it('writes a date as people in the UK do', () => {
    expect(ukDate('2026-12-02')).toBe('2 December 2026');
    expect(ukDate('2022-06-30')).toBe('30 June 2022');
  });

  it('takes an instant’s date in London, not UTC', () => {
    expect(ukDateOfInstant('2026-06-30T23:30:00.000Z')).toBe('1 July 2026');
    expect(ukDateOfInstant('2026-12-31T23:30:00.000Z')).toBe('31 December 2026');
  });

  it('finds the instant of a London wall-clock time, summer and winter', () => {
    expect(new Date(londonInstant('2026-12-02', '08:00')).toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(new Date(londonInstant('2026-07-01', '08:00')).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    // The days the clocks change (29 March and 25 October 2026).
    expect(new Date(londonInstant('2026-03-29', '08:00')).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(new Date(londonInstant('2026-10-25', '08:00')).toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });
});

describe('when a daily digest is due', () => {
  const at = (iso: string) => Date.parse(iso);

  it('is due from NOTIFY_DIGEST_AT, London time, once a day', () => {
    expect(digestDue(at('2026-07-01T06:59:00Z'), '08:00', '2026-06-30')).toBeUndefined();
    expect(digestDue(at('2026-07-01T07:00:00Z'), '08:00', '2026-06-30')).toBe('2026-07-01');
    expect(digestDue(at('2026-07-01T15:00:00Z'), '08:00', '2026-07-01')).toBeUndefined();
    expect(digestDue(at('2026-12-02T08:00:00Z'), '08:00', undefined)).toBe('2026-12-02');
  });

  it('is still due later that day when the dispatcher was down at the time', () => {
    expect(digestDue(at('2026-12-02T16:30:00Z'), '08:00', '2026-11-30')).toBe('2026-12-02');
  });
});

describe('the daily digest', () => {
  const entries = [
    entry('L2.P1', 'Advert closed', '2026-12-01T16:00:00.000Z'),
    entry(
      'L1.P1',
      'Sent back for changes',
      '2026-12-01T10:00:00.000Z',
      'Community Occupational Therapist (PO1)',
    ),
    entry('L2.P1', 'Suitable applicants', '2026-12-02T07:30:00.000Z'),
    entry('L1.P1', 'Decision needed', '2026-12-01T09:00:00.000Z', 'Community Occupational Therapist (PO1)'),
  ];

  it('groups hand-offs by post, posts by their first hand-off, lines in time order', () => {
    const groups = groupByPost(entries);
    expect(groups.map((group) => group.map((one) => one.headline))).toEqual([
      ['Decision needed', 'Sent back for changes'],
      ['Advert closed', 'Suitable applicants'],
    ]);
  });

  it('lists each post once with its hand-offs, UK dates and link', () => {
    const message = digestMessage(entries, '2026-12-02');
    expect(message.subject).toBe('Your daily summary for 2 December 2026: 2 posts need your attention');
    expect(message.postIds).toEqual(['L1.P1', 'L2.P1']);
    expect(message.body).toContain(
      [
        'Community Occupational Therapist (PO1)',
        '- 1 December 2026: Decision needed',
        '- 1 December 2026: Sent back for changes',
        'http://127.0.0.1:3000/posts/L1.P1',
      ].join('\n'),
    );
    expect(message.body).toContain(
      [
        'Social Worker L2.P1',
        '- 1 December 2026: Advert closed',
        '- 2 December 2026: Suitable applicants',
      ].join('\n'),
    );
    expect(message.body.match(/http:\/\/127\.0\.0\.1:3000\/posts\/L1\.P1/g)).toHaveLength(1);
  });

  it('speaks of one post in the singular', () => {
    const message = digestMessage(
      [entry('L1.P1', 'Decision needed', '2026-12-01T09:00:00.000Z')],
      '2026-12-02',
    );
    expect(message.subject).toBe('Your daily summary for 2 December 2026: 1 post needs your attention');
    expect(message.body).toContain('Since your last summary, 1 post has come to you.');
  });
});
