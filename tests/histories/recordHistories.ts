/**
 * Records the histories of finished workflows that tests/workflows/replay.test.ts replays on every
 * run. Run it when a new workflow version ships (`npx tsx tests/histories/recordHistories.ts`): the old
 * files stay, so a change that breaks a running post's replay fails CI.
 */
import { seedReport } from '../fixtures/seedReport.js';
import { writeHistory } from '../support/historyFiles.js';
import { PostDriver } from '../support/postDriver.js';
import { deputy, director, occupationalTherapistPost, unionRep } from '../support/postFixtures.js';
import { startTimeSkippingPosts } from '../support/timeSkippingPostWorker.js';

const version = process.argv[2] ?? 'v1';
const posts = await startTimeSkippingPosts('record-histories');
const saved: string[] = [];

async function save(name: string, workflowId: string): Promise<void> {
  const history = await posts.client.workflow.getHandle(workflowId).fetchHistory();
  const file = new URL(`./${version}-${name}.json`, import.meta.url);
  await writeHistory(file, history);
  saved.push(file.pathname);
}

try {
  // 1. The standard route from proposal to filled, through reminder, call-in period and advert.
  const filled = occupationalTherapistPost({ postId: 'history-standard-route' });
  const post = await PostDriver.start(posts.client, posts.taskQueue, filled);
  await posts.env.sleep('8 days');
  await post.waitFor((view) => view.remindersSent === 1);
  await post.approve();
  await post.consultAll();
  await posts.env.sleep('14 days');
  await post.waitFor((view) => view.stage === 'ready-to-recruit');
  await post.advertise(await posts.today(), await posts.workingDaysFromNow(10));
  await posts.env.sleep('21 days');
  await post.waitFor((view) => view.stage === 'awaiting-applications');
  await post.hr({ type: 'record-applications', received: 4, suitable: 1 });
  await post.hr({ type: 'start-route', route: 'standard', reason: 'One suitable applicant' });
  await post.hrRoute({ type: 'shortlist', candidateRefs: ['cand-1'] });
  await post.hrRoute({ type: 'record-interview', candidateRef: 'cand-1', outcome: 'appointable' });
  await post.hrRoute({ type: 'make-offer', candidateRef: 'cand-1' });
  await post.hrRoute({ type: 'record-offer-response', candidateRef: 'cand-1', response: 'accepted' });
  for (const check of ['references', 'enhanced-dbs-barred-list', 'right-to-work'] as const) {
    await post.hrRoute({ type: 'record-check', check, outcome: 'clear' });
  }
  await post.hrRoute({ type: 'record-check', check: 'professional-registration', outcome: 'clear', registrationBody: 'hcpc' });
  await post.hrRoute({ type: 'confirm-start', personRef: 'cand-1', startsOn: await posts.workingDaysFromNow(20) });
  await post.ended();
  await save('post-standard-route-filled', filled.postId);
  await save('route-standard-filled', `${filled.postId}.route`);

  // 2. Sent back, revised, rejected: the budget released.
  const rejected = occupationalTherapistPost({ postId: 'history-rejected' });
  const second = await PostDriver.start(posts.client, posts.taskQueue, rejected);
  await second.command({ type: 'decide', actor: director, decision: 'send-back', reason: 'Regrade to SO1' });
  await second.hr({ type: 'revise', grade: 'SO1', annualCostPence: 3_886_700, reason: 'Regraded' });
  await second.command({ type: 'decide', actor: director, decision: 'reject', reason: 'Funded elsewhere' });
  await second.ended();
  await save('post-sent-back-rejected', rejected.postId);

  // 3. A proposal whose posts are all withdrawn, closing its budget ledger.
  const proposalId = 'history-proposal';
  const report = seedReport(proposalId);
  const proposal = await posts.client.workflow.start('proposalWorkflow', {
    args: [{ proposal: { ...report, lines: report.lines.slice(0, 2) }, internationalCap: { workflowId: 'history-cap', cap: 20, alreadyRecruited: 13 } }],
    taskQueue: posts.taskQueue,
    workflowId: proposalId,
  });
  const postIds = ['L1.P1', 'L1.P2', 'L1.P3', 'L1.P4', 'L1.P5', 'L2.P1', 'L2.P2', 'L2.P3', 'L2.P4', 'L2.P5', 'L2.P6', 'L2.P7', 'L2.P8', 'L2.P9', 'L2.P10'].map(
    (suffix) => `${proposalId}.${suffix}`,
  );
  for (const postId of postIds) {
    const driver = new PostDriver(posts.client, posts.client.workflow.getHandle(postId));
    await driver.waitFor((view) => view.stage === 'awaiting-approval');
    await driver.hr({ type: 'withdraw', reason: 'Approved separately (paragraphs 8 and 9)' });
    await driver.ended();
  }
  await proposal.result();
  await save('proposal-all-withdrawn', proposalId);
  await save('budget-allocation-closed', `${proposalId}.budget`);

  // 4–8. Every other route and branch: international, internal with its backfill, apprenticeship,
  // Step Up with agency cover, and concerns raised then a call-in that overturns the decision.
  const selectCandidate = async (driver: PostDriver, candidateRef: string) => {
    await driver.hrRoute({ type: 'shortlist', candidateRefs: [candidateRef, 'cand-9001'] });
    await driver.hrRoute({ type: 'record-interview', candidateRef, outcome: 'appointable' });
    await driver.hrRoute({ type: 'make-offer', candidateRef });
    await driver.hrRoute({ type: 'record-offer-response', candidateRef, response: 'accepted' });
  };
  const clearChecks = async (driver: PostDriver) => {
    for (const check of ['references', 'enhanced-dbs-barred-list', 'right-to-work'] as const) {
      await driver.hrRoute({ type: 'record-check', check, outcome: 'clear' });
    }
    await driver.hrRoute({ type: 'record-check', check: 'professional-registration', outcome: 'clear', registrationBody: 'hcpc' });
  };
  const readyToRecruit = async (postId: string) => {
    const driver = await PostDriver.start(posts.client, posts.taskQueue, occupationalTherapistPost({ postId, openForCallIn: false }));
    await driver.approve();
    await driver.consultAll();
    return driver;
  };
  const applicantsAvailable = async (postId: string, ringFence: 'internal' | 'external') => {
    const driver = await readyToRecruit(postId);
    await driver.hr({ type: 'publish-advert', channels: ['council-jobs-page'], opensOn: await posts.workingDaysFromNow(0), closesOn: await posts.workingDaysFromNow(10), ringFence });
    await posts.env.sleep('21 days');
    await driver.waitFor((view) => view.stage === 'awaiting-applications');
    await driver.hr({ type: 'record-applications', received: 6, suitable: 2 });
    return driver;
  };

  const international = await applicantsAvailable('history-international', 'external');
  await international.hr({ type: 'start-route', route: 'international', reason: 'No suitable UK applicants at PO1' });
  await selectCandidate(international, 'cand-0731');
  await international.hrRoute({ type: 'assign-certificate-of-sponsorship', certificateRef: 'cos-2022-0188' });
  await international.hrRoute({ type: 'record-visa-decision', outcome: 'granted' });
  await international.hrRoute({ type: 'confirm-overseas-registration', registrationRef: 'hcpc-ot-77812' });
  await international.hrRoute({ type: 'record-arrival', arrivedOn: await posts.workingDaysFromNow(10) });
  await clearChecks(international);
  await international.hrRoute({ type: 'confirm-start', personRef: 'cand-0731', startsOn: await posts.workingDaysFromNow(15) });
  await international.ended();
  await save('post-international-filled', 'history-international');
  await save('route-international-filled', 'history-international.route');

  const internal = await applicantsAvailable('history-internal', 'internal');
  await internal.hr({ type: 'start-route', route: 'internal', reason: 'Ring-fenced to existing staff' });
  await selectCandidate(internal, 'emp-0412');
  await clearChecks(internal);
  const vacatedPost = { postRef: 'post-ot-assistant-07', serviceArea: 'Occupational Therapy', jobTitle: 'Occupational Therapy Assistant', grade: 'C3', annualCostPence: 2_900_000, fte: 1 };
  await internal.hrRoute({ type: 'confirm-start', personRef: 'emp-0412', startsOn: await posts.workingDaysFromNow(20), vacatedPost });
  await internal.ended();
  const backfill = new PostDriver(posts.client, posts.client.workflow.getHandle('history-internal.backfill'));
  await backfill.waitFor((view) => view.stage === 'awaiting-approval');
  await backfill.hr({ type: 'withdraw', reason: 'Team restructured' });
  await backfill.ended();
  await save('post-internal-filled-with-backfill', 'history-internal');
  await save('route-internal-filled', 'history-internal.route');
  await save('post-backfill-withdrawn', 'history-internal.backfill');

  const apprenticeship = await readyToRecruit('history-apprenticeship');
  await apprenticeship.hr({ type: 'start-route', route: 'apprenticeship', reason: 'Grow our own' });
  const enrolledOn = await posts.workingDaysFromNow(10);
  await apprenticeship.hrRoute({ type: 'enrol-apprentice', employeeRef: 'emp-0233', provider: 'Leeds Beckett University', startsOn: enrolledOn, expectedQualificationOn: `${Number(enrolledOn.slice(0, 4)) + 2}${enrolledOn.slice(4)}` });
  await apprenticeship.waitFor((view) => view.stage === 'filled');
  await apprenticeship.hrRoute({ type: 'record-qualification', qualifiedOn: await posts.workingDaysFromNow(20) });
  await apprenticeship.ended();
  await save('post-apprenticeship-qualified', 'history-apprenticeship');
  await save('route-apprenticeship-qualified', 'history-apprenticeship.route');

  const stepUp = await readyToRecruit('history-step-up');
  await stepUp.hr({ type: 'start-agency-cover', agencyRef: 'agency-017', startsOn: await posts.workingDaysFromNow(0), weeklyCostPence: 185_000, fte: 1 });
  await stepUp.hr({ type: 'start-route', route: 'step-up', reason: 'Cohort 8 places confirmed' });
  await stepUp.hrRoute({ type: 'join-step-up-cohort', traineeRef: 'trainee-0062', cohort: 'cohort-8', startsOn: await posts.workingDaysFromNow(15) });
  await stepUp.ended();
  await save('post-step-up-agency-cover-filled', 'history-step-up');
  await save('route-step-up-filled', 'history-step-up.route');

  const calledIn = await PostDriver.start(posts.client, posts.taskQueue, occupationalTherapistPost({ postId: 'history-called-in' }));
  await calledIn.approve();
  await calledIn.command({ type: 'record-consultation', actor: unionRep, party: 'union', outcome: 'concerns-raised', summary: 'Caseloads in the team must be addressed first' });
  await calledIn.command({ type: 'decide', actor: director, decision: 'approve', reason: 'Caseload plan agreed with the union' });
  await calledIn.consultAllBut('union');
  await calledIn.command({ type: 'record-call-in', actor: deputy, board: 'Children and Families Scrutiny Board', reason: 'Members asked to examine the recruitment risk' });
  await calledIn.command({ type: 'record-call-in-outcome', actor: deputy, outcome: 'decision-overturned', reason: 'Funding not secured' });
  await calledIn.ended();
  await save('post-concerns-raised-called-in-rejected', 'history-called-in');
} finally {
  await posts.stop();
}
process.stdout.write(`recorded:\n  ${saved.join('\n  ')}\n`);
