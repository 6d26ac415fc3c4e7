import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postViewQuery } from '../../contract/postMessages.js';
import { addWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { PostDriver } from '../support/postDriver.js';
import { occupationalTherapistPost } from '../support/postFixtures.js';

type Payload = temporal.api.common.v1.IPayload;
type History = temporal.api.history.v1.IHistory;

// The worker and its client (and so the ledger activities' client) take the keys from the environment,
// as the product's processes do: nothing in the test wires the codec in by hand.
const keyId = 'test-2026';
let dev: DevServerWorker;
let plain: Client;

beforeAll(async () => {
  dev = await startDevServerWorker({
    ...process.env,
    PAYLOAD_KEYS: `${keyId}:${randomBytes(32).toString('base64')}`,
    PAYLOAD_KEY_ID: keyId,
  });
  // Reads the namespace as the server stores it: no codec, the way anyone with access to the
  // database, the Web UI without the codec endpoint, or `temporal workflow show` sees it.
  plain = new Client({ connection: dev.client.connection, namespace: dev.config.TEMPORAL_NAMESPACE });
});

afterAll(async () => {
  await dev?.stop();
});

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

/**
 * Every payload in a history, except search attributes (the server must read those to index them)
 * and the SDK's own patch markers (`patched()`), which hold only the patch's name, written by the SDK
 * core without the data converter.
 */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return found;
  if ((value as { markerName?: unknown }).markerName === 'core_patch') return found;
  for (const [name, child] of Object.entries(value)) {
    if (name === 'searchAttributes') continue;
    if (name === 'payloads' && Array.isArray(child)) found.push(...(child as Payload[]));
    else payloadsIn(child, found);
  }
  return found;
}

/** The history with its search attributes (the visibility record's indexed fields) left out. */
function withoutSearchAttributes(history: History): History {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name]) => name !== 'searchAttributes')
        .map(([name, child]) => [name, strip(child)]),
    );
  };
  return strip(history) as History;
}

const historyBytes = (history: History) =>
  Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());

describe('workflow payloads encrypted at rest on the real dev server', () => {
  it('stores a post’s input and every other payload encrypted; only a client with the keys reads the post', async () => {
    const input = occupationalTherapistPost({ openForCallIn: false });
    const post = await PostDriver.start(dev.client, dev.config.TEMPORAL_TASK_QUEUE, input);
    await post.approve('Meets the rising demand for OT assessments');
    await post.consultAll();
    await post.hr({ type: 'start-route', route: 'step-up', reason: 'Trainee from the 2026 cohort' });
    await post.hrRoute({
      type: 'join-step-up-cohort',
      traineeRef: 'cand-7731',
      cohort: 'Step Up 9',
      startsOn: addWorkingDays(londonDateOf(Date.now()), 10),
    });
    const ended = await post.ended();
    expect(ended.stage).toBe('filled');
    expect(ended.details.jobTitle).toBe('Community Occupational Therapist');

    const history = await plain.workflow.getHandle(input.postId).fetchHistory();
    const [started] = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    expect(text(started?.metadata?.encoding)).toBe('binary/encrypted');
    expect(text(started?.metadata?.['encryption-key-id'])).toBe(keyId);
    expect(Buffer.from(started?.data ?? []).includes('Community Occupational Therapist')).toBe(false);

    // Not just the input: update arguments, activity inputs, query and update results, the result.
    const payloads = payloadsIn(history);
    expect(payloads.length).toBeGreaterThan(10);
    for (const payload of payloads) expect(text(payload.metadata?.encoding)).toBe('binary/encrypted');
    // Search attributes stay readable by design (the work lists query them: job title, service area,
    // grade, the staff ids of who decides); nothing else in the history may hold plain text.
    const bytes = historyBytes(withoutSearchAttributes(history));
    for (const plaintext of [
      'Community Occupational Therapist',
      'Meets the rising demand for OT assessments',
      'cand-7731',
      'director.julie',
    ]) {
      expect(bytes.includes(plaintext), plaintext).toBe(false);
    }
    expect(historyBytes(history).includes('cand-7731')).toBe(false);

    // The budget ledger is started by an activity through the worker's own client: encrypted too.
    const budget = await plain.workflow.getHandle(`${input.postId}.budget`).fetchHistory();
    const [ledgerInput] = budget.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    expect(text(ledgerInput?.metadata?.encoding)).toBe('binary/encrypted');

    await expect(plain.workflow.getHandle(input.postId).result()).rejects.toThrow(/binary\/encrypted/);
    expect((await dev.client.workflow.getHandle(input.postId).result()).stage).toBe('filled');
  });

  it('answers a query only to a client with the keys', async () => {
    const input = occupationalTherapistPost({ openForCallIn: false });
    const post = await PostDriver.start(dev.client, dev.config.TEMPORAL_TASK_QUEUE, input);
    expect((await post.view()).details.jobTitle).toBe('Community Occupational Therapist');
    await expect(plain.workflow.getHandle(input.postId).query(postViewQuery)).rejects.toThrow(
      /binary\/encrypted/,
    );
    await post.handle.terminate('test over');
  });
});
