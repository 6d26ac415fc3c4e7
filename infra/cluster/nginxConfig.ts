import { join } from 'node:path';
import type { ClusterLayout } from './clusterLayout.js';

/**
 * nginx in front of the web replicas. Any replica serves any request (sessions, rate limits and the
 * audit log are in PostgreSQL), so plain round robin; a replica that refuses connections or answers
 * 502/503/504 is skipped for 10 s and the request goes to the next one. POSTs are retried on the next
 * replica too (`non_idempotent`): every command carries an Idempotency-Key that is its Temporal
 * Update id, so a command that reached a dying replica has one effect however often it is sent.
 */
export function nginxConfig(layout: ClusterLayout): string {
  const { dir, port } = layout.nginx;
  const upstreams = layout.webs
    .map((web) => `    server ${layout.host}:${web.port} max_fails=1 fail_timeout=10s;`)
    .join('\n');
  const temp = (name: string) => join(dir, 'temp', name);
  return `# Written by infra/cluster/nginxConfig.ts on every start; edit that file, not this one.
daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(layout.logDir, 'nginx-error.log')} warn;

events {
  worker_connections 1024;
}

http {
  access_log off;
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  client_max_body_size 5m;

  upstream council_posts_web {
${upstreams}
    keepalive 16;
  }

  server {
    listen ${layout.host}:${port};

    location / {
      proxy_pass http://council_posts_web;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
      proxy_next_upstream error timeout http_502 http_503 http_504 non_idempotent;
      proxy_next_upstream_tries 2;
    }

    # The dashboard's server-sent events: no buffering, and long reads.
    location /dashboard/events {
      proxy_pass http://council_posts_web;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
`;
}
