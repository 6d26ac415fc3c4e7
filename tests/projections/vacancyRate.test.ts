import { describe, expect, it } from 'vitest';
import { postsFromLines } from '../../domain/proposalPosts.js';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import { type DashboardModel, emptyDashboard } from '../../projections/dashboardModel.js';
import { applyTopicEvent } from '../../projections/postEventMessage.js';
import type { TopicEvent } from '../../schemas/topicEvents.js';
import { seedCostTable } from '../fixtures/seedProposal.js';
import { baselineRecorded, day, postEvents } from './postEventFixtures.js';

function fold(events: TopicEvent[]): DashboardModel {
  const model = emptyDashboard();
  for (const event of events) applyTopicEvent(model, event);
  return model;
}

/** The scrutiny minute: 71.5 vacancies across 500 FTE, on the date of the seed report. */
const seedBaseline = () => baselineRecorded('2022-06-30', [{ establishmentFte: 500, vacantFte: 71.5 }]);
const socialWorker = { serviceArea: 'Social Work', grade: 'PO1', fte: 1, annualCostPence: 4_458_100 };

/** The seed's cost table as posts approved on 11 July 2022, after the baseline's date. */
function seedPlanApproved() {
  return postsFromLines('seed-2022', seedCostTable).map((spec) => {
    const post = postEvents(spec.postId);
    return { spec, post, events: [post.proposed(0, spec.details), post.reserved(0, 1), post.approved(10)] };
  });
}

describe('the vacancy rate against an establishment baseline', () => {
  it('is the baseline’s 14.3% while nothing has changed since 30 June 2022: 71.5 of 500 FTE', () => {
    const figures = dashboardFigures(fold([seedBaseline()]));
    expect(figures.vacancies.total).toEqual({ establishmentFte: 500, vacantFte: 71.5, vacancyRate: 0.143 });
    expect(figures.vacancies.baseline).toMatchObject({
      asOf: '2022-06-30',
      source: 'Scrutiny board minute',
      recordedBy: 'hr.sam',
      byServiceArea: false,
      coversFilter: true,
      establishmentFte: 500,
      vacantFte: 71.5,
    });
    expect(figures.vacancies.byServiceArea).toEqual([
      { serviceArea: null, establishmentFte: 500, vacantFte: 71.5, vacancyRate: 0.143 },
    ]);
  });

  it('adds the seed plan’s 29 new posts to the establishment and its vacancies, then takes off those filled', () => {
    const plan = seedPlanApproved();
    const approved = fold([seedBaseline(), ...plan.flatMap((post) => post.events)]);
    expect(dashboardFigures(approved).vacancies.total).toEqual({
      establishmentFte: 529,
      vacantFte: 100.5,
      vacancyRate: 100.5 / 529,
    });
    const filled = plan.slice(0, 20).map(({ post }) => post.filled(60));
    const figures = dashboardFigures(
      fold([seedBaseline(), ...plan.flatMap((post) => post.events), ...filled]),
    );
    expect(figures.vacancies.total).toEqual({
      establishmentFte: 529,
      vacantFte: 80.5,
      vacancyRate: 80.5 / 529,
    });
    expect(figures.vacancies.parts).toMatchObject({
      baselineEstablishmentFte: 500,
      baselineVacantFte: 71.5,
      newPostsFte: 29,
      newPostsVacantFte: 9,
      filledAgainstBaselineFte: 0,
    });
  });

  it('takes a vacancy the baseline counted off when its post is filled after the date, and counts nothing filled before', () => {
    const filledAfter = postEvents('before.1');
    const filledBefore = postEvents('before.2');
    const withdrawnAfter = postEvents('before.3');
    const figures = dashboardFigures(
      fold([
        seedBaseline(),
        // Approved on 21 June 2022: part of the establishment the minute counted.
        ...[filledAfter, filledBefore, withdrawnAfter].flatMap((post) => [
          post.proposed(-20, socialWorker),
          post.approved(-10),
        ]),
        filledAfter.filled(5),
        filledBefore.filled(-2),
        withdrawnAfter.withdrawn(6, 'ready-to-recruit'),
      ]),
    );
    // (71.5 − 1 filled − 1 withdrawn) / (500 − 1 withdrawn)
    expect(figures.vacancies.total).toEqual({
      establishmentFte: 499,
      vacantFte: 69.5,
      vacancyRate: 69.5 / 499,
    });
    expect(figures.vacancies.parts).toMatchObject({
      filledAgainstBaselineFte: 1,
      leftEstablishmentFte: 1,
      leftVacanciesFte: 1,
      newPostsFte: 0,
    });
  });

  it('counts a backfill as a vacancy of the existing establishment, and a withdrawn one as a post given up', () => {
    const open = postEvents('backfill.1');
    const withdrawn = postEvents('backfill.2');
    const filled = postEvents('backfill.3');
    const figures = dashboardFigures(
      fold([
        seedBaseline(),
        open.proposed(20, socialWorker, 'existing-establishment'),
        withdrawn.proposed(20, socialWorker, 'existing-establishment'),
        withdrawn.withdrawn(25, 'awaiting-approval'),
        filled.proposed(20, socialWorker, 'existing-establishment'),
        filled.approved(22),
        filled.filled(80),
      ]),
    );
    expect(figures.vacancies.total).toEqual({
      establishmentFte: 499,
      vacantFte: 72.5,
      vacancyRate: 72.5 / 499,
    });
    expect(figures.vacancies.parts).toMatchObject({ backfillsVacantFte: 1, leftEstablishmentFte: 1 });
  });

  it('uses the baseline of the latest date, and of two for one date the one recorded last, in any order', () => {
    const older = baselineRecorded('2022-03-31', [{ establishmentFte: 480, vacantFte: 60 }], day(-60));
    const first = baselineRecorded('2022-06-30', [{ establishmentFte: 500, vacantFte: 70 }], day(1));
    const corrected = baselineRecorded('2022-06-30', [{ establishmentFte: 500, vacantFte: 71.5 }], day(2));
    for (const order of [
      [older, first, corrected],
      [corrected, first, older],
      [first, older, corrected],
    ]) {
      expect(dashboardFigures(fold(order)).vacancies.total.vacantFte).toBe(71.5);
    }
  });

  it('applies a redelivered baseline once', () => {
    const baseline = seedBaseline();
    const model = fold([baseline, baseline]);
    expect(model.baselines).toHaveLength(1);
    expect(model.messages.duplicates).toBe(1);
  });
});

