import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Check, Copy, KeyRound } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
import { Badge, Button, Card, ConfirmDialog, DataTable, DateTime, EmptyState, Field, Input, PageHeader, StatusButton, type Column } from "~/components/ui";
import { db } from "~/db/client.server";
import { redirectWithToast } from "~/lib/toast.server";
import { ApiKeyInputError, createApiKey, listApiKeys, revokeApiKey, type ApiKeySummary } from "~/services/api-keys/api-keys.server";

export const meta: MetaFunction = () => pageTitle("API keys");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "settings:api-keys");
  return { keys: await listApiKeys(db()) };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().default("") }),
  z.object({ intent: z.literal("revoke"), keyId: z.string().uuid("Unknown key.") }),
]);

type ActionData = { ok: false; errors: Record<string, string> } | { ok: true; created: { key: string; name: string; prefix: string } };

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireStaff(request, "settings:api-keys");
  const form = Object.fromEntries(await request.formData());
  if (form.intent !== "create" && form.intent !== "revoke") throw new Response(`Unknown intent "${String(form.intent ?? "")}".`, { status: 400 });
  const parsed = Intent.safeParse(form);
  if (!parsed.success) return data<ActionData>({ ok: false, errors: { keyId: "Unknown key." } }, { status: 400 });
  const actor = { id: me.id, email: me.email };
  if (parsed.data.intent === "create") {
    try {
      const { key, row } = await createApiKey(db(), { name: parsed.data.name, actor });
      // Answered as data, not a redirect: this response is the only place the key ever appears.
      return data<ActionData>({ ok: true, created: { key, name: row.name, prefix: row.prefix } }, { headers: { "Cache-Control": "no-store" } });
    } catch (err) {
      if (err instanceof ApiKeyInputError) return data<ActionData>({ ok: false, errors: { [err.field]: err.message } }, { status: 400 });
      throw err;
    }
  }
  const revoked = await revokeApiKey(db(), { id: parsed.data.keyId, actor });
  if (!revoked) return data<ActionData>({ ok: false, errors: { keyId: "This key no longer exists." } }, { status: 404 });
  return redirectWithToast("/settings/api-keys", { type: "success", title: `Key “${revoked.name}” revoked`, description: "Requests with it now get 401." });
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      variant="secondary"
      size="sm"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
      aria-live="polite"
    >
      {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
      {copied ? "Copied" : "Copy key"}
    </Button>
  );
}

type Row = Omit<ApiKeySummary, "createdAt" | "lastUsedAt" | "revokedAt"> & { createdAt: Date | string; lastUsedAt: Date | string | null; revokedAt: Date | string | null };

const columns: Column<Row>[] = [
  { key: "name", header: "Name", cell: (r) => <span className="font-medium">{r.name}</span> },
  { key: "prefix", header: "Key", cell: (r) => <code className="text-xs">{r.prefix}…</code> },
  { key: "created", header: "Created", cell: (r) => <DateTime value={r.createdAt} /> },
  { key: "used", header: "Last used", cell: (r) => (r.lastUsedAt ? <DateTime value={r.lastUsedAt} /> : <span className="text-slate-500">Never</span>) },
  {
    key: "status",
    header: "Status",
    cell: (r) =>
      r.revokedAt ? (
        <span>
          <Badge tone="danger">Revoked</Badge> <DateTime value={r.revokedAt} className="text-xs text-slate-500" />
        </span>
      ) : (
        <Badge tone="success">Active</Badge>
      ),
  },
  {
    key: "actions",
    header: <span className="sr-only">Actions</span>,
    align: "right",
    cell: (r) =>
      r.revokedAt ? null : (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm">
              Revoke
            </Button>
          }
          title={`Revoke “${r.name}”?`}
          description={`Every request signed with ${r.prefix}… gets 401 from now on. This cannot be undone; create a new key if the system still needs access.`}
          confirmLabel="Revoke key"
          danger
          intent="revoke"
          hidden={{ keyId: r.id }}
        />
      ),
  },
];

export default function ApiKeysSettings() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const errors = result && !result.ok ? result.errors : undefined;
  return (
    <div className="space-y-6">
      <PageHeader title="API keys" description="Keys let the merchant's systems call Loket's JSON API (/api/v1/…) with `Authorization: Bearer <key>`." />
      {result?.ok ? (
        <Card title={`Key “${result.created.name}” created`} description="Copy it now: Loket stores only a hash and will never show it again.">
          <div className="flex flex-wrap items-center gap-3">
            <code className="rounded bg-slate-100 px-2 py-1 text-sm break-all" data-testid="new-api-key">
              {result.created.key}
            </code>
            <CopyButton text={result.created.key} />
          </div>
        </Card>
      ) : null}
      <Card title="Create a key">
        <Form method="post" className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="create" />
          <Field label="Name" hint="Which system uses it, e.g. “Checkout backend”." error={errors?.name} className="min-w-64 flex-1">
            <Input name="name" maxLength={60} required autoComplete="off" />
          </Field>
          <StatusButton intent="create">
            Create key
          </StatusButton>
        </Form>
      </Card>
      <Card title="Keys">
        <DataTable<Row>
          columns={columns}
          rows={keys as Row[]}
          rowKey={(r) => r.id}
          caption="API keys"
          empty={
            <EmptyState icon={KeyRound} title="No API keys yet">
              Create one above to let a system call the merchant API.
            </EmptyState>
          }
        />
      </Card>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
