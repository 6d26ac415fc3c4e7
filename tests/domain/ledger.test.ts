import { describe, expect, it } from 'vitest';
import {
  amountProblem,
  committed,
  type Ledger,
  openLedger,
  postIdProblem,
  release,
  reservationOf,
  reserve,
} from '../../domain/ledger.js';

const allocation = openLedger({ capacity: 150_000_000 });

/** Applies reservations one after another, as the ledger workflow does. */
function reserveAll(ledger: Ledger, requests: { postId: string; amount: number }[]): Ledger {
  return requests.reduce((current, request) => reserve(current, request).ledger, ledger);
}

describe('reserving against a ledger', () => {
  it('reserves an amount that fits and counts it as committed', () => {
    const { ledger, result } = reserve(allocation, { postId: 'ot-1', amount: 4_458_100 });
    expect(result).toEqual({
      status: 'reserved',
      amount: 4_458_100,
      capacity: 150_000_000,
      committed: 4_458_100,
    });
    expect(committed(ledger)).toBe(4_458_100);
    expect(reservationOf(ledger, 'ot-1')).toBe(4_458_100);
  });

  it('leaves the ledger it was given unchanged', () => {
    reserve(allocation, { postId: 'ot-1', amount: 4_458_100 });
    expect(committed(allocation)).toBe(0);
    expect(allocation.reservations).toEqual({});
  });

  it('reserves exactly up to the capacity', () => {
    const ledger = openLedger({ capacity: 100 });
    const { result } = reserve(reserve(ledger, { postId: 'a', amount: 60 }).ledger, {
      postId: 'b',
      amount: 40,
    });
    expect(result).toMatchObject({ status: 'reserved', committed: 100 });
  });

  it('states the shortfall of an amount that does not fit and commits nothing for it', () => {
    const nearlyFull = reserve(allocation, { postId: 'plan', amount: 149_336_600 }).ledger;
    const { ledger, result } = reserve(nearlyFull, { postId: 'extra-po6', amount: 6_233_500 });
    expect(result).toEqual({
      status: 'shortfall',
      amount: 6_233_500,
      capacity: 150_000_000,
      committed: 149_336_600,
      shortfall: 5_570_100,
    });
    expect(reservationOf(ledger, 'extra-po6')).toBe(0);
    expect(committed(ledger)).toBe(149_336_600);
  });

  it('replaces a post’s own reservation when it reserves again, not counting the old one against it', () => {
    const ledger = openLedger({ capacity: 100 });
    const first = reserve(ledger, { postId: 'a', amount: 70 }).ledger;
    const { ledger: revised, result } = reserve(first, { postId: 'a', amount: 90 });
    expect(result).toMatchObject({ status: 'reserved', amount: 90, committed: 90 });
    expect(revised.reservations).toEqual({ a: 90 });
  });

  it('gives the same result when the same reservation is made twice (a retried request)', () => {
    const once = reserve(allocation, { postId: 'a', amount: 500 });
    const twice = reserve(once.ledger, { postId: 'a', amount: 500 });
    expect(twice.result).toEqual(once.result);
    expect(twice.ledger.reservations).toEqual(once.ledger.reservations);
  });

  it('removes the post’s earlier reservation when a revised amount falls short, so a held post commits nothing', () => {
    const ledger = reserve(openLedger({ capacity: 100 }), { postId: 'b', amount: 50 }).ledger;
    const first = reserve(ledger, { postId: 'a', amount: 40 }).ledger;
    const { ledger: held, result } = reserve(first, { postId: 'a', amount: 60 });
    expect(result).toEqual({ status: 'shortfall', amount: 60, capacity: 100, committed: 50, shortfall: 10 });
    expect(held.reservations).toEqual({ b: 50 });
  });

  it('reserves nothing of a zero amount beyond recording the post', () => {
    const { ledger, result } = reserve(openLedger({ capacity: 0 }), { postId: 'backfill', amount: 0 });
    expect(result).toMatchObject({ status: 'reserved', committed: 0 });
    expect(ledger.reservations).toEqual({ backfill: 0 });
  });

  it('counts a baseline against the capacity (13 recruits already in post under a cap of 20)', () => {
    const cap = openLedger({ capacity: 20, baseline: 13 });
    expect(committed(cap)).toBe(13);
    const seven = reserveAll(
      cap,
      Array.from({ length: 7 }, (_, index) => ({ postId: `intl-${index + 1}`, amount: 1 })),
    );
    expect(committed(seven)).toBe(20);
    expect(reserve(seven, { postId: 'intl-8', amount: 1 }).result).toEqual({
      status: 'shortfall',
      amount: 1,
      capacity: 20,
      committed: 20,
      shortfall: 1,
    });
  });

  it('never commits more than the capacity, whatever the order of the requests', () => {
    const amounts = [4_458_100, 5_964_100, 5_152_400, 3_886_700, 6_233_500, 3_541_900];
    for (let seed = 1; seed <= 50; seed += 1) {
      let ledger = openLedger({ capacity: 30_000_000 });
      let state = seed;
      for (let step = 0; step < 60; step += 1) {
        // A small deterministic generator: posts reserve, re-reserve and release in a scrambled order.
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        const postId = `post-${state % 9}`;
        const amount = amounts[state % amounts.length] ?? 0;
        ledger =
          state % 5 === 0 ? release(ledger, { postId }).ledger : reserve(ledger, { postId, amount }).ledger;
        expect(committed(ledger)).toBeLessThanOrEqual(30_000_000);
      }
    }
  });
});

