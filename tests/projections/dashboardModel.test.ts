import { describe, expect, it } from 'vitest';
import { postsFromLines } from '../../domain/proposalPosts.js';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import {
  applyEvent,
  type DashboardModel,
  type DashboardSettings,
  emptyDashboard,
  recordWaitingList,
} from '../../projections/dashboardModel.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import { safeProjectLine, seedAllocationPence, seedCostTable } from '../fixtures/seedProposal.js';
import { postEvents } from './postEventFixtures.js';

function fold(events: PostEvent[], settings?: DashboardSettings): DashboardModel {
  return events.reduce(applyEvent, emptyDashboard(settings));
}

const socialWorker = { serviceArea: 'Social Work', grade: 'PO1', fte: 1, annualCostPence: 4_458_100 };

/** The seed's cost table as posts, each proposed and reserved against the £1.5m allocation. */
function seedPlan(proposalId = 'seed-2022', lines = seedCostTable) {
  return postsFromLines(proposalId, lines).map((spec) => {
    const post = postEvents(spec.postId, proposalId);
    return {
      spec,
      post,
      events: [post.proposed(0, spec.details), post.reserved(0, spec.details.annualCostPence)],
    };
  });
}

describe('budget committed against the allocation', () => {
  it('commits £1,422,528 of £1,500,000 for the 29 FTE of the seed’s cost table, to the penny', () => {
    const plan = seedPlan();
    expect(plan).toHaveLength(29);
    const figures = dashboardFigures(fold(plan.flatMap((post) => post.events)));
    expect(figures.budget).toEqual([
      {
        proposalId: 'seed-2022',
        allocationPence: seedAllocationPence,
        committedPence: 142_252_800,
        headroomPence: 7_747_200,
        postsReserved: 29,
      },
    ]);
  });

  it('commits £1,493,366 with the Safe project’s two family support workers, still inside £1.5m', () => {
    const plan = seedPlan('seed-2022', [...seedCostTable, safeProjectLine]);
    const [budget] = dashboardFigures(fold(plan.flatMap((post) => post.events))).budget;
    expect(budget?.committedPence).toBe(149_336_600);
    expect(budget?.headroomPence).toBe(663_400);
  });

  it('replaces a reservation when a revised post is reserved again, and clears it on release or shortfall', () => {
    const revised = postEvents('ot-1');
    const released = postEvents('ot-2');
    const short = postEvents('ot-3');
    const model = fold([
      revised.proposed(0, {
        serviceArea: 'Occupational Therapy',
        grade: 'PO1',
        fte: 1,
        annualCostPence: 4_458_100,
      }),
      revised.reserved(0, 4_458_100),
      revised.sentBack(3),
      revised.revised(4, 'SO1', 3_886_700, 4_458_100),
      revised.reserved(4, 3_886_700),
      released.proposed(0, socialWorker),
      released.reserved(0, 4_458_100),
      released.rejected(2),
      released.released(2, 4_458_100, 'rejected'),
      short.proposed(0, socialWorker),
      short.reserved(0, 4_458_100),
      short.sentBack(1),
      short.revised(2, 'PO5', 5_964_100, 4_458_100),
      short.shortfall(2, 5_964_100, 150_000_000, 148_000_000),
    ]);
    const [budget] = dashboardFigures(model).budget;
    expect(budget).toMatchObject({ committedPence: 3_886_700, postsReserved: 1 });
    expect(model.posts['ot-1']?.grade).toBe('SO1');
    expect(model.posts['ot-3']?.stage).toBe('budget-held');
  });
});

