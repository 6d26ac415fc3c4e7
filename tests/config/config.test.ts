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

  it('limits sign-in to 10 attempts and commands to 60 a minute, and audits to a local file, unless told otherwise', () => {
    const config = loadConfig({});
    expect(config.RATE_LIMIT_SIGN_IN_PER_MINUTE).toBe(10);
    expect(config.RATE_LIMIT_COMMANDS_PER_MINUTE).toBe(60);
    expect(config.AUDIT_LOG_FILE).toBe('.local/audit/commands.ndjson');
    const set = loadConfig({
      RATE_LIMIT_COMMANDS_PER_MINUTE: '120',
      AUDIT_LOG_FILE: '/var/lib/posts/audit.ndjson',
    });
    expect(set.RATE_LIMIT_COMMANDS_PER_MINUTE).toBe(120);
    expect(set.AUDIT_LOG_FILE).toBe('/var/lib/posts/audit.ndjson');
    expect(() => loadConfig({ RATE_LIMIT_SIGN_IN_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_SIGN_IN_PER_MINUTE/);
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
