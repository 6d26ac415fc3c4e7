import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditEntry } from '../../audit/auditEntry.js';
import type { AuditLog } from '../../audit/auditLog.js';
import { postId } from '../../schemas/common.js';
import { auditCsv } from '../audit/auditCsv.js';
import type { roleCheck } from './access.js';
import { postParams } from './apiSchemas.js';
import { auditExportRoles, readerRoles } from './commandRoles.js';
import { problemResponsesFor } from './problems.js';

export interface AuditRoutesOptions {
  audit: AuditLog;
  allow: ReturnType<typeof roleCheck>;
}

/** The audit log of command attempts: one post's as JSON, and everything (or one post's) as CSV. */
export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (parent, { audit, allow }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/posts/:postId/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Every command sent to a post or its route, accepted or refused, oldest first',
        params: postParams,
        response: { 200: auditEntry.array(), ...problemResponsesFor([400, 401, 403, 414]) },
      },
      preValidation: allow(readerRoles, 'read the audit log of a post'),
    },
    async (request) => audit.forPost(request.params.postId),
  );

  app.get(
    '/audit.csv',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log as CSV, one row per command attempt; with postId, only that post’s',
        querystring: z.object({ postId: postId.optional() }),
        response: {
          200: {
            description: 'CSV (RFC 4180) with a header row',
            content: { 'text/csv': { schema: z.string() } },
          },
          ...problemResponsesFor([400, 401, 403]),
        },
      },
      preValidation: allow(auditExportRoles, 'export the audit log'),
    },
    async (request, reply) => {
      const { postId } = request.query;
      const entries = postId ? await audit.forPost(postId) : await audit.all();
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${postId ? `audit-${postId}` : 'audit'}.csv"`)
        .header('cache-control', 'no-store')
        .send(auditCsv(entries));
    },
  );
};
