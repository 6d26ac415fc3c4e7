import { describe, expect, it } from 'vitest';
import { type HandOff, handOffsOf } from '../../../notifications/dispatcher/handOffs.js';
import { foldFacts, type PostFacts } from '../../../notifications/dispatcher/postFacts.js';
import type { Actor } from '../../../schemas/common.js';
import type { PostEventOf, PostEventType } from '../../../schemas/postEvents.js';
import {
  anEvent,
  deputy,
  director,
  directory,
  factsOfPost,
  hrColleague,
  proposer,
  sampleData,
  system,
  unionRep,
} from './dispatcherFixtures.js';

interface Row<T extends PostEventType> {
  case: string;
  actor?: Actor;
  data?: Partial<PostEventOf<T>['data']>;
  /** The post's facts before the event (those of Sam's post for Julie by default); undefined removes one. */
  facts?: { [K in keyof PostFacts]?: PostFacts[K] | undefined };
  told: HandOff[];
}

const julie = 'director.julie';
const sam = 'hr.sam';
const consultees: HandOff[] = [
  { kind: 'consultation-requested', to: 'union.unison', parts: ['union'] },
  { kind: 'consultation-requested', to: 'cllr.venner', parts: ['executive-member'] },
  { kind: 'consultation-requested', to: 'equality.twohats', parts: ['executive-member', 'equality-lead'] },
  { kind: 'consultation-requested', to: 'equality.lead', parts: ['equality-lead'] },
];

