import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterLayout } from '../../infra/cluster/clusterLayout.js';
import { clusterServices } from '../../infra/cluster/clusterServices.js';
import { clusterKafkaProperties } from '../../infra/cluster/kafkaCluster.js';
import { nginxConfig } from '../../infra/cluster/nginxConfig.js';
import { temporalServerConfig } from '../../infra/cluster/temporalConfig.js';
import { profileOf } from '../../infra/stack.js';
import { productTopics } from '../../kafka/topics.js';

const env = { COUNCIL_POSTS_CLUSTER_DATA: '/tmp/council-posts-cluster-layout-test' };

describe('the cluster profile', () => {
  it('is chosen with --profile cluster, the local stack otherwise', () => {
    expect(profileOf(['up'])).toBe('local');
    expect(profileOf(['up', '--profile', 'cluster'])).toBe('cluster');
    expect(profileOf(['--profile=cluster', 'status'])).toBe('cluster');
    expect(() => profileOf(['up', '--profile', 'big'])).toThrow(/unknown profile big/);
  });

  it('runs every process on its own loopback port, none the local stack uses', () => {
    const services = clusterServices(clusterLayout(env));
    const ports = services.flatMap((service) => service.ports);
    expect(new Set(ports).size).toBe(ports.length);
    for (const taken of [7233, 8233, 9092, 9093, 3000, 3001, 5432]) expect(ports).not.toContain(taken);
    expect(services.map((service) => service.name)).toEqual([
      'postgresql',
      'kafka-1',
      'kafka-2',
      'kafka-3',
      'temporal-history',
      'temporal-matching',
      'temporal-frontend',
      'temporal-worker',
      'worker-1',
      'worker-2',
      'web-1',
      'web-2',
      'nginx',
    ]);
    // Describing it (as `status` and `down` do) writes nothing: the shared secrets are made at `up`.
    expect(existsSync(env.COUNCIL_POSTS_CLUSTER_DATA)).toBe(false);
    const moved = clusterServices(clusterLayout({ ...env, CLUSTER_PORT_OFFSET: '100' })).flatMap(
      (s) => s.ports,
    );
    expect(moved).toEqual(ports.map((port) => port + 100));
  });

  it('makes three Kafka nodes that are brokers and controller voters, with three copies and two in sync', () => {
    const layout = clusterLayout(env);
    const [first] = layout.kafka.brokers;
    if (!first) throw new Error('no brokers');
    const properties = clusterKafkaProperties(layout.host, first, layout.kafka.brokers);
    expect(properties).toContain('process.roles=broker,controller');
    expect(properties).toMatch(
      /controller\.quorum\.voters=1@127\.0\.0\.1:\d+,2@127\.0\.0\.1:\d+,3@127\.0\.0\.1:\d+/,
    );
    expect(properties).toContain('default.replication.factor=3');
    expect(properties).toContain('min.insync.replicas=2');
    expect(properties).toContain('unclean.leader.election.enable=false');
    expect(
      productTopics({ POST_EVENTS_TOPIC: 't', POST_EVENTS_PARTITIONS: 6, KAFKA_REPLICATION_FACTOR: 3 }),
    ).toEqual([
      {
        topic: 't',
        numPartitions: 6,
        replicationFactor: 3,
        configEntries: [
          { name: 'retention.ms', value: '-1' },
          { name: 'min.insync.replicas', value: '2' },
        ],
      },
    ]);
  });

  it('gives each Temporal service a config on PostgreSQL with SQL visibility, and nginx both web replicas', () => {
    const layout = clusterLayout(env);
    const history = layout.temporal.services.find((one) => one.service === 'history');
    if (!history) throw new Error('no history service');
    const yaml = temporalServerConfig(layout, history);
    expect(yaml).toContain('pluginName: postgres12');
    expect(yaml).toContain('databaseName: temporal_visibility');
    expect(yaml).toContain(`listenAddress: 127.0.0.1:${history.metricsPort}`);
    const nginx = nginxConfig(layout);
    for (const web of layout.webs) expect(nginx).toContain(`server 127.0.0.1:${web.port}`);
    expect(nginx).toContain(`listen 127.0.0.1:${layout.nginx.port};`);
  });
});
