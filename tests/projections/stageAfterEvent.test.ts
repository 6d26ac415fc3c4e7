import { describe, expect, it } from 'vitest';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import { applyEvent, emptyDashboard } from '../../projections/dashboardModel.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import { postEvents } from './postEventFixtures.js';

const details = { serviceArea: 'Occupational Therapy', grade: 'PO1', fte: 1, annualCostPence: 4_458_100 };

/** The stage the model gives the post after each event in turn. */
function stagesThrough(events: PostEvent[]): string[] {
  const model = emptyDashboard();
  return events.map((event) => applyEvent(model, event).posts[event.postId]?.stage ?? 'none');
}

describe('the stage each event implies', () => {
  it('follows a post through concerns, call-in, an unsuccessful advert, a failed route and a hold to withdrawal', () => {
    const post = postEvents('s-1');
    const steps: [PostEvent, string][] = [
      [post.proposed(0, details), 'budget-check'],
      [post.reserved(0, 4_458_100), 'awaiting-approval'],
      [post.reminded(7), 'awaiting-approval'],
      [post.approved(8), 'consultation'],
      [post.consulted(9, 'union', true), 'concerns-raised'],
      [post.consulted(9, 'executive-member'), 'concerns-raised'],
      [post.concernsResolved(10), 'consultation'],
      [post.consulted(11, 'equality'), 'consultation'],
      [post.consultationCompleted(11), 'ready-to-recruit'],
      [post.callInStarted(11), 'call-in-period'],
      [post.calledIn(13), 'called-in'],
      [post.callInOutcome(20, 'decision-stands'), 'ready-to-recruit'],
      [post.callInEnded(20), 'ready-to-recruit'],
      [post.advertised(21, 1), 'advertised'],
      [post.advertClosed(35, 1), 'awaiting-applications'],
      [post.applications(36, 0, 1), 'no-suitable-applicants'],
      [post.advertised(37, 2), 'advertised'],
      [post.advertClosed(51, 2), 'awaiting-applications'],
      [post.applications(52, 3, 2), 'applicants-available'],
      [post.agencyCoverStarted(52, 1, 150_000), 'applicants-available'],
      [post.routeStarted(53, 'standard'), 'recruiting'],
      [post.routeEndedUnfilled(70), 'no-suitable-applicants'],
      [post.held(71), 'held'],
      [post.withdrawn(90, 'held'), 'withdrawn'],
      [post.released(90, 4_458_100), 'withdrawn'],
      [post.agencyCoverEnded(90), 'withdrawn'],
    ];
    expect(stagesThrough(steps.map(([event]) => event))).toEqual(steps.map(([, stage]) => stage));
  });

  it('holds a post that does not fit the budget, and re-checks it after revision', () => {
    const post = postEvents('s-2');
    expect(
      stagesThrough([
        post.proposed(0, details),
        post.shortfall(0, 4_458_100, 4_000_000, 0),
        post.revised(3, 'SO1', 3_886_700, 4_458_100),
        post.reserved(3, 3_886_700, 4_000_000),
      ]),
    ).toEqual(['budget-check', 'budget-held', 'budget-check', 'awaiting-approval']);
  });

  it('puts a backfill post funded from the existing establishment straight into awaiting-approval', () => {
    const post = postEvents('s-3.backfill');
    expect(stagesThrough([post.proposed(0, details, 'existing-establishment'), post.approved(2)])).toEqual([
      'awaiting-approval',
      'consultation',
    ]);
  });

  it('ends a post rejected on call-in, and keeps an apprentice’s post filled when they qualify', () => {
    const calledIn = postEvents('s-4');
    const apprentice = postEvents('s-5');
    expect(
      stagesThrough([
        calledIn.proposed(0, details, 'existing-establishment'),
        calledIn.approved(1),
        calledIn.consultationCompleted(2),
        calledIn.callInStarted(2),
        calledIn.calledIn(3),
        calledIn.callInOutcome(9, 'decision-overturned'),
        calledIn.rejected(9, 'called-in'),
        apprentice.proposed(0, details, 'existing-establishment'),
        apprentice.approved(1),
        apprentice.consultationCompleted(2),
        apprentice.routeStarted(20, 'apprenticeship'),
        apprentice.apprenticeEnrolled(20),
        apprentice.filled(20, 'apprenticeship'),
        apprentice.apprenticeQualified(760),
      ]),
    ).toEqual([
      'awaiting-approval',
      'consultation',
      'ready-to-recruit',
      'call-in-period',
      'called-in',
      'called-in',
      'rejected',
      'awaiting-approval',
      'consultation',
      'ready-to-recruit',
      'recruiting',
      'recruiting',
      'filled',
      'filled',
    ]);
  });

  it('shows every stage in the pipeline, in lifecycle order, with posts and FTE', () => {
    const a = postEvents('p-1');
    const b = postEvents('p-2');
    const model = emptyDashboard();
    for (const event of [
      a.proposed(0, details),
      a.reserved(0, 1),
      b.proposed(0, { ...details, fte: 0.5 }),
      b.reserved(0, 1),
    ]) {
      applyEvent(model, event);
    }
    const { pipeline } = dashboardFigures(model);
    expect(pipeline.map((entry) => entry.stage)).toEqual([
      'budget-check',
      'budget-held',
      'awaiting-approval',
      'sent-back',
      'consultation',
      'concerns-raised',
      'call-in-period',
      'called-in',
      'ready-to-recruit',
      'advertised',
      'awaiting-applications',
      'applicants-available',
      'no-suitable-applicants',
      'held',
      'recruiting',
      'filled',
      'rejected',
      'withdrawn',
    ]);
    expect(pipeline.find((entry) => entry.stage === 'awaiting-approval')).toEqual({
      stage: 'awaiting-approval',
      posts: 2,
      fte: 1.5,
    });
  });
});
