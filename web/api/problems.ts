import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { z } from 'zod';
import { CommandRefused, type RefusalReason } from '../../temporal/postService.js';
import { csrfHeader, isCsrfRefusal } from '../security/csrf.js';

/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Every 400 names each field that is
 * wrong, so a form can put the message beside the field.
 */
export const problemContentType = 'application/problem+json';

export interface FieldError {
  /** The field's path in the body (`lines.0.grade`), or the query, path or header name. */
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

// Problem types are `tag:` URIs (RFC 4151): absolute and stable, and not pretending to be web pages.
const typeBase = 'tag:council-posts,2025:problems/';

/**
 * The catalogue: every kind of problem the service sends, each with its own type, so a client can
 * tell "this id is taken" from "the post is in the wrong stage" without reading the words.
 */
const kinds = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  'sign-in-required': { status: 401, title: 'Sign in required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Not possible in the current state' },
  'id-already-used': { status: 409, title: 'This id has been used already' },
  'command-in-progress': {
    status: 409,
    title: 'Another command to this post is still being carried out: send it again after Retry-After',
  },
  'request-in-progress': {
    status: 409,
    title: 'A request with this Idempotency-Key is still being answered',
  },
  'body-too-large': { status: 413, title: 'The request body is too large' },
  'uri-too-long': { status: 414, title: 'The address is too long' },
  'unsupported-media-type': {
    status: 415,
    title: 'The request body is of a type this service does not take',
  },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used for another request' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'header-too-large': { status: 431, title: 'The request headers are too large' },
  'internal-error': { status: 500, title: 'Something went wrong' },
  unavailable: { status: 503, title: 'The service cannot answer now' },
} as const;

export type ProblemKind = keyof typeof kinds;

/** The kind each status stands for when nothing more specific is said. */
const kindOfStatus = {
  400: 'invalid-request',
  401: 'sign-in-required',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'body-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  422: 'idempotency-key-reused',
  429: 'too-many-requests',
  431: 'header-too-large',
  500: 'internal-error',
  503: 'unavailable',
} as const satisfies Record<number, ProblemKind>;

export type ProblemStatus = keyof typeof kindOfStatus;

const typeOf = (kind: ProblemKind) => `${typeBase}${kind}`;

/** The type URI of each status's usual kind (`problemTypes[404]`). */
export const problemTypes = Object.fromEntries(
  Object.entries(kindOfStatus).map(([status, kind]) => [status, typeOf(kind)]),
) as Record<`${ProblemStatus}`, string>;

/** The type URI of a specific kind (`problemTypeOf('id-already-used')`). */
export const problemTypeOf = typeOf;

export function isProblemStatus(status: number): status is ProblemStatus {
  return Object.hasOwn(kindOfStatus, status);
}

export function problemOfKind(kind: ProblemKind, detail: string, errors?: FieldError[]): Problem {
  const { status, title } = kinds[kind];
  return { type: typeOf(kind), title, status, detail, ...(errors ? { errors } : {}) };
}

export function problem(status: ProblemStatus, detail: string, errors?: FieldError[]): Problem {
  return problemOfKind(kindOfStatus[status], detail, errors);
}

/** Thrown by hooks and handlers for a refusal decided in the API itself (401, 403, 404). */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** The problem body in the OpenAPI document. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');

const whenSent: Record<ProblemStatus, string> = {
  400: 'Invalid request: `errors` names each field',
  401: 'Nobody is signed in',
  403: 'The signed-in role may not do this',
  404: 'No such post, route or proposal (or one the signed-in person may not see)',
  405: 'The method is not one this path takes: `Allow` lists those it does',
  409: 'Not possible in the current state, an id already used, another command to the post still being carried out or the same Idempotency-Key still being answered (these two with Retry-After)',
  413: 'The body is larger than 1 MiB',
  414: 'A path parameter is longer than the service reads (1,024 characters)',
  415: 'The body is not application/json',
  422: 'The Idempotency-Key was used for another request (another body, command, target or person): nothing was done',
  429: 'Too many commands from this person in a minute: wait Retry-After seconds',
  431: 'The request headers are too large',
  500: 'An unexpected error, logged',
  503: 'Temporal could not take the request now: try again after Retry-After seconds',
};

const described = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: problemSchema } },
});

/** The documented problem responses of a route, so the OpenAPI document lists exactly what it sends. */
export function problemResponsesFor<const S extends ProblemStatus>(statuses: readonly S[]) {
  return Object.fromEntries(statuses.map((status) => [status, described(whenSent[status])])) as Record<
    S,
    ReturnType<typeof described>
  >;
}

