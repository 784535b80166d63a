import { z } from "zod";
import { TEMPLATE_KINDS, TEMPLATE_PARAM_TYPES, type TemplateParamDef } from "~db/schema/campaign-templates";

/**
 * The template form (browser-safe): the name exactly as registered with GoPay, the kind, and the
 * parameters as parallel repeated fields (paramName, paramType, paramMin, paramMax, paramLabel —
 * one of each per row, in order), so a plain HTML form can add and remove rows.
 */
export const TEMPLATE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
export const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;
/** GoPay's own ceiling for a parameter value we know of: a push body; longer limits are a typo. */
export const MAX_PARAM_LENGTH = 1000;
export const MAX_PARAMS = 20;

const list = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()));

export const templateFields = {
  name: z.string().trim().min(1).max(100).regex(TEMPLATE_NAME, "campaigns:build.templates.errors.name"),
  kind: z.enum(TEMPLATE_KINDS),
  description: z.string().trim().max(2000).optional().default(""),
  paramName: list,
  paramType: list,
  paramMin: list,
  paramMax: list,
  paramLabel: list,
};

export type TemplateFormInput = {
  name: string;
  kind: (typeof TEMPLATE_KINDS)[number];
  description: string;
} & {
  paramName: string[];
  paramType: string[];
  paramMin: string[];
  paramMax: string[];
  paramLabel: string[];
};

/** A field error keyed like the form: `params` for the whole list, `params.2` for a row. */
export type ParamRowsResult =
  | { ok: true; params: TemplateParamDef[] }
  | { ok: false; field: string; key: string; params?: Record<string, string | number> };

/** The parameter rows as definitions; blank rows (no name, no limits) are dropped. */
export function readParamRows(
  input: Pick<TemplateFormInput, "paramName" | "paramType" | "paramMin" | "paramMax" | "paramLabel">,
): ParamRowsResult {
  const params: TemplateParamDef[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < input.paramName.length; i++) {
    const name = (input.paramName[i] ?? "").trim();
    const minText = (input.paramMin[i] ?? "").trim();
    const maxText = (input.paramMax[i] ?? "").trim();
    const label = (input.paramLabel[i] ?? "").trim();
    if (!name && !minText && !maxText && !label) continue;
    const field = `params.${i}`;
    if (!PARAM_NAME.test(name))
      return { ok: false, field, key: "campaigns:build.templates.errors.paramName" };
    if (seen.has(name))
      return { ok: false, field, key: "campaigns:build.templates.errors.paramDuplicate", params: { name } };
    seen.add(name);
    const type = (input.paramType[i] ?? "text") as TemplateParamDef["type"];
    if (!TEMPLATE_PARAM_TYPES.includes(type))
      return { ok: false, field, key: "campaigns:build.templates.errors.paramType" };
    const min = minText === "" ? 1 : Number(minText);
    const max = maxText === "" ? NaN : Number(maxText);
    if (
      !Number.isInteger(min) ||
      !Number.isInteger(max) ||
      min < 0 ||
      max < 1 ||
      min > max ||
      max > MAX_PARAM_LENGTH
    )
      return {
        ok: false,
        field,
        key: "campaigns:build.templates.errors.paramLimits",
        params: { max: MAX_PARAM_LENGTH },
      };
    params.push({ name, type, min, max, ...(label ? { label: label.slice(0, 100) } : {}) });
  }
  if (params.length === 0)
    return { ok: false, field: "params", key: "campaigns:build.templates.errors.noParams" };
  if (params.length > MAX_PARAMS)
    return {
      ok: false,
      field: "params",
      key: "campaigns:build.templates.errors.tooManyParams",
      params: { max: MAX_PARAMS },
    };
  return { ok: true, params };
}
