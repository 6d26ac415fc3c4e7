import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { ledgerViewQuery } from '../../contract/ledgerMessages.js';
import { deadlineAfterWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import { PostService } from '../../temporal/postService.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { PostDriver } from '../support/postDriver.js';
import { deputy, director, hrOfficer, occupationalTherapistPost, unionRep } from '../support/postFixtures.js';
import { startTimeSkippingPosts, type TimeSkippingPosts } from '../support/timeSkippingPostWorker.js';

let posts: TimeSkippingPosts;

beforeAll(async () => {
  posts = await startTimeSkippingPosts('post-lifecycle');
});

afterAll(async () => {
  await posts?.stop();
});

describe('a post from proposal to filled on the time-skipping server', () => {
  it('passes every step of the standard route and publishes each change as an event, in order', async () => {
    const input = occupationalTherapistPost();
    const post = await PostDriver.start(posts.client, posts.taskQueue, input);
    expect((await post.view()).stage).toBe('awaiting-approval');
    expect((await post.approve()).stage).toBe('consultation');
    expect((await post.consultAll()).stage).toBe('call-in-period');

    // The call-in period is five working days: a fortnight covers it, whatever today is.
    await posts.env.sleep('14 days');
    await post.waitFor((view) => view.stage === 'ready-to-recruit');

    const closesOn = await posts.workingDaysFromNow(10);
    expect((await post.advertise(await posts.workingDaysFromNow(0), closesOn)).stage).toBe('advertised');
    await posts.env.sleep('21 days');
    await post.waitFor((view) => view.stage === 'awaiting-applications');
    await post.hr({ type: 'record-applications', received: 9, suitable: 3 });
    expect(
      (await post.hr({ type: 'start-route', route: 'standard', reason: 'Three suitable applicants' })).stage,
    ).toBe('recruiting');

    await post.hrRoute({ type: 'shortlist', candidateRefs: ['cand-1', 'cand-2', 'cand-3'] });
    await post.hrRoute({ type: 'record-interview', candidateRef: 'cand-2', outcome: 'appointable' });
    await post.hrRoute({ type: 'make-offer', candidateRef: 'cand-2' });
    await post.hrRoute({ type: 'record-offer-response', candidateRef: 'cand-2', response: 'accepted' });
    for (const check of ['references', 'enhanced-dbs-barred-list', 'right-to-work'] as const) {
      await post.hrRoute({ type: 'record-check', check, outcome: 'clear' });
    }
    await post.hrRoute({
      type: 'record-check',
      check: 'professional-registration',
      outcome: 'clear',
      registrationBody: 'hcpc',
    });
    await post.hrRoute({
      type: 'confirm-start',
      personRef: 'cand-2',
      startsOn: await posts.workingDaysFromNow(20),
    });

    const ended = await post.ended();
    expect(ended.stage).toBe('filled');
    expect(ended.filled?.personRef).toBe('cand-2');
    expect(posts.eventTypes(input.postId)).toEqual([
      'PostProposed',
      'BudgetReserved',
      'PostApproved',
      'ConsultationResponseRecorded',
      'ConsultationResponseRecorded',
      'ConsultationResponseRecorded',
      'ConsultationCompleted',
      'CallInPeriodStarted',
      'CallInPeriodEnded',
      'AdvertPublished',
      'AdvertClosed',
      'ApplicationsRecorded',
      'RecruitmentRouteStarted',
      'CandidatesShortlisted',
      'InterviewOutcomeRecorded',
      'OfferMade',
      'OfferAccepted',
      'PreEmploymentCheckRecorded',
      'PreEmploymentCheckRecorded',
      'PreEmploymentCheckRecorded',
      'PreEmploymentCheckRecorded',
      'PostFilled',
    ]);

    // Each visibility write changes something: the post sends its search attributes only when they
    // differ from what it last sent (a write per change, not per command or turn of its loop).
    const history = await posts.client.workflow.getHandle(input.postId).fetchHistory();
    // Compared by value, key by key (the server orders keys and metadata as it likes), leaving out
    // the SDK's own TemporalChangeVersion, which it upserts with each new patch.
    const upserts = (history.events ?? []).flatMap((event) => {
      const fields =
        event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {};
      const values = Object.entries(fields)
        .filter(([key]) => key !== 'TemporalChangeVersion')
        .map(([key, payload]) => `${key}=${Buffer.from(payload.data ?? []).toString()}`)
        .sort();
      return values.length > 0 ? [values.join('; ')] : [];
    });
    expect(upserts.length).toBeGreaterThan(3);
    for (let i = 1; i < upserts.length; i += 1) expect(upserts[i]).not.toBe(upserts[i - 1]);
  });
});

describe('director decisions', () => {
  it('rejects a post and releases its budget reservation', async () => {
    const input = occupationalTherapistPost();
    const post = await PostDriver.start(posts.client, posts.taskQueue, input);
    await post.command({ type: 'decide', actor: director, decision: 'reject', reason: 'Funded elsewhere' });
    const ended = await post.ended();
    expect(ended.stage).toBe('rejected');
    expect(ended.decisions.at(-1)).toMatchObject({
      action: 'reject',
      actor: director,
      reason: 'Funded elsewhere',
    });
    expect(posts.eventTypes(input.postId)).toEqual([
      'PostProposed',
      'BudgetReserved',
      'PostRejected',
      'BudgetReleased',
    ]);
    const budget = await posts.client.workflow.getHandle(`${input.postId}.budget`).query(ledgerViewQuery);
    expect(budget.committed).toBe(0);
  });

  it('sends a post back; the revision re-runs the budget check and returns it for approval', async () => {
    const input = occupationalTherapistPost();
    const post = await PostDriver.start(posts.client, posts.taskQueue, input);
    await post.command({
      type: 'decide',
      actor: director,
      decision: 'send-back',
      reason: 'Use the SO1 grade',
    });
    expect((await post.view()).stage).toBe('sent-back');
    const revised = await post.hr({
      type: 'revise',
      jobTitle: 'Occupational Therapist',
      grade: 'SO1',
      fullTimeAnnualCostPence: 3_886_700,
      reason: 'Regraded as asked',
    });
    expect(revised.stage).toBe('awaiting-approval');
    expect(revised.budget.reservedPence).toBe(3_886_700);
    const budget = await posts.client.workflow.getHandle(`${input.postId}.budget`).query(ledgerViewQuery);
    expect(budget.committed).toBe(3_886_700);
    expect(posts.eventTypes(input.postId)).toEqual([
      'PostProposed',
      'BudgetReserved',
      'PostSentBack',
      'PostRevised',
      'BudgetReserved',
    ]);
    await post.terminateWhenIdle();
  });

  it('revises a half-time post from the full-time cost, as the proposal form means it: £46,000 reserves £23,000', async () => {
    const input = occupationalTherapistPost({
      details: {
        serviceArea: 'Occupational Therapy',
        jobTitle: 'Community Occupational Therapist',
        grade: 'PO1',
        annualCostPence: 2_229_050,
        fte: 0.5,
      },
    });
    const post = await PostDriver.start(posts.client, posts.taskQueue, input);
    await post.command({ type: 'decide', actor: director, decision: 'send-back', reason: 'Check the cost' });
    const revised = await post.hr({
      type: 'revise',
      fullTimeAnnualCostPence: 4_600_000,
      reason: 'New pay scale',
    });
    expect(revised.details).toMatchObject({ fte: 0.5, annualCostPence: 2_300_000 });
    expect(revised.budget.reservedPence).toBe(2_300_000);
    const event = posts.published.events.find((e) => e.postId === input.postId && e.type === 'PostRevised');
    expect(event?.data).toMatchObject({
      annualCostPence: 2_300_000,
      previousAnnualCostPence: 2_229_050,
      fullTimeAnnualCostPence: 4_600_000,
    });
    await post.terminateWhenIdle();
  });

  it('holds a post that does not fit the budget, stating the shortfall', async () => {
    const input = occupationalTherapistPost();
    const post = await PostDriver.start(posts.client, posts.taskQueue, {
      ...input,
      funding: {
        source: 'allocation',
        budgetWorkflowId: `${input.postId}.budget`,
        allocationPence: 4_000_000,
      },
    });
    const view = await post.view();
    expect(view.stage).toBe('budget-held');
    expect(view.budget).toEqual({ reservedPence: 0, shortfallPence: 458_100 });
    const shortfall = posts.published.events.find(
      (event) => event.postId === input.postId && event.type === 'BudgetShortfall',
    );
    expect(shortfall?.data).toEqual({
      amountPence: 4_458_100,
      allocationPence: 4_000_000,
      committedPence: 0,
      shortfallPence: 458_100,
    });
    // The workflow mails nobody itself: the notification dispatcher tells the decision maker, whom
    // PostProposed names, from these events.
    const proposed = posts.published.events.find(
      (event) => event.postId === input.postId && event.type === 'PostProposed',
    );
    expect(proposed?.data).toMatchObject({
      decisionMaker: director.id,
      deputy: deputy.id,
      openForCallIn: true,
    });
    expect(posts.notifier.sent.filter((sent) => sent.postId === input.postId)).toEqual([]);
    await post.terminateWhenIdle();
  });

  it('reminds the director after five working days and escalates to the deputy, who may then decide', async () => {
    const input = occupationalTherapistPost();
    const post = await PostDriver.start(posts.client, posts.taskQueue, input);
    await posts.env.sleep('9 days');
    const reminded = await post.waitFor((view) => view.remindersSent === 1);
    expect(reminded).toMatchObject({ overdue: true, escalated: false });
    await posts.env.sleep('10 days');
    await post.waitFor((view) => view.escalated);
    const decided = await post.command({
      type: 'decide',
      actor: deputy,
      decision: 'approve',
      reason: 'Urgent',
    });
    expect(decided.decisions.at(-1)).toMatchObject({
      action: 'approve',
      authority: 'escalation: approval overdue',
    });
    expect(decided.overdue).toBe(false);
    // Told by the notification dispatcher from these two events, not by the workflow.
    expect(posts.notifier.sent.filter((sent) => sent.postId === input.postId)).toEqual([]);
    const reminder = posts.published.events.find(
      (event) => event.postId === input.postId && event.type === 'ApprovalReminderSent',
    );
    expect(reminder?.data).toMatchObject({ to: director.id });
    const escalation = posts.published.events.find(
      (event) => event.postId === input.postId && event.type === 'ApprovalEscalated',
    );
    expect(escalation?.data).toEqual({ to: deputy.id, workingDaysWaiting: 10 });
    await post.terminateWhenIdle();
  });

  it('lets a deputy decide inside the delegation window, on the director’s authority', async () => {
    const post = await PostDriver.start(posts.client, posts.taskQueue, occupationalTherapistPost());
    const from = await posts.today();
    const to = await posts.workingDaysFromNow(5);
    await post.command({
      type: 'delegate',
      actor: director,
      delegateId: deputy.id,
      from,
      to,
      reason: 'Annual leave',
    });
    const decided = await post.command({
      type: 'decide',
      actor: deputy,
      decision: 'approve',
      reason: 'In budget',
    });
    expect(decided.decisions.at(-1)?.authority).toBe(`delegated by ${director.id} from ${from} to ${to}`);
    expect(decided.stage).toBe('consultation');
    await post.terminateWhenIdle();
  });
});

/** A London date some calendar days after another. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('leave cover', () => {
  it('lets the deputy decide inside a week of the director’s leave, and refuses her the day after', async () => {
    const today = await posts.today();
    const lastDay = addDays(today, 6);
    // The service looks the cover up by the wall clock, the workflow checks it by its own (which
    // earlier tests in this file have moved days ahead): the cover spans both.
    const wallDay = londonDateOf(Date.now());
    const firstDay = [wallDay, today].sort()[0] ?? today;
    const directory = exampleDirectory();
    await directory.store.addLeaveDelegation({
      id: 'leave-test',
      directorId: director.id,
      deputyId: deputy.id,
      from: firstDay,
      to: lastDay,
      reason: 'Annual leave',
      createdBy: director.id,
      createdAt: new Date().toISOString(),
    });
    const service = new PostService(posts.client, loadConfig(), directory);
    const inside = await PostDriver.start(posts.client, posts.taskQueue, occupationalTherapistPost());
    const later = await PostDriver.start(posts.client, posts.taskQueue, occupationalTherapistPost());
    const decide = { type: 'decide', actor: deputy, decision: 'approve', reason: 'Covering' } as const;
    const { decided, view } = await service.postCommand(inside.handle.workflowId, decide);
    const cover = `leave cover for ${director.id} from ${firstDay} to ${lastDay}`;
    expect(decided).toMatchObject({ action: 'approve', actor: deputy, authority: cover });
    expect(view.decisions.at(-1)).toEqual(decided);
    await posts.env.sleep('7 days');
    await expect(service.postCommand(later.handle.workflowId, decide)).rejects.toMatchObject({
      reason: 'forbidden',
      message: `the leave cover runs from ${firstDay} to ${lastDay}; today is ${addDays(today, 7)}`,
    });
    expect((await later.view()).stage).toBe('awaiting-approval');
    await inside.terminateWhenIdle();
    await later.terminateWhenIdle();
  });
});

describe('consultation and call-in', () => {
  it('sends union concerns back to the director, who may proceed', async () => {
    const post = await PostDriver.start(posts.client, posts.taskQueue, occupationalTherapistPost());
    await post.approve();
    const concerned = await post.command({
      type: 'record-consultation',
      actor: unionRep,
      party: 'union',
      outcome: 'concerns-raised',
      summary: 'Caseloads in the team must be addressed first',
    });
    expect(concerned.stage).toBe('concerns-raised');
    const proceeded = await post.command({
      type: 'decide',
      actor: director,
      decision: 'approve',
      reason: 'Caseload plan agreed with the union',
    });
    expect(proceeded.stage).toBe('consultation');
    expect((await post.consultAllBut('union')).stage).toBe('call-in-period');
    await post.terminateWhenIdle();
  });

  it('stays open for call-in until 5 pm London on its fifth working day, and no later', async () => {
    const input = occupationalTherapistPost();
    const post = await PostDriver.start(posts.client, posts.taskQueue, input);
    await post.approve();
    const view = await post.consultAll();
    const started = posts.published.events.find(
      (event) => event.postId === input.postId && event.type === 'CallInPeriodStarted',
    );
    if (started?.type !== 'CallInPeriodStarted') throw new Error('no CallInPeriodStarted event');
    const closesAt = deadlineAfterWorkingDays(Date.parse(started.occurredAt), 5, '17:00');
    expect(started.data).toEqual({
      endsOn: londonDateOf(closesAt),
      workingDays: 5,
      closesAt: new Date(closesAt).toISOString(),
      closingTime: '17:00',
    });
    expect(view.callIn).toEqual({ endsOn: started.data.endsOn, closesAt: started.data.closesAt });

    // Two hours before the closing time on the last day, the decision can still be called in.
    await posts.env.sleep(closesAt - 2 * 3_600_000 - (await posts.env.currentTimeMs()));
    expect((await post.view()).stage).toBe('call-in-period');
    const later = await PostDriver.start(posts.client, posts.taskQueue, occupationalTherapistPost());
    await later.approve();
    await later.consultAll();
    const calledIn = await post.command({
      type: 'record-call-in',
      actor: deputy,
      board: 'Children and Families Scrutiny Board',
      reason: 'Called in on the last afternoon',
    });
    expect(calledIn.stage).toBe('called-in');
    expect(calledIn.callIn).toMatchObject({ closesAt: started.data.closesAt });

    // Another post's period, opened now, ends at its own closing time, and not before.
    const laterStarted = (await later.view()).callIn?.closesAt as string;
    await posts.env.sleep(Date.parse(laterStarted) - 60_000 - (await posts.env.currentTimeMs()));
    expect((await later.view()).stage).toBe('call-in-period');
    await posts.env.sleep('2 minutes');
    await later.waitFor((current) => current.stage === 'ready-to-recruit');
    await post.terminateWhenIdle();
    await later.terminateWhenIdle();
  });

  it('suspends the post while it is called in, and resumes when the decision stands', async () => {
    const input = occupationalTherapistPost();
    const post = await PostDriver.start(posts.client, posts.taskQueue, input);
    await post.approve();
    await post.consultAll();
    const calledIn = await post.command({
      type: 'record-call-in',
      actor: deputy,
      board: 'Children and Families Scrutiny Board',
      reason: 'Members asked to examine the recruitment risk',
    });
    expect(calledIn.stage).toBe('called-in');
    await posts.env.sleep('30 days');
    expect((await post.view()).stage).toBe('called-in');
    expect(posts.eventTypes(input.postId)).not.toContain('CallInPeriodEnded');
    const resumed = await post.command({
      type: 'record-call-in-outcome',
      actor: deputy,
      outcome: 'decision-stands',
      reason: 'Board satisfied with the mitigation',
    });
    expect(resumed.stage).toBe('ready-to-recruit');
    expect(posts.eventTypes(input.postId).slice(-4)).toEqual([
      'CallInPeriodStarted',
      'DecisionCalledIn',
      'CallInOutcomeRecorded',
      'CallInPeriodEnded',
    ]);
    await post.terminateWhenIdle();
  });
});

describe('advert', () => {
  it('allows a bounded number of re-adverts, then records the adverts as exhausted', async () => {
    const input = occupationalTherapistPost({ openForCallIn: false, timings: { maxReadverts: 1 } });
    const post = await PostDriver.start(posts.client, posts.taskQueue, input);
    await post.approve();
    expect((await post.consultAll()).stage).toBe('ready-to-recruit');
    for (const advert of [1, 2]) {
      await post.advertise(await posts.workingDaysFromNow(0), await posts.workingDaysFromNow(5));
      await posts.env.sleep('10 days');
      await post.waitFor((view) => view.stage === 'awaiting-applications');
      const view = await post.hr({ type: 'record-applications', received: advert, suitable: 0 });
      expect(view.stage).toBe('no-suitable-applicants');
    }
    expect(posts.eventTypes(input.postId)).toContain('AdvertsExhausted');
    expect((await post.hr({ type: 'hold', reason: 'National shortage of OTs' })).stage).toBe('held');
    await post.terminateWhenIdle();
  });
});

describe('withdrawal and agency cover', () => {
  it('withdraws a post mid-recruitment: budget released, agency cover ended', async () => {
    const input = occupationalTherapistPost({ openForCallIn: false });
    const post = await PostDriver.start(posts.client, posts.taskQueue, input);
    await post.approve();
    await post.consultAll();
    const today = await posts.workingDaysFromNow(0);
    const covered = await post.hr({
      type: 'start-agency-cover',
      agencyRef: 'agency-017',
      startsOn: today,
      weeklyCostPence: 185_000,
      fte: 1,
    });
    expect(covered.agencyCover?.weeklyCostPence).toBe(185_000);
    await post.command({ type: 'withdraw', actor: hrOfficer, reason: 'Service redesign' });
    const ended = await post.ended();
    expect(ended.stage).toBe('withdrawn');
    expect(ended.agencyCover).toBeUndefined();
    expect(posts.eventTypes(input.postId).slice(-3)).toEqual([
      'PostWithdrawn',
      'BudgetReleased',
      'AgencyCoverEnded',
    ]);
    const budget = await posts.client.workflow.getHandle(`${input.postId}.budget`).query(ledgerViewQuery);
    expect(budget.committed).toBe(0);
  });
});
