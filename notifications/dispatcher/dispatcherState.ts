import { join } from 'node:path';
import { z } from 'zod';
import { explainIssues } from '../../schemas/parseOrExplain.js';
import { readFileIfThere, writeFileAtomic } from '../../storage/durableFiles.js';
import { notification } from '../notifier.js';
import type { DigestEntry } from './dailyDigest.js';
import type { PostFacts } from './postFacts.js';

/** The channels a hand-off can go by: mail (SMTP, or the outbox file locally) and the webhook. */
export type ChannelName = 'email' | 'webhook';

/** One notification on one channel, waiting to be sent (or tried again). */
export interface Delivery {
  /** `${handOff or digest key}|${channel}`: the sent-log's key. */
  key: string;
  channel: ChannelName;
  /** The hand-offs it tells: one, or every hand-off of a digest. */
  handOffs: string[];
  notification: z.infer<typeof notification>;
  queuedAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}

/**
 * Everything the dispatcher must not lose, stored together with the offsets it reflects: a batch's
 * hand-offs are queued here before its offsets are committed, so none is lost between reading an
 * event and sending its mail.
 */
export interface DispatcherState {
  topic: string;
  /** The Kafka cluster the offsets belong to: a state of another cluster is not reused. */
  clusterId: string;
  /** Events that occurred before this were folded into the facts but told to nobody. */
  sendFrom: string;
  /** Per partition, the next offset not yet read. */
  offsets: Record<string, string>;
  posts: Map<string, PostFacts>;
  /** Deliveries not yet sent: the durable retry queue. */
  queue: Delivery[];
  /** Per person who chose a daily digest, the hand-offs for their next one. */
  digests: Map<string, DigestEntry[]>;
  /** The London date of the last digests made. */
  lastDigestOn?: string;
}

export function emptyState(topic: string, clusterId: string, now: number): DispatcherState {
  return {
    topic,
    clusterId,
    sendFrom: new Date(now).toISOString(),
    offsets: {},
    posts: new Map(),
    queue: [],
    digests: new Map(),
  };
}

const offset = z.string().regex(/^\d+$/);

const digestEntry = z.object({
  handOff: z.string(),
  postId: z.string(),
  proposalId: z.string(),
  post: z.string(),
  headline: z.string(),
  link: z.string(),
  occurredAt: z.string(),
});

const storedState = z.object({
  format: z.literal(1),
  topic: z.string().min(1),
  clusterId: z.string(),
  sendFrom: z.iso.datetime({ offset: true }),
  offsets: z.record(offset, offset),
  // The facts are this process's own writing, read back as written.
  posts: z.array(
    z.tuple([z.string(), z.looseObject({ proposalId: z.string(), checksClear: z.array(z.string()) })]),
  ),
  queue: z.array(
    z.object({
      key: z.string(),
      channel: z.enum(['email', 'webhook']),
      handOffs: z.array(z.string()),
      notification,
      queuedAt: z.string(),
      attempts: z.number().int().nonnegative(),
      nextAttemptAt: z.string(),
      lastError: z.string().optional(),
    }),
  ),
  digests: z.array(z.tuple([z.string(), z.array(digestEntry)])),
  lastDigestOn: z.iso.date().optional(),
  savedAt: z.string(),
});

export class DispatcherStateUnreadableError extends Error {
  override readonly name = 'DispatcherStateUnreadableError';
}

export interface DispatcherStateStore {
  readonly location: string;
  load(): Promise<DispatcherState | undefined>;
  save(state: DispatcherState): Promise<void>;
}

/** The state as one JSON file in `directory`, replaced whole and fsynced on every save (storage/durableFiles.ts). */
export function fileDispatcherStateStore(directory: string): DispatcherStateStore {
  const file = join(directory, 'state.json');
  return {
    location: file,
    async load() {
      const text = await readFileIfThere(file);
      if (text === undefined) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new DispatcherStateUnreadableError(`${file} is not JSON (${(error as Error).message})`);
      }
      const parsed = storedState.safeParse(json);
      if (!parsed.success) {
        throw new DispatcherStateUnreadableError(
          `${file} is not a dispatcher state: ${explainIssues(parsed.error)}`,
        );
      }
      const { format: _format, savedAt: _savedAt, lastDigestOn, queue, ...rest } = parsed.data;
      return {
        ...rest,
        posts: new Map(rest.posts as [string, PostFacts][]),
        digests: new Map(rest.digests),
        queue: queue.map(({ lastError, ...delivery }) => ({
          ...delivery,
          ...(lastError !== undefined ? { lastError } : {}),
        })),
        ...(lastDigestOn !== undefined ? { lastDigestOn } : {}),
      };
    },
    async save(state) {
      const stored = {
        format: 1,
        ...state,
        posts: [...state.posts],
        digests: [...state.digests],
        savedAt: new Date().toISOString(),
      };
      await writeFileAtomic(file, JSON.stringify(stored));
    },
  };
}
