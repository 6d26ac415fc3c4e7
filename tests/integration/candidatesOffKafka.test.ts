import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateErased, CandidateRegister } from '../../candidates/candidateRegister.js';
import { addWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import { type PostEvent, postEventSchema } from '../../schemas/postEvents.js';
import { distinctiveCandidate, personalStrings } from '../candidates/candidateFixtures.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { PostDriver } from '../support/postDriver.js';
import { hrOfficer, occupationalTherapistPost } from '../support/postFixtures.js';
import { type ReadMessage, readTopic } from '../support/readPostEvents.js';

// The register holds the person; the post, its workflow and its events only ever hold the ref. The
// Step Up route needs no advert, so the whole lifecycle runs on the real servers without timers.
let dev: DevServerWorker;
let dir: string;
let register: CandidateRegister;

beforeAll(async () => {
  dev = await startDevServerWorker();
  dir = await mkdtemp(join(tmpdir(), 'candidates-it-'));
  register = await CandidateRegister.open({ dir, masterKey: randomBytes(32) });
});

afterAll(async () => {
  await dev?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const lifecycle = 10;

/** Fills a post through Step Up with the candidate as trainee, and reads its events off the topic. */
async function fillPostWith(traineeRef: string): Promise<{ postId: string; messages: ReadMessage[] }> {
  const input = occupationalTherapistPost({ openForCallIn: false });
  const post = await PostDriver.start(dev.client, dev.config.TEMPORAL_TASK_QUEUE, input);
  await post.approve();
  await post.consultAll();
  await post.hr({ type: 'start-route', route: 'step-up', reason: 'Trainee from the 2026 cohort' });
  await post.hrRoute({
    type: 'join-step-up-cohort',
    traineeRef,
    cohort: 'Step Up 9',
    startsOn: addWorkingDays(londonDateOf(Date.now()), 10),
  });
  expect((await post.ended()).stage).toBe('filled');
  return { postId: input.postId, messages: await readEvents(input.postId) };
}

function readEvents(postId: string): Promise<ReadMessage[]> {
  return readTopic(dev.kafka, dev.config.POST_EVENTS_TOPIC, {
    keep: (message) => message.key === postId,
    enough: (kept) => kept.length >= lifecycle,
  });
}

/** Every person ref an event carries: the values of its `…Ref` and `…Refs` fields, at any depth. */
function refsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (value === null || typeof value !== 'object') return found;
  for (const [name, child] of Object.entries(value)) {
    if (/Ref$/.test(name) && typeof child === 'string') found.add(child);
    else if (/Refs$/.test(name) && Array.isArray(child)) for (const ref of child) found.add(String(ref));
    else refsIn(child, found);
  }
  return found;
}

const eventsOf = (messages: ReadMessage[]): PostEvent[] =>
  messages.map((message) => postEventSchema.parse(message.value));

describe('candidates’ personal data never reaches Kafka', () => {
  it('publishes a filled post’s events with the candidate’s ref only, each ref resolving in the register', async () => {
    const details = distinctiveCandidate();
    const ref = await register.register(details);
    const { messages } = await fillPostWith(ref);
    expect(messages).toHaveLength(lifecycle);

    for (const message of messages) {
      const bytes = Buffer.concat([
        Buffer.from(message.key),
        message.raw,
        Buffer.from(JSON.stringify(message.headers)),
      ]);
      for (const personal of [...personalStrings(details), 'W7X-3KQ-9PL', '07700 900461']) {
        expect(bytes.includes(personal), `${message.offset} holds ${personal}`).toBe(false);
        expect(bytes.toString('utf8').toLowerCase()).not.toContain(personal.toLowerCase());
      }
    }

    // The search above can find a string in these bytes: the ref itself is there.
    expect(messages.some((message) => message.raw.includes(ref))).toBe(true);
    const events = eventsOf(messages);
    const refs = refsIn(events.map((event) => event.data));
    expect([...refs]).toEqual([ref]);
    for (const each of refs) expect(await register.read(each)).toEqual(details);
    expect(events.at(-1)).toMatchObject({ type: 'PostFilled', data: { personRef: ref } });
  });

  it('after the candidate is erased, their record is unreadable and the post’s audit trail still holds the ref', async () => {
    const details = distinctiveCandidate('B');
    const ref = await register.register(details);
    const { postId } = await fillPostWith(ref);

    const erasure = await register.erase(ref, hrOfficer, 'Retention period after recruitment ended');
    await expect(register.read(ref)).rejects.toThrow(CandidateErased);
    const log = await readFile(register.erasureLogFile, 'utf8');
    expect(log).toContain(ref);
    for (const personal of personalStrings(details)) expect(log).not.toContain(personal);
    expect(erasure).toMatchObject({ candidateRef: ref, erasedBy: hrOfficer });

    // The events are the audit trail: read afresh after the erasure, they still say who filled the post.
    const events = eventsOf(await readEvents(postId));
    expect(events.find((event) => event.type === 'StepUpCohortJoined')?.data).toMatchObject({
      traineeRef: ref,
    });
    expect(events.at(-1)).toMatchObject({ type: 'PostFilled', data: { personRef: ref } });
  });
});
