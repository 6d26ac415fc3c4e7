import type { Producer, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaPostEventPublisher } from '../../kafka/postEventPublisher.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import { postEvents } from '../projections/postEventFixtures.js';

/** A producer whose sends wait until the test lets them go, recording what each request carried. */
function heldProducer() {
  const requests: ProducerRecord[] = [];
  const release: Array<(error?: Error) => void> = [];
  const producer = {
    send(record: ProducerRecord) {
      requests.push(record);
      return new Promise((resolve, reject) => {
        release.push((error) => (error ? reject(error) : resolve([])));
      });
    },
  } as unknown as Producer;
  return { producer, requests, release };
}

const lifecycle = (postId: string): PostEvent[] => {
  const post = postEvents(postId);
  return [
    post.proposed(1, { serviceArea: 'Safeguarding', grade: 'PO3', annualCostPence: 5_000_000, fte: 1 }),
    post.reserved(1, 5_000_000),
    post.approved(2),
  ];
};
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('the post event publisher', () => {
  it('sends at once when idle, and sends the calls that arrive meanwhile together in the next request', async () => {
    const { producer, requests, release } = heldProducer();
    const publisher = kafkaPostEventPublisher(producer, 'post-events');
    const first = publisher.publish(lifecycle('post-a'));
    const second = publisher.publish(lifecycle('post-b'));
    const third = publisher.publish(lifecycle('post-c'));
    await settled();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.messages.map((m) => m.key)).toEqual(['post-a', 'post-a', 'post-a']);

    let secondDone = false;
    void second.then(() => {
      secondDone = true;
    });
    release[0]?.();
    await first;
    await settled();
    expect(secondDone).toBe(false);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.messages.map((m) => m.key)).toEqual([
      'post-b',
      'post-b',
      'post-b',
      'post-c',
      'post-c',
      'post-c',
    ]);
    expect(requests[1]?.acks).toBe(-1);
    release[1]?.();
    await Promise.all([second, third]);
  });

  it('keeps each post’s events in order with the event id, type and version as headers', async () => {
    const { producer, requests, release } = heldProducer();
    const events = lifecycle('post-a');
    const done = kafkaPostEventPublisher(producer, 'post-events').publish(events);
    await settled();
    release[0]?.();
    await done;
    const messages = requests[0]?.messages ?? [];
    expect(messages.map((m) => JSON.parse(String(m.value)).type)).toEqual([
      'PostProposed',
      'BudgetReserved',
      'PostApproved',
    ]);
    expect(messages.map((m) => m.headers?.eventId)).toEqual(events.map((e) => e.eventId));
    expect(messages[0]?.headers).toMatchObject({ type: 'PostProposed', version: '1' });
  });

  it('fails every call in a request the broker refuses, and carries on with later calls', async () => {
    const { producer, requests, release } = heldProducer();
    const publisher = kafkaPostEventPublisher(producer, 'post-events');
    const first = publisher.publish(lifecycle('post-a'));
    const second = publisher.publish(lifecycle('post-b'));
    const third = publisher.publish(lifecycle('post-c'));
    await settled();
    release[0]?.(new Error('broker down'));
    await expect(first).rejects.toThrow('broker down');
    await settled();
    release[1]?.(new Error('still down'));
    await expect(second).rejects.toThrow('still down');
    await expect(third).rejects.toThrow('still down');
    const later = publisher.publish(lifecycle('post-d'));
    await settled();
    expect(requests).toHaveLength(3);
    release[2]?.();
    await expect(later).resolves.toBeUndefined();
  });

  it('refuses an invalid event in its own call, naming the field, without sending anything', async () => {
    const { producer, requests } = heldProducer();
    const [proposed] = lifecycle('post-a');
    const bad = { ...proposed, data: { ...proposed?.data, annualCostPence: -1 } } as PostEvent;
    await expect(kafkaPostEventPublisher(producer, 'post-events').publish([bad])).rejects.toThrow(
      /annualCostPence/,
    );
    expect(requests).toHaveLength(0);
  });

  it('caps a request at 500 events when many posts publish at once', async () => {
    const { producer, requests, release } = heldProducer();
    const publisher = kafkaPostEventPublisher(producer, 'post-events');
    const calls = Array.from({ length: 400 }, (_, i) => publisher.publish(lifecycle(`post-${i}`)));
    await settled();
    release[0]?.();
    await settled();
    await settled();
    expect(requests.map((r) => r.messages.length)).toEqual([3, 498]);
    for (const i of [1, 2, 3]) {
      release[i]?.();
      await settled();
      await settled();
    }
    await Promise.all(calls);
    expect(requests.map((r) => r.messages.length)).toEqual([3, 498, 498, 201]);
  });
});
