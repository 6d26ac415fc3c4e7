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

const kinds = {
  400: { slug: 'invalid-request', title: 'The request is not valid' },
  401: { slug: 'sign-in-required', title: 'Sign in required' },
  403: { slug: 'forbidden', title: 'Not allowed' },
  404: { slug: 'not-found', title: 'Not found' },
  409: { slug: 'conflict', title: 'Not possible in the current state' },
  429: { slug: 'too-many-requests', title: 'Too many requests' },
  500: { slug: 'internal-error', title: 'Something went wrong' },
} as const;

export type ProblemStatus = keyof typeof kinds;

export const problemTypes = Object.fromEntries(
  Object.entries(kinds).map(([status, kind]) => [status, `${typeBase}${kind.slug}`]),
) as Record<`${ProblemStatus}`, string>;

export function problem(status: ProblemStatus, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `${typeBase}${kinds[status].slug}`,
    title: kinds[status].title,
    status,
    detail,
    ...(errors ? { errors } : {}),
  };
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

const described = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: problemSchema } },
});

/** Response entries for a route's schema, so the documented errors match what is sent. */
export const problemResponses = {
  400: described('Invalid request: `errors` names each field'),
  401: described('Nobody is signed in'),
  403: described('The signed-in role may not do this'),
  404: described('No such post, route or proposal'),
  409: described('Not possible in the post’s current state'),
};

/** A command's responses: the problems above, and the rate limit's. */
export const commandProblemResponses = {
  ...problemResponses,
  429: described('Too many commands from this person in a minute: wait Retry-After seconds'),
};

/** Which part of the request failed validation: body, querystring, params or headers. */
type ValidationContext = NonNullable<FastifyError['validationContext']>;

const statusOfRefusal: Record<RefusalReason, ProblemStatus> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
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
    const fields = error.field ? [{ field: error.field, message: error.message }] : undefined;
    return problem(statusOfRefusal[error.reason], error.message, fields);
  }
  if (error instanceof z.ZodError) {
    return problem(400, 'Some fields are not valid.', zodFieldErrors(error));
  }
  if (isFastifyError(error) && error.validation) {
    const where = error.validationContext ?? 'body';
    return problem(400, `Some fields of the ${where} are not valid.`, fieldErrors(error.validation, where));
  }
  if (isFastifyError(error) && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    // Malformed JSON, an unsupported media type, a body too large: Fastify's own message says which.
    const status = error.statusCode;
    return {
      ...problem(status === 404 || status === 403 || status === 401 ? status : 400, error.message),
      status,
    };
  }
  request.log.error({ err: error }, 'unexpected error in the API');
  return problem(500, 'The request could not be completed. It has been logged.');
}

export function sendProblem(reply: FastifyReply, body: Problem, instance?: string): FastifyReply {
  return reply
    .code(body.status)
    .type(problemContentType)
    .send(instance ? { ...body, instance } : body);
}

/** The API's error handler: every error leaves as problem+json. */
export function problemErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, problemOf(error, request), request.url);
}

/** Unknown paths under /api are problems too. */
export function problemNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, problem(404, `no API route ${request.method} ${request.url}`), request.url);
}
