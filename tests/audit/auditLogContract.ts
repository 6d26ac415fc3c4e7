import { describe, expect, it } from 'vitest';
import type { AuditLog } from '../../audit/auditLog.js';
import { auditEntryOf } from './auditEntries.js';

/** What every AuditLog adapter does, run against each. */
export function describeAuditLogContract(name: string, open: () => Promise<AuditLog>): void {
  describe(`${name}: the AuditLog contract`, () => {
    it('gives back every recorded attempt, oldest first', async () => {
      const log = await open();
      const first = auditEntryOf();
      const second = auditEntryOf({
        outcome: 'refused',
        status: 403,
        refusal: 'a union may not send decide',
      });
      await log.record(first);
      await log.record(second);
      expect(await log.all()).toEqual([first, second]);
    });

    it('reads one post’s attempts, its route’s included, and no other post’s', async () => {
      const log = await open();
      const onPost = auditEntryOf({ postId: 'p-1' });
      const onRoute = auditEntryOf({ postId: 'p-1', target: 'route', command: 'shortlist' });
      await log.record(onPost);
      await log.record(auditEntryOf({ postId: 'p-2' }));
      await log.record(onRoute);
      await log.record(auditEntryOf({ target: 'proposal', command: 'propose', postId: undefined }));
      expect(await log.forPost('p-1')).toEqual([onPost, onRoute]);
      expect(await log.forPost('p-3')).toEqual([]);
    });

    it('refuses an entry that is not one, and keeps nothing of it', async () => {
      const log = await open();
      const bad = { ...auditEntryOf(), outcome: 'maybe' } as unknown as Parameters<AuditLog['record']>[0];
      await expect(log.record(bad)).rejects.toThrow();
      expect(await log.all()).toEqual([]);
    });
  });
}
