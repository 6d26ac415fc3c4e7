import { stackDown, stackStatus, stackUp } from '../../infra/stack.js';

/**
 * Integration tests talk to the real Temporal dev server and Kafka broker. Start the local stack
 * unless it is already running (a developer's `npm start`), and stop it afterwards only if we started it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const wasRunning = await stackStatus().catch(() => false);
  await stackUp();
  return async () => {
    if (!wasRunning) await stackDown();
  };
}
