import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataConverterFor, describePayloadEncryption } from '../../codec/dataConverter.js';
import { EncryptionCodec } from '../../codec/encryptionCodec.js';
import { loadConfig } from '../../config/index.js';

const key = () => randomBytes(32).toString('base64');

describe('the data converter every client and worker uses', () => {
  it('is the default one, unencrypted, when PAYLOAD_KEYS is not set', () => {
    const config = loadConfig({});
    expect(dataConverterFor(config)).toEqual({});
    expect(describePayloadEncryption(config)).toMatchObject({ payloadEncryption: 'off' });
  });

  it('encrypts with the current key when PAYLOAD_KEYS is set', () => {
    const config = loadConfig({ PAYLOAD_KEYS: `2024:${key()},2025:${key()}`, PAYLOAD_KEY_ID: '2025' });
    const converter = dataConverterFor(config);
    expect(converter.payloadCodecs).toHaveLength(1);
    const codec = converter.payloadCodecs?.[0];
    expect(codec).toBeInstanceOf(EncryptionCodec);
    expect((codec as EncryptionCodec).currentKeyId).toBe('2025');
    expect(describePayloadEncryption(config)).toMatchObject({
      payloadEncryption: 'on',
      payloadKeyId: '2025',
    });
  });
});
