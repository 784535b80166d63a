/**
 * The sandbox's control API (`/_sandbox/…`), used by the seed to play the customers and GoPay
 * (pay, decline, expire, link, unbind). Never used by Loket's own code paths.
 */
export interface SandboxControl {
  waitUntilUp(timeoutMs?: number): Promise<void>;
  get<T>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
}

export function sandboxControl(base: string): SandboxControl {
  const call = async <T>(method: "GET" | "POST", p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/_sandbox${p}`, {
      method,
      headers: { "content-type": "application/json" },
      body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
    });
    if (!res.ok) throw new Error(`sandbox ${method} ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    async waitUntilUp(timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        try {
          if ((await fetch(`${base}/_sandbox/state`)).ok) return;
        } catch {
          /* not up yet */
        }
        if (Date.now() > until) throw new Error(`sandbox at ${base} did not answer within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    get: (p) => call("GET", p),
    post: (p, body) => call("POST", p, body),
  };
}
