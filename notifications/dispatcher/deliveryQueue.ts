import type { Logger } from 'pino';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import {
  type Notification,
  type Notifier,
  notification,
  UndeliverableNotificationError,
} from '../notifier.js';
import { type DigestEntry, digestDue, digestMessage } from './dailyDigest.js';
import type { ChannelName, Delivery, DispatcherState } from './dispatcherState.js';
import { handOffMessage, postLabel } from './handOffMessages.js';
import { type HandOff, handOffsOf } from './handOffs.js';
import { deliveryKey, digestKey, handOffKey, notificationIdOf } from './notificationIds.js';
import { finalEventTypes, foldFacts, type PostFacts } from './postFacts.js';
import type { SentLog, SentOutcome } from './sentLog.js';

export interface DispatchSettings {
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  /** NOTIFY_DIGEST_AT, London time HH:MM. */
  digestAt: string;
  retryFirstMillis: number;
  retryMaxMillis: number;
  giveUpAfterMillis: number;
  /** A send that takes longer counts as failed and is tried again later. */
  sendTimeoutMillis?: number;
  /** Sends in flight at once, so one slow mail server cannot hold up everyone else's mail. */
  concurrency?: number;
}

/** Mail always (SMTP or the outbox file); the webhook when NOTIFY_WEBHOOK_URL is set. */
export type Channels = { email: Notifier; webhook?: Notifier };

export interface DeliveryQueueOptions {
  state: DispatcherState;
  sentLog: SentLog;
  directory: StaffDirectory;
  channels: Channels;
  settings: DispatchSettings;
  log: Logger;
  now?: () => number;
  random?: () => number;
}

export interface DispatchStats {
  queued: number;
  digested: number;
  sent: number;
  failedAttempts: number;
  undeliverable: number;
  gaveUp: number;
  unknownRecipients: number;
  beforeStart: number;
}

/** The wait before attempt `attempts + 1`: doubling from the first, capped, with jitter so retries spread. */
export function retryDelay(attempts: number, settings: DispatchSettings, random: () => number): number {
  const full = Math.min(settings.retryMaxMillis, settings.retryFirstMillis * 2 ** Math.max(0, attempts - 1));
  return Math.round(full * (0.5 + random() / 2));
}

class SendTimedOut extends Error {
  override readonly name = 'SendTimedOut';
}

/**
 * Decides who is told of each event and tells them. Every hand-off becomes a delivery per channel
 * in the state's queue (or an entry in the person's daily digest); the queue is the durable retry
 * queue: it is stored with the offsets of the events that filled it, and a delivery leaves it only
 * once the sent-log records how it ended. Sends run beside the consumer, never in its way: a mail
 * server that is down delays mail, not events, and one person's failing mail never holds up another's.
 */
export class DeliveryQueue {
  state: DispatcherState;
  /** Something changed since the state was last saved. */
  dirty = false;
  readonly stats: DispatchStats = {
    queued: 0,
    digested: 0,
    sent: 0,
    failedAttempts: 0,
    undeliverable: 0,
    gaveUp: 0,
    unknownRecipients: 0,
    beforeStart: 0,
  };
  readonly #options: DeliveryQueueOptions;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #channelNames: ChannelName[];
  /** Deliveries being sent: never two sends of one delivery at once. */
  readonly #inFlight = new Set<string>();
  readonly #sending = new Set<Promise<void>>();
  /** Sends being waited for (a timed-out one no longer is, though it stays in flight). */
  #active = 0;

