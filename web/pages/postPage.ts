import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { PostView } from '../../contract/postView.js';
import type { RouteView } from '../../contract/routeMessages.js';
import { londonDateOf } from '../../domain/workingDays.js';
import { CommandRefused, type PostService } from '../../temporal/postService.js';
import { hasRole, type SignedInUser } from '../auth/user.js';
import {
  type CommandFormSpec,
  errorListOf,
  type FailedForm,
  type FormContext,
  renderForm,
} from './commandForms.js';
import type { ErrorLink } from './formReader.js';
import { postCommandForms, postFormOf, routeCommandForms, routeFormOf } from './formRegistry.js';
import { messagePage } from './messagePage.js';
import { personOptions } from './personOptions.js';
import { commandsFor } from './postState.js';
import { consultationRows, latestAdvert, timeline } from './postStory.js';
import { stageTag } from './stageTags.js';
import { renderPage } from './views.js';
import { nextPostFor } from './workNavigation.js';

export interface PostPageDeps {
  views: nunjucks.Environment;
  posts: PostService;
}

/** A command form that was sent and failed, to show again on the post page. */
export interface PostPageFailure {
  scope: 'post' | 'route';
  failed: FailedForm;
}

const postPath = (postId: string) => `/posts/${encodeURIComponent(postId)}`;

async function routeOf(posts: PostService, view: PostView): Promise<RouteView | undefined> {
  // A closed post's page is its record: the same whether or not its route's workflow still exists.
  if (!view.route || 'fromRecord' in view) return undefined;
  return posts.route(view.postId).catch(() => undefined);
}

/** The error summary of a failed form; if the form is no longer offered, its lines point at the actions. */
function failureErrors(spec: CommandFormSpec, failed: FailedForm, shown: boolean): ErrorLink[] {
  const links = errorListOf(spec, failed.errors);
  return shown ? links : links.map((link) => ({ ...link, href: '#actions' }));
}

/** The post page: what the post is, its decisions, and the forms this person may send now. */
export async function renderPostPage(
  deps: PostPageDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  postId: string,
  failure?: PostPageFailure,
  status = 200,
): Promise<FastifyReply> {
  let view: PostView;
  try {
    view = await deps.posts.post(postId, request.user as SignedInUser);
  } catch (error) {
    if (error instanceof CommandRefused && error.reason === 'not-found') {
      return messagePage(deps.views, request, reply, 404, 'Post not found', 'There is no post with this id.');
    }
    throw error;
  }
  const user = request.user as SignedInUser;
  const today = londonDateOf(Date.now());
  const [{ commands, routes }, route, nextPost] = await Promise.all([
    commandsFor(deps.posts, view, user),
    routeOf(deps.posts, view),
    nextPostFor(deps.posts, user, postId),
  ]);
  const context: FormContext = {
    user,
    view,
    routes,
    route,
    today,
    deputies: personOptions(deps.posts.directory, 'deputy'),
  };
  const available = new Set<string>(commands);
  const failedOf = (scope: PostPageFailure['scope'], type: string) =>
    failure?.scope === scope && failure.failed.type === type ? failure.failed : undefined;
  const forms = Object.values(postCommandForms)
    .filter((spec) => available.has(spec.type))
    .map((spec) =>
      renderForm(spec, context, `${postPath(postId)}/${spec.type}`, failedOf('post', spec.type)),
    );
  const accepted = new Set<string>(hasRole(user, 'hr') && route ? route.accepts : []);
  const routeForms = Object.values(routeCommandForms)
    .filter((spec) => accepted.has(spec.type))
    .map((spec) =>
      renderForm(spec, context, `${postPath(postId)}/route/${spec.type}`, failedOf('route', spec.type)),
    );

  let errorList: ErrorLink[] | undefined;
  if (failure) {
    const spec =
      failure.scope === 'post' ? postFormOf(failure.failed.type) : routeFormOf(failure.failed.type);
    const shown = [...forms, ...routeForms].some((form) => form.type === failure.failed.type);
    if (spec) errorList = failureErrors(spec, failure.failed, shown);
  }
  const done = (request.query as { done?: string } | undefined)?.done ?? '';
  const advert = latestAdvert(deps.posts, view);
  const doneSpec = failure ? undefined : (postFormOf(done) ?? routeFormOf(done));

  return renderPage(
    deps.views,
    request,
    reply,
    'post.njk',
    {
      pageTitle: `${view.details.jobTitle} (${view.details.grade})`,
      ...(errorList ? { errorList } : {}),
      successMessage: doneSpec?.success,
      post: view,
      tag: stageTag(view.stage),
      route,
      forms,
      routeForms,
      decisions: timeline(view, advert),
      advert,
      consultation: consultationRows(view, user),
      nextPost,
    },
    status,
  );
}

export function postPage(app: FastifyInstance, deps: PostPageDeps): void {
  app.get<{ Params: { postId: string } }>('/posts/:postId', async (request, reply) =>
    renderPostPage(deps, request, reply, request.params.postId),
  );
}
