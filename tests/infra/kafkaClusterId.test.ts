import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkaClusterIdIn, newKafkaClusterId } from '../../infra/kafkaClusterId.js';

// 0xf8 begins with the six bits 111110: base64url's 62nd character, '-'.
const startsWithDash = 'f8000000-0000-4000-8000-000000000000';
const ordinary = '12345678-9abc-4def-8123-456789abcdef';

describe('a KRaft cluster id', () => {
  it('is 22 base64url characters from a UUID, never starting with "-", which kafka-storage would read as an option', () => {
    const uuids = [startsWithDash, ordinary];
    const id = newKafkaClusterId(() => uuids.shift() as string);
    expect(id).toBe(Buffer.from(ordinary.replaceAll('-', ''), 'hex').toString('base64url'));
    expect(id).toHaveLength(22);
    expect(Buffer.from(startsWithDash.replaceAll('-', ''), 'hex').toString('base64url')).toMatch(/^-/);
  });

  it('is kept in its file, and one stored by an earlier version that starts with "-" is replaced', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cluster-id-')), 'kafka', 'cluster-id');
    const first = kafkaClusterIdIn(file);
    expect(kafkaClusterIdIn(file)).toBe(first);
    writeFileSync(file, '-FbIfgNAQym8s5pAZ1DAzw\n');
    const replaced = kafkaClusterIdIn(file);
    expect(replaced).not.toMatch(/^-/);
    expect(readFileSync(file, 'utf8').trim()).toBe(replaced);
  });
});