  constructor(options: DeliveryQueueOptions) {
    this.#options = options;
    this.state = options.state;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#channelNames = options.channels.webhook ? ['email', 'webhook'] : ['email'];
    // A state made after today's digest time has its first digest tomorrow, not at its first tick.
    const due = digestDue(this.#now(), options.settings.digestAt, this.state.lastDigestOn);
    if (this.state.lastDigestOn === undefined && due !== undefined) this.state.lastDigestOn = due;
  }

  /** Folds an event into its post's facts and queues the hand-offs it makes. */
  accept(event: PostEvent): void {
    const before = this.state.posts.get(event.postId);
    const facts = foldFacts(before, event);
    const handOffs = handOffsOf(event, before, facts, this.#options.directory);
    if (handOffs.length > 0) {
      if (Date.parse(event.occurredAt) < Date.parse(this.state.sendFrom)) {
        // Read to learn the post's facts, not to tell anyone: it happened before the dispatcher began.
        this.stats.beforeStart += handOffs.length;
      } else {
        for (const handOff of handOffs) this.#plan(handOff, event, facts);
      }
    }
    if (finalEventTypes.has(event.type)) this.state.posts.delete(event.postId);
    else this.state.posts.set(event.postId, facts);
    this.dirty = true;
  }

  /** Makes the daily digests when due and starts the sends that are due. Returns at once. */
  tick(): void {
    const now = this.#now();
    this.#collectDigests(now);
    const concurrency = this.#options.settings.concurrency ?? 4;
    for (const delivery of this.state.queue) {
      if (this.#active >= concurrency) break;
      if (this.#inFlight.has(delivery.key) || Date.parse(delivery.nextAttemptAt) > now) continue;
      const sending = this.#send(delivery);
      this.#sending.add(sending);
      void sending.finally(() => this.#sending.delete(sending));
    }
  }

  /** Resolves once the sends now in flight have ended (each as sent, failed or dropped). */
  async settled(): Promise<void> {
    await Promise.all([...this.#sending]);
  }

  /** Nothing queued and nothing in flight. */
  get idle(): boolean {
    return this.state.queue.length === 0 && this.#inFlight.size === 0;
  }

  /** A hand-off already queued, kept for a digest, or told. */
  #known(handOff: string): boolean {
    if (this.#options.sentLog.told(handOff)) return true;
    if (this.state.queue.some((delivery) => delivery.handOffs.includes(handOff))) return true;
    for (const entries of this.state.digests.values()) {
      if (entries.some((entry) => entry.handOff === handOff)) return true;
    }
    return false;
  }

  #plan(handOff: HandOff, event: PostEvent, facts: PostFacts): void {
    const { directory, log, settings } = this.#options;
    const key = handOffKey(event.eventId, handOff.to);
    const context = {
      postId: event.postId,
      eventId: event.eventId,
      type: event.type,
      kind: handOff.kind,
      to: handOff.to,
    };
    if (this.#known(key)) {
      log.debug(context, 'hand-off already told or queued');
      return;
    }
    const person = directory.person(handOff.to);
    if (!person) {
      // Nobody to tell: retrying would not find them, so it is said once, here, and dropped.
      this.stats.unknownRecipients += 1;
      log.warn(context, 'hand-off to someone not in the staff directory (or no longer active): nobody told');
      return;
    }
    const message = handOffMessage(handOff, event, facts, {
      publicUrl: settings.publicUrl,
      nameOf: (id) => directory.nameOf(id),
    });
    if (person.notifications === 'daily-digest') {
      const entry: DigestEntry = {
        handOff: key,
        postId: event.postId,
        proposalId: event.proposalId,
        post: postLabel(facts, event.postId),
        headline: message.headline,
        link: message.link,
        occurredAt: event.occurredAt,
      };
      this.state.digests.set(person.id, [...(this.state.digests.get(person.id) ?? []), entry]);
      this.stats.digested += 1;
      log.info(context, 'hand-off kept for the daily digest');
      return;
    }
    // A team's chat channel is told of no confidential post: it is read by people not named on it.
    const channels: ChannelName[] = facts.confidential ? ['email'] : this.#channelNames;
    this.#enqueue(key, [key], channels, {
      notificationId: notificationIdOf(key),
      to: person.id,
      subject: message.subject,
      body: message.body,
      postId: event.postId,
      proposalId: event.proposalId,
      link: message.link,
    });
    log.info(context, 'hand-off queued');
  }

  #enqueue(told: string, handOffs: string[], channels: ChannelName[], raw: Notification): void {
    const parsed = notification.safeParse(raw);
    if (!parsed.success) {
      this.#options.log.error(
        { postId: raw.postId, postIds: raw.postIds, to: raw.to, issues: parsed.error.issues },
        'notification not valid: nobody told',
      );
      return;
    }
    const at = new Date(this.#now()).toISOString();
    for (const channel of channels) {
      this.state.queue.push({
        key: deliveryKey(told, channel),
        channel,
        handOffs,
        notification: parsed.data,
        queuedAt: at,
        attempts: 0,
        nextAttemptAt: at,
      });
      this.stats.queued += 1;
    }
    this.dirty = true;
  }

  #collectDigests(now: number): void {
    const date = digestDue(now, this.#options.settings.digestAt, this.state.lastDigestOn);
    if (date === undefined) return;
    for (const [recipient, entries] of this.state.digests) {
      if (entries.length === 0) continue;
      const message = digestMessage(entries, date);
      const told = digestKey(recipient, date);
      // By mail only: a digest is one person's summary, and may list confidential posts.
      this.#enqueue(
        told,
        entries.map((entry) => entry.handOff),
        ['email'],
        {
          notificationId: notificationIdOf(told),
          to: recipient,
          subject: message.subject,
          body: message.body,
          postIds: message.postIds,
        },
      );
      this.#options.log.info(
        { to: recipient, postIds: message.postIds, handOffs: entries.length },
        'daily digest queued',
      );
    }
    this.state.digests = new Map();
    this.state.lastDigestOn = date;
    this.dirty = true;
  }

  async #send(delivery: Delivery): Promise<void> {
    const { log, sentLog, settings } = this.#options;
    const n = delivery.notification;
    const context = {
      postId: n.postId,
      ...(n.postIds ? { postIds: n.postIds } : {}),
      to: n.to,
      channel: delivery.channel,
      notificationId: n.notificationId,
      attempt: delivery.attempts + 1,
    };
    this.#inFlight.add(delivery.key);
    this.#active += 1;
    let release = true;
    try {
      if (sentLog.outcomeOf(delivery.key) !== undefined) {
        // Told before a crash or a reload, after the queue was last saved.
        this.#remove(delivery.key);
        return;
      }
      const notifier = this.#options.channels[delivery.channel];
      if (!notifier) {
        log.error(context, `the ${delivery.channel} channel is no longer configured: not sent`);
        await this.#end(delivery, 'undeliverable');
        return;
      }
      const sending = notifier.send(n);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new SendTimedOut(`no answer in ${settings.sendTimeoutMillis ?? 60_000} ms`)),
          settings.sendTimeoutMillis ?? 60_000,
        );
      });
      try {
        await Promise.race([sending, timedOut]);
      } catch (error) {
        if (error instanceof SendTimedOut) {
          // The send may still finish: the delivery stays in flight until it does, so it is never sent
          // twice at once; the next attempt then finds it told (the mail adapters remember their ids).
          release = false;
          void sending.then(
            () => this.#inFlight.delete(delivery.key),
            () => this.#inFlight.delete(delivery.key),
          );
        }
        throw error;
      } finally {
        clearTimeout(timer);
      }
      await this.#end(delivery, 'sent');
      log.info(context, 'notification sent');
    } catch (error) {
      if (error instanceof UndeliverableNotificationError) {
        log.error({ ...context, err: error }, 'notification undeliverable: not tried again');
        await this.#end(delivery, 'undeliverable').catch((failure: unknown) =>
          this.#failed(delivery, failure, context),
        );
        return;
      }
      await this.#failed(delivery, error, context);
    } finally {
      this.#active -= 1;
      if (release) this.#inFlight.delete(delivery.key);
    }
  }

  async #failed(delivery: Delivery, error: unknown, context: Record<string, unknown>): Promise<void> {
    const { log, settings } = this.#options;
    const now = this.#now();
    this.stats.failedAttempts += 1;
    const current = this.state.queue.find((queued) => queued.key === delivery.key);
    if (!current) return;
    current.attempts += 1;
    current.lastError = error instanceof Error ? error.message : String(error);
    this.dirty = true;
    current.nextAttemptAt = new Date(
      now + retryDelay(current.attempts, settings, this.#random),
    ).toISOString();
    if (now - Date.parse(current.queuedAt) >= settings.giveUpAfterMillis) {
      log.error({ ...context, err: error }, 'notification not sent in time: given up');
      // Should the sent-log not take it, the delivery stays queued and is given up at its next attempt.
      await this.#end(current, 'gave-up').catch(() => undefined);
      return;
    }
    log.warn(
      { ...context, err: error, nextAttemptAt: current.nextAttemptAt },
      'notification not sent; will try again',
    );
  }

  /** Records how a delivery ended, then takes it off the queue: in that order, so a crash between sends nothing twice. */
  async #end(delivery: Delivery, outcome: SentOutcome): Promise<void> {
    await this.#options.sentLog.record({
      key: delivery.key,
      handOffs: delivery.handOffs,
      outcome,
      at: new Date(this.#now()).toISOString(),
    });
    if (outcome === 'sent') this.stats.sent += 1;
    else if (outcome === 'undeliverable') this.stats.undeliverable += 1;
    else this.stats.gaveUp += 1;
    this.#remove(delivery.key);
  }

  #remove(key: string): void {
    this.state.queue = this.state.queue.filter((queued) => queued.key !== key);
    this.dirty = true;
  }
}
