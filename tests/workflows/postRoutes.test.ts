import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LedgerView, ledgerViewQuery } from '../../contract/ledgerMessages.js';
import type { PostWorkflowInput } from '../../schemas/postWorkflowInput.js';
import type { VacatedPost } from '../../schemas/routeCommands.js';
import type { postWorkflow } from '../../workflows/postWorkflow.js';
import { PostDriver } from '../support/postDriver.js';
import { occupationalTherapistPost, uniqueId } from '../support/postFixtures.js';
import { startTimeSkippingPosts, type TimeSkippingPosts } from '../support/timeSkippingPostWorker.js';

let posts: TimeSkippingPosts;

beforeAll(async () => {
  posts = await startTimeSkippingPosts('post-routes');
});

afterAll(async () => {
  await posts?.stop();
});

/** Approved, consulted (no call-in), advertised and closed, with suitable applicants recorded. */
async function applicantsAvailable(
  input: PostWorkflowInput,
  ringFence: 'internal' | 'external' = 'external',
): Promise<PostDriver> {
  const post = await PostDriver.start(posts.client, posts.taskQueue, input);
  await post.approve();
  expect((await post.consultAll()).stage).toBe('ready-to-recruit');
  await post.hr({
    type: 'publish-advert',
    channels: ['council-jobs-page', 'paid-social-media'],
    opensOn: await posts.workingDaysFromNow(0),
    closesOn: await posts.workingDaysFromNow(10),
    ringFence,
  });
  // Ten working days are at most a fortnight and two bank holidays: three weeks pass the closing date.
  await posts.env.sleep('21 days');
  await post.waitFor((view) => view.stage === 'awaiting-applications');
  const view = await post.hr({ type: 'record-applications', received: 6, suitable: 2 });
  expect(view.stage).toBe('applicants-available');
  return post;
}

/** Approved and consulted without call-in: the routes that need no advert start from here. */
async function readyToRecruit(input: PostWorkflowInput): Promise<PostDriver> {
  const post = await PostDriver.start(posts.client, posts.taskQueue, input);
  await post.approve();
  expect((await post.consultAll()).stage).toBe('ready-to-recruit');
  return post;
}

/** Shortlist, interview, offer and acceptance: the selection every advertised route starts with. */
async function selectCandidate(post: PostDriver, candidateRef: string): Promise<void> {
  await post.hrRoute({ type: 'shortlist', candidateRefs: [candidateRef, 'cand-9001'] });
  await post.hrRoute({ type: 'record-interview', candidateRef, outcome: 'appointable' });
  await post.hrRoute({ type: 'make-offer', candidateRef });
  await post.hrRoute({ type: 'record-offer-response', candidateRef, response: 'accepted' });
}

/** The four pre-employment checks, clear; an occupational therapist registers with the HCPC. */
async function clearChecks(post: PostDriver): Promise<void> {
  for (const check of ['references', 'enhanced-dbs-barred-list', 'right-to-work'] as const) {
    await post.hrRoute({ type: 'record-check', check, outcome: 'clear' });
  }
  await post.hrRoute({
    type: 'record-check',
    check: 'professional-registration',
    outcome: 'clear',
    registrationBody: 'hcpc',
  });
}

/** Polls until `done` holds: for what a workflow does after the view a test waited for. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function capLedger(capWorkflowId: string): Promise<LedgerView> {
  return posts.client.workflow.getHandle(capWorkflowId).query(ledgerViewQuery);
}

function eventsOf(postId: string, type: string) {
  return posts.published.events.filter((event) => event.postId === postId && event.type === type);
}

/** The given event types of one post, in the order they were published. */
function typesAmong(postId: string, types: readonly string[]): string[] {
  return posts.eventTypes(postId).filter((type) => types.includes(type));
}

/** An ISO date some years on (29 February rolls to 1 March). */
function yearsAfter(isoDate: string, years: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
}

