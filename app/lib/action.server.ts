import { data } from "@remix-run/node";
import { defaultErrorMap, type z, type ZodError, type ZodErrorMap, type ZodIssue } from "zod";
import { getLanguage, sharedI18n, type i18nServer } from "~/i18n/i18n.server";
import { forbidden, requireStaff } from "~/auth/guard.server";
import { can, type Permission } from "~/auth/permissions";
import type { CurrentStaff } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { logger, safeError } from "~/lib/logger.server";
import { auditRefusal } from "~/services/audit-refusals.server";
import type { ActionData, FieldErrors } from "./action-data";
import type { MoneyOutcome } from "./outcome";
import { redirectWithToast } from "./toast.server";
import { KEY_MESSAGE, say } from "./words";

/** A `t` in the language this request is answered in (staff setting → cookie → Accept-Language → id). */
export type RequestT = Awaited<ReturnType<typeof i18nServer.getFixedT>>;
export async function requestT(request: Request): Promise<RequestT> {
  // As i18nServer.getFixedT(request), on the language's shared instance instead of a new one per call.
  const lng = await getLanguage(request);
  return (await sharedI18n(lng)).getFixedT(lng) as RequestT;
}

/**
 * One way to write an action (docs/decisions/0003-one-way-to-write-an-action.md):
 *
 *   const OrderAction = defineAction(z.discriminatedUnion("intent", [...]), { refund: "orders:refund", ... });
 *   export async function action({ request }: ActionFunctionArgs) {
 *     const parsed = await parseAction(request, OrderAction);
 *     if (!parsed.ok) return parsed.reply;               // 400 with field errors
 *     switch (parsed.input.intent) { ... }                // exhaustive; each case calls a service
 *   }
 *
 * parseAction checks the session (and same origin) BEFORE reading the body, refuses a role that
 * can use none of the route's intents (403), answers an unknown intent with 400, checks the
 * intent's own permission (403), then parses the fields with zod (400 with field errors).
 */
export type IntentSchema = z.ZodDiscriminatedUnion<"intent", z.ZodDiscriminatedUnionOption<"intent">[]>;
export type IntentOf<S extends IntentSchema> = Extract<z.infer<S>["intent"], string>;
/** Every intent names its permission: a new intent without one does not compile. */
export type IntentPermissions<S extends IntentSchema> = { readonly [K in IntentOf<S>]: Permission };

export interface ActionSpec<S extends IntentSchema> {
  schema: S;
  permissions: IntentPermissions<S>;
}

export function defineAction<S extends IntentSchema>(schema: S, permissions: IntentPermissions<S>): ActionSpec<S> {
  return { schema, permissions };
}

/** A refusal carries no result: `never` lets a page infer `result` from its success answers alone. */
export type Reply = ReturnType<typeof data<ActionData<never>>>;

export type ParsedAction<S extends IntentSchema> =
  | { ok: true; staff: CurrentStaff; input: z.output<S> }
  | { ok: false; staff: CurrentStaff; reply: Reply };

export async function parseAction<S extends IntentSchema>(
  request: Request,
  spec: ActionSpec<S>,
  opts: { /** the field naming the row a refusal belongs to (see ActionData.target) */ target?: string } = {},
): Promise<ParsedAction<S>> {
  // Who is asking comes first: a signed-out or unpermitted caller never gets its body read.
  const staff = await requireStaff(request);
  const needed = [...new Set(Object.values(spec.permissions) as Permission[])];
  if (!needed.some((p) => can(staff.role, p))) throw await refused(request, staff, needed.join(" or "));
  const fields = formFields(await request.formData());
  // A hidden `intent` and a submit button named `intent` with the same value is one intent.
  if (Array.isArray(fields.intent) && new Set(fields.intent).size === 1) fields.intent = fields.intent[0]!;
  const intent = typeof fields.intent === "string" ? fields.intent : "";
  if (!Object.hasOwn(spec.permissions, intent)) throw new Response(`Unknown intent "${intent.slice(0, 60)}".`, { status: 400 });
  const permission = (spec.permissions as Record<string, Permission>)[intent]!;
  if (!can(staff.role, permission)) throw await refused(request, staff, permission, intent);
  const t = await requestT(request);
  const parsed = spec.schema.safeParse(fields, { errorMap: zodErrorMap(t) });
  if (!parsed.success) {
    const target = opts.target && typeof fields[opts.target] === "string" ? (fields[opts.target] as string) : undefined;
    return { ok: false, staff, reply: refuse(zodFieldErrors(parsed.error, t), { intent, target }) };
  }
  return { ok: true, staff, input: parsed.data as z.output<S> };
}

/**
 * A 403 for a missing permission, audited first (access.denied; one row per staff × permission ×
 * minute, see audit-refusals.server.ts). The refusal stands even if the audit write fails.
 */
async function refused(request: Request, staff: CurrentStaff, permission: string, intent?: string): Promise<Response> {
  try {
    await auditRefusal(db(), { actor: { id: staff.id, email: staff.email }, permission, route: new URL(request.url).pathname, method: request.method, intent });
  } catch (err) {
    logger().error({ err: safeError(err), permission }, "could not audit a refused action");
  }
  return forbidden(permission);
}

/**
 * The same parsing for a form that needs no session (sign-in): same origin is the caller's check.
 * Field errors come back in the one ActionData shape.
 */
