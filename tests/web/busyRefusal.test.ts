import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CommandRefused } from '../../temporal/postService.js';
import { problemErrorHandler, problemTypeOf, problemTypes } from '../../web/api/problems.js';

/** An app whose one route is refused the way PostService refuses a command. */
async function refusing(refusal: CommandRefused) {
  const app = Fastify();
  app.setErrorHandler(problemErrorHandler);
  app.post('/api/posts/:postId/decide', async () => {
    throw refusal;
  });
  await app.ready();
  return app.inject({ method: 'POST', url: '/api/posts/p1/decide' });
}

describe('a command refused because another is under way', () => {
  it('is a 409 of its own kind, with when to send it again', async () => {
    const response = await refusing(
      new CommandRefused('busy', 'another command is still being carried out; try again'),
    );
    expect(response.statusCode).toBe(409);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toMatchObject({
      type: problemTypeOf('command-in-progress'),
      status: 409,
      detail: 'another command is still being carried out; try again',
    });
  });

  it('is told apart from a conflict of state, which sending again will not mend', async () => {
    const response = await refusing(new CommandRefused('conflict', 'cannot decide while the post is filled'));
    expect(response.statusCode).toBe(409);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.json()).toMatchObject({ type: problemTypes[409] });
  });
});
