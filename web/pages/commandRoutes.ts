import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonDateOf } from '../../domain/workingDays.js';
import type { PostCommand } from '../../schemas/postCommands.js';
import type { RouteCommand } from '../../schemas/routeCommands.js';
import { CommandRefused, type RefusalReason } from '../../temporal/postService.js';
import type { SignedInUser } from '../auth/user.js';
import { type CommandFormSpec, type FormContext, formError, readCommand } from './commandForms.js';
import { confirmationPage } from './confirmationPage.js';
import { refusalMessage } from './errorCatalogue.js';
import { FormReader, formBodyOf } from './formReader.js';
import { postFormOf, routeFormOf } from './formRegistry.js';
import { messagePage } from './messagePage.js';
import { personOptions } from './personOptions.js';
import { type PostPageDeps, renderPostPage } from './postPage.js';

const statusOfRefusal: Record<RefusalReason, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  busy: 409,
  'id-used': 409,
  unavailable: 503,
};

/** Only a key the page made is used as an Update id; anything else gets none. */
const idempotencyKeyPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Params = { postId: string; commandType: string };

/**
 * Every command form posts here: the form is read and checked, the command goes to the post (or its
 * route) as an Update with the form's idempotency key, and the browser is sent back to the post page
 * (POST-redirect-GET) or shown the form again with what is wrong.
 */
export function commandRoutes(app: FastifyInstance, deps: PostPageDeps): void {
  const handle =
    (scope: 'post' | 'route', formOf: (type: string) => CommandFormSpec | undefined) =>
    async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
      const { postId, commandType } = request.params;
      const notFound = (heading: string, message: string) => {
        request.commandRefusal = message;
        return messagePage(deps.views, request, reply, 404, heading, message);
      };
      const spec = formOf(commandType);
      if (!spec) return notFound('Page not found', 'There is no such form.');
      const user = request.user as SignedInUser;
      const view = await deps.posts.post(postId, user).catch((error: unknown) => {
        if (error instanceof CommandRefused) return undefined;
        throw error;
      });
      if (!view) return notFound('Post not found', 'There is no post with this id.');
      const route = scope === 'route' ? await deps.posts.route(postId).catch(() => undefined) : undefined;
      const context: FormContext = {
        user,
        view,
        // Reading a form offers no choices; a refused one is shown again with the workflow's answer.
        routes: [],
        route,
        today: londonDateOf(Date.now()),
        deputies: personOptions(deps.posts.directory, 'deputy'),
      };
      const reader = new FormReader(formBodyOf(request.body));
      const read = readCommand(spec, reader, context);
      const failedWith = (errors: Record<string, string>, status: number) => {
        request.commandRefusal = Object.values(errors).join('; ');
        return renderPostPage(
          deps,
          request,
          reply,
          postId,
          { scope, failed: { type: spec.type, values: reader.values, errors } },
          status,
        );
      };
      if (!read.ok) return failedWith(read.errors, 400);
      const confirmation = spec.confirm?.(read.command as Record<string, unknown>);
      if (confirmation && reader.text('confirmed') !== 'yes') {
        return confirmationPage(deps, request, reply, { view, spec, confirmation, values: reader.values });
      }

      const key = reader.text('idempotencyKey');
      const idempotencyKey = idempotencyKeyPattern.test(key) ? key : undefined;
      try {
        if (scope === 'post') {
          const { decided } = await deps.posts.postCommand(
            postId,
            read.command as PostCommand,
            idempotencyKey,
          );
          request.commandAuthority = decided.authority;
        } else await deps.posts.routeCommand(postId, read.command as RouteCommand, idempotencyKey);
      } catch (error) {
        if (!(error instanceof CommandRefused)) throw error;
        return failedWith(refusalErrors(spec, error), statusOfRefusal[error.reason]);
      }
      return reply.redirect(
        `/posts/${encodeURIComponent(postId)}?done=${encodeURIComponent(spec.type)}`,
        303,
      );
    };

  app.post<{ Params: Params }>(
    '/posts/:postId/route/:commandType',
    { config: { command: { channel: 'form', target: 'route' } } },
    handle('route', routeFormOf),
  );
  app.post<{ Params: Params }>(
    '/posts/:postId/:commandType',
    { config: { command: { channel: 'form', target: 'post' } } },
    handle('post', postFormOf),
  );
}

/** A refusal beside the fields it names (personal data in a reason), or at the top of the form. */
function refusalErrors(spec: CommandFormSpec, error: CommandRefused): Record<string, string> {
  const named = (error.fields ?? []).filter((field) => spec.fields.includes(field.field));
  if (named.length) return Object.fromEntries(named.map((field) => [field.field, field.message]));
  return { [formError]: refusalMessage(error.reason, error.message) };
}
