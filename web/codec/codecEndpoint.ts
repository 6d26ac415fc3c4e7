import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PayloadDecryptionError } from '../../codec/encryptionCodec.js';
import type { Config } from '../../config/index.js';
import type { PersonRole } from '../../schemas/person.js';
import { problem, sendProblem } from '../api/problems.js';
import { aRole, hasRole } from '../auth/user.js';

export interface CodecEndpointOptions {
  codec: PayloadCodec;
  config: Pick<Config, 'TEMPORAL_UI_ORIGIN' | 'AUTH_MODE'>;
}

/** Who may see decrypted workflow payloads in the Temporal Web UI: the people who decide on posts, and HR. */
export const codecRoles: readonly PersonRole[] = ['director', 'deputy', 'hr'];

const base64 = z.base64('expected base64');

/** Payloads as protobuf JSON, the remote codec protocol's body: bytes fields are base64. */
const payloadsBody = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), base64).optional(),
      data: base64.optional(),
    }),
  ),
});
type PayloadsBody = z.infer<typeof payloadsBody>;

function fromJson(body: PayloadsBody): Payload[] {
  return body.payloads.map(({ metadata = {}, data = '' }) => ({
    metadata: Object.fromEntries(
      Object.entries(metadata).map(([name, value]) => [name, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(data, 'base64'),
  }));
}

const base64Of = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function toJson(payloads: Payload[]): PayloadsBody {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, base64Of(value)]),
      ),
      data: base64Of(payload.data ?? new Uint8Array()),
    })),
  };
}

/**
 * The remote codec endpoint for the Temporal Web UI (`temporal server start-dev --ui-codec-endpoint
 * http://127.0.0.1:3000/codec`): the UI posts encrypted payloads here and shows what comes back.
 * The browser calls it cross-origin from the UI, so only the configured UI origin gets CORS headers,
 * with credentials (the session cookie, or the bearer token the UI passes on). Decrypted payloads are
 * only for the roles in `codecRoles`.
 */
export async function codecEndpoint(
  app: FastifyInstance,
  { codec, config }: CodecEndpointOptions,
): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('vary', 'Origin');
    if (request.headers.origin !== config.TEMPORAL_UI_ORIGIN) return;
    reply.header('access-control-allow-origin', config.TEMPORAL_UI_ORIGIN);
    reply.header('access-control-allow-credentials', 'true');
  });

  const preflight = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'Content-Type, X-Namespace, Authorization')
      .header('access-control-max-age', '600')
      .code(204)
      .send();

  const handler =
    (direction: 'encode' | 'decode') => async (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.user) {
        if (config.AUTH_MODE === 'oidc') reply.header('www-authenticate', 'Bearer');
        return sendProblem(reply, problem(401, 'Sign in first.'), request.url);
      }
      if (!hasRole(request.user, ...codecRoles)) {
        return sendProblem(
          reply,
          problem(403, `${aRole(request.user)} may not see workflow payloads`),
          request.url,
        );
      }
      const body = payloadsBody.safeParse(request.body);
      if (!body.success) {
        const errors = body.error.issues.map((issue) => ({
          field: issue.path.map(String).join('.') || 'body',
          message: issue.message,
        }));
        return sendProblem(reply, problem(400, 'The body is not a list of payloads.', errors), request.url);
      }
      const payloads = fromJson(body.data);
      let result: Payload[];
      try {
        result = direction === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
      } catch (error) {
        // Which key is missing or which payload was altered is what the person in the UI needs to hear.
        if (!(error instanceof PayloadDecryptionError)) throw error;
        return sendProblem(reply, problem(400, error.message), request.url);
      }
      request.log.info(
        { user: request.user.id, namespace: request.headers['x-namespace'], payloads: payloads.length },
        `codec ${direction}`,
      );
      return reply.send(toJson(result));
    };

  for (const direction of ['encode', 'decode'] as const) {
    app.options(`/codec/${direction}`, preflight);
    app.post(`/codec/${direction}`, handler(direction));
  }
}
