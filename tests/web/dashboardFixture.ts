import { type DashboardModel, emptyDashboard, recordWaitingList } from '../../projections/dashboardModel.js';
import { applyTopicEvent } from '../../projections/postEventMessage.js';
import type { TopicEvent } from '../../schemas/topicEvents.js';
import { baselineRecorded, postEvents } from '../projections/postEventFixtures.js';

export const planTitle = 'Investment in Children and Families Transition Plan';

const socialWorker = {
  serviceArea: "Children's Social Work",
  grade: 'PO1',
  fte: 1,
  annualCostPence: 4_458_100,
  jobTitle: 'Social worker',
  proposalTitle: planTitle,
};
const fosteringWorker = {
  serviceArea: 'Fostering',
  grade: '=C3',
  fte: 1,
  annualCostPence: 3_000_000,
  jobTitle: 'Supervising social worker',
  proposalTitle: 'Fostering recruitment',
};

/**
 * A small service: the seed's baseline by service area (500 FTE, 71.5 vacant on 30 June 2022), five
 * posts of the transition plan (one filled, one held, one called in, one overdue with the director),
 * one fostering post (its grade written like a formula), a confidential post and the OT waiting list.
 */
export function dashboardFixtureModel(): DashboardModel {
  const events: TopicEvent[] = [
    baselineRecorded('2022-06-30', [
      { serviceArea: "Children's Social Work", establishmentFte: 300, vacantFte: 40 },
      { serviceArea: 'Fostering', establishmentFte: 200, vacantFte: 31.5 },
    ]),
  ];
  const plan = [1, 2, 3, 4, 5].map((n) => postEvents(`plan.L1.P${n}`, 'seed-2022'));
  for (const post of plan) events.push(post.proposed(0, socialWorker), post.reserved(0, 4_458_100));
  const [filled, held, calledIn, overdue, waiting] = plan as [
    (typeof plan)[0],
    (typeof plan)[0],
    (typeof plan)[0],
    (typeof plan)[0],
    (typeof plan)[0],
  ];
  events.push(
    filled.approved(3),
    filled.consultationCompleted(8),
    filled.advertised(10),
    filled.filled(40),
    held.approved(4),
    held.consultationCompleted(9),
    held.held(12),
    calledIn.approved(2),
    calledIn.consultationCompleted(6),
    calledIn.callInStarted(6),
    calledIn.calledIn(8),
    calledIn.callInOutcome(20, 'decision-stands'),
    overdue.reminded(7),
    waiting.approved(5),
  );
  const fostering = postEvents('fost.L1.P1', 'fost-2022');
  events.push(fostering.proposed(1, fosteringWorker), fostering.reserved(1, 3_000_000, 3_500_000));
  const secret = postEvents('secret.L1.P1', 'restructure-2026');
  events.push(
    secret.proposed(2, { ...socialWorker, proposalTitle: 'Restructure', confidential: true }),
    secret.reserved(2, 4_000_000, 5_000_000),
    secret.reminded(9),
  );
  const model = emptyDashboard({ internationalCap: { cap: 20, alreadyRecruited: 13 } });
  for (const event of events) applyTopicEvent(model, event);
  recordWaitingList(model, 'Occupational Therapy', { children: 246, outOfTimescale: 180 });
  return model;
}
