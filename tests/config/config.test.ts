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

  it('notifies from the worker with local defaults: links to the local web app, digests at 08:00, no webhook', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PUBLIC_URL: 'http://127.0.0.1:3000',
      NOTIFY_DISPATCHER: 'on',
      NOTIFY_DISPATCHER_GROUP: 'notification-dispatcher',
      NOTIFY_DISPATCHER_DIR: '.local/notifications/dispatcher',
      NOTIFY_DIGEST_AT: '08:00',
      NOTIFY_WEBHOOK_FORMAT: 'teams',
      NOTIFY_RETRY_FIRST_SECONDS: 10,
      NOTIFY_RETRY_MAX_SECONDS: 900,
      NOTIFY_GIVE_UP_AFTER_HOURS: 72,
    });
    expect(config.NOTIFY_WEBHOOK_URL).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://posts.council.example/' }).PUBLIC_URL).toBe(
      'https://posts.council.example',
    );
    expect(() => loadConfig({ PUBLIC_URL: 'posts.council.example' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ NOTIFY_DIGEST_AT: '8am' })).toThrow(
      /NOTIFY_DIGEST_AT: expected a 24-hour time/,
    );
  });

  it('takes mail addresses from the staff directory: SMTP needs only its URL', () => {
    expect(
      loadConfig({ NOTIFY_TRANSPORT: 'smtp', SMTP_URL: 'smtp://relay.council.example:25' }),
    ).toMatchObject({
      NOTIFY_TRANSPORT: 'smtp',
    });
    expect(() => loadConfig({ NOTIFY_TRANSPORT: 'smtp' })).toThrow(
      /SMTP_URL: required when NOTIFY_TRANSPORT=smtp/,
    );
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