describe('a baseline by service area and grade', () => {
  const byArea = () =>
    baselineRecorded('2022-06-30', [
      { serviceArea: 'Social Work', grade: 'C3', establishmentFte: 100, vacantFte: 10 },
      { serviceArea: 'Social Work', grade: 'PO1', establishmentFte: 200, vacantFte: 30 },
      { serviceArea: 'Fostering', establishmentFte: 200, vacantFte: 31.5 },
    ]);

  it('changes the row that holds each post: its grade’s, or its service area’s when grades are not given', () => {
    const inBaseline = postEvents('sw.1');
    const fostering = postEvents('fo.1');
    const fresh = postEvents('sw.2');
    const figures = dashboardFigures(
      fold([
        byArea(),
        inBaseline.proposed(-20, { ...socialWorker, grade: 'C3' }),
        inBaseline.approved(-10),
        inBaseline.filled(30),
        fostering.proposed(-20, { ...socialWorker, serviceArea: 'Fostering', grade: 'SO1' }),
        fostering.approved(-10),
        fostering.filled(30),
        fresh.proposed(0, { ...socialWorker, serviceArea: 'social work' }),
        fresh.approved(10),
      ]),
    );
    expect(figures.vacancies.total).toEqual({
      establishmentFte: 501,
      vacantFte: 70.5,
      vacancyRate: 70.5 / 501,
    });
    expect(figures.vacancies.byServiceArea).toEqual([
      { serviceArea: 'Fostering', establishmentFte: 200, vacantFte: 30.5, vacancyRate: 30.5 / 200 },
      { serviceArea: 'Social Work', establishmentFte: 301, vacantFte: 40, vacancyRate: 40 / 301 },
    ]);
    expect(figures.vacancies.byServiceAreaAndGrade).toEqual([
      {
        serviceArea: 'Fostering',
        grade: null,
        establishmentFte: 200,
        vacantFte: 30.5,
        vacancyRate: 30.5 / 200,
      },
      { serviceArea: 'Social Work', grade: 'C3', establishmentFte: 100, vacantFte: 9, vacancyRate: 0.09 },
      {
        serviceArea: 'Social Work',
        grade: 'PO1',
        establishmentFte: 201,
        vacantFte: 31,
        vacancyRate: 31 / 201,
      },
    ]);
  });

  it('gives one service area’s figures, the baseline’s row for it included, whatever the case of its name', () => {
    const post = postEvents('sw.3');
    const figures = dashboardFigures(
      fold([byArea(), post.proposed(0, socialWorker), post.reserved(0, 4_458_100), post.approved(10)]),
      { serviceArea: 'social work' },
    );
    expect(figures.filter).toEqual({
      serviceArea: 'Social Work',
      serviceAreas: ['Fostering', 'Social Work'],
    });
    expect(figures.vacancies.total).toEqual({ establishmentFte: 301, vacantFte: 41, vacancyRate: 41 / 301 });
    expect(figures.vacancies.baseline).toMatchObject({
      coversFilter: true,
      establishmentFte: 300,
      vacantFte: 40,
    });
  });

  it('leaves a baseline of the whole service out of one service area’s figures, and says so', () => {
    const post = postEvents('sw.4');
    const figures = dashboardFigures(
      fold([seedBaseline(), post.proposed(0, socialWorker), post.approved(10)]),
      {
        serviceArea: 'Social Work',
      },
    );
    expect(figures.vacancies.baseline).toMatchObject({ coversFilter: false, byServiceArea: false, rows: [] });
    expect(figures.vacancies.total).toEqual({ establishmentFte: 1, vacantFte: 1, vacancyRate: 1 });
  });
});
