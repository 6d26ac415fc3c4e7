import { loadConfig } from '../config/index.js';
import { openStaffDirectory } from '../directory/openStaffDirectory.js';
import { connectClient } from '../temporal/connection.js';
import { PostService } from '../temporal/postService.js';

/** The part of PostService the CLI uses. */
export type CliPostService = Pick<
  PostService,
  'startProposal' | 'proposal' | 'posts' | 'post' | 'postCommand' | 'directory'
>;

export interface CliSession {
  service: CliPostService;
  close(): Promise<void>;
}

/** A PostService on the configured Temporal frontend, for one command. */
export async function openSession(env: NodeJS.ProcessEnv): Promise<CliSession> {
  const config = loadConfig(env);
  const client = await connectClient(config).catch((error: unknown) => {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot reach Temporal at ${config.TEMPORAL_ADDRESS}: ${why}`, { cause: error });
  });
  return {
    service: new PostService(client, config, await openStaffDirectory(config)),
    close: () => client.connection.close(),
  };
}
