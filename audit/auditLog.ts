import type { AuditEntry } from './auditEntry.js';

/**
 * Where command attempts are kept: appended, never changed or removed. The web app records one entry
 * for each attempt; the post page, the API and the CSV export read them back.
 */
export interface AuditLog {
  /** Where the entries live, for logs. */
  readonly location: string;
  /** Resolves once the entry is stored durably. */
  record(entry: AuditEntry): Promise<void>;
  /** The attempts on one post (its commands and its route's), oldest first. */
  forPost(postId: string): Promise<AuditEntry[]>;
  /** Every attempt, oldest first. */
  all(): Promise<AuditEntry[]>;
}
