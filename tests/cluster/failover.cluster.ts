import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCluster, killService, restartService } from '../../infra/cluster/clusterStack.js';
import { repoRoot } from '../../infra/paths.js';
import { createKafka } from '../../kafka/client.js';
import { createLogger } from '../../logging/logger.js';
import { ClusterBrowser } from './clusterBrowser.js';

/**
 * Failover on the cluster profile (`npm run test:cluster`): during a burst of posts proposed and
 * approved through nginx, kill -9 in turn one web replica, one worker, Temporal's history and
 * matching services and the broker leading the first partition of post-events, restarting each.
 * HTTP clients retry (the same Idempotency-Key) on errors and 5xx, as a browser or the CLI would.
 * Writes test-artifacts/cluster-failover.json with what it saw.
 */
const posts = Number(process.env.FAILOVER_POSTS ?? 100);
const concurrency = 8;
const cluster = describeCluster();
const { layout } = cluster;
const base = `http://${layout.host}:${layout.nginx.port}`;
const hr = new ClusterBrowser(base, 'hr.sam');
const director = new ClusterBrowser(base, 'director.julie');
const log = createLogger('failover-test', 'error');
const kafka = createKafka(
  {
    KAFKA_BROKERS: layout.kafka.brokers.map((b) => `${layout.host}:${b.port}`),
    KAFKA_CLIENT_ID: 'failover-test',
  },
  log,
);

const outcomes = { httpRetries: 0, httpErrors: {} as Record<string, number> };
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/**
 * Sends until an answer that is not a gateway or server error (nor 429, after waiting as it says), the
 * same request (and key) each time.
 */
async function untilAnswered(
  send: () => Promise<{ status: number; text: string; retryAfterSeconds?: number }>,
  deadlineMillis = 300_000,
) {
  const deadline = Date.now() + deadlineMillis;
  for (let attempt = 0; ; attempt += 1) {
    let why: string;
    let waitMillis = Math.min(5_000, 250 * 2 ** Math.min(attempt, 4));
    try {
      const response = await send();
      if (response.status < 500 && response.status !== 429) return response;
      why = `HTTP ${response.status}`;
      // Over the person's command limit: wait as the answer says, as a well-behaved client does.
      if (response.status === 429) waitMillis = (response.retryAfterSeconds ?? 1) * 1000;
    } catch (error) {
      why = (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection error';
    }
    outcomes.httpErrors[why] = (outcomes.httpErrors[why] ?? 0) + 1;
    if (why !== 'HTTP 429') outcomes.httpRetries += 1;
    if (Date.now() > deadline) throw new Error(`no answer after ${attempt + 1} attempts (${why})`);
    await sleep(waitMillis);
  }
}

function proposal(proposalId: string) {
  return {
    proposalId,
    title: 'Failover burst (cluster test)',
    service: 'Children and Families',
    decisionMaker: 'director.julie',
    deputy: 'deputy.farrah',
    allocationPence: 10_000_000,
    allocationName: '2022/23 revenue budget',
    openForCallIn: false,
    confidential: false,
    reportDate: '2022-06-30',
    lines: [
      {
        serviceArea: 'Children’s Social Work Service',
        jobTitle: 'Social Worker',
        grade: 'PO3',
        annualCostPence: 4_962_900,
        fteCount: 1,
        jobDescriptionRef: 'Appendix A2',
        justification: 'Rising demand in the duty and advice teams.',
      },
    ],
  };
}

async function stageOf(postId: string): Promise<string | undefined> {
  const response = await untilAnswered(() => hr.send('GET', `/api/posts/${postId}`));
  return response.status === 200 ? (JSON.parse(response.text) as { stage: string }).stage : undefined;
}

async function waitForStage(postId: string, stage: string, timeoutMillis = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while ((await stageOf(postId)) !== stage) {
    if (Date.now() > deadline) throw new Error(`${postId} never reached ${stage}`);
    await sleep(500);
  }
}

/** One post: proposed, awaited, approved; every request retried with its own fixed key. */
async function journey(
  proposalId: string,
  sendTwice: boolean,
): Promise<{ proposeAnswers: string[]; decideAnswers: string[] }> {
  const postId = `${proposalId}.L1.P1`;
  // Each answer as its status, and "replayed" when it is the stored first answer to its key.
  const proposeAnswers: string[] = [];
  const decideAnswers: string[] = [];
  const answer = (response: { status: number; replayed?: boolean }) =>
    `${response.status}${response.replayed ? ' replayed' : ''}`;
  const propose = () =>
    untilAnswered(() =>
      hr.send('POST', '/api/proposals', proposal(proposalId), { 'idempotency-key': proposalId }),
    );
  proposeAnswers.push(answer(await propose()));
  // A client that did not see its answer sends the same request again: one effect.
  if (sendTwice) proposeAnswers.push(answer(await propose()));
  await waitForStage(postId, 'awaiting-approval');
  const decide = () =>
    untilAnswered(() =>
      director.send(
        'POST',
        `/api/posts/${postId}/decide`,
        { decision: 'approve', reason: 'Failover test' },
        { 'idempotency-key': `${postId}:approve` },
      ),
    );
  decideAnswers.push(answer(await decide()));
  if (sendTwice) decideAnswers.push(answer(await decide()));
  await waitForStage(postId, 'consultation');
  return { proposeAnswers, decideAnswers };
}

interface FaultOutcome {
  service: string;
  /** Posts between their proposal and their approval when the service was killed. */
  postsInFlight: number;
  killedPid: number;
  downMillis: number;
  backHealthyAfterMillis: number;
}

async function partitionZeroLeader(): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: ['post-events'] });
    const leader = topics[0]?.partitions.find((partition) => partition.partitionId === 0)?.leader;
    return `kafka-${leader}`;
  } finally {
    await admin.disconnect();
  }
}