describe('the internal appointment route', () => {
  it('fills the post and starts a backfill post, funded from the establishment and awaiting approval, for the post the appointee vacates', async () => {
    const input = occupationalTherapistPost({ openForCallIn: false });
    const post = await applicantsAvailable(input, 'internal');
    await post.hr({ type: 'start-route', route: 'internal', reason: 'Ring-fenced to existing staff' });
    await selectCandidate(post, 'emp-0412');
    await clearChecks(post);
    const vacatedPost: VacatedPost = {
      postRef: 'post-ot-assistant-07',
      serviceArea: 'Occupational Therapy',
      jobTitle: 'Occupational Therapy Assistant',
      grade: 'C3',
      annualCostPence: 2_900_000,
      fte: 1,
    };
    const startsOn = await posts.workingDaysFromNow(20);
    await post.hrRoute({ type: 'confirm-start', personRef: 'emp-0412', startsOn, vacatedPost });

    const ended = await post.ended();
    expect(ended.stage).toBe('filled');
    expect(ended.filled).toEqual({ personRef: 'emp-0412', startsOn });
    const backfillPostId = `${input.postId}.backfill`;
    expect(ended.backfillPostId).toBe(backfillPostId);

    const backfill = new PostDriver(
      posts.client,
      posts.client.workflow.getHandle<typeof postWorkflow>(backfillPostId),
    );
    const backfillView = await backfill.waitFor((view) => view.stage === 'awaiting-approval');
    expect(backfillView.details).toEqual({
      serviceArea: 'Occupational Therapy',
      jobTitle: 'Occupational Therapy Assistant',
      grade: 'C3',
      annualCostPence: 2_900_000,
      fte: 1,
    });
    expect(backfillView.budget).toEqual({ reservedPence: 0 });
    const [proposed] = await eventually(
      async () => eventsOf(backfillPostId, 'PostProposed'),
      (found) => found.length === 1,
      'the backfill post published no PostProposed',
    );
    expect(proposed?.data).toMatchObject({
      jobTitle: 'Occupational Therapy Assistant',
      funding: 'existing-establishment',
      backfillOf: input.postId,
    });
    expect(eventsOf(backfillPostId, 'BudgetReserved')).toEqual([]);

    const types = posts.eventTypes(input.postId);
    expect(types).toContain('PostFilled');
    expect(types.indexOf('BackfillPostStarted')).toBeGreaterThan(types.indexOf('PostFilled'));
    expect(eventsOf(input.postId, 'BackfillPostStarted')[0]?.data).toEqual({
      backfillPostId,
      vacatedPostRef: 'post-ot-assistant-07',
    });
    expect(eventsOf(input.postId, 'PostFilled')[0]?.data).toEqual({
      personRef: 'emp-0412',
      startsOn,
      route: 'internal',
    });
    // The backfill is abandoned by its parent and would wait for approval for ever.
    await backfill.terminateWhenIdle();
  });
});

