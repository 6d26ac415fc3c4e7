/** The web and API process: `npm run web`. */
import { loadConfig } from '../config/index.js';
import { createLogger } from '../logging/logger.js';
import { connectClient } from '../temporal/connection.js';
import { PostService } from '../temporal/postService.js';
import { createWebApp } from './app.js';
import { demoUsers } from './auth/demoUsers.js';

const config = loadConfig();
const log = createLogger('web', config.LOG_LEVEL);
const client = await connectClient(config);
const app = await createWebApp({ config, posts: new PostService(client, config), log });
const address = await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
log.info({ address, authMode: config.AUTH_MODE }, 'web app listening');
if (config.AUTH_MODE === 'local') {
  process.stdout.write(
    `\nCouncil posts: ${address}  (API docs ${address}/docs)\nSign in as any demo user:\n${demoUsers
      .map((user) => `  ${user.id.padEnd(16)} ${user.role.padEnd(17)} ${user.name}`)
      .join('\n')}\n\n`,
  );
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => client.connection.close());
  });
}
