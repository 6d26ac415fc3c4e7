import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/index.js';

const key = (bytes = 32) => randomBytes(bytes).toString('base64');

describe('payload encryption keys from the environment', () => {
  it('reads a keyring and the id of the key that encrypts', () => {
    const config = loadConfig({ PAYLOAD_KEYS: ` k1:${key()} , k2:${key()} `, PAYLOAD_KEY_ID: 'k2' });
    expect([...(config.PAYLOAD_KEYS?.keys() ?? [])]).toEqual(['k1', 'k2']);
    expect(config.PAYLOAD_KEYS?.get('k2')?.bytes).toHaveLength(32);
    expect(config.PAYLOAD_KEY_ID).toBe('k2');
  });

  it('names the field and the key id of a key of the wrong length, without printing the key', () => {
    const short = key(16);
    const attempt = () => loadConfig({ PAYLOAD_KEYS: `k1:${key()},k2:${short}`, PAYLOAD_KEY_ID: 'k1' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PAYLOAD_KEYS: key "k2" is 16 bytes; expected 32/);
    // The message goes to logs, so the wrong key must not be in it.
    expect(attempt).not.toThrow(short);
  });

  it('names the field of a key that is not base64', () => {
    expect(() => loadConfig({ PAYLOAD_KEYS: 'k1:not*base64!', PAYLOAD_KEY_ID: 'k1' })).toThrow(
      /PAYLOAD_KEYS: key "k1" is not base64/,
    );
  });

  it('names PAYLOAD_KEY_ID when it is not one of the keys', () => {
    expect(() => loadConfig({ PAYLOAD_KEYS: `k1:${key()},k2:${key()}`, PAYLOAD_KEY_ID: 'k3' })).toThrow(
      /PAYLOAD_KEY_ID: no key "k3" in PAYLOAD_KEYS \(it has k1, k2\)/,
    );
  });

  it('requires PAYLOAD_KEY_ID with PAYLOAD_KEYS, and PAYLOAD_KEYS with PAYLOAD_KEY_ID', () => {
    expect(() => loadConfig({ PAYLOAD_KEYS: `k1:${key()}` })).toThrow(
      /PAYLOAD_KEY_ID: required when PAYLOAD_KEYS/,
    );
    expect(() => loadConfig({ PAYLOAD_KEY_ID: 'k1' })).toThrow(/PAYLOAD_KEYS: required when PAYLOAD_KEY_ID/);
  });

  it('names entries that are not id:key, and ids given twice', () => {
    expect(() => loadConfig({ PAYLOAD_KEYS: `k1:${key()},${key()}`, PAYLOAD_KEY_ID: 'k1' })).toThrow(
      /PAYLOAD_KEYS: entry 2 is not id:base64key/,
    );
    expect(() => loadConfig({ PAYLOAD_KEYS: `k1:${key()},k1:${key()}`, PAYLOAD_KEY_ID: 'k1' })).toThrow(
      /PAYLOAD_KEYS: key id "k1" appears twice/,
    );
  });

  it('names CANDIDATE_MASTER_KEY when it is not 32 bytes', () => {
    expect(() => loadConfig({ CANDIDATE_MASTER_KEY: key(31) })).toThrow(
      /CANDIDATE_MASTER_KEY: the key is 31 bytes; expected 32/,
    );
  });

  it('never shows key material when the configuration is logged', () => {
    const material = key();
    const config = loadConfig({
      PAYLOAD_KEYS: `k1:${material}`,
      PAYLOAD_KEY_ID: 'k1',
      CANDIDATE_MASTER_KEY: key(),
    });
    const hex = Buffer.from(material, 'base64').toString('hex');
    for (const shown of [JSON.stringify(config), inspect(config, { depth: 10 })]) {
      expect(shown).not.toContain(material);
      expect(shown.replace(/\s/g, '')).not.toContain(hex.slice(0, 16));
    }
  });

  it('leaves encryption off and the UI origin local when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PAYLOAD_KEYS).toBeUndefined();
    expect(config.TEMPORAL_UI_ORIGIN).toBe('http://127.0.0.1:8233');
    expect(config.CANDIDATES_DIR).toBe('.local/candidates');
  });
});
