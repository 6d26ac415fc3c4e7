/**
 * A person's browser against the cluster's front door (nginx): cookies kept, signed in on the local
 * sign-in page, commands sent to the API with the CSRF token of a page. Each request may land on
 * either web replica, so a journey through it proves the session, the CSRF secret and the rate
 * limits are shared, not held by one process.
 */
export class ClusterBrowser {
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(
    private readonly base: string,
    readonly userId: string,
  ) {}

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const isForm = typeof body === 'string';
    const response = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...headers,
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(body === undefined
          ? {}
          : { 'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json' }),
        ...(method !== 'GET' && this.csrf && !isForm ? { 'x-csrf-token': this.csrf } : {}),
      },
      ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
      signal: AbortSignal.timeout(60_000),
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair = ''] = set.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(text)?.[1];
    if (token) this.csrf = token;
    const retryAfter = response.headers.get('retry-after');
    return {
      status: response.status,
      text,
      /** The answer is the stored first answer to this Idempotency-Key (the IETF draft's marker). */
      replayed: response.headers.get('idempotent-replayed') === 'true',
      json: () => JSON.parse(text) as unknown,
      ...(retryAfter ? { retryAfterSeconds: Number(retryAfter) } : {}),
    };
  }

  async signIn(): Promise<void> {
    await this.send('GET', '/sign-in');
    const form = new URLSearchParams({ _csrf: this.csrf, userId: this.userId }).toString();
    const signedIn = await this.send('POST', '/sign-in', form);
    if (signedIn.status !== 303)
      throw new Error(`sign-in as ${this.userId}: ${signedIn.status} ${signedIn.text}`);
    // Signing in renews the CSRF secret: take the token of a page shown after it.
    await this.send('GET', '/sign-in');
  }
}