describe('the international route', () => {
  it('takes one place under the cap, then passes sponsorship, visa, overseas registration and arrival before the post is filled', async () => {
    const capWorkflowId = uniqueId('international-cap');
    const input = occupationalTherapistPost({
      openForCallIn: false,
      internationalCap: { workflowId: capWorkflowId, cap: 20, alreadyRecruited: 13 },
    });
    const post = await applicantsAvailable(input);
    const started = await post.hr({
      type: 'start-route',
      route: 'international',
      reason: 'No suitable UK applicants at PO1',
    });
    expect(started.stage).toBe('recruiting');
    expect(started.route?.type).toBe('international');
    const cap = await capLedger(capWorkflowId);
    expect(cap).toMatchObject({ kind: 'international-recruits', capacity: 20, committed: 14 });
    expect(cap.reservations).toEqual({ [input.postId]: 1 });

    await selectCandidate(post, 'cand-0731');
    await post.hrRoute({ type: 'assign-certificate-of-sponsorship', certificateRef: 'cos-2022-0188' });
    await post.hrRoute({ type: 'record-visa-decision', outcome: 'granted' });
    await post.hrRoute({ type: 'confirm-overseas-registration', registrationRef: 'hcpc-ot-77812' });
    const arrivedOn = await posts.workingDaysFromNow(10);
    await post.hrRoute({ type: 'record-arrival', arrivedOn });
    await clearChecks(post);
    const startsOn = await posts.workingDaysFromNow(15);
    await post.hrRoute({ type: 'confirm-start', personRef: 'cand-0731', startsOn });

    const ended = await post.ended();
    expect(ended.stage).toBe('filled');
    expect(ended.filled).toEqual({ personRef: 'cand-0731', startsOn });
    expect(
      typesAmong(input.postId, [
        'CertificateOfSponsorshipAssigned',
        'VisaDecisionRecorded',
        'OverseasRegistrationConfirmed',
        'RecruitArrived',
        'PreEmploymentCheckRecorded',
        'PostFilled',
      ]),
    ).toEqual([
      'CertificateOfSponsorshipAssigned',
      'VisaDecisionRecorded',
      'OverseasRegistrationConfirmed',
      'RecruitArrived',
      'PreEmploymentCheckRecorded',
      'PreEmploymentCheckRecorded',
      'PreEmploymentCheckRecorded',
      'PreEmploymentCheckRecorded',
      'PostFilled',
    ]);
    // A recruit in post keeps their place under the cap.
    expect((await capLedger(capWorkflowId)).committed).toBe(14);
  });

  it('refuses the international route once the cap is reached, leaving the post with its applicants', async () => {
    const capWorkflowId = uniqueId('international-cap');
    const input = occupationalTherapistPost({
      openForCallIn: false,
      internationalCap: { workflowId: capWorkflowId, cap: 13, alreadyRecruited: 13 },
    });
    const post = await applicantsAvailable(input);
    // The validator accepts the command; the handler finds the cap full and fails the Update.
    const error = await post
      .hr({ type: 'start-route', route: 'international', reason: 'No suitable UK applicants' })
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((error as WorkflowUpdateFailedError).cause?.message).toBe(
      'the cap on international recruits is reached (13 of 13)',
    );

    const view = await post.view();
    expect(view.stage).toBe('applicants-available');
    expect(view.route).toBeUndefined();
    const [reached] = await eventually(
      async () => eventsOf(input.postId, 'InternationalCapReached'),
      (found) => found.length === 1,
      'no InternationalCapReached was published',
    );
    expect(reached?.data).toEqual({ cap: 13, recruited: 13 });
    expect(posts.eventTypes(input.postId)).not.toContain('RecruitmentRouteStarted');
    const cap = await capLedger(capWorkflowId);
    expect(cap.committed).toBe(13);
    expect(cap.reservations).toEqual({});
    await post.terminateWhenIdle();
  });

  it('ends the route unfilled on a refused visa: the post has no suitable applicants and its place under the cap is released', async () => {
    const capWorkflowId = uniqueId('international-cap');
    const input = occupationalTherapistPost({
      openForCallIn: false,
      internationalCap: { workflowId: capWorkflowId, cap: 20, alreadyRecruited: 13 },
    });
    const post = await applicantsAvailable(input);
    await post.hr({ type: 'start-route', route: 'international', reason: 'No suitable UK applicants' });
    expect((await capLedger(capWorkflowId)).committed).toBe(14);
    await selectCandidate(post, 'cand-0845');
    await post.hrRoute({ type: 'assign-certificate-of-sponsorship', certificateRef: 'cos-2022-0190' });
    const refused = await post.hrRoute({ type: 'record-visa-decision', outcome: 'refused' });
    expect(refused.step).toBe('unfilled');

    const view = await post.waitFor((current) => current.stage === 'no-suitable-applicants');
    expect(view.filled).toBeUndefined();
    expect(view.decisions.at(-1)).toMatchObject({
      action: 'route ended unfilled',
      reason: 'the Skilled Worker visa of cand-0845 was refused',
    });
    const cap = await eventually(
      () => capLedger(capWorkflowId),
      (ledger) => ledger.committed === 13,
      'the place under the cap was not released',
    );
    expect(cap.reservations).toEqual({});
    expect(eventsOf(input.postId, 'VisaDecisionRecorded')[0]?.data).toEqual({
      candidateRef: 'cand-0845',
      outcome: 'refused',
    });
    expect(posts.eventTypes(input.postId)).not.toContain('PostFilled');
    await post.terminateWhenIdle();
  });
});