/** Every event type has its rows, so a new type cannot be added without saying who is told of it. */
const table: { [T in PostEventType]: Row<T>[] } = {
  PostProposed: [
    { case: 'from an allocation: told once the budget check answers', actor: proposer, told: [] },
    {
      case: 'a backfill, from the establishment: the decision maker at once',
      actor: proposer,
      data: { funding: 'existing-establishment', backfillOf: 'ot-2026.L1.P0' },
      told: [{ kind: 'decision-requested', to: julie }],
    },
  ],
  BudgetReserved: [
    { case: 'the decision maker', actor: proposer, told: [{ kind: 'decision-requested', to: julie }] },
    {
      case: 'a post proposed before events named its decision maker: the service area’s director',
      actor: proposer,
      facts: { decisionMaker: undefined, serviceArea: 'Early Help' },
      told: [{ kind: 'decision-requested', to: 'director.omar' }],
    },
  ],
  BudgetShortfall: [
    { case: 'the decision maker: the post is held', told: [{ kind: 'budget-held', to: julie }] },
  ],
  BudgetReleased: [{ case: 'nobody', told: [] }],
  ApprovalReminderSent: [{ case: 'whom it names', told: [{ kind: 'approval-reminder', to: julie }] }],
  ApprovalEscalated: [
    { case: 'the deputy it names', told: [{ kind: 'approval-escalated', to: 'deputy.farrah' }] },
  ],
  DecisionDelegated: [
    { case: 'the delegate', actor: director, told: [{ kind: 'decision-delegated', to: 'deputy.farrah' }] },
  ],
  PostApproved: [
    {
      case: 'the proposer, and each consultee acting for the service area once (not the inactive, not another area’s)',
      actor: director,
      told: [{ kind: 'post-approved', to: sam }, ...consultees],
    },
  ],
  PostRejected: [
    { case: 'the proposer', actor: director, told: [{ kind: 'post-rejected', to: sam }] },
    {
      case: 'the proposer, when the scrutiny board overturns the decision',
      actor: deputy,
      data: { stage: 'called-in' },
      told: [{ kind: 'post-rejected', to: sam }],
    },
  ],
  PostSentBack: [{ case: 'the proposer', actor: director, told: [{ kind: 'post-sent-back', to: sam }] }],
  PostRevised: [{ case: 'nobody yet: the budget check tells the director', actor: proposer, told: [] }],
  ConsultationResponseRecorded: [
    {
      case: 'concerns raised: the decision maker',
      actor: unionRep,
      told: [{ kind: 'consultation-concerns', to: julie }],
    },
    { case: 'no concerns: nobody', actor: unionRep, data: { outcome: 'no-concerns' }, told: [] },
  ],
  ConsultationConcernsResolved: [{ case: 'nobody', actor: director, told: [] }],
  ConsultationCompleted: [
    { case: 'open for call-in: nobody yet', told: [] },
    {
      case: 'not open for call-in: the proposer, ready to recruit',
      facts: { openForCallIn: false },
      told: [{ kind: 'ready-to-recruit', to: sam }],
    },
    { case: 'a post proposed before events said: nobody', facts: { openForCallIn: undefined }, told: [] },
  ],
  CallInPeriodStarted: [{ case: 'nobody', told: [] }],
  DecisionCalledIn: [
    {
      case: 'the proposer and the decision maker',
      actor: deputy,
      told: [
        { kind: 'decision-called-in', to: sam },
        { kind: 'decision-called-in', to: julie },
      ],
    },
  ],
  CallInOutcomeRecorded: [
    { case: 'nobody: CallInPeriodEnded or PostRejected follows', actor: deputy, told: [] },
  ],
  CallInPeriodEnded: [
    { case: 'the proposer, ready to recruit', told: [{ kind: 'ready-to-recruit', to: sam }] },
  ],
  AdvertPublished: [{ case: 'nobody', actor: proposer, told: [] }],
  AdvertClosed: [{ case: 'the proposer', told: [{ kind: 'advert-closed', to: sam }] }],
  ApplicationsRecorded: [
    {
      case: 'suitable applicants: the proposer',
      actor: hrColleague,
      told: [{ kind: 'applicants-available', to: sam }],
    },
    {
      case: 'none suitable: the proposer',
      actor: hrColleague,
      data: { suitable: 0 },
      told: [{ kind: 'no-suitable-applicants', to: sam }],
    },
    { case: 'recorded by the proposer: nobody is told of their own action', actor: proposer, told: [] },
  ],
  AdvertsExhausted: [{ case: 'nobody', told: [] }],
  PostHeld: [{ case: 'nobody', actor: proposer, told: [] }],
  RecruitmentRouteStarted: [{ case: 'nobody', actor: proposer, told: [] }],
  InternationalCapReached: [{ case: 'nobody', actor: proposer, told: [] }],
  CandidatesShortlisted: [{ case: 'nobody', actor: hrColleague, told: [] }],
  InterviewOutcomeRecorded: [{ case: 'nobody', actor: hrColleague, told: [] }],
  OfferMade: [{ case: 'nobody', actor: hrColleague, told: [] }],
  OfferAccepted: [{ case: 'the proposer', actor: hrColleague, told: [{ kind: 'offer-accepted', to: sam }] }],
  OfferDeclined: [{ case: 'the proposer', actor: hrColleague, told: [{ kind: 'offer-declined', to: sam }] }],
  PreEmploymentCheckRecorded: [
    { case: 'a failed check: the proposer', actor: hrColleague, told: [{ kind: 'check-failed', to: sam }] },
    {
      case: 'the last check clear: the proposer',
      actor: hrColleague,
      data: { check: 'right-to-work', outcome: 'clear' },
      facts: { checksClear: ['references', 'enhanced-dbs-barred-list', 'professional-registration'] },
      told: [{ kind: 'checks-complete', to: sam }],
    },
    {
      case: 'a check clear with others still to come: nobody',
      actor: hrColleague,
      data: { check: 'right-to-work', outcome: 'clear' },
      facts: { checksClear: ['references'] },
      told: [],
    },
  ],
  CertificateOfSponsorshipAssigned: [{ case: 'nobody', actor: hrColleague, told: [] }],
  VisaDecisionRecorded: [
    {
      case: 'refused: the proposer, the route has ended',
      actor: hrColleague,
      told: [{ kind: 'route-ended-unfilled', to: sam }],
    },
    { case: 'granted: nobody', actor: hrColleague, data: { outcome: 'granted' }, told: [] },
  ],
  OverseasRegistrationConfirmed: [{ case: 'nobody', actor: hrColleague, told: [] }],
  RecruitArrived: [
    { case: 'the proposer', actor: hrColleague, told: [{ kind: 'recruit-arrived', to: sam }] },
  ],
  RouteEndedUnfilled: [
    { case: 'the proposer', actor: hrColleague, told: [{ kind: 'route-ended-unfilled', to: sam }] },
  ],
  ApprenticeEnrolled: [{ case: 'nobody', actor: proposer, told: [] }],
  ApprenticeQualified: [{ case: 'nobody', actor: proposer, told: [] }],
  StepUpCohortJoined: [{ case: 'nobody', actor: proposer, told: [] }],
  AgencyCoverStarted: [{ case: 'nobody', actor: proposer, told: [] }],
  AgencyCoverEnded: [{ case: 'nobody', actor: proposer, told: [] }],
  PostFilled: [{ case: 'nobody', told: [] }],
  BackfillPostStarted: [{ case: 'nobody: the backfill post’s own events tell', told: [] }],
  PostWithdrawn: [{ case: 'nobody', actor: proposer, told: [] }],
};

type AnyRow = Omit<Row<PostEventType>, 'data'> & { data?: object };
const rows = (Object.entries(table) as [PostEventType, AnyRow[]][]).flatMap(([type, cases]) =>
  cases.map((row) => [`${type}: ${row.case}`, type, row] as const),
);

