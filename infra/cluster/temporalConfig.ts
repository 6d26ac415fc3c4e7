import { stringify } from 'yaml';
import type { ClusterLayout, TemporalServicePorts } from './clusterLayout.js';

/** Temporal's own two databases on the profile's PostgreSQL, and the role that owns them. */
export const temporalDatabases = { main: 'temporal', visibility: 'temporal_visibility' } as const;
export const temporalRole = { user: 'temporal', password: 'temporal' } as const;

/**
 * One server config per service process, from the module's `config/development-postgres12.yaml`:
 * every process reads the same persistence and cluster settings, and serves its own metrics port (one
 * file per service because the Prometheus listener is global in this format).
 */
export function temporalServerConfig(layout: ClusterLayout, own: TemporalServicePorts): string {
  const { host } = layout;
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${host}:${layout.postgres.port}`,
      connectProtocol: 'tcp',
      user: temporalRole.user,
      password: temporalRole.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const services = Object.fromEntries(
    layout.temporal.services.map((ports) => [
      ports.service,
      {
        rpc: {
          grpcPort: ports.grpcPort,
          membershipPort: ports.membershipPort,
          bindOnLocalHost: true,
          ...(ports.service === 'frontend' ? { httpPort: layout.temporal.frontendHttpPort } : {}),
        },
      },
    ]),
  );
  return stringify({
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      // Fixed once the schema is set up: shards are how history work is spread over history hosts.
      numHistoryShards: 4,
      datastores: {
        'postgres-default': sql(temporalDatabases.main, 20),
        'postgres-visibility': sql(temporalDatabases.visibility, 5),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: host },
      metrics: {
        prometheus: {
          framework: 'tally',
          timerType: 'histogram',
          listenAddress: `${host}:${own.metricsPort}`,
        },
      },
    },
    services,
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: layout.temporal.frontendAddress,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: {
      archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    },
    dynamicConfigClient: { filepath: `${layout.temporal.configDir}/dynamicconfig.yaml`, pollInterval: '10s' },
  });
}

/** Dynamic config: the same server behaviour the local dev server is started with. */
export function temporalDynamicConfig(): string {
  return stringify({
    // Eager activities: a workflow task that schedules an activity gets it back in its reply.
    'system.enableActivityEagerExecution': [{ value: true }],
    // The namespace registry refreshes every 10 s by default: a namespace made at start is usable sooner.
    'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
  });
}