let inFlight = 0;

async function killAndRestart(service: string, downMillis = 3_000): Promise<FaultOutcome> {
  const postsInFlight = inFlight;
  const killedPid = killService(cluster, service);
  await sleep(downMillis);
  const started = Date.now();
  await restartService(cluster, service);
  return { service, postsInFlight, killedPid, downMillis, backHealthyAfterMillis: Date.now() - started };
}

beforeAll(async () => {
  await hr.signIn();
  await director.signIn();
});

afterAll(async () => {
  // Whatever happened, leave every service running for the next test or a look.
  for (const service of cluster.services) {
    if (cluster.processes.pid(service.name) === undefined) await restartService(cluster, service.name);
  }
});

describe('failover on the cluster profile', () => {
  it(`loses nothing when web, worker, history, matching and the leading broker are killed during a burst of ${posts} posts`, async () => {
    const run = `failover-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
    const proposalIds = Array.from({ length: posts }, (_, index) => `${run}-${index + 1}`);
    const began = Date.now();
    const results: Awaited<ReturnType<typeof journey>>[] = [];
    let next = 0;
    const lanes = Array.from({ length: concurrency }, async () => {
      while (next < proposalIds.length) {
        const index = next++;
        inFlight += 1;
        // Every fourth client sends each command twice (one person's limit is 60 commands a minute).
        results.push(await journey(proposalIds[index] as string, index % 4 === 0));
        inFlight -= 1;
      }
    });
    const faults = (async () => {
      const outcomes: FaultOutcome[] = [];
      await sleep(3_000);
      outcomes.push(await killAndRestart('web-1'));
      outcomes.push(await killAndRestart('worker-1'));
      outcomes.push(await killAndRestart('temporal-history'));
      outcomes.push(await killAndRestart('temporal-matching'));
      outcomes.push(await killAndRestart(await partitionZeroLeader()));
      return outcomes;
    })();
    const [faultOutcomes] = await Promise.all([faults, Promise.all(lanes)]);
    const burstMillis = Date.now() - began;

    // Every event of these posts, read from the start of the topic by a group of the test's own.
    const ours = new Set(proposalIds.map((id) => `${id}.L1.P1`));
    const seen = new Map<string, { eventId: string; type: string }[]>();
    const consumer = kafka.consumer({ groupId: `${run}-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic: 'post-events', fromBeginning: true });
    const expectedPerPost = ['PostProposed', 'PostApproved'];
    const complete = () =>
      [...ours].every((postId) =>
        expectedPerPost.every((type) => seen.get(postId)?.some((event) => event.type === type)),
      );
    await consumer.run({
      eachMessage: async ({ message }) => {
        const postId = message.key?.toString() ?? '';
        if (!ours.has(postId)) return;
        const event = JSON.parse(message.value?.toString() ?? '{}') as { eventId: string; type: string };
        seen.set(postId, [...(seen.get(postId) ?? []), { eventId: event.eventId, type: event.type }]);
      },
    });
    const deadline = Date.now() + 120_000;
    while (!complete() && Date.now() < deadline) await sleep(500);
    await consumer.disconnect();

    let delivered = 0;
    let distinct = 0;
    let outOfOrder = 0;
    let lost = 0;
    let approvedTwice = 0;
    for (const postId of ours) {
      const events = seen.get(postId) ?? [];
      delivered += events.length;
      const unique = [...new Map(events.map((event) => [event.eventId, event])).values()];
      distinct += unique.length;
      const types = unique.map((event) => event.type);
      for (const type of expectedPerPost) if (!types.includes(type)) lost += 1;
      if (types.indexOf('PostProposed') > types.indexOf('PostApproved')) outOfOrder += 1;
      if (types.filter((type) => type === 'PostApproved').length > 1) approvedTwice += 1;
    }
    const report = {
      posts,
      concurrency,
      burstSeconds: Math.round(burstMillis / 1000),
      postsCompleted: results.length,
      proposeAnswers: countOf(results.flatMap((one) => one.proposeAnswers)),
      decideAnswers: countOf(results.flatMap((one) => one.decideAnswers)),
      faults: faultOutcomes,
      http: outcomes,
      events: {
        delivered,
        distinct,
        duplicatesDroppedByEventId: delivered - distinct,
        lost,
        outOfOrder,
        approvedTwice,
      },
    };
    mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
    writeFileSync(
      join(repoRoot, 'test-artifacts', 'cluster-failover.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

    expect(results).toHaveLength(posts);
    expect(report.events.lost).toBe(0);
    expect(report.events.outOfOrder).toBe(0);
    expect(report.events.approvedTwice).toBe(0);
    // Each post proposed once and approved once. A request sent again with its key gets the first
    // answer, marked replayed: every repeat, and any retry whose first attempt took effect but whose
    // answer was lost with a killed process.
    const twice = Math.ceil(posts / 4);
    const { proposeAnswers, decideAnswers } = report;
    expect(Object.keys(proposeAnswers).sort()).toEqual(['201', '201 replayed']);
    expect((proposeAnswers['201'] ?? 0) + (proposeAnswers['201 replayed'] ?? 0)).toBe(posts + twice);
    expect(proposeAnswers['201 replayed']).toBeGreaterThanOrEqual(twice);
    expect(Object.keys(decideAnswers).sort()).toEqual(['200', '200 replayed']);
    expect((decideAnswers['200'] ?? 0) + (decideAnswers['200 replayed'] ?? 0)).toBe(posts + twice);
    expect(decideAnswers['200 replayed']).toBeGreaterThanOrEqual(twice);
  });
});

function countOf(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
