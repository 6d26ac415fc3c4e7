import { resolve } from 'node:path';
import type { Config } from '../config/index.js';
import type { Notifier } from './notifier.js';
import { OutboxNotifier } from './outboxNotifier.js';
import { SmtpNotifier, type SmtpNotifierOptions } from './smtpNotifier.js';

export interface CreateNotifierOptions {
  /** Required when NOTIFY_TRANSPORT=smtp: see SmtpNotifierOptions.resolveAddress. */
  resolveAddress?: SmtpNotifierOptions['resolveAddress'];
  /** Where a relative NOTIFY_OUTBOX_FILE is taken from; the working directory by default. */
  cwd?: string;
}

/** The notifier NOTIFY_TRANSPORT asks for: the outbox file locally, SMTP in production. */
export function createNotifier(
  config: Pick<Config, 'NOTIFY_TRANSPORT' | 'NOTIFY_OUTBOX_FILE' | 'SMTP_URL' | 'NOTIFY_FROM'>,
  options: CreateNotifierOptions = {},
): Notifier {
  switch (config.NOTIFY_TRANSPORT) {
    case 'outbox':
      return new OutboxNotifier(resolve(options.cwd ?? process.cwd(), config.NOTIFY_OUTBOX_FILE));
    case 'smtp': {
      if (!config.SMTP_URL) throw new Error('SMTP_URL is required when NOTIFY_TRANSPORT=smtp');
      if (!options.resolveAddress) {
        throw new Error(
          'NOTIFY_TRANSPORT=smtp needs a resolveAddress that maps user ids to mail addresses (the staff directory)',
        );
      }
      return new SmtpNotifier({
        smtpUrl: config.SMTP_URL,
        from: config.NOTIFY_FROM,
        resolveAddress: options.resolveAddress,
      });
    }
  }
}
