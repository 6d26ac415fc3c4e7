import { resolve } from 'node:path';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { Notifier } from '../notifier.js';
import { WebhookNotifier } from '../webhookNotifier.js';
import type { Channels, DispatchSettings } from './deliveryQueue.js';
import { fileDispatcherStateStore } from './dispatcherState.js';
import { createNotificationDispatcher, type NotificationDispatcher } from './notificationDispatcher.js';
import { SentLog } from './sentLog.js';

export type DispatcherConfig = Pick<
  Config,
  | 'POST_EVENTS_TOPIC'
  | 'PUBLIC_URL'
  | 'NOTIFY_DISPATCHER_GROUP'
  | 'NOTIFY_DISPATCHER_DIR'
  | 'NOTIFY_DIGEST_AT'
  | 'NOTIFY_WEBHOOK_URL'
  | 'NOTIFY_WEBHOOK_FORMAT'
  | 'NOTIFY_RETRY_FIRST_SECONDS'
  | 'NOTIFY_RETRY_MAX_SECONDS'
  | 'NOTIFY_GIVE_UP_AFTER_HOURS'
>;

/** A person's mail address: the staff directory's, never one guessed from their id. */
export function addressFromDirectory(directory: StaffDirectory): (to: string) => string | undefined {
  return (to) => directory.person(to)?.email;
}

export function dispatchSettingsOf(config: DispatcherConfig): DispatchSettings {
  return {
    publicUrl: config.PUBLIC_URL,
    digestAt: config.NOTIFY_DIGEST_AT,
    retryFirstMillis: config.NOTIFY_RETRY_FIRST_SECONDS * 1_000,
    retryMaxMillis: config.NOTIFY_RETRY_MAX_SECONDS * 1_000,
    giveUpAfterMillis: config.NOTIFY_GIVE_UP_AFTER_HOURS * 3_600_000,
  };
}

export interface DispatcherDependencies {
  kafka: Kafka;
  directory: StaffDirectory;
  /** The mail channel (createNotifier: SMTP, or the outbox file locally). */
  email: Notifier;
  log: Logger;
  /** Where a relative NOTIFY_DISPATCHER_DIR is taken from; the working directory by default. */
  cwd?: string;
}

/** The notification dispatcher as the configuration describes it, ready to start. */
export async function createDispatcherFromConfig(
  config: DispatcherConfig,
  { kafka, directory, email, log, cwd }: DispatcherDependencies,
): Promise<NotificationDispatcher> {
  const directoryPath = resolve(cwd ?? process.cwd(), config.NOTIFY_DISPATCHER_DIR);
  const channels: Channels = {
    email,
    ...(config.NOTIFY_WEBHOOK_URL
      ? {
          webhook: new WebhookNotifier({
            url: config.NOTIFY_WEBHOOK_URL,
            format: config.NOTIFY_WEBHOOK_FORMAT,
            nameOf: (id) => directory.nameOf(id),
          }),
        }
      : {}),
  };
  return createNotificationDispatcher({
    kafka,
    topic: config.POST_EVENTS_TOPIC,
    groupId: config.NOTIFY_DISPATCHER_GROUP,
    store: fileDispatcherStateStore(directoryPath),
    sentLog: await SentLog.open(directoryPath),
    directory,
    channels,
    settings: dispatchSettingsOf(config),
    log: log.child({ component: 'notification-dispatcher' }),
  });
}
