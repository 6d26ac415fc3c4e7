import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config/index.js';

/** A Temporal client for the configured frontend and namespace. */
export async function connectClient(config: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>) {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}
