import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import { applyEvent, type DashboardModel, emptyDashboard } from '../../projections/dashboardModel.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import { postEvents } from '../projections/postEventFixtures.js';

const settings = { internationalCap: { cap: 20, alreadyRecruited: 13 } };
const fold = (events: PostEvent[]): DashboardModel => events.reduce(applyEvent, emptyDashboard(settings));

/** One post's events in the order its workflow publishes them; `start` spreads the posts over time. */
function postHistory(index: number, start: number, ending: number, capDay: number): PostEvent[] {
  const post = postEvents(`post-${index}`, `proposal-${index % 2}`);
  const details = {
    serviceArea: index % 2 ? 'Fostering' : 'Social Work',
    grade: 'PO1',
    fte: 1,
    annualCostPence: 4_458_100,
  };
  const events: PostEvent[] = [
    post.proposed(start, details),
    post.reserved(start, 4_458_100, 150_000_000, 4_458_100),
  ];
  if (ending === 0) return [...events, post.rejected(start + 3)];
  events.push(post.approved(start + 2), post.consultationCompleted(start + 5));
  if (ending === 1)
    return [...events, post.agencyCoverStarted(start + 6, 1, 185_000), post.withdrawn(start + 9)];
  // Several posts are told the cap is reached, on different days: the figure must not depend on
  // which of them the fold happened to see last.
  events.push(post.capReached(start + capDay, 20, 20));
  events.push(post.routeStarted(start + capDay + 1, ending === 2 ? 'international' : 'standard'));
  return [...events, post.filled(start + capDay + 20, ending === 2 ? 'international' : 'standard')];
}

const scenario = fc
  .array(
    fc.record({
      start: fc.integer({ min: 0, max: 60 }),
      ending: fc.integer({ min: 0, max: 3 }),
      capDay: fc.integer({ min: 6, max: 30 }),
    }),
    {
      minLength: 2,
      maxLength: 6,
    },
  )
  .map((posts) => posts.map(({ start, ending, capDay }, index) => postHistory(index, start, ending, capDay)))
  .chain((histories) => {
    const total = histories.reduce((sum, events) => sum + events.length, 0);
    return fc.tuple(
      fc.constant(histories),
      fc.array(fc.double({ noNaN: true }), { minLength: total, maxLength: total }),
    );
  });

/** The posts' events interleaved by the given keys, each post's own events kept in their order. */
function interleaved(histories: PostEvent[][], keys: number[]): PostEvent[] {
  let next = 0;
  const placed = histories.flatMap((events) => {
    const own = keys.slice(next, next + events.length).sort((a, b) => a - b);
    next += events.length;
    return events.map((event, i) => ({ event, key: own[i] ?? 0 }));
  });
  return placed.sort((a, b) => a.key - b.key).map(({ event }) => event);
}

describe('the dashboard model, whatever the order the partitions interleave in', () => {
  it('is the same for every interleaving that keeps each post’s own order', () => {
    fc.assert(
      fc.property(scenario, ([histories, keys]) => {
        const postByPost = fold(histories.flat());
        const mixed = fold(interleaved(histories, keys));
        expect(mixed).toEqual(postByPost);
        expect(dashboardFigures(mixed)).toEqual(dashboardFigures(postByPost));
      }),
      { numRuns: 200 },
    );
  });
});
