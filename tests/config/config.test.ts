import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/index.js';

describe('configuration', () => {
  it('runs the embedded local stack when nothing is set', () => {
    const config = loadConfig({});
    expect(config.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(config.TEMPORAL_NAMESPACE).toBe('council-posts');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
  });

  it('splits a list of brokers', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092' }).KAFKA_BROKERS).toEqual([
      'kafka-1:9092',
      'kafka-2:9092',
    ]);
  });

  it('names every variable that is wrong', () => {
    const attempt = () => loadConfig({ TEMPORAL_ADDRESS: 'no-port', HTTP_PORT: '70000', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/TEMPORAL_ADDRESS: expected host:port/);
    expect(attempt).toThrow(/HTTP_PORT/);
    expect(attempt).toThrow(/LOG_LEVEL/);
  });
});

describe('configuration from a compose file', () => {
  it('treats an empty variable as not set', () => {
    expect(loadConfig({ OIDC_ISSUER: '', AUTH_MODE: '' }).AUTH_MODE).toBe('local');
  });

  it('requires the identity provider settings in OIDC mode, naming each', () => {
    expect(() => loadConfig({ AUTH_MODE: 'oidc' })).toThrow(/OIDC_ISSUER: required when AUTH_MODE=oidc/);
  });
});
