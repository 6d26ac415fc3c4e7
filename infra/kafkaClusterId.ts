import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A new KRaft cluster id: a random UUID in base64url, as Kafka's own `Uuid.randomUuid()` makes one,
 * and like it never starting with '-', which `kafka-storage format -t` would read as an option
 * (one id in 64 did, and the stack then failed to start on that machine).
 */
export function newKafkaClusterId(random: () => string = randomUUID): string {
  for (;;) {
    const id = Buffer.from(random().replaceAll('-', ''), 'hex').toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * The cluster id kept in `file`, made on first use. Called only before storage is formatted, so an id
 * a previous version stored that starts with '-' (it never formatted anything) is replaced.
 */
export function kafkaClusterIdIn(file: string): string {
  const stored = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (stored && !stored.startsWith('-')) return stored;
  const id = newKafkaClusterId();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${id}\n`);
  return id;
}
