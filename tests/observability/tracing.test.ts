import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryAuditLog } from '../../audit/memoryAuditLog.js';
import { type Config, loadConfig } from '../../config/index.js';
import { startTracing, type Tracing } from '../../observability/tracing.js';
import type { DashboardModel } from '../../projections/dashboardModel.js';
import { createProjector, type Projector } from '../../projections/projectionConsumer.js';
import { dashboardProjection } from '../../projections/projectionState.js';
import { jsonFileSnapshotStore } from '../../projections/snapshotStore.js';
import { connectClient } from '../../temporal/connection.js';
import { PostService } from '../../temporal/postService.js';
import { createWebApp } from '../../web/app.js';
import { brokerHarness } from '../projections/brokerHarness.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { type ReceivedSpan, startOtlpReceiver } from '../support/otlpReceiver.js';
import { PostDriver } from '../support/postDriver.js';
import { occupationalTherapistPost, uniqueId } from '../support/postFixtures.js';
import { startWorkerProcess, type WorkerProcess } from '../support/workerProcess.js';
import { formEncoded, PageBrowser } from '../web/pageBrowser.js';

// One trace from a director's decision on the page to the dashboard's projection of its event: this
// process is the web (server span, Temporal Update) and the projection; the product's worker process
// runs the Update and publishes the event; both export to one OTLP receiver.
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let tracing: Tracing;
let broker: Awaited<ReturnType<typeof brokerHarness>>;
let worker: WorkerProcess;
let client: Client;
let config: Config;
let projector: Projector<DashboardModel>;
let app: FastifyInstance;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = startTracing('web', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
  broker = await brokerHarness();
  const topic = await broker.freshTopic(3);
  const env = {
    ...process.env,
    POST_EVENTS_TOPIC: topic,
    TEMPORAL_TASK_QUEUE: `test-trace-${randomUUID()}`,
    NOTIFY_DISPATCHER: 'off',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  };
  config = { ...loadConfig(env), AUTH_MODE: 'local', SESSION_SECRET: 's'.repeat(40) };
  worker = await startWorkerProcess(env);
  client = await connectClient(config);
  projector = createProjector({
    kafka: broker.kafka,
    topic,
    store: jsonFileSnapshotStore<DashboardModel>(`${await broker.scratchDirectory()}/dashboard.json`),
    log: pino({ level: 'silent' }),
    projection: dashboardProjection(),
    groupId: `${topic}-dashboard`,
    storeEveryMillis: 500,
  });
  await projector.start();
  app = await createWebApp({
    config,
    posts: new PostService(client, config, exampleDirectory()),
    log: pino({ level: 'silent' }),
    audit: memoryAuditLog(),
  });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await projector?.stop();
  await client?.connection.close();
  await worker?.stop();
  await tracing?.shutdown();
  await broker?.stop();
  await receiver?.stop();
});

async function spansOf(traceId: string, until: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    if (until(spans) || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('a trace from the page to the projection', () => {
  it('follows a decision through the web, the Update, the publishing activity, Kafka and the projection, and the worker logs carry its id', async () => {
    const input = occupationalTherapistPost({ postId: uniqueId('traced') });
    const post = await PostDriver.start(client, config.TEMPORAL_TASK_QUEUE, input);
    await post.waitFor((view) => view.stage === 'awaiting-approval');

    // The caller's own trace, as a council's gateway or browser instrumentation would send it.
    const traceId = randomBytes(16).toString('hex');
    const browser = new PageBrowser(app);
    await browser.signIn('director.julie');
    const decided = await browser.send('director.julie', {
      method: 'POST',
      url: `/posts/${input.postId}/decide`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      payload: formEncoded({ _csrf: browser.token('director.julie'), decision: 'approve', reason: 'Needed' }),
    });
    expect(decided.statusCode, decided.body.slice(0, 300)).toBe(303);

    const names = (spans: ReceivedSpan[]) => spans.map((span) => `${span.service}: ${span.name}`);
    const complete = (spans: ReceivedSpan[]) =>
      ['RunActivity:publishPostEvents', 'project '].every((part) =>
        spans.some((span) => span.name.startsWith(part)),
      );
    const spans = await spansOf(traceId, complete);
    expect(names(spans)).toEqual(
      expect.arrayContaining([
        'council-posts-web: POST /posts/:postId/:commandType',
        'council-posts-web: StartWorkflowUpdate:postCommand',
        'council-posts-worker: RunActivity:publishPostEvents',
        `council-posts-worker: publish ${config.POST_EVENTS_TOPIC}`,
        `council-posts-web: project ${config.POST_EVENTS_TOPIC}`,
      ]),
    );
    // Each step is the child of the one before it, across the processes and the broker.
    const byName = (prefix: string) => spans.find((span) => span.name.startsWith(prefix)) as ReceivedSpan;
    expect(byName('StartWorkflowUpdate').parentSpanId).toBe(byName('POST ').spanId);
    expect(byName('publish ').parentSpanId).toBe(byName('RunActivity:publishPostEvents').spanId);
    expect(byName('project ').parentSpanId).toBe(byName('publish ').spanId);

    // The worker's log line for the published event names the trace.
    const published = worker
      .output()
      .split('\n')
      .filter((line) => line.includes('"post event published"') && line.includes(input.postId));
    expect(published.some((line) => JSON.parse(line).traceId === traceId)).toBe(true);
  });
});
