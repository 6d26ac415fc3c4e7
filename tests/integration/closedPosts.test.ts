import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryAuditLog } from '../../audit/memoryAuditLog.js';
import { type PostCatalogue, postCatalogueProjection } from '../../projections/postCatalogue.js';
import { createProjector, type Projector } from '../../projections/projectionConsumer.js';
import { jsonFileSnapshotStore } from '../../projections/snapshotStore.js';
import { PostService } from '../../temporal/postService.js';
import { createWebApp } from '../../web/app.js';
import { brokerHarness } from '../projections/brokerHarness.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { PostDriver } from '../support/postDriver.js';
import { occupationalTherapistPost, uniqueId } from '../support/postFixtures.js';
import { PageBrowser } from '../web/pageBrowser.js';

// A closed post's workflow history is deleted after the namespace's retention (24 hours on the dev
// server); its page, timeline, list entry and API read must not change when that happens.
let broker: Awaited<ReturnType<typeof brokerHarness>>;
let dev: DevServerWorker;
let catalogue: Projector<PostCatalogue>;
let app: FastifyInstance;
let browser: PageBrowser;

beforeAll(async () => {
  broker = await brokerHarness();
  const topic = await broker.freshTopic(3);
  dev = await startDevServerWorker({ ...process.env, POST_EVENTS_TOPIC: topic });
  catalogue = createProjector({
    kafka: broker.kafka,
    topic,
    store: jsonFileSnapshotStore<PostCatalogue>(`${await broker.scratchDirectory()}/catalogue.json`),
    log: pino({ level: 'silent' }),
    projection: postCatalogueProjection,
    groupId: `${topic}-catalogue`,
    storeEveryMillis: 500,
  });
  await catalogue.start();
  const config = { ...dev.config, AUTH_MODE: 'local' as const, SESSION_SECRET: 's'.repeat(40) };
  app = await createWebApp({
    config,
    posts: new PostService(dev.client, config, exampleDirectory(), catalogue),
    log: pino({ level: 'silent' }),
    audit: memoryAuditLog(),
  });
  await app.ready();
  browser = new PageBrowser(app);
});

afterAll(async () => {
  await app?.close();
  await catalogue?.stop();
  await dev?.stop();
  await broker?.stop();
});

/**
 * The page's own content: the main element, without the per-response CSRF tokens and nonces, and
 * without the way on to the reader's next post (their work list, which other tests change meanwhile).
 */
function mainOf(html: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
  return main
    .replace(/value="[^"]{20,}"/g, 'value="…"')
    .replace(/nonce="[^"]*"/g, '')
    .replace(/<nav class="app-post-navigation"[\s\S]*?<\/nav>/, '');
}

describe('a closed post after its workflow history is deleted', () => {
  it('shows the same page, timeline, list entry and API read', async () => {
    const input = occupationalTherapistPost({ postId: uniqueId('closed') });
    const post = await PostDriver.start(dev.client, dev.config.TEMPORAL_TASK_QUEUE, input);
    await post.approve('Within the allocation');
    await post.hr({ type: 'withdraw', reason: 'The team was restructured' });
    await post.ended();
    await catalogue.caughtUp();

    const read = async () => ({
      page: mainOf((await browser.get('hr.sam', `/posts/${input.postId}`)).body),
      api: (await browser.get('hr.sam', `/api/posts/${input.postId}`)).json(),
      list: (await browser.get('hr.sam', `/api/posts?q=${encodeURIComponent(input.postId)}`)).json(),
    });
    const before = await read();
    expect(before.api.stage).toBe('withdrawn');
    expect(before.page).toContain('The team was restructured');
    expect(before.page).toContain('Julie Longworth');
    expect(before.list).toEqual([expect.objectContaining({ postId: input.postId, stage: 'withdrawn' })]);

    await dev.client.workflowService.deleteWorkflowExecution({
      namespace: dev.config.TEMPORAL_NAMESPACE,
      workflowExecution: { workflowId: input.postId },
    });
    // The server deletes in the background: wait for the history to be gone.
    for (let tries = 0; tries < 300; tries += 1) {
      const gone = await dev.client.workflow
        .getHandle(input.postId)
        .describe()
        .then(
          () => false,
          () => true,
        );
      if (gone) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await expect(dev.client.workflow.getHandle(input.postId).describe()).rejects.toThrow();
    expect(await read()).toEqual(before);
  });
});
