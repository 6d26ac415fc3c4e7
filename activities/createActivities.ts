import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PostActivities } from '../contract/activities.js';
import type { PostEventPublisher } from '../kafka/postEventPublisher.js';
import type { Notifier } from '../notifications/notifier.js';
import { createEventActivities } from './eventActivities.js';
import { createLedgerActivities } from './ledgerActivities.js';
import { createNotificationActivities } from './notificationActivities.js';

export interface ActivityDependencies {
  events: PostEventPublisher;
  notifier: Notifier;
  /** Talks to the ledger entity workflows (budget, international cap) through Updates. */
  client: Client;
  /** The task queue a ledger workflow is started on when a post is the first to need it. */
  ledgerTaskQueue: string;
  log: Logger;
}

/**
 * All I/O of the workflows, built from its ports so tests can hand in real or fake ones
 * (samples-typescript: activities-dependency-injection).
 */
export function createActivities({
  events,
  notifier,
  client,
  ledgerTaskQueue,
  log,
}: ActivityDependencies): PostActivities {
  return {
    ...createEventActivities({ events, log }),
    ...createLedgerActivities({ client, taskQueue: ledgerTaskQueue }),
    ...createNotificationActivities({ notifier, log }),
  };
}

export type { PostActivities };
