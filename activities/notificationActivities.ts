import { ApplicationFailure, activityInfo } from '@temporalio/activity';
import type { Logger } from 'pino';
import {
  type Notification,
  type Notifier,
  notification,
  type SendResult,
  UndeliverableNotificationError,
} from '../notifications/notifier.js';

export interface NotificationActivityDependencies {
  notifier: Notifier;
  log: Logger;
}

/**
 * Telling people things: reminders, escalations, consultation concerns. Retried by Temporal; the
 * notificationId that every retry carries keeps a retry from telling anyone twice.
 */
export function createNotificationActivities({ notifier, log }: NotificationActivityDependencies) {
  return {
    async notify(n: Notification): Promise<SendResult> {
      const parsed = notification.safeParse(n);
      if (!parsed.success) {
        const problems = parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
        );
        // A malformed notification is malformed on every retry.
        throw ApplicationFailure.nonRetryable(
          `invalid notification: ${problems.join('; ')}`,
          'InvalidNotification',
        );
      }
      const valid = parsed.data;
      const context = {
        postId: valid.postId,
        workflowId: activityInfo().workflowExecution?.workflowId,
        proposalId: valid.proposalId,
        notificationId: valid.notificationId,
        to: valid.to,
      };
      let result: SendResult;
      try {
        result = await notifier.send(valid);
      } catch (error) {
        if (error instanceof UndeliverableNotificationError) {
          log.error({ ...context, err: error }, 'notification undeliverable');
          throw ApplicationFailure.nonRetryable(error.message, 'UndeliverableNotification');
        }
        log.warn({ ...context, err: error }, 'notification not sent; will retry');
        throw error;
      }
      log.info({ ...context, result }, result === 'sent' ? 'notification sent' : 'notification already sent');
      return result;
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