describe('establishment and vacancies', () => {
  it('counts a post in the establishment once approved, and as vacant until it is filled', () => {
    const plan = seedPlan();
    const approved = plan.flatMap(({ post, events }) => [...events, post.approved(10)]);
    const filledAreas = new Set(['Social Work', 'Kinship', 'Leaving Care']);
    const filled = plan
      .filter(({ spec }) => filledAreas.has(spec.details.serviceArea))
      .slice(0, 20)
      .map(({ post }) => post.filled(60));
    const notYetApproved = postEvents('later.1');
    const figures = dashboardFigures(
      fold([
        ...approved,
        ...filled,
        notYetApproved.proposed(0, socialWorker),
        notYetApproved.reserved(0, 4_458_100),
      ]),
    );
    expect(figures.vacancies.total).toEqual({ establishmentFte: 29, vacantFte: 9, vacancyRate: 9 / 29 });
    expect(figures.vacancies.byServiceArea).toEqual([
      { serviceArea: 'Kinship', establishmentFte: 3, vacantFte: 0, vacancyRate: 0 },
      { serviceArea: 'Leaving Care', establishmentFte: 4, vacantFte: 2, vacancyRate: 0.5 },
      { serviceArea: 'Occupational Therapy', establishmentFte: 3, vacantFte: 3, vacancyRate: 1 },
      { serviceArea: 'Placement team', establishmentFte: 4, vacantFte: 4, vacancyRate: 1 },
      { serviceArea: 'Social Work', establishmentFte: 15, vacantFte: 0, vacancyRate: 0 },
    ]);
    expect(figures.vacancies.byServiceAreaAndGrade).toContainEqual({
      serviceArea: 'Placement team',
      grade: 'SO1',
      establishmentFte: 3,
      vacantFte: 3,
      vacancyRate: 1,
    });
  });

  it('gives the scrutiny minute’s 14%: 71.5 vacant FTE across an establishment of 500', () => {
    const events: PostEvent[] = [];
    for (let index = 0; index < 1_000; index += 1) {
      const post = postEvents(`half.${index}`);
      events.push(post.proposed(0, { ...socialWorker, fte: 0.5 }), post.approved(5));
      if (index >= 143) events.push(post.filled(50));
    }
    const { total } = dashboardFigures(fold(events)).vacancies;
    expect(total.establishmentFte).toBe(500);
    expect(total.vacantFte).toBe(71.5);
    expect(total.vacancyRate).toBeCloseTo(0.143, 10);
  });

  it('takes a post out of the establishment when it is withdrawn, or rejected on call-in', () => {
    const withdrawn = postEvents('w-1');
    const overturned = postEvents('c-1');
    const figures = dashboardFigures(
      fold([
        withdrawn.proposed(0, socialWorker),
        withdrawn.approved(2),
        withdrawn.withdrawn(9, 'consultation'),
        overturned.proposed(0, socialWorker),
        overturned.approved(2),
        overturned.calledIn(8),
        overturned.callInOutcome(12, 'decision-overturned'),
        overturned.rejected(12, 'called-in'),
      ]),
    );
    expect(figures.vacancies.total).toEqual({ establishmentFte: 0, vacantFte: 0, vacancyRate: null });
  });
});

describe('pipeline timings', () => {
  it('gives the median and 90th percentile days to approve and to fill, from occurredAt alone', () => {
    const approvalDays = [3, 5, 8, 10, 20];
    const fillDays = [30, 45, 60, 90];
    const events = approvalDays.flatMap((approvedOn, index) => {
      const post = postEvents(`t-${index}`);
      const fillAfter = fillDays[index];
      return [
        post.proposed(0, socialWorker),
        post.approved(approvedOn),
        ...(fillAfter === undefined ? [] : [post.filled(approvedOn + fillAfter)]),
      ];
    });
    const figures = dashboardFigures(fold(events));
    expect(figures.timeToApprove).toEqual({ posts: 5, medianDays: 8, p90Days: 16 });
    expect(figures.timeToFill).toEqual({ posts: 4, medianDays: 52.5, p90Days: 81 });
  });

  it('has no median before any post is approved', () => {
    expect(dashboardFigures(emptyDashboard()).timeToApprove).toEqual({
      posts: 0,
      medianDays: null,
      p90Days: null,
    });
  });

  it('counts an approval as overdue from the reminder until the director decides, whichever way', () => {
    const waiting = postEvents('o-1');
    const approved = postEvents('o-2');
    const sentBack = postEvents('o-3');
    const figures = dashboardFigures(
      fold([
        waiting.proposed(0, socialWorker),
        waiting.reserved(0, 4_458_100),
        waiting.reminded(7),
        waiting.escalated(14),
        approved.proposed(0, socialWorker),
        approved.reserved(0, 4_458_100),
        approved.reminded(7),
        approved.approved(8),
        sentBack.proposed(0, socialWorker),
        sentBack.reserved(0, 4_458_100),
        sentBack.reminded(7),
        sentBack.sentBack(9),
      ]),
    );
    expect(figures.overdueApprovals).toEqual({
      count: 1,
      confidential: 0,
      posts: [
        {
          postId: 'o-1',
          proposalId: 'seed-2022',
          jobTitle: 'Social worker',
          serviceArea: 'Social Work',
          grade: 'PO1',
          since: waiting.reminded(7).occurredAt,
          workingDaysWaiting: 10,
          escalated: true,
          waitingOn: 'deputy.farrah',
        },
      ],
    });
  });

  it('counts a confidential post in every figure but never lists its ids', () => {
    const secret = postEvents('c-1', 'restructure-2026');
    const proposed = secret.proposed(0, socialWorker);
    const figures = dashboardFigures(
      fold([
        { ...proposed, data: { ...proposed.data, confidential: true } },
        secret.reserved(0, 4_458_100),
        secret.reminded(7),
      ]),
    );
    expect(figures.overdueApprovals).toEqual({ count: 1, confidential: 1, posts: [] });
    expect(figures.budget.map((line) => line.proposalId)).toEqual(['A confidential proposal']);
    expect(figures.budget[0]?.committedPence).toBe(4_458_100);
    expect(JSON.stringify(figures)).not.toContain('c-1');
    expect(JSON.stringify(figures)).not.toContain('restructure-2026');
  });

  it('counts re-adverts: adverts after a post’s first', () => {
    const twice = postEvents('r-1');
    const thrice = postEvents('r-2');
    const once = postEvents('r-3');
    const figures = dashboardFigures(
      fold([
        twice.advertised(20, 1),
        twice.advertised(40, 2),
        thrice.advertised(20, 1),
        thrice.advertised(40, 2),
        thrice.advertised(60, 3),
        once.advertised(20, 1),
      ]),
    );
    expect(figures.readverts).toEqual({ readverts: 3, postsReadvertised: 2 });
  });
});

