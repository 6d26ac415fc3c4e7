import type { Notification, Notifier } from '../../notifications/notifier.js';

/** A fake notification port for workflow tests: keeps what was sent. */
export function capturingNotifier(): Notifier & { sent: Notification[] } {
  const sent: Notification[] = [];
  return {
    sent,
    async send(notification) {
      if (sent.some((earlier) => earlier.notificationId === notification.notificationId)) return 'duplicate';
      sent.push(notification);
      return 'sent';
    },
  };
}
