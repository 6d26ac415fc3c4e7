import { z } from 'zod';
import { ApiRefusal, NotSignedIn, ServiceUnreachable } from './errors.js';

/** The API's problem details (RFC 9457), as far as the CLI reads them. */
const problemBody = z.looseObject({
  status: z.number().optional(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

const reasonOfStatus = { 400: 'invalid', 403: 'forbidden', 404: 'not-found', 409: 'conflict' } as const;

export interface ApiRequest {
  body?: unknown;
  /** Every command carries one: a retry with the same key has the first one's effect. */
  idempotencyKey?: string;
}

/**
 * The service's HTTP API as the signed-in person (a personal access token as the bearer), with its
 * answers parsed at the edge and its refusals turned into the CLI's errors.
 */
export class ApiClient {
  constructor(
    readonly url: string,
    private readonly token: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async send<T>(method: string, path: string, schema: z.ZodType<T>, request: ApiRequest = {}): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    let response: Response;
    try {
      response = await this.fetchFn(`${this.url}${path}`, {
        method,
        headers,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
    } catch (error) {
      const why = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ServiceUnreachable(`cannot reach the service at ${this.url} (${why})`);
    }
    const text = await response.text();
    if (!response.ok) throw this.refusal(response, text);
    if (response.status === 204) return schema.parse(null);
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new Error(`the service answered ${method} ${path} with something this tool does not understand`);
    }
    return parsed.data;
  }

  private refusal(response: Response, text: string): Error {
    let body: z.infer<typeof problemBody> = {};
    try {
      body = problemBody.parse(JSON.parse(text));
    } catch {
      // Not a problem document (a proxy's error page): the status says enough.
    }
    const fields = (body.errors ?? []).map((error) => `${error.field}: ${error.message}`).join('; ');
    const detail = [body.detail ?? `${response.status} ${response.statusText}`, fields]
      .filter(Boolean)
      .join(' ');
    if (response.status === 401) {
      return new NotSignedIn(
        `the service at ${this.url} did not accept your token (it may have expired or been revoked): make a new one on its API tokens page and run login again`,
      );
    }
    const reason = reasonOfStatus[response.status as keyof typeof reasonOfStatus];
    if (reason) return new ApiRefusal(reason, detail);
    if (response.status === 429) {
      return new Error(
        `too many requests: ${detail} (try again in ${response.headers.get('retry-after') ?? 60} s)`,
      );
    }
    return new Error(`the service failed (${response.status}): ${detail}`);
  }
}
