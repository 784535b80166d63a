/**
 * One call to the GoPay sandbox's control API (`/_sandbox/…`, see sandbox/README.md): GET without a
 * body, POST with one (or `method`). Throws with the sandbox's own answer when it refuses.
 * Shared by the integration helpers and the e2e support code (no test-runner imports here).
 */
export async function sandboxControl<T = unknown>(baseUrl: string, path: string, body?: unknown, method?: string): Promise<T> {
  const res = await fetch(`${baseUrl}/_sandbox${path}`, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