describe('workforce figures', () => {
  it('sums agency cover in place: 26.5 FTE and its weekly cost, ending with the cover', () => {
    const events: PostEvent[] = [];
    for (let index = 0; index < 28; index += 1) {
      const post = postEvents(`a-${index}`);
      events.push(post.proposed(0, socialWorker), post.approved(3));
      events.push(post.agencyCoverStarted(10, index === 0 ? 0.5 : 1, index === 0 ? 75_000 : 150_000));
      if (index === 27) events.push(post.agencyCoverEnded(30));
    }
    const { agencyCover } = dashboardFigures(fold(events));
    expect(agencyCover).toMatchObject({ posts: 27, fte: 26.5, weeklyCostPence: 75_000 + 26 * 150_000 });
    expect(agencyCover.byServiceArea).toEqual([
      { serviceArea: 'Social Work', posts: 27, fte: 26.5, weeklyCostPence: 3_975_000 },
    ]);
  });

  it('counts international recruits against the cap: 13 of 20, places given back when a route ends unfilled', () => {
    const events: PostEvent[] = [];
    for (let index = 0; index < 15; index += 1) {
      const post = postEvents(`i-${index}`);
      events.push(post.routeStarted(40, 'international'));
      if (index === 0) events.push(post.routeEndedUnfilled(80));
      if (index === 1) events.push(post.withdrawn(90));
      if (index === 2) events.push(post.filled(120, 'international'));
    }
    const figures = dashboardFigures(fold(events, { internationalCap: { cap: 20, alreadyRecruited: 0 } }));
    expect(figures.internationalRecruits).toEqual({
      recruited: 13,
      cap: 20,
      placesLeft: 7,
      lastCapReached: null,
    });
  });

  it('takes the cap from InternationalCapReached, over the configured one', () => {
    const post = postEvents('i-cap');
    const figures = dashboardFigures(
      fold([post.capReached(50, 18, 18)], { internationalCap: { cap: 20, alreadyRecruited: 13 } }),
    );
    expect(figures.internationalRecruits).toEqual({
      recruited: 13,
      cap: 18,
      placesLeft: 5,
      lastCapReached: { cap: 18, recruited: 18, at: post.capReached(50, 18, 18).occurredAt },
    });
  });

  it('counts apprentices in training: enrolled and not yet qualified', () => {
    const events: PostEvent[] = [];
    for (let index = 0; index < 14; index += 1) {
      const post = postEvents(`ap-${index}`);
      events.push(
        post.routeStarted(30, 'apprenticeship'),
        post.apprenticeEnrolled(30),
        post.filled(30, 'apprenticeship'),
      );
      if (index === 0) events.push(post.apprenticeQualified(800));
    }
    const model = fold(events);
    expect(dashboardFigures(model).apprenticesInTraining).toBe(13);
    expect(model.posts['ap-0']?.stage).toBe('filled');
  });

  it('shows a waiting list a service records, beside its vacant FTE: the OT list of 246, 180 out of timescale', () => {
    const post = postEvents('ot-9');
    const model = fold([
      post.proposed(0, {
        serviceArea: 'Occupational Therapy',
        grade: 'PO1',
        fte: 1,
        annualCostPence: 4_458_100,
      }),
      post.approved(4),
    ]);
    recordWaitingList(model, 'Occupational Therapy', { children: 246, outOfTimescale: 180 });
    expect(dashboardFigures(model).waitingLists).toEqual([
      {
        serviceArea: 'Occupational Therapy',
        children: 246,
        outOfTimescale: 180,
        outOfTimescaleRate: 180 / 246,
        vacantFte: 1,
      },
    ]);
    recordWaitingList(model, 'Occupational Therapy', { children: 230, outOfTimescale: 150 });
    expect(dashboardFigures(model).waitingLists.map((list) => list.children)).toEqual([230]);
    expect(() =>
      recordWaitingList(model, 'Occupational Therapy', { children: 10, outOfTimescale: 11 }),
    ).toThrow(/cannot exceed/);
  });
});

describe('duplicates', () => {
  it('ignores an event applied a second time (same event id)', () => {
    const post = postEvents('d-1');
    const events = [
      post.proposed(0, socialWorker),
      post.reserved(0, 4_458_100),
      post.approved(4),
      post.filled(40),
    ];
    const once = fold(events);
    const twice = fold([...events, ...events]);
    expect(dashboardFigures(twice)).toEqual({
      ...dashboardFigures(once),
      messages: { ...dashboardFigures(once).messages, duplicates: 4 },
    });
  });
});
