import type { FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { problemOf } from '../api/problems.js';
import { messagePage } from './messagePage.js';

/**
 * What a page shows when its request fails: a GOV.UK service error page in words, never the API's
 * problem document. The status is the API's for the same error (a busy Temporal is 503 with when to
 * try again); the words follow the Design System's "There is a problem with the service" patterns.
 */
export function errorPage(
  views: nunjucks.Environment,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): FastifyReply {
  const problem = problemOf(error, request);
  request.commandRefusal ??= problem.detail;
  if (problem.status === 503) {
    reply.header('retry-after', '5');
    return messagePage(
      views,
      request,
      reply,
      503,
      'Sorry, the service is unavailable',
      'The service could not answer in time. Try again in a few minutes: sending a form again is safe, it is never applied twice.',
    );
  }
  if (problem.status >= 500) {
    return messagePage(
      views,
      request,
      reply,
      problem.status,
      'Sorry, there is a problem with the service',
      'Try again later. The problem has been logged.',
    );
  }
  return messagePage(views, request, reply, problem.status, problem.title, problem.detail);
}
