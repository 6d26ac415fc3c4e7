import type { FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { renderPage } from './views.js';

/** A page that only says something: not found, not allowed, not available. */
export function messagePage(
  views: nunjucks.Environment,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  heading: string,
  message: string,
): FastifyReply {
  return renderPage(views, request, reply, 'message.njk', { pageTitle: heading, message }, status);
}
