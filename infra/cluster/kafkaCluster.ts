import type { KafkaNode } from './clusterLayout.js';

/**
 * One node of the profile's three-node Kafka cluster: each is a broker and one of the three KRaft
 * controller voters, so any one node can die and the cluster keeps electing leaders and taking writes.
 * Every topic gets three copies and needs two in sync to take a write with acks=all.
 */
export function clusterKafkaProperties(host: string, node: KafkaNode, all: readonly KafkaNode[]): string {
  const voters = all.map((one) => `${one.nodeId}@${host}:${one.controllerPort}`).join(',');
  return `${[
    '# Written by infra/cluster/kafkaCluster.ts on every start; edit that file, not this one.',
    'process.roles=broker,controller',
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://${host}:${node.port},CONTROLLER://${host}:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${node.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${node.dataDir}/data`,
    // Topics the project does not size itself (the dead-letter topic) get the same durability.
    'default.replication.factor=3',
    'min.insync.replicas=2',
    'offsets.topic.replication.factor=3',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=3',
    'transaction.state.log.min.isr=2',
    'share.coordinator.state.topic.replication.factor=3',
    'share.coordinator.state.topic.min.isr=2',
    // A follower out of sync for longer than this leaves the ISR; a killed broker is noticed in 10 s.
    'replica.lag.time.max.ms=10000',
    'unclean.leader.election.enable=false',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
  ].join('\n')}\n`;
}
