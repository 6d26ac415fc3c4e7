import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { londonDateOf } from '../../domain/workingDays.js';
import { clusterLayout } from '../../infra/cluster/clusterLayout.js';
import { productDatabaseUrl } from '../../infra/cluster/clusterStack.js';
import { createKafka } from '../../kafka/client.js';
import { createLogger } from '../../logging/logger.js';
import { ClusterBrowser } from './clusterBrowser.js';

/**
 * The post journey on the cluster profile (`npm run test:cluster`, which starts it): through nginx to
 * two web replicas, two workers, the Temporal services on PostgreSQL and three Kafka brokers.
 */
const layout = clusterLayout();
const base = `http://${layout.host}:${layout.nginx.port}`;
const as = (userId: string) => new ClusterBrowser(base, userId);
const hr = as('hr.sam');
const director = as('director.julie');
const union = as('union.unison');
const member = as('cllr.venner');
const equality = as('equality.lead');

const dayMillis = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => londonDateOf(Date.now() - days * dayMillis);

async function command(who: ClusterBrowser, postId: string, type: string, body: unknown) {
  const response = await who.send('POST', `/api/posts/${postId}/${type}`, body, {
    'idempotency-key': `${postId}:${type}:${randomUUID()}`,
  });
  expect(response.status, response.text).toBe(200);
  return response.json() as { stage: string };
}

async function waitForStage(postId: string, stage: string, timeoutMillis = 60_000) {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const view = (await hr.send('GET', `/api/posts/${postId}`)).json() as { stage?: string };
    if (view.stage === stage) return view;
    if (Date.now() > deadline) throw new Error(`${postId} stayed at ${view.stage}, never ${stage}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  for (const one of [hr, director, union, member, equality]) await one.signIn();
});

describe('the cluster profile', () => {
  it('is ready behind nginx: Temporal, Kafka and PostgreSQL answer every web replica', async () => {
    for (const web of layout.webs) {
      const ready = await fetch(`http://${layout.host}:${web.port}/health/ready`);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { temporal: 'ok', database: 'ok', kafka: 'ok' },
      });
    }
    const topics = createKafka(
      {
        KAFKA_BROKERS: layout.kafka.brokers.map((broker) => `${layout.host}:${broker.port}`),
        KAFKA_CLIENT_ID: 'cluster-test',
      },
      createLogger('cluster-test', 'error'),
    ).admin();
    await topics.connect();
    try {
      const { topics: [events] = [] } = await topics.fetchTopicMetadata({ topics: ['post-events'] });
      expect(events?.partitions.every((partition) => partition.replicas.length === 3)).toBe(true);
      const [config] = (
        await topics.describeConfigs({
          resources: [{ type: 2, name: 'post-events', configNames: ['min.insync.replicas'] }],
          includeSynonyms: false,
        })
      ).resources;
      expect(config?.configEntries[0]?.configValue).toBe('2');
    } finally {
      await topics.disconnect();
    }
  });

  it('takes a post from proposal through approval and consultation to filled by the Step Up route, every step through nginx, refusing a back-dated advert', async () => {
    const proposalId = `cluster-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
    const proposed = await hr.send(
      'POST',
      '/api/proposals',
      {
        proposalId,
        title: 'Investment in Children and Families Transition Plan (cluster test)',
        service: 'Children and Families',
        decisionMaker: 'director.julie',
        deputy: 'deputy.farrah',
        allocationPence: 150_000_000,
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
      },
      { 'idempotency-key': proposalId },
    );
    expect(proposed.status, proposed.text).toBe(201);
    const postId = `${proposalId}.L1.P1`;
    await waitForStage(postId, 'awaiting-approval');

    expect(
      (await command(director, postId, 'decide', { decision: 'approve', reason: 'Meets demand' })).stage,
    ).toBe('consultation');
    await command(union, postId, 'record-consultation', {
      party: 'union',
      outcome: 'no-concerns',
      summary: 'Welcomed',
    });
    await command(member, postId, 'record-consultation', {
      party: 'executive-member',
      outcome: 'no-concerns',
      summary: 'Briefed and in support',
    });
    await command(equality, postId, 'record-consultation', {
      party: 'equality',
      outcome: 'no-concerns',
      summary: 'EDCI screening completed',
    });
    await waitForStage(postId, 'ready-to-recruit');
    // The cluster runs in real time, so a post cannot wait out an advert here (the time-skipping
    // tests do); an advert dated in the past, which would close at once, is refused at the edge.
    const backDated = await hr.send(
      'POST',
      `/api/posts/${postId}/publish-advert`,
      { channels: ['council-jobs-page'], opensOn: daysAgo(9), closesOn: daysAgo(1), ringFence: 'external' },
      { 'idempotency-key': `${postId}:advert` },
    );
    expect(backDated.status, backDated.text).toBe(400);
    expect(backDated.text).toContain('opensOn');
    // Step Up needs no advert: the route starts from ready to recruit.
    await command(hr, postId, 'start-route', { route: 'step-up', reason: 'A Step Up trainee is ready' });
    const joined = await hr.send(
      'POST',
      `/api/posts/${postId}/route/join-step-up-cohort`,
      { traineeRef: 'trainee-0007', cohort: 'Step Up cohort 8', startsOn: londonDateOf(Date.now()) },
      { 'idempotency-key': `${postId}:join` },
    );
    expect(joined.status, joined.text).toBe(200);
    await waitForStage(postId, 'filled');

    // The one audit log in PostgreSQL holds every attempt, whichever replica took it.
    const db = new pg.Client({ connectionString: productDatabaseUrl(layout) });
    await db.connect();
    try {
      const { rows } = await db.query<{ command: string }>(
        "select entry->>'command' as command from audit_entries where post_id = $1 order by seq",
        [postId],
      );
      expect(rows.map((row) => row.command)).toEqual(
        expect.arrayContaining(['decide', 'record-consultation', 'publish-advert', 'start-route']),
      );
    } finally {
      await db.end();
    }

    // nginx spread the commands over both replicas: each counted some of them.
    for (const web of layout.webs) {
      const metrics = await (await fetch(`http://${layout.host}:${web.port}/metrics`)).text();
      const counted = [
        ...metrics.matchAll(/^council_posts_commands_total\{[^}]*outcome="accepted"\} (\d+)$/gm),
      ];
      expect(
        counted.reduce((sum, match) => sum + Number(match[1]), 0),
        web.name,
      ).toBeGreaterThan(0);
    }

    // The Temporal SDK's own metrics, served by each worker's core (TEMPORAL_SDK_METRICS_ADDRESS).
    for (const worker of layout.workers) {
      const sdk = await (await fetch(`http://${layout.host}:${worker.sdkMetricsPort}/metrics`)).text();
      expect(sdk, worker.name).toMatch(/^temporal_[a-z_]+\{/m);
    }

    // Both replicas' catalogues (projections of their own) come to hold the filled post.
    for (const web of layout.webs) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const metrics = await (await fetch(`http://${layout.host}:${web.port}/metrics`)).text();
        const lag = /council_posts_projection_lag_messages\{projection="catalogue"\} (\d+)/.exec(
          metrics,
        )?.[1];
        if (lag === '0') break;
        if (Date.now() > deadline) throw new Error(`${web.name}'s catalogue still lags by ${lag}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  });
});