/** A read of one thing by its id: bad id, nobody signed in, a role that may not, no such thing. */
export const readProblemResponses = problemResponsesFor([400, 401, 403, 404, 414, 503]);

/** A read of a list: no path parameter, nothing to be not found. */
export const listProblemResponses = problemResponsesFor([400, 401, 403, 503]);

/** A command to a post or its route. */
export const commandProblemResponses = problemResponsesFor([
  400, 401, 403, 404, 409, 413, 414, 415, 422, 429, 503,
]);

/** POST /api/proposals: a command without a path parameter, so nothing to be not found. */
export const proposeProblemResponses = problemResponsesFor([400, 401, 403, 409, 413, 415, 422, 429, 503]);

/** Which part of the request failed validation: body, querystring, params or headers. */
type ValidationContext = NonNullable<FastifyError['validationContext']>;

const kindOfRefusal: Record<RefusalReason, ProblemKind> = {
  invalid: 'invalid-request',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  conflict: 'conflict',
  busy: 'command-in-progress',
  'id-used': 'id-already-used',
  unavailable: 'unavailable',
};

function pathOf(segments: readonly PropertyKey[]): string {
  return segments.map(String).join('.');
}

/** Fastify's validation errors (here from the zod validator) as one error per field. */
export function fieldErrors(
  validation: readonly FastifySchemaValidationError[],
  context: ValidationContext | undefined,
): FieldError[] {
  return validation.flatMap((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean).join('.');
    const field = path || (context ?? 'body');
    const keys = (issue.params as { keys?: unknown }).keys;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({
        field: path ? `${path}.${String(key)}` : String(key),
        message: 'is not a field of this request',
      }));
    }
    const message = issue.message ?? 'is not valid';
    // zod's own wording for a missing value ("Invalid input: expected string, received undefined")
    // reads as a type error; a person needs to hear that the field is required.
    const missing = /^Invalid input: expected \w+, received undefined$/.test(message);
    return [{ field, message: missing ? `${field} is required` : message }];
  });
}

function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: pathOf(issue.path) || 'body', message: issue.message }));
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'statusCode' in error;
}

/** Any error from a route, hook or validator as a problem; anything unexpected is a 500 (and logged). */
export function problemOf(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (isCsrfRefusal(error)) {
    return problem(
      403,
      `Signed in with the session cookie, a command needs the ${csrfHeader} header: the token in the csrf-token meta tag of any page of this service.`,
    );
  }
  if (error instanceof CommandRefused) {
    const fields =
      error.fields ?? (error.field ? [{ field: error.field, message: error.message }] : undefined);
    return problemOfKind(kindOfRefusal[error.reason], error.message, fields ? [...fields] : undefined);
  }
  if (error instanceof z.ZodError) {
    return problem(400, 'Some fields are not valid.', zodFieldErrors(error));
  }
  if (isFastifyError(error) && error.validation) {
    const where = error.validationContext ?? 'body';
    return problem(400, `Some fields of the ${where} are not valid.`, fieldErrors(error.validation, where));
  }
  if (isFastifyError(error) && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Malformed JSON, an unsupported media type, a body too large, a path parameter too long:
    // Fastify's own message says which, under the kind its status stands for.
    return problem(isProblemStatus(error.statusCode) ? error.statusCode : 400, fastifyDetail(error));
  }
  request.log.error({ err: error }, 'unexpected error in the API');
  return problem(500, 'The request could not be completed. It has been logged.');
}

/** Fastify's messages for what it refuses itself, in words for the person reading the problem. */
function fastifyDetail(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'The body must be application/json.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The body is larger than 1 MiB.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `The body is not valid JSON: ${error.message}`;
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'A part of the address is longer than any id this service has.';
    case 'FST_ERR_BAD_URL':
      return 'The address is not valid: a part of it is not properly percent-encoded.';
    default:
      return error.message;
  }
}

export function sendProblem(reply: FastifyReply, body: Problem, instance?: string): FastifyReply {
  return reply
    .code(body.status)
    .type(problemContentType)
    .send(instance ? { ...body, instance } : body);
}

/** The API's error handler: every error leaves as problem+json (a 503 with when to try again). */
export function problemErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const body = problemOf(error, request);
  if (body.status === 503 || body.type === problemTypeOf('command-in-progress'))
    reply.header('retry-after', '1');
  return sendProblem(reply, body, request.url);
}

/** Unknown paths under /api are problems too. */
export function problemNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, problem(404, `no API route ${request.method} ${request.url}`), request.url);
}