describe('the apprenticeship route', () => {
  it('fills the post at enrolment; the post workflow runs on until the apprentice qualifies', async () => {
    const input = occupationalTherapistPost({ openForCallIn: false });
    const post = await readyToRecruit(input);
    await post.hr({ type: 'start-route', route: 'apprenticeship', reason: 'Grow our own' });
    const startsOn = await posts.workingDaysFromNow(10);
    const expectedQualificationOn = yearsAfter(startsOn, 2);
    await post.hrRoute({
      type: 'enrol-apprentice',
      employeeRef: 'emp-0233',
      provider: 'Leeds Beckett University',
      startsOn,
      expectedQualificationOn,
    });

    const filled = await post.waitFor((view) => view.stage === 'filled');
    expect(filled.filled).toEqual({ personRef: 'emp-0233', startsOn });
    expect((await post.handle.describe()).status.name).toBe('RUNNING');

    const qualified = await post.hrRoute({
      type: 'record-qualification',
      qualifiedOn: expectedQualificationOn,
    });
    expect(qualified).toMatchObject({ step: 'qualified', qualified: true });
    const ended = await post.ended();
    expect(ended.stage).toBe('filled');
    expect((await post.handle.describe()).status.name).toBe('COMPLETED');
    expect(typesAmong(input.postId, ['ApprenticeEnrolled', 'PostFilled', 'ApprenticeQualified'])).toEqual([
      'ApprenticeEnrolled',
      'PostFilled',
      'ApprenticeQualified',
    ]);
    expect(eventsOf(input.postId, 'PostFilled')[0]?.data).toEqual({
      personRef: 'emp-0233',
      startsOn,
      route: 'apprenticeship',
    });
  });
});

describe('the Step Up route', () => {
  it('fills the post when a trainee joins a Step Up cohort', async () => {
    const input = occupationalTherapistPost({ openForCallIn: false });
    const post = await readyToRecruit(input);
    await post.hr({ type: 'start-route', route: 'step-up', reason: 'Cohort 8 places confirmed' });
    const startsOn = await posts.workingDaysFromNow(15);
    await post.hrRoute({
      type: 'join-step-up-cohort',
      traineeRef: 'trainee-0061',
      cohort: 'cohort-8',
      startsOn,
    });

    const ended = await post.ended();
    expect(ended.stage).toBe('filled');
    expect(ended.filled).toEqual({ personRef: 'trainee-0061', startsOn });
    expect(typesAmong(input.postId, ['RecruitmentRouteStarted', 'StepUpCohortJoined', 'PostFilled'])).toEqual(
      ['RecruitmentRouteStarted', 'StepUpCohortJoined', 'PostFilled'],
    );
  });
});

describe('agency cover', () => {
  it('ends agency cover held while the post was vacant on the start date of the person who fills it', async () => {
    const input = occupationalTherapistPost({ openForCallIn: false });
    const post = await readyToRecruit(input);
    const covered = await post.hr({
      type: 'start-agency-cover',
      agencyRef: 'agency-017',
      startsOn: await posts.workingDaysFromNow(0),
      weeklyCostPence: 185_000,
      fte: 1,
    });
    expect(covered.agencyCover?.agencyRef).toBe('agency-017');
    await post.hr({ type: 'start-route', route: 'step-up', reason: 'Cohort 8 places confirmed' });
    const startsOn = await posts.workingDaysFromNow(15);
    await post.hrRoute({
      type: 'join-step-up-cohort',
      traineeRef: 'trainee-0062',
      cohort: 'cohort-8',
      startsOn,
    });

    const ended = await post.ended();
    expect(ended.stage).toBe('filled');
    expect(ended.agencyCover).toBeUndefined();
    expect(eventsOf(input.postId, 'AgencyCoverEnded').map((event) => event.data)).toEqual([
      { agencyRef: 'agency-017', endsOn: startsOn, reason: 'post filled' },
    ]);
    const types = posts.eventTypes(input.postId);
    expect(types.indexOf('AgencyCoverEnded')).toBeGreaterThan(types.indexOf('PostFilled'));
  });
});
