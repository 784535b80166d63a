/** The exact request of one send, as GoPay will receive it (the token left out): method, path, headers, JSON body. */
export function PayloadView({
  payload,
  summary,
  open,
}: {
  payload: { method: string; path: string; headers: Record<string, string>; body: unknown };
  summary: string;
  open?: boolean;
}) {
  const headers = Object.entries(payload.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
  return (
    <details className="group" open={open}>
      <summary className="cursor-pointer text-xs font-medium text-brand-700 hover:underline">
        {summary}
      </summary>
      <pre className="mt-1 max-w-full overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
        <code>{`${payload.method} ${payload.path}\n${headers}\n\n${JSON.stringify(payload.body, null, 2)}`}</code>
      </pre>
    </details>
  );
}
