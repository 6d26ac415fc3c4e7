import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import type { PostService } from '../../temporal/postService.js';
import { commandRoutes } from './commandRoutes.js';
import { homePage } from './homePage.js';
import { messagePage } from './messagePage.js';
import { postPage } from './postPage.js';
import { proposalPages } from './proposalPages.js';
import { signInPages } from './signInPages.js';
import { assetPath, createViews, govukFrontendDist } from './views.js';

export interface PagesOptions {
  posts: PostService;
  config: Pick<Config, 'AUTH_MODE'>;
}

// What the browser may fetch from govuk-frontend's dist folder: the compiled CSS and JS, the fonts
// and images the CSS asks for under /assets, and the web manifest. Not its Sass or templates.
const servedAssets =
  /^\/(?:govuk-frontend\.min\.(?:css|js)(?:\.map)?|manifest\.json|fonts\/[\w.-]+|images\/[\w.-]+)$/;

/**
 * The GOV.UK-style pages: server-rendered with govuk-frontend's Nunjucks macros, plain forms and
 * POST-redirect-GET, so they work without JavaScript. Every page but sign-in needs a signed-in person.
 */
export async function pages(app: FastifyInstance, { posts, config }: PagesOptions): Promise<void> {
  const views = createViews();
  const govuk = join(govukFrontendDist, 'govuk');
  await app.register(fastifyStatic, {
    root: [join(govuk, 'assets'), govuk],
    prefix: `${assetPath}/`,
    decorateReply: false,
    allowedPath: (pathName) => servedAssets.test(pathName),
  });

  if (config.AUTH_MODE === 'local') signInPages(app, views);

  await app.register(async (signedIn) => {
    signedIn.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.user) return;
      if (config.AUTH_MODE === 'local') return reply.redirect('/sign-in', 303);
      return messagePage(
        views,
        request,
        reply,
        401,
        'Sign in',
        'Sign in through your council account to use this service.',
      );
    });
    const deps = { views, posts };
    homePage(signedIn, views, posts);
    proposalPages(signedIn, views, posts);
    postPage(signedIn, deps);
    commandRoutes(signedIn, deps);
  });
}
