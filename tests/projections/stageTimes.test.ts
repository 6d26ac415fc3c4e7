import { describe, expect, it } from 'vitest';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import { applyEvent, type DashboardModel, emptyDashboard } from '../../projections/dashboardModel.js';
import { stagesOverTime } from '../../projections/stagesOverTime.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import { postEvents } from './postEventFixtures.js';

const fold = (events: PostEvent[]): DashboardModel => events.reduce(applyEvent, emptyDashboard());
const socialWorker = { serviceArea: 'Social Work', grade: 'PO1', fte: 1, annualCostPence: 4_458_100 };

/** A post held for 30 days after 4 days ready to recruit, then advertised. */
function heldPost(id: string) {
  const post = postEvents(id);
  return [
    post.proposed(0, socialWorker),
    post.reserved(0, 4_458_100),
    post.approved(2),
    post.consultationCompleted(5),
    post.held(9),
    post.advertised(39),
    post.advertClosed(53),
  ];
}

/** A post called in for 20 days two days into its call-in period, then ready to recruit for 3 days. */
function calledInPost(id: string) {
  const post = postEvents(id);
  return [
    post.proposed(0, socialWorker),
    post.reserved(0, 4_458_100),
    post.approved(1),
    post.consultationCompleted(5),
    post.callInStarted(5),
    post.calledIn(7),
    post.callInOutcome(27, 'decision-stands'),
    post.advertised(30),
  ];
}

const row = (model: DashboardModel, stage: string) =>
  dashboardFigures(model).timeInStage.find((entry) => entry.stage === stage);

describe('time in stage', () => {
  it('stops a stage’s clock while the post is held: the hold is a row of its own', () => {
    const model = fold(heldPost('h-1'));
    expect(row(model, 'ready-to-recruit')).toEqual({
      stage: 'ready-to-recruit',
      posts: 1,
      medianDays: 4,
      p90Days: 4,
    });
    expect(row(model, 'held')).toMatchObject({ posts: 1, medianDays: 30 });
    expect(row(model, 'advertised')).toMatchObject({ posts: 1, medianDays: 14 });
    expect(row(model, 'awaiting-approval')).toMatchObject({ posts: 1, medianDays: 2 });
    expect(row(model, 'consultation')).toMatchObject({ posts: 1, medianDays: 3 });
  });

  it('does not count the time a post is called in toward the stage it returns to', () => {
    const model = fold(calledInPost('c-1'));
    expect(row(model, 'call-in-period')).toMatchObject({ posts: 1, medianDays: 2 });
    expect(row(model, 'called-in')).toMatchObject({ posts: 1, medianDays: 20 });
    // Ready to recruit for no time before the call-in period (not a stay), then 3 days after it.
    expect(row(model, 'ready-to-recruit')).toMatchObject({ posts: 1, medianDays: 3, p90Days: 3 });
  });

  it('counts only stays that have ended, and has a row for every stage a post can leave', () => {
    const post = postEvents('w-1');
    const model = fold([post.proposed(0, socialWorker), post.reserved(1, 4_458_100)]);
    const figures = dashboardFigures(model);
    expect(figures.timeInStage.map((entry) => entry.stage)).toEqual([
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
    ]);
    expect(row(model, 'budget-check')).toMatchObject({ posts: 1, medianDays: 1 });
    expect(row(model, 'awaiting-approval')).toEqual({
      stage: 'awaiting-approval',
      posts: 0,
      medianDays: null,
      p90Days: null,
    });
  });

  it('gives the median and 90th percentile across posts, adding up each post’s own stays in a stage', () => {
    const events: PostEvent[] = [5, 10, 15, 20, 100].flatMap((days, index) => {
      const post = postEvents(`m-${index}`);
      return [post.proposed(0, socialWorker), post.reserved(0, 1), post.approved(days)];
    });
    const twice = postEvents('twice');
    events.push(
      twice.proposed(0, socialWorker),
      twice.reserved(0, 1),
      twice.sentBack(3),
      twice.revised(4, 'PO1', 1, 1),
      twice.reserved(4, 1),
      twice.approved(8),
    );
    // Awaiting approval: 5, 10, 15, 20, 100 and 3 + 4 = 7 days.
    expect(row(fold(events), 'awaiting-approval')).toEqual({
      stage: 'awaiting-approval',
      posts: 6,
      medianDays: 12.5,
      p90Days: 60,
    });
  });

  it('gives the same figures however the partitions interleave the posts’ events', () => {
    const posts = [heldPost('i-1'), calledInPost('i-2'), heldPost('i-3'), calledInPost('i-4')];
    const inTurn = posts.flat();
    const roundRobin: PostEvent[] = [];
    for (let index = 0; index < 8; index += 1) {
      for (const events of [...posts].reverse()) {
        const next = events[index];
        if (next) roundRobin.push(next);
      }
    }
    const a = dashboardFigures(fold(inTurn));
    const b = dashboardFigures(fold(roundRobin));
    expect(b.timeInStage).toEqual(a.timeInStage);
    expect(b.stagesOverTime).toEqual(a.stagesOverTime);
  });
});

