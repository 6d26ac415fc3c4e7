import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEntry } from '../../audit/auditEntry.js';
import type { AuditLog } from '../../audit/auditLog.js';
import type { Role } from '../../schemas/common.js';
import { problemContentType } from '../api/problems.js';
import type { SignedInUser } from '../auth/user.js';

/** What a route that takes commands tells the audit about itself (in its route `config`). */
export interface CommandRoute {
  channel: 'api' | 'form';
  target: AuditEntry['target'];
  /** The command's type; left out where the path names it (`/posts/:postId/:commandType`). */
  command?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    command?: CommandRoute;
  }
  interface FastifyRequest {
    /** Why the command was refused, in the words the person was shown (forms: the API's are in its problem). */
    commandRefusal?: string | undefined;
    /** The authority the workflow recorded for an accepted command. */
    commandAuthority?: string | undefined;
    /** The role the person sent the command in (a person may hold several). */
    commandRole?: Role | undefined;
  }
}

const limits = { id: 200, command: 100, authority: 500, text: 2000 } as const;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function textOf(source: unknown, name: string, max: number): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' && value.trim() !== '' ? clip(value.trim(), max) : undefined;
}

/** The refusal an API problem states: its detail, and the fields it names. */
function problemRefusal(reply: FastifyReply, payload: unknown): string | undefined {
  if (typeof payload !== 'string') return undefined;
  if (!String(reply.getHeader('content-type') ?? '').startsWith(problemContentType)) return undefined;
  try {
    const { detail, errors } = JSON.parse(payload) as {
      detail?: string;
      errors?: { field: string; message: string }[];
    };
    const fields = (errors ?? []).map((error) => `${error.field}: ${error.message}`).join('; ');
    return [detail, fields].filter(Boolean).join(' ');
  } catch {
    return undefined;
  }
}

/**
 * A form answered with a redirect sent its command; one shown again with 200 sent none (the proposal
 * form's "Calculate total"); 4xx is a refusal. The API answers 2xx when it accepts.
 */
function outcomeOf(route: CommandRoute, status: number, replay: boolean): AuditEntry['outcome'] | undefined {
  // A kept first answer sent again: whatever it says, nothing was done now.
  if (replay) return 'replayed';
  if (status >= 400) return 'refused';
  if (route.channel === 'form') return status === 303 ? 'accepted' : undefined;
  return status < 300 ? 'accepted' : undefined;
}

/** The entry for one answered command request, or nothing when it was not an attempt. */
export function attemptOf(
  request: FastifyRequest,
  reply: FastifyReply,
  route: CommandRoute,
  user: SignedInUser,
  payload: unknown,
): AuditEntry | undefined {
  const outcome = outcomeOf(route, reply.statusCode, request.idempotentReplay === true);
  if (!outcome) return undefined;
  const { body, params } = request;
  const command = route.command ?? textOf(params, 'commandType', limits.command) ?? 'unknown';
  const postId =
    route.target === 'proposal' || route.target === 'leave' ? undefined : textOf(params, 'postId', limits.id);
  const proposalId =
    route.target === 'proposal'
      ? (textOf(params, 'proposalId', limits.id) ?? textOf(body, 'proposalId', limits.id))
      : undefined;
  const idempotencyKey =
    route.channel === 'api'
      ? textOf(request.headers, 'idempotency-key', limits.id)
      : textOf(body, 'idempotencyKey', limits.id);
  const reason = textOf(body, 'reason', limits.text);
  const refusal =
    outcome === 'refused'
      ? clip(
          request.commandRefusal ?? problemRefusal(reply, payload) ?? `refused with ${reply.statusCode}`,
          limits.text,
        )
      : undefined;
  return {
    id: randomUUID(),
    at: new Date(Date.now() - reply.elapsedTime).toISOString(),
    actor: { id: clip(user.id, limits.id), role: request.commandRole ?? user.roles[0] ?? 'viewer' },
    channel: route.channel,
    command: clip(command, limits.command),
    target: route.target,
    ...(postId ? { postId } : {}),
    ...(proposalId ? { proposalId } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    authority: clip(
      (outcome === 'accepted' ? request.commandAuthority : undefined) ??
        request.commandRole ??
        user.roles[0] ??
        'viewer',
      limits.authority,
    ),
    ...(reason ? { reason } : {}),
    outcome,
    status: reply.statusCode,
    ...(refusal ? { refusal } : {}),
  };
}

/**
 * Records every answered request of a command route made by a signed-in person, before the answer
 * leaves: accepted, refused by the role table, CSRF check or rate limit, invalid, or refused by the
 * workflow. A request nobody signed in to is answered 401 and names nobody to record. If the log
 * cannot be written, the answer still goes (an accepted command has already taken effect) and the
 * failure is logged as an error.
 */
export function installCommandAudit(app: FastifyInstance, audit: AuditLog): void {
  app.decorateRequest('commandRefusal', undefined);
  app.decorateRequest('commandAuthority', undefined);
  app.decorateRequest('commandRole', undefined);
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.config.command;
    if (!route || !request.user) return payload;
    const entry = attemptOf(request, reply, route, request.user, payload);
    if (!entry) return payload;
    await audit.record(entry).catch((error: unknown) => {
      request.log.error(
        { err: error, postId: entry.postId, command: entry.command },
        'the audit log could not record a command attempt',
      );
    });
    return payload;
  });
}
