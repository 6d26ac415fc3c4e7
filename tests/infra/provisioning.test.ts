import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/paths.js';

describe('provisioning', () => {
  it('reuses the cache on a second run: nothing is built or downloaded again', () => {
    // The suite's own start already provisioned; this is the second run.
    const output = execFileSync('bash', ['scripts/provision.sh'], { cwd: repoRoot, encoding: 'utf8' });
    expect(output).toMatch(/Temporal CLI v[\d.]+: cached/);
    expect(output).toMatch(/Temporal test server [\d.]+: cached/);
    expect(output).toMatch(/Apache Kafka [\d.]+: cached/);
    expect(output).not.toMatch(/building|fetching/);
  });
});
