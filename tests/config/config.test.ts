import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, projectionPlaces } from '../../config/index.js';

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

describe('sign-in configuration', () => {
  it('runs the local sign-in on sessions that idle out after 30 minutes and end after 10 hours', () => {
    const config = loadConfig({});
    expect(config.AUTH_MODE).toBe('local');
    expect(config.PUBLIC_URL).toBe('http://127.0.0.1:3000');
    expect(config.SESSION_IDLE_MINUTES).toBe(30);
    expect(config.SESSION_ABSOLUTE_HOURS).toBe(10);
    expect(config.SESSIONS_FILE).toBe('.local/auth/sessions.json');
    expect(config.API_TOKENS_FILE).toBe('.local/auth/api-tokens.json');
    expect(config.OIDC_USER_ID_CLAIM).toBe('preferred_username');
    expect(config.OIDC_GROUPS_CLAIM).toBe('groups');
    expect(config.OIDC_ROLE_MAP).toEqual({});
  });

  it('requires the issuer and the client id in OIDC mode, but not the audience or the keys', () => {
    expect(() => loadConfig({ AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://login.example/t/v2.0' })).toThrow(
      /OIDC_CLIENT_ID: required when AUTH_MODE=oidc/,
    );
    const config = loadConfig({
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: 'https://login.example/t/v2.0',
      OIDC_CLIENT_ID: 'c0ffee',
    });
    expect(config.OIDC_AUDIENCE).toBeUndefined();
    expect(config.OIDC_JWKS_URL).toBeUndefined();
  });

  it('reads the role map as JSON, one role or several a group', () => {
    const config = loadConfig({ OIDC_ROLE_MAP: '{"g-directors": "director", "g-hr": ["hr", "viewer"]}' });
    expect(config.OIDC_ROLE_MAP).toEqual({ 'g-directors': ['director'], 'g-hr': ['hr', 'viewer'] });
    expect(loadConfig({ OIDC_SERVICE_AREA_MAP: '{"g-eh": "Early Help"}' }).OIDC_SERVICE_AREA_MAP).toEqual({
      'g-eh': ['Early Help'],
    });
  });

  it('names the variable when the role map is not JSON or names a role that does not exist', () => {
    expect(() => loadConfig({ OIDC_ROLE_MAP: 'g-directors=director' })).toThrow(
      /OIDC_ROLE_MAP: expected a JSON object/,
    );
    expect(() => loadConfig({ OIDC_ROLE_MAP: '{"g": "headteacher"}' })).toThrow(/OIDC_ROLE_MAP\.g/);
    expect(() => loadConfig({ OIDC_ROLE_MAP: '["director"]' })).toThrow(/OIDC_ROLE_MAP/);
  });

  it('takes PUBLIC_URL as an origin, and refuses one with a path', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://posts.council.example/' }).PUBLIC_URL).toBe(
      'https://posts.council.example',
    );
    expect(() => loadConfig({ PUBLIC_URL: 'https://council.example/posts' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://council.example' })).toThrow(/PUBLIC_URL/);
  });

  it('refuses timeouts that are not positive', () => {
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(loadConfig({ SESSION_IDLE_MINUTES: '0.1' }).SESSION_IDLE_MINUTES).toBe(0.1);
  });
});

describe('projection places', () => {
  it('give each web replica a consumer group and snapshot of its own, and leave a single process as configured', () => {
    const config = loadConfig({});
    expect(projectionPlaces(config)).toEqual({
      dashboard: { group: 'dashboard-projection', file: config.DASHBOARD_SNAPSHOT_FILE },
      catalogue: { group: 'post-catalogue', file: '.local/projections/post-catalogue.json' },
    });
    const replica = loadConfig({ INSTANCE_ID: 'web-2', POST_CATALOGUE_FILE: '/data/catalogue.json' });
    expect(projectionPlaces(replica).catalogue).toEqual({
      group: 'post-catalogue.web-2',
      file: '/data/catalogue.web-2.json',
    });
    expect(projectionPlaces(replica).dashboard.group).toBe('dashboard-projection.web-2');
    expect(() => loadConfig({ INSTANCE_ID: 'Web 2' })).toThrow(/INSTANCE_ID/);
  });
});