export async function parseForm<S extends z.ZodTypeAny>(
  request: Request,
  schema: S,
  opts: { /** text fields to send back with a refusal (ActionData.values), never a password */ echo?: string[] } = {},
): Promise<{ ok: true; input: z.output<S>; values: Record<string, string> } | { ok: false; reply: Reply; values: Record<string, string> }> {
  const fields = formFields(await request.formData());
  const values: Record<string, string> = {};
  for (const name of opts.echo ?? []) if (typeof fields[name] === "string") values[name] = (fields[name] as string).slice(0, 1000);
  const t = await requestT(request);
  const parsed = schema.safeParse(fields, { errorMap: zodErrorMap(t) });
  if (!parsed.success) return { ok: false, reply: refuse(zodFieldErrors(parsed.error, t), { values }), values };
  return { ok: true, input: parsed.data as z.output<S>, values };
}

type FormValue = string | string[];

/** Text fields of a form; a repeated name becomes an array; uploaded files are dropped. */
export function formFields(form: FormData): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== "string") continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * zod's first message per field, keyed by the field's name ("form" when the issue names none).
 * With a `t`, each message is said in its language: a custom issue's `params.i18n` key (the money
 * parser), a message written as a key ("approvals:errors.stale"), else the message as it is.
 */
export function zodFieldErrors(error: ZodError, t?: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= t ? issueMessage(issue, t) : issue.message;
  }
  return out;
}

function issueMessage(issue: ZodIssue, t: unknown): string {
  if (issue.code === "custom" && typeof issue.params?.i18n === "string") {
    const { i18n, ...params } = issue.params as { i18n: string } & Record<string, string | number>;
    return say(t, { key: i18n, params }, issue.message);
  }
  if (KEY_MESSAGE.test(issue.message)) return say(t, { key: issue.message }, issue.message);
  return issue.message;
}

/**
 * zod's own messages (a schema that names none) in the request's language. zod 3 asks a
 * contextual map (this one, given to safeParse) LAST, after the schema's own (`z.enum(X, {
 * message })`, `required_error`…), and takes its answer: so a message the schema chose arrives
 * here as ctx.defaultError, differing from zod's default sentence, and is kept as it is.
 */
export function zodErrorMap(t: unknown): ZodErrorMap {
  return (issue, ctx) => {
    if (ctx.defaultError !== defaultErrorMap(issue, { data: ctx.data, defaultError: "" }).message) return { message: ctx.defaultError };
    const w = (key: string, params?: Record<string, string | number>) => ({ message: say(t, { key, params }, ctx.defaultError) });
    switch (issue.code) {
      case "invalid_type":
        return issue.received === "undefined" ? w("common:zod.required") : w("common:zod.invalid");
      case "too_small":
        return issue.type === "string" ? (Number(issue.minimum) <= 1 ? w("common:zod.required") : w("common:zod.tooShort", { min: Number(issue.minimum) })) : w("common:zod.invalid");
      case "too_big":
        return issue.type === "string" ? w("common:zod.tooLong", { max: Number(issue.maximum) }) : w("common:zod.invalid");
      case "invalid_string":
        return issue.validation === "email" ? w("common:zod.email") : w("common:zod.invalid");
      case "invalid_enum_value":
      case "invalid_literal":
      case "invalid_union_discriminator":
        return w("common:zod.choose");
      default:
        return { message: ctx.defaultError };
    }
  };
}

/** A refusal: 400 with the messages at their fields. */
export function refuse(
  errors: FieldErrors,
  opts: { intent?: string; target?: string; values?: Record<string, string>; repeat?: boolean; status?: number } = {},
): Reply {
  const body: ActionData<never> = { ok: false, intent: opts.intent, errors };
  if (opts.values) body.values = opts.values;
  if (opts.target !== undefined) body.target = opts.target;
  if (opts.repeat) body.repeat = true;
  return data<ActionData<never>>(body, { status: opts.status ?? 400 });
}

/** A 200 answer that carries something to show once (no redirect: the page must render it). */
export function answer<R>(result: R, opts: { intent?: string; target?: string } = {}) {
  // no-store: what is shown once (a password, a key) must not sit in a cache.
  return data<ActionData<R>>({ ok: true, intent: opts.intent, target: opts.target, result }, { headers: { "Cache-Control": "no-store" } });
}

/**
 * The one mapping of a money outcome to an answer. Refused: nothing happened → 400 at the field,
 * the dialog stays open. Everything else was executed (or is waiting for someone) → a toast and a
 * redirect to `to`, so the page reloads the state it changed.
 */
export function replyOutcome(outcome: MoneyOutcome, opts: { to: string; intent?: string; /** the request's language (requestT) */ t?: unknown }): Response | Reply {
  const w = outcome.words;
  const t = opts.t;
  if (outcome.status === "refused") {
    const message = t ? say(t, w?.message, outcome.message) : outcome.message;
    return refuse({ [outcome.field]: message }, { intent: opts.intent, repeat: outcome.repeat === true });
  }
  const title = t ? say(t, w?.title, outcome.title) : outcome.title;
  const description = t ? say(t, w?.description, outcome.description) : outcome.description;
  switch (outcome.status) {
    case "succeeded":
      return redirectWithToast(opts.to, { type: "success", title, description });
    case "failed":
      return redirectWithToast(opts.to, { type: "error", title, description });
    case "unknown":
    case "awaiting_approval":
      return redirectWithToast(opts.to, { type: "info", title, description });
  }
}
