import { data } from "@remix-run/node";
import type { z, ZodError } from "zod";
import { forbidden, requireStaff } from "~/auth/guard.server";
import { can, type Permission } from "~/auth/permissions";
import type { CurrentStaff } from "~/auth/session.server";
import type { ActionData, FieldErrors } from "./action-data";
import type { MoneyOutcome } from "./outcome";
import { redirectWithToast } from "./toast.server";

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
  if (!needed.some((p) => can(staff.role, p))) throw forbidden(needed.join(" or "));
  const fields = formFields(await request.formData());
  // A hidden `intent` and a submit button named `intent` with the same value is one intent.
  if (Array.isArray(fields.intent) && new Set(fields.intent).size === 1) fields.intent = fields.intent[0]!;
  const intent = typeof fields.intent === "string" ? fields.intent : "";
  if (!Object.hasOwn(spec.permissions, intent)) throw new Response(`Unknown intent "${intent.slice(0, 60)}".`, { status: 400 });
  const permission = (spec.permissions as Record<string, Permission>)[intent]!;
  if (!can(staff.role, permission)) throw forbidden(permission);
  const parsed = spec.schema.safeParse(fields);
  if (!parsed.success) {
    const target = opts.target && typeof fields[opts.target] === "string" ? (fields[opts.target] as string) : undefined;
    return { ok: false, staff, reply: refuse(zodFieldErrors(parsed.error), { intent, target }) };
  }
  return { ok: true, staff, input: parsed.data as z.output<S> };
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
  const parsed = schema.safeParse(fields);
  if (!parsed.success) return { ok: false, reply: refuse(zodFieldErrors(parsed.error), { values }), values };
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

/** zod's first message per field, keyed by the field's name ("form" when the issue names none). */
export function zodFieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
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
export function replyOutcome(outcome: MoneyOutcome, opts: { to: string; intent?: string }): Response | Reply {
  switch (outcome.status) {
    case "refused":
      return refuse({ [outcome.field]: outcome.message }, { intent: opts.intent, repeat: outcome.repeat === true });
    case "succeeded":
      return redirectWithToast(opts.to, { type: "success", title: outcome.title, description: outcome.description });
    case "failed":
      return redirectWithToast(opts.to, { type: "error", title: outcome.title, description: outcome.description });
    case "unknown":
    case "awaiting_approval":
      return redirectWithToast(opts.to, { type: "info", title: outcome.title, description: outcome.description });
  }
}
