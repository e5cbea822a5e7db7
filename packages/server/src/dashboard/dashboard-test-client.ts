// A browser's side of the dashboard over plain HTTP, for tests: signs in,
// keeps the session cookie, and posts forms with the page's CSRF token.

export type Answer = { status: number; text: string; headers: Headers };

export class DashboardClient {
  readonly baseUrl: string;
  cookie: string | undefined;

  constructor(baseUrl: string, cookie?: string) {
    this.baseUrl = baseUrl;
    this.cookie = cookie;
  }

  static async signIn(baseUrl: string, email: string, password: string): Promise<DashboardClient> {
    const client = new DashboardClient(baseUrl);
    const answer = await client.form("/dashboard/login", { email, password }, { csrf: false });
    if (answer.status !== 303) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
    return client;
  }

  async get(path: string, accept = "text/html"): Promise<Answer> {
    return this.#send(path, { method: "GET", headers: { accept } });
  }

  /** The synchronizer token of the signed-in session, as any page carries it. */
  async csrf(): Promise<string> {
    const page = await this.get("/dashboard/api-keys");
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error("no CSRF token on the page");
    return token;
  }

  async form(
    path: string,
    fields: Record<string, string | readonly string[]>,
    options: { csrf?: boolean | string; origin?: string } = {},
  ): Promise<Answer> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const v of typeof value === "string" ? [value] : value) body.append(name, v);
    }
    if (options.csrf !== false)
      body.set("_csrf", typeof options.csrf === "string" ? options.csrf : await this.csrf());
    return this.#send(path, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "text/html",
        ...(options.origin ? { origin: options.origin } : {}),
      },
      body: body.toString(),
    });
  }

  async #send(path: string, init: RequestInit): Promise<Answer> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair = ""] = set.split(";");
      if (/^(__Host-)?smspay_session=/.test(pair))
        this.cookie = pair.endsWith("=") ? undefined : pair;
    }
    return { status: res.status, text: await res.text(), headers: res.headers };
  }
}
