import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebMetrics } from '../../../observability/webMetrics.js';
import { type LocalWebApp, startLocalWebApp } from '../localWebApp.js';

let web: LocalWebApp | undefined;
afterEach(async () => {
  await web?.app.close();
  web = undefined;
});

/** One sample's value from Prometheus text, by metric name and labels in the order the registry writes them. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((one) => one.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("the web process's operator endpoints", () => {
  it('answers live at once, and ready only while every dependency answers, naming the one that does not', async () => {
    let kafkaDown = false;
    web = await startLocalWebApp({
      readiness: {
        temporal: async () => 'ok',
        kafka: async () => {
          if (kafkaDown) throw new Error('connect ECONNREFUSED 127.0.0.1:9092');
        },
      },
    });
    const live = await web.app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'live' });
    expect(live.headers['cache-control']).toBe('no-store');

    const ready = await web.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { temporal: 'ok', kafka: 'ok' } });

    kafkaDown = true;
    const notReady = await web.app.inject({ method: 'GET', url: '/health/ready' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({
      status: 'not ready',
      checks: { temporal: 'ok', kafka: 'connect ECONNREFUSED 127.0.0.1:9092' },
    });
  });

  it('is not ready when a dependency hangs, saying it did not answer in 3 s', async () => {
    web = await startLocalWebApp({ readiness: { temporal: () => new Promise(() => undefined) } });
    const started = Date.now();
    const notReady = await web.app.inject({ method: 'GET', url: '/health/ready' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ status: 'not ready', checks: { temporal: 'no answer in 3 s' } });
  });

  it('serves Prometheus metrics counting commands, refusals, requests, publish latency and projection lag', async () => {
    const metrics = createWebMetrics();
    const offsets = { '0': '7', '1': '10' };
    metrics.watchProjectionLag(
      async () => [
        { partition: 0, high: '10' },
        { partition: 1, high: '10' },
      ],
      { dashboard: { offsets: () => offsets }, catalogue: { offsets: () => ({}) } },
    );
    web = await startLocalWebApp({ metrics, readiness: { temporal: async () => 'ok' } });
    const { browser } = web;
    await browser.signIn('hr.sam');
    // No such post (the stand-in post service): a refusal, recorded in the audit log and counted.
    const refused = await browser.send('hr.sam', {
      method: 'POST',
      url: '/api/posts/no-such-post/withdraw',
      headers: { 'idempotency-key': randomUUID(), 'x-csrf-token': browser.token('hr.sam') },
      payload: { reason: 'Metrics test' },
    });
    expect(refused.statusCode).toBe(404);
    await metrics.publishSeconds.startTimer({ topic: 'post-events' })({ outcome: 'acknowledged' });

    const scrape = await web.app.inject({ method: 'GET', url: '/metrics' });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toContain('text/plain');
    const text = scrape.body;
    expect(
      sample(text, 'council_posts_commands_total{command="withdraw",channel="api",outcome="refused"}'),
    ).toBe(1);
    expect(sample(text, 'council_posts_command_refusals_total{command="withdraw",status="404"}')).toBe(1);
    expect(
      sample(
        text,
        'council_posts_http_request_seconds_count{method="POST",route="/api/posts/:postId/withdraw",status="4xx"}',
      ),
    ).toBe(1);
    expect(
      sample(text, 'council_posts_publish_seconds_count{topic="post-events",outcome="acknowledged"}'),
    ).toBe(1);
    expect(sample(text, 'council_posts_projection_lag_messages{projection="dashboard"}')).toBe(3);
    expect(sample(text, 'council_posts_projection_lag_messages{projection="catalogue"}')).toBe(20);
    expect(text).toContain('council_posts_web_process_resident_memory_bytes');

    // Scrapes and health checks are not counted as commands, and need no sign-in.
    const again = await web.app.inject({ method: 'GET', url: '/metrics' });
    expect(
      sample(again.body, 'council_posts_commands_total{command="withdraw",channel="api",outcome="refused"}'),
    ).toBe(1);
  });

  it('reports no projection lag, rather than a stale one, while the broker does not answer', async () => {
    const metrics = createWebMetrics();
    let brokerUp = true;
    metrics.watchProjectionLag(
      async () => {
        if (!brokerUp) throw new Error('broker down');
        return [{ partition: 0, high: '5' }];
      },
      { dashboard: { offsets: () => ({ '0': '1' }) } },
    );
    web = await startLocalWebApp({ metrics });
    const lag = async () =>
      sample(
        (await web?.app.inject({ method: 'GET', url: '/metrics' }))?.body ?? '',
        'council_posts_projection_lag_messages{projection="dashboard"}',
      );
    expect(await lag()).toBe(4);
    brokerUp = false;
    expect(await lag()).toBeUndefined();
  });
});