describe('posts by stage over time', () => {
  it('counts the posts in each phase at the end of each week, from the week of the first change', () => {
    const held = heldPost('h-2');
    const rejected = postEvents('r-1');
    const figures = dashboardFigures(
      fold([...held, rejected.proposed(0, socialWorker), rejected.reserved(0, 1), rejected.rejected(3)]),
    );
    // 1 July 2022 is a Friday: its week began on Monday 27 June. The held post is approved on the
    // Sunday and held on the next; the other is rejected on Monday 4 July and counted no more.
    expect(figures.stagesOverTime.slice(0, 3)).toEqual([
      {
        weekBeginning: '2022-06-27',
        posts: { approval: 1, consultation: 1, recruitment: 0, held: 0, filled: 0 },
      },
      {
        weekBeginning: '2022-07-04',
        posts: { approval: 0, consultation: 0, recruitment: 0, held: 1, filled: 0 },
      },
      {
        weekBeginning: '2022-07-11',
        posts: { approval: 0, consultation: 0, recruitment: 0, held: 1, filled: 0 },
      },
    ]);
    expect(figures.stagesOverTime.at(-1)).toEqual({
      weekBeginning: '2022-08-22',
      posts: { approval: 0, consultation: 0, recruitment: 1, held: 0, filled: 0 },
    });
    expect(figures.stagesOverTime).toHaveLength(9);
  });

  it('keeps the latest 26 weeks', () => {
    const post = postEvents('long');
    const figures = dashboardFigures(
      fold([post.proposed(0, socialWorker), post.reserved(0, 1), post.approved(2), post.filled(400)]),
    );
    expect(figures.stagesOverTime).toHaveLength(26);
    expect(figures.stagesOverTime.at(-1)?.posts.filled).toBe(1);
  });

  it('counts 200,000 stage changes (the full rebuild benchmark overflowed the stack here)', () => {
    const stages = Array.from({ length: 200_000 }, (_, i) => ({
      stage: i % 2 === 0 ? ('awaiting-approval' as const) : ('consultation' as const),
      at: new Date(Date.UTC(2022, 6, 4) + (i % 14) * 86_400_000).toISOString(),
    }));
    const posts = [{ stages }] as unknown as Parameters<typeof stagesOverTime>[0];
    const weeks = stagesOverTime(posts);
    expect(weeks.map((week) => week.weekBeginning)).toEqual(['2022-07-04', '2022-07-11']);
    expect(weeks[1]?.posts.consultation).toBe(1);
  });
});

describe('one service area’s figures', () => {
  it('applies the chosen service area to every figure, and names proposals by their titles', () => {
    const social = postEvents('sa-1', 'plan-a');
    const fostering = postEvents('sa-2', 'plan-b');
    const title = 'Investment in Children and Families Transition Plan';
    const model = fold([
      social.proposed(0, { ...socialWorker, proposalTitle: title }),
      social.reserved(0, 4_458_100),
      social.reminded(7),
      fostering.proposed(0, { ...socialWorker, serviceArea: 'Fostering', proposalTitle: 'Fostering plan' }),
      fostering.reserved(0, 3_000_000),
      fostering.approved(3),
      fostering.agencyCoverStarted(10, 1, 150_000),
    ]);
    const all = dashboardFigures(model);
    expect(all.filter).toEqual({ serviceArea: null, serviceAreas: ['Fostering', 'Social Work'] });
    expect(all.budget.map((line) => line.proposalTitle)).toEqual([title, 'Fostering plan']);

    const socialOnly = dashboardFigures(model, { serviceArea: 'Social Work' });
    expect(socialOnly.pipeline.filter((stage) => stage.posts > 0)).toEqual([
      { stage: 'awaiting-approval', posts: 1, fte: 1 },
    ]);
    expect(socialOnly.budget).toEqual([
      {
        proposalId: 'plan-a',
        proposalTitle: title,
        allocationPence: 150_000_000,
        committedPence: 4_458_100,
        headroomPence: 145_541_900,
        postsReserved: 1,
      },
    ]);
    expect(socialOnly.overdueApprovals.posts.map((post) => post.proposalTitle)).toEqual([title]);
    expect(socialOnly.agencyCover.posts).toBe(0);
    expect(socialOnly.timeToApprove.posts).toBe(0);
    expect(dashboardFigures(model, { serviceArea: 'Fostering' }).agencyCover.fte).toBe(1);
  });

  it('never names a confidential proposal, even by its title', () => {
    const secret = postEvents('c-2', 'restructure-2026');
    const figures = dashboardFigures(
      fold([
        secret.proposed(0, { ...socialWorker, proposalTitle: 'Restructure', confidential: true }),
        secret.reserved(0, 4_458_100),
      ]),
    );
    expect(figures.budget[0]).toMatchObject({ proposalId: 'A confidential proposal' });
    expect(JSON.stringify(figures)).not.toContain('Restructure');
  });
});
