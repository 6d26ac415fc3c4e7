import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PostView } from '../../contract/postView.js';
import type { CommandFormSpec, Confirmation } from './commandForms.js';
import type { FormValues } from './formReader.js';
import type { PostPageDeps } from './postPage.js';
import { renderPage } from './views.js';

/**
 * The first step of a command that cannot be undone: the question, what was entered, and the same
 * form again as hidden fields with `confirmed=yes`, so the second press sends exactly what was
 * checked (with the same idempotency key) and "No" changes nothing.
 */
export function confirmationPage(
  deps: PostPageDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  {
    view,
    spec,
    confirmation,
    values,
  }: { view: PostView; spec: CommandFormSpec; confirmation: Confirmation; values: FormValues },
): FastifyReply {
  const hidden = Object.entries(values)
    .filter(([name]) => name !== '_csrf' && name !== 'confirmed')
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((item) => ({ name, value: item })),
    );
  const postPath = `/posts/${encodeURIComponent(view.postId)}`;
  return renderPage(deps.views, request, reply, 'confirm.njk', {
    pageTitle: confirmation.heading,
    confirmation,
    post: view,
    action: request.url,
    hidden,
    backHref: `${postPath}#${spec.type}`,
  });
}