describe('releasing a reservation', () => {
  it('frees what the post held', () => {
    const ledger = reserveAll(allocation, [
      { postId: 'a', amount: 5_964_100 },
      { postId: 'b', amount: 4_458_100 },
    ]);
    const { ledger: after, result } = release(ledger, { postId: 'a' });
    expect(result).toEqual({ released: 5_964_100, committed: 4_458_100 });
    expect(after.reservations).toEqual({ b: 4_458_100 });
  });

  it('releases 0 the second time, so a repeated release changes nothing', () => {
    const ledger = reserve(allocation, { postId: 'a', amount: 700 }).ledger;
    const first = release(ledger, { postId: 'a' });
    const second = release(first.ledger, { postId: 'a' });
    expect(first.result).toEqual({ released: 700, committed: 0 });
    expect(second.result).toEqual({ released: 0, committed: 0 });
    expect(second.ledger).toEqual(first.ledger);
  });

  it('releases 0 for a post that never reserved', () => {
    expect(release(allocation, { postId: 'nobody' }).result).toEqual({ released: 0, committed: 0 });
  });

  it('frees room that another post can then reserve', () => {
    const full = reserve(openLedger({ capacity: 100 }), { postId: 'a', amount: 100 }).ledger;
    expect(reserve(full, { postId: 'b', amount: 30 }).result.status).toBe('shortfall');
    const freed = release(full, { postId: 'a' }).ledger;
    expect(reserve(freed, { postId: 'b', amount: 30 }).result).toMatchObject({
      status: 'reserved',
      committed: 30,
    });
  });
});

describe('what a ledger accepts', () => {
  it.each([
    [-1, 'amount must not be negative (got -1)'],
    [0.5, 'amount must be a whole number (got 0.5)'],
    [Number.NaN, 'amount must be a number'],
    [Number.MAX_SAFE_INTEGER + 1, 'amount is too large (got 9007199254740992)'],
  ])('rejects an amount of %s, naming the field', (amount, message) => {
    expect(amountProblem(amount)).toBe(message);
    expect(() => reserve(allocation, { postId: 'a', amount })).toThrow(message);
  });

  it('rejects an empty post id, naming the field', () => {
    expect(postIdProblem('')).toBe('postId must be a non-empty string');
    expect(() => reserve(allocation, { postId: ' ', amount: 1 })).toThrow(
      'postId must be a non-empty string',
    );
  });

  it('rejects a capacity, baseline or carried reservation that is not a non-negative whole number', () => {
    expect(() => openLedger({ capacity: 1.5 })).toThrow('capacity must be a non-negative whole number');
    expect(() => openLedger({ capacity: 10, baseline: -1 })).toThrow('baseline must be');
    expect(() => openLedger({ capacity: 10, reservations: { a: 0.1 } })).toThrow('reservation of a must be');
  });

  it('carries reservations into a new ledger unchanged (continue-as-new)', () => {
    const ledger = reserveAll(allocation, [
      { postId: 'a', amount: 1 },
      { postId: 'b', amount: 2 },
    ]);
    const carried = openLedger({ capacity: ledger.capacity, reservations: { ...ledger.reservations } });
    expect(carried).toEqual(ledger);
    expect(committed(carried)).toBe(3);
  });

  it('keeps a post id such as __proto__ as an ordinary reservation', () => {
    const { ledger } = reserve(openLedger({ capacity: 10 }), { postId: '__proto__', amount: 4 });
    expect(reservationOf(ledger, '__proto__')).toBe(4);
    expect(committed(ledger)).toBe(4);
    expect(release(ledger, { postId: '__proto__' }).result).toEqual({ released: 4, committed: 0 });
  });
});