describe('who is told of each event', () => {
  it.each(rows)('%s', (_name, type, row) => {
    const data: object = { ...(sampleData[type] as object), ...row.data };
    const event = anEvent(type, data as never, row.actor ?? system);
    const before = factsOfPost();
    for (const [key, value] of Object.entries(row.facts ?? {})) {
      if (value === undefined) delete before[key as keyof PostFacts];
      else Object.assign(before, { [key]: value });
    }
    expect(handOffsOf(event, before, foldFacts(before, event), directory())).toEqual(row.told);
  });

  it('tells nobody of their own action, and each person once', () => {
    // Julie both proposes and (by misconfiguration) decides: the call-in tells her once, as decision maker.
    const event = anEvent('DecisionCalledIn', sampleData.DecisionCalledIn, deputy);
    const facts = factsOfPost({ proposer: julie });
    expect(handOffsOf(event, facts, facts, directory())).toEqual([{ kind: 'decision-called-in', to: julie }]);
    const reminder = anEvent('ApprovalReminderSent', sampleData.ApprovalReminderSent, director);
    expect(handOffsOf(reminder, facts, facts, directory())).toEqual([]);
  });
});

describe('a confidential post', () => {
  const confidential = () =>
    foldFacts(
      undefined,
      anEvent('PostProposed', { ...sampleData.PostProposed, confidential: true }, proposer),
    );

  it('is told only to HR and the people named on it, who alone may open it', () => {
    const facts = confidential();
    expect(facts).toMatchObject({ confidential: true, named: [sam, julie, 'deputy.farrah'] });
    const approved = anEvent('PostApproved', sampleData.PostApproved, director);
    expect(handOffsOf(approved, facts, foldFacts(facts, approved), directory())).toEqual([
      { kind: 'post-approved', to: sam },
    ]);
  });

  it('is told to a consultee once they are named on it by acting on it', () => {
    let facts = confidential();
    facts = foldFacts(
      facts,
      anEvent('ConsultationResponseRecorded', sampleData.ConsultationResponseRecorded, unionRep),
    );
    const approved = anEvent('PostApproved', sampleData.PostApproved, director);
    expect(handOffsOf(approved, facts, foldFacts(facts, approved), directory()).map((h) => h.to)).toEqual([
      sam,
      'union.unison',
    ]);
  });

  it('is told to a delegate, named by the delegation', () => {
    const delegated = anEvent('DecisionDelegated', sampleData.DecisionDelegated, director);
    const facts = confidential();
    expect(handOffsOf(delegated, facts, foldFacts(facts, delegated), directory())).toEqual([
      { kind: 'decision-delegated', to: 'deputy.farrah' },
    ]);
  });
});

describe('the facts kept of a post', () => {
  it('come from PostProposed and follow revisions, routes and checks', () => {
    let facts = foldFacts(undefined, anEvent('PostProposed', sampleData.PostProposed, proposer));
    expect(facts).toMatchObject({
      jobTitle: 'Community Occupational Therapist',
      grade: 'PO1',
      proposer: sam,
      decisionMaker: julie,
      deputy: 'deputy.farrah',
      openForCallIn: true,
    });
    facts = foldFacts(facts, anEvent('PostRevised', sampleData.PostRevised, proposer));
    expect(facts).toMatchObject({ grade: 'SO2', annualCostPence: 3_886_700, revised: true });
    facts = foldFacts(facts, anEvent('BudgetReserved', sampleData.BudgetReserved, proposer));
    expect(facts.revised).toBe(true);
    facts = foldFacts(facts, anEvent('PostApproved', sampleData.PostApproved, director));
    expect(facts.revised).toBeUndefined();
    facts = foldFacts(
      facts,
      anEvent('RecruitmentRouteStarted', { route: 'international', reason: 'x' }, proposer),
    );
    const clear = { ...sampleData.PreEmploymentCheckRecorded, outcome: 'clear' as const };
    facts = foldFacts(facts, anEvent('PreEmploymentCheckRecorded', clear, hrColleague));
    facts = foldFacts(facts, anEvent('PreEmploymentCheckRecorded', clear, hrColleague));
    expect(facts).toMatchObject({ route: 'international', checksClear: ['references'] });
    facts = foldFacts(
      facts,
      anEvent('PreEmploymentCheckRecorded', sampleData.PreEmploymentCheckRecorded, hrColleague),
    );
    expect(facts.checksClear).toEqual([]);
  });

  it('learn the decision maker and deputy of an older post from its reminder and escalation', () => {
    const older = { ...sampleData.PostProposed, decisionMaker: undefined, deputy: undefined };
    let facts = foldFacts(undefined, anEvent('PostProposed', older, proposer));
    expect(facts.decisionMaker).toBeUndefined();
    facts = foldFacts(facts, anEvent('ApprovalReminderSent', sampleData.ApprovalReminderSent));
    facts = foldFacts(facts, anEvent('ApprovalEscalated', sampleData.ApprovalEscalated));
    expect(facts).toMatchObject({ decisionMaker: julie, deputy: 'deputy.farrah' });
  });
});
