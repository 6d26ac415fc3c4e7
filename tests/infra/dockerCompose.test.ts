import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../config/index.js';
import { postSearchAttributes } from '../../schemas/searchAttributes.js';

/**
 * docker-compose.yml cannot be run here (no Docker engine), so these tests parse it and check that it
 * agrees with the product: its config keys, its Temporal namespace and search attributes, and the
 * pinned versions in infra/versions.env.
 */

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number)[];
  healthcheck?: unknown;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), {
  merge: true,
}) as ComposeFile;

const services = compose.services;

/** The custom search attributes the workflows upsert, from the one list they all read. */
const expectedSearchAttributes = Object.entries(postSearchAttributes).map(([name, type]) => ({ name, type }));

/** Resolves compose interpolation as it would with no variables set: `${X:-d}` and `${X-d}` become d. */
function interpolate(value: string): string {
  return value.replace(/\$\{\w+(?::?-([^}]*))?\}/g, (_match, fallback: string | undefined) => fallback ?? '');
}

function service(name: string): ComposeService {
  const found = services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service named ${name}`);
  return found;
}

/** A service's environment as a map of strings, whether written as a map or as KEY=VALUE lines. */
function environmentOf(name: string): Record<string, string> {
  const environment = service(name).environment ?? {};
  const entries = Array.isArray(environment)
    ? environment.map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)] as const;
      })
    : Object.entries(environment).map(([key, value]) => [key, String(value ?? '')] as const);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value)]));
}

function dependenciesOf(definition: ComposeService): Record<string, string> {
  const dependsOn = definition.depends_on ?? [];
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((name) => [name, 'service_started']))
    : Object.fromEntries(
        Object.entries(dependsOn).map(([name, { condition }]) => [name, condition ?? 'service_started']),
      );
}

/** Host and container port of each short-syntax mapping (`[ip:]host:container`). */
function portsOf(name: string): { host: string; container: string }[] {
  return (service(name).ports ?? []).map((mapping) => {
    const parts = interpolate(String(mapping)).split(':');
    const container = parts.at(-1) ?? '';
    return { host: parts.at(-2) ?? container, container };
  });
}

/** The shell script (entrypoint plus command) a one-shot service runs. */
function scriptOf(name: string): string {
  const { entrypoint = [], command = [] } = service(name);
  return [entrypoint, command].flat().join('\n');
}

/** Kafka listeners as a map from listener name to `host:port`, e.g. PLAINTEXT -> kafka:9092. */
function kafkaListeners(variable: 'KAFKA_LISTENERS' | 'KAFKA_ADVERTISED_LISTENERS'): Record<string, string> {
  const value = environmentOf('kafka')[variable] ?? '';
  return Object.fromEntries(
    value.split(',').map((listener) => {
      const [listenerName = '', address = ''] = listener.trim().split('://');
      return [listenerName, address];
    }),
  );
}

function readVersionsEnv(): Record<string, string> {
  const text = readFileSync(new URL('../../infra/versions.env', import.meta.url), 'utf8');
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()] as const;
    });
  return Object.fromEntries(entries);
}

const productServices = ['worker', 'web'] as const;
const configKeys = Object.keys(configSchema.shape);

describe('docker-compose.yml', () => {
  it('defines every service operators need', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'kafka', 'worker', 'web']),
    );
  });

  it('gives worker and web only variables the config module reads, including every one without a usable local default', () => {
    for (const name of productServices) {
      const environment = environmentOf(name);
      for (const key of Object.keys(environment)) expect(configKeys, `${name} sets ${key}`).toContain(key);
      for (const key of ['TEMPORAL_ADDRESS', 'KAFKA_BROKERS', 'TEMPORAL_NAMESPACE']) {
        expect(environment, `${name} must set ${key}`).toHaveProperty(key);
      }
    }
  });

  it('gives worker and web the same product environment', () => {
    expect(environmentOf('web')).toEqual(environmentOf('worker'));
  });

  it('sets a worker environment the config module accepts', () => {
    const config = loadConfig(environmentOf('worker'));
    expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(config.KAFKA_BROKERS).toEqual(['kafka:9092']);
  });

  it("points KAFKA_BROKERS at the kafka service's internal listener", () => {
    const advertised = kafkaListeners('KAFKA_ADVERTISED_LISTENERS');
    const bound = kafkaListeners('KAFKA_LISTENERS');
    const internalListener = environmentOf('kafka').KAFKA_INTER_BROKER_LISTENER_NAME ?? 'PLAINTEXT';
    const internalAddress = advertised[internalListener];

    expect(internalAddress).toBe('kafka:9092');
    // The advertised port is the one the listener binds.
    expect(bound[internalListener]).toBe(`:${internalAddress?.split(':')[1]}`);
    for (const name of productServices) {
      expect(loadConfig(environmentOf(name)).KAFKA_BROKERS).toEqual([internalAddress]);
    }
  });

  it("points TEMPORAL_ADDRESS at the temporal service's frontend port", () => {
    const temporalPorts = portsOf('temporal').map(({ container }) => container);
    for (const name of [...productServices, 'temporal-ui', 'temporal-create-namespace']) {
      const [host, port] = (environmentOf(name).TEMPORAL_ADDRESS ?? '').split(':');
      expect(host, `${name} TEMPORAL_ADDRESS host`).toBe('temporal');
      expect(temporalPorts, `${name} TEMPORAL_ADDRESS port`).toContain(port);
    }
  });

  it('publishes on the host the ports the config defaults expect, so a product run on the host reaches the stack', () => {
    const defaults = loadConfig({});
    expect(portsOf('temporal')).toContainEqual({ host: '7233', container: '7233' });
    expect(defaults.TEMPORAL_ADDRESS.endsWith(':7233')).toBe(true);
    expect(portsOf('temporal-ui')).toContainEqual({
      host: String(defaults.TEMPORAL_UI_PORT),
      container: '8080',
    });
    expect(portsOf('web')).toContainEqual({
      host: String(defaults.HTTP_PORT),
      container: environmentOf('web').HTTP_PORT,
    });

    const external = kafkaListeners('KAFKA_ADVERTISED_LISTENERS').EXTERNAL;
    expect(external).toBe(defaults.KAFKA_BROKERS[0]);
    const externalPort = kafkaListeners('KAFKA_LISTENERS').EXTERNAL?.split(':')[1];
    expect(portsOf('kafka')).toContainEqual({ host: external?.split(':')[1], container: externalPort });
  });

  it('sets up in Temporal the namespace the worker uses', () => {
    const namespace = environmentOf('worker').TEMPORAL_NAMESPACE;
    expect(namespace).toBe('council-posts');
    expect(environmentOf('temporal').DEFAULT_NAMESPACE).toBe(namespace);

    const script = scriptOf('temporal-create-namespace');
    const created = [...script.matchAll(/operator namespace create --namespace (\S+)/g)].map((m) => m[1]);
    expect(created).toEqual([namespace]);
  });

  it('registers exactly the workflow search attributes on that namespace, tolerating ones that already exist', () => {
    const script = scriptOf('temporal-create-namespace');
    const registrations = [
      ...script.matchAll(/operator search-attribute create --namespace (\S+) --name (\S+) --type (\S+)/g),
    ];
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const registered = registrations.map((m) => ({ name: m[2] ?? '', type: m[3] ?? '' }));

    expect(registered.sort(byName)).toEqual([...expectedSearchAttributes].sort(byName));
    for (const m of registrations) expect(m[1]).toBe(environmentOf('worker').TEMPORAL_NAMESPACE);
    expect(script).toContain('already exists');
  });

  it('runs the Kafka image whose tag is KAFKA_VERSION in infra/versions.env', () => {
    const version = readVersionsEnv().KAFKA_VERSION;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(service('kafka').image).toBe(`apache/kafka:${version}`);
  });

  it('leaves topic creation to the product and sizes internal topics for one broker', () => {
    const environment = environmentOf('kafka');
    expect(environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(environment.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('1');
    expect(environment.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR).toBe('1');
    expect(environment.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR).toBe('1');
  });

  it('pins every image to an explicit tag other than latest', () => {
    for (const [name, definition] of Object.entries(services)) {
      if (definition.image === undefined) continue;
      const lastSegment = definition.image.split('/').at(-1) ?? '';
      const tag = lastSegment.includes(':') ? lastSegment.split(':').at(-1) : undefined;
      expect(tag, `${name} image ${definition.image}`).toBeDefined();
      expect(tag, `${name} image ${definition.image}`).not.toBe('latest');
      expect(tag, `${name} image ${definition.image}`).not.toBe('');
    }
  });

  it('names a defined service in every depends_on, and waits for health only on services with a healthcheck', () => {
    const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
    for (const [name, definition] of Object.entries(services)) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(definition))) {
        expect(Object.keys(services), `${name} depends on ${dependency}`).toContain(dependency);
        expect(conditions, `${name} waits for ${dependency} with ${condition}`).toContain(condition);
        if (condition === 'service_healthy') {
          expect(service(dependency).healthcheck, `${dependency} needs a healthcheck`).toBeDefined();
        }
      }
    }
  });
});
