import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemOfKind, sendProblem } from './api/problems.js';

/**
 * A known path asked with a method it does not take is answered 405 with `Allow` (RFC 9110 15.5.6),
 * not 404: the path exists. OPTIONS is answered 204 with the same `Allow`. The answers are routes of
 * the root context, outside the API's and pages' hooks, so no CSRF check or sign-in stands before
 * them, and they answer at onRequest, before any body is read.
 *
 * Call before registering the routes (to see them) and run the returned function after.
 */
export function collectMethodsForNotAllowed(app: FastifyInstance): () => void {
  const methodsByPath = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    const methods = methodsByPath.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    methodsByPath.set(route.url, methods);
  });

  return () => {
    for (const [url, methods] of [...methodsByPath]) {
      if (methods.has('GET')) methods.add('HEAD');
      const allow = [...methods, 'OPTIONS'].filter((method, index, all) => all.indexOf(method) === index);
      // A plugin may have routes the hook did not see as such (swagger-ui's HEAD-only redirects).
      // Every method Fastify routes (TRACE and QUERY too), so none falls through to a 404.
      const missing = app.supportedMethods.filter(
        (method) => !methods.has(method) && !app.hasRoute({ method, url }),
      );
      if (!missing.length) continue;
      const answer = (request: FastifyRequest, reply: FastifyReply) => {
        reply.header('allow', allow.join(', '));
        if (request.method === 'OPTIONS') return reply.code(204).send();
        return sendProblem(
          reply,
          problemOfKind(
            'method-not-allowed',
            `${request.method} is not a method of this path: it takes ${allow.join(', ')}.`,
          ),
          request.url,
        );
      };
      // Answered in onRequest, callback style and never calling done: nothing after it runs, not even
      // the body's parsing (a QUERY without Content-Type would otherwise be a 400 first).
      const onRequest = (request: FastifyRequest, reply: FastifyReply, _done: () => void) => {
        answer(request, reply);
      };
      app.route({ method: missing, url, schema: { hide: true }, onRequest, handler: answer });
    }
  };
}
