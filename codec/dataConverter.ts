import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config/index.js';
import { EncryptionCodec } from './encryptionCodec.js';

export type PayloadEncryptionConfig = Pick<Config, 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'>;

/** The payload codec the configured keys make, or undefined when encryption is off (no PAYLOAD_KEYS). */
export function payloadCodecFor(config: PayloadEncryptionConfig): EncryptionCodec | undefined {
  if (!config.PAYLOAD_KEYS) return undefined;
  if (!config.PAYLOAD_KEY_ID) throw new Error('PAYLOAD_KEY_ID: required when PAYLOAD_KEYS is set');
  const keys = new Map([...config.PAYLOAD_KEYS].map(([id, key]) => [id, key.bytes] as const));
  return new EncryptionCodec({ current: config.PAYLOAD_KEY_ID, keys });
}

/**
 * What every client and worker of the product passes to Temporal. All of them must agree: a payload
 * one side encrypts, the other must decrypt, so both take it from the same configuration.
 */
export function dataConverterFor(config: PayloadEncryptionConfig): DataConverter {
  const codec = payloadCodecFor(config);
  return codec ? { payloadCodecs: [codec] } : {};
}

/** One log line's worth: whether payloads are encrypted, and with which key. */
export function describePayloadEncryption(config: PayloadEncryptionConfig): {
  payloadEncryption: 'on' | 'off';
  payloadKeyId?: string;
  message: string;
} {
  if (!config.PAYLOAD_KEYS || !config.PAYLOAD_KEY_ID) {
    return {
      payloadEncryption: 'off',
      message: 'workflow payloads are stored unencrypted: PAYLOAD_KEYS is not set (the local default)',
    };
  }
  return {
    payloadEncryption: 'on',
    payloadKeyId: config.PAYLOAD_KEY_ID,
    message: `workflow payloads are encrypted with key "${config.PAYLOAD_KEY_ID}"`,
  };
}
