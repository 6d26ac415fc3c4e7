import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec, encryptedEncoding, PayloadDecryptionError } from '../../codec/encryptionCodec.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

const post = {
  serviceArea: 'Occupational Therapy',
  jobTitle: 'Community Occupational Therapist',
  annualCostPence: 4_458_100,
};
const payload = () => defaultPayloadConverter.toPayload(post);

function flipByte(encrypted: Payload, at: number): Payload {
  const data = Buffer.from(encrypted.data ?? []);
  data[at] = (data[at] ?? 0) ^ 0x01;
  return { ...encrypted, data };
}

describe('the payload encryption codec', () => {
  it('decodes what it encodes to the same payload', async () => {
    const codec = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', k1]]) });
    const [decoded] = await codec.decode(await codec.encode([payload()]));
    expect(defaultPayloadConverter.fromPayload(decoded as Payload)).toEqual(post);
    expect(text(decoded?.metadata?.encoding)).toBe('json/plain');
  });

  it('leaves no plaintext in the encrypted payload: not the data, not even its encoding', async () => {
    const codec = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', k1]]) });
    const [encrypted] = await codec.encode([payload()]);
    expect(Object.keys(encrypted?.metadata ?? {}).sort()).toEqual(['encoding', 'encryption-key-id']);
    expect(text(encrypted?.metadata?.encoding)).toBe(encryptedEncoding);
    expect(text(encrypted?.metadata?.['encryption-key-id'])).toBe('k1');
    const bytes = Buffer.from(encrypted?.data ?? []);
    for (const plain of ['Community Occupational Therapist', 'Occupational', '4458100', 'json/plain']) {
      expect(bytes.includes(plain)).toBe(false);
    }
  });

  it('uses a fresh IV for every payload, so equal payloads do not look equal', async () => {
    const codec = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', k1]]) });
    const [first, second] = await codec.encode([payload(), payload()]);
    expect(Buffer.from(first?.data ?? []).equals(Buffer.from(second?.data ?? []))).toBe(false);
    expect(Buffer.from(first?.data ?? []).subarray(0, 12)).not.toEqual(
      Buffer.from(second?.data ?? []).subarray(0, 12),
    );
  });

  it('refuses a payload with one byte flipped, in the IV, the ciphertext or the tag', async () => {
    const codec = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', k1]]) });
    const [encrypted] = (await codec.encode([payload()])) as [Payload];
    const length = encrypted.data?.length ?? 0;
    for (const at of [0, 20, length - 1]) {
      const attempt = codec.decode([flipByte(encrypted, at)]);
      await expect(attempt).rejects.toThrow(PayloadDecryptionError);
      await expect(codec.decode([flipByte(encrypted, at)])).rejects.toThrow(
        /encrypted with key "k1" failed authentication: it was altered/,
      );
    }
  });

  it('refuses a payload whose key id was changed to another key of the ring', async () => {
    const codec = new EncryptionCodec({
      current: 'k1',
      keys: new Map([
        ['k1', k1],
        ['k2', k1],
      ]),
    });
    const [encrypted] = (await codec.encode([payload()])) as [Payload];
    const relabelled = {
      ...encrypted,
      metadata: { ...encrypted.metadata, 'encryption-key-id': Buffer.from('k2') },
    };
    // Even with the same key bytes under both ids: the id is bound to the ciphertext.
    await expect(codec.decode([relabelled])).rejects.toThrow(/key "k2" failed authentication/);
  });

  it('after rotation encrypts with the new key and still reads payloads encrypted with the old one', async () => {
    const before = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', k1]]) });
    const [old] = (await before.encode([payload()])) as [Payload];

    const after = new EncryptionCodec({
      current: 'k2',
      keys: new Map([
        ['k1', k1],
        ['k2', k2],
      ]),
    });
    const [fresh] = (await after.encode([payload()])) as [Payload];
    expect(text(fresh.metadata?.['encryption-key-id'])).toBe('k2');
    const decoded = await after.decode([old, fresh]);
    expect(decoded.map((each) => defaultPayloadConverter.fromPayload(each))).toEqual([post, post]);
  });

  it('names a key id it does not hold', async () => {
    const rotated = new EncryptionCodec({ current: 'k2', keys: new Map([['k2', k2]]) });
    const [fresh] = (await rotated.encode([payload()])) as [Payload];
    const withoutK2 = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', k1]]) });
    await expect(withoutK2.decode([fresh])).rejects.toThrow(PayloadDecryptionError);
    await expect(withoutK2.decode([fresh])).rejects.toThrow(
      /encrypted with key "k2", which is not in PAYLOAD_KEYS \(it has k1\)/,
    );
  });

  it('passes payloads that were never encrypted through unchanged, so older histories still read', async () => {
    const codec = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', k1]]) });
    const plain = payload();
    const [decoded] = await codec.decode([plain]);
    expect(decoded).toBe(plain);
  });

  it('will not be made with a current key id that has no key', () => {
    expect(() => new EncryptionCodec({ current: 'k9', keys: new Map([['k1', k1]]) })).toThrow(/no key "k9"/);
  });
});
