import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Check, Copy, KeyRound } from "~/components/ui/icons";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useResetOnSuccess } from "~/components/forms/use-reset-on-success";
import { metaT, pageTitle } from "~/components/meta";
import {
  Badge,
  Button,
  Card,
  ConfirmDialog,
  DataTable,
  DateTime,
  EmptyState,
  Field,
  Input,
  PageHeader,
  StatusButton,
  type Column,
} from "~/components/ui";
import { db } from "~/db/client.server";
import { answer, defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { say } from "~/lib/words";
import { redirectWithToast } from "~/lib/toast.server";
import {
  ApiKeyInputError,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  type ApiKeySummary,
} from "~/services/api-keys/api-keys.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(metaT(matches)("settings:apiKeys.title"));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "settings:api-keys");
  return { keys: await listApiKeys(db()) };
}

const ApiKeysAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("create"), name: z.string().max(200).default("") }),
    z.object({ intent: z.literal("revoke"), keyId: z.string().uuid("settings:apiKeys.errors.unknown") }),
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
        if (err instanceof ApiKeyInputError)
          return refuse(
            { [err.field]: say(await requestT(request), err.words, err.message) },
            { intent: input.intent },
          );
        throw err;
      }
    case "revoke": {
      const revoked = await revokeApiKey(db(), { id: input.keyId, actor });
      const t = await requestT(request);
      if (!revoked)
        return refuse(
          { keyId: say(t, { key: "settings:apiKeys.errors.gone" }, "This key no longer exists.") },
          { intent: input.intent, target: input.keyId, status: 404 },
        );
      return redirectWithToast("/settings/api-keys", {
        type: "success",
        title: say(t, { key: "settings:apiKeys.toast.revoked", params: { name: revoked.name } }, `Key “${revoked.name}” revoked`),
        description: say(t, { key: "settings:apiKeys.toast.revokedText" }, "Requests with it now get 401."),
      });
    }
  }
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const { t } = useTranslation("settings");
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
      {copied ? t("apiKeys.copied") : t("apiKeys.copy")}
    </Button>
  );
}

type Row = Omit<ApiKeySummary, "createdAt" | "lastUsedAt" | "revokedAt"> & {
  createdAt: Date | string;
  lastUsedAt: Date | string | null;
  revokedAt: Date | string | null;
};

function useColumns(): Column<Row>[] {
  const { t } = useTranslation("settings");
  return [
    {
      key: "name",
      header: t("apiKeys.columns.name"),
      cell: (r) => <span className="font-medium">{r.name}</span>,
    },
    {
      key: "prefix",
      header: t("apiKeys.columns.key"),
      cell: (r) => <code className="text-xs">{r.prefix}…</code>,
    },
    { key: "created", header: t("apiKeys.columns.created"), cell: (r) => <DateTime value={r.createdAt} /> },
    {
      key: "used",
      header: t("apiKeys.columns.used"),
      cell: (r) =>
        r.lastUsedAt ? (
          <DateTime value={r.lastUsedAt} />
        ) : (
          <span className="text-slate-500">{t("apiKeys.never")}</span>
        ),
    },
    {
      key: "status",
      header: t("apiKeys.columns.status"),
      cell: (r) =>
        r.revokedAt ? (
          <span>
            <Badge tone="danger">{t("apiKeys.revoked")}</Badge>{" "}
            <DateTime value={r.revokedAt} className="text-xs text-slate-500" />
          </span>
        ) : (
          <Badge tone="success">{t("apiKeys.active")}</Badge>
        ),
    },
    {
      key: "actions",
      header: <span className="sr-only">{t("apiKeys.columns.actions")}</span>,
      align: "right",
      cell: (r) =>
        r.revokedAt ? null : (
          <ConfirmDialog
            trigger={
              <Button variant="secondary" size="sm">
                {t("apiKeys.revoke.button")}
              </Button>
            }
            title={t("apiKeys.revoke.title", { name: r.name })}
            description={t("apiKeys.revoke.description", { prefix: r.prefix })}
            confirmLabel={t("apiKeys.revoke.confirm")}
            danger
            intent="revoke"
            hidden={{ keyId: r.id }}
          />
        ),
    },
  ];
}

export default function ApiKeysSettings() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : undefined;
  const created = result?.ok ? result.result : undefined;
  const { t } = useTranslation("settings");
  const columns = useColumns();
  const formRef = useResetOnSuccess("create", !!errors);
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("apiKeys.title")}
        description={
          <Trans
            t={t}
            i18nKey="apiKeys.description"
            // why the header is the component's own text, not a {{value}}: Trans parses interpolated
            // values as markup, so "<key>" became a tag (and a stray "</key>" swallowed the full stop).
            components={{
              path: <code className="font-mono text-[0.8125rem]" />,
              header: <code className="font-mono text-[0.8125rem] whitespace-nowrap">{"Authorization: Bearer <key>"}</code>,
            }}
          />
        }
      />
      {created ? (
        <Card
          title={t("apiKeys.created.title", { name: created.name })}
          description={t("apiKeys.created.description")}
        >
          <div className="flex flex-wrap items-center gap-3">
            <code className="rounded bg-slate-100 px-2 py-1 text-sm break-all" data-testid="new-api-key">
              {created.key}
            </code>
            <CopyButton text={created.key} />
          </div>
        </Card>
      ) : null}
      <Card title={t("apiKeys.create.title")}>
        <Form method="post" ref={formRef} className="flex flex-wrap items-end gap-3">
          <Field
            label={t("apiKeys.create.name")}
            hint={t("apiKeys.create.nameHint")}
            error={errors?.name}
            className="min-w-64 flex-1"
          >
            <Input name="name" maxLength={60} required autoComplete="off" />
          </Field>
          <StatusButton intent="create">{t("apiKeys.create.submit")}</StatusButton>
        </Form>
      </Card>
      <Card title={t("apiKeys.keys")}>
        <DataTable<Row>
          columns={columns}
          rows={keys as Row[]}
          rowKey={(r) => r.id}
          caption={t("apiKeys.caption")}
          empty={
            <EmptyState icon={KeyRound} title={t("apiKeys.empty")}>
              {t("apiKeys.emptyText")}
            </EmptyState>
          }
        />
      </Card>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
