import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Check, Copy, KeyRound } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
import { Badge, Button, Card, ConfirmDialog, DataTable, DateTime, EmptyState, Field, Input, PageHeader, StatusButton, type Column } from "~/components/ui";
import { db } from "~/db/client.server";
import { answer, defineAction, parseAction, refuse } from "~/lib/action.server";
import { redirectWithToast } from "~/lib/toast.server";
import { ApiKeyInputError, createApiKey, listApiKeys, revokeApiKey, type ApiKeySummary } from "~/services/api-keys/api-keys.server";

export const meta: MetaFunction = () => pageTitle("API keys");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "settings:api-keys");
  return { keys: await listApiKeys(db()) };
}

const ApiKeysAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("create"), name: z.string().max(200).default("") }),
    z.object({ intent: z.literal("revoke"), keyId: z.string().uuid("Unknown key.") }),
  ]),
  { create: "settings:api-keys", revoke: "settings:api-keys" },
);

type Created = { key: string; name: string; prefix: string };

export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseAction(request, ApiKeysAction, { target: "keyId" });
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const actor = { id: staff.id, email: staff.email };
  switch (input.intent) {
    case "create":
      try {
        const { key, row } = await createApiKey(db(), { name: input.name, actor });
        // Answered as data, not a redirect: this response is the only place the key ever appears.
        return answer<Created>({ key, name: row.name, prefix: row.prefix }, { intent: input.intent });
      } catch (err) {
        if (err instanceof ApiKeyInputError) return refuse({ [err.field]: err.message }, { intent: input.intent });
        throw err;
      }
    case "revoke": {
      const revoked = await revokeApiKey(db(), { id: input.keyId, actor });
      if (!revoked) return refuse({ keyId: "This key no longer exists." }, { intent: input.intent, target: input.keyId, status: 404 });
      return redirectWithToast("/settings/api-keys", { type: "success", title: `Key “${revoked.name}” revoked`, description: "Requests with it now get 401." });
    }
  }
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
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : undefined;
  const created = result?.ok ? result.result : undefined;
  return (
    <div className="space-y-6">
      <PageHeader title="API keys" description="Keys let the merchant's systems call Loket's JSON API (/api/v1/…) with `Authorization: Bearer <key>`." />
      {created ? (
        <Card title={`Key “${created.name}” created`} description="Copy it now: Loket stores only a hash and will never show it again.">
          <div className="flex flex-wrap items-center gap-3">
            <code className="rounded bg-slate-100 px-2 py-1 text-sm break-all" data-testid="new-api-key">
              {created.key}
            </code>
            <CopyButton text={created.key} />
          </div>
        </Card>
      ) : null}
      <Card title="Create a key">
        <Form method="post" className="flex flex-wrap items-end gap-3">
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
