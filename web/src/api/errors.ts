import type { ApiProblem, ErrorItem } from './client';

/**
 * Puts each error of a refused request next to the field it is about. The API names the field
 * in its description with the request path ("customerInfo.primaryEmail …",
 * "provisioningParameters.calling.location.address.city …") and some codes are about one field
 * only (6002: externalId). Errors no rule claims stay for the form-level message.
 */
export type FieldRule = {
  field: string;
  /** Request paths that name the field in a description; the longest match wins. */
  paths?: string[];
  /** Codes that belong to the field; with `paths`, both must match. */
  codes?: number[];
};

export type FieldErrors = Record<string, ErrorItem[]>;
export type Assigned = { byField: FieldErrors; rest: ErrorItem[] };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The path as a whole word: not part of a longer path or identifier on either side. */
function mentions(description: string, path: string): boolean {
  return new RegExp(`(^|[^\\w.])${escape(path)}(?![\\w])`).test(description);
}

export function assignErrors(errors: ErrorItem[], rules: FieldRule[]): Assigned {
  const byField: FieldErrors = {};
  const rest: ErrorItem[] = [];
  for (const e of errors) {
    let best: { field: string; weight: number } | null = null;
    for (const rule of rules) {
      if (rule.codes && !rule.codes.includes(e.errorCode)) continue;
      let weight: number;
      if (rule.paths) {
        const hit = rule.paths.filter((p) => mentions(e.description, p)).sort((a, b) => b.length - a.length)[0];
        if (hit === undefined) continue;
        weight = hit.length + (rule.codes ? 1000 : 0);
      } else if (rule.codes) {
        weight = 0.5;
      } else {
        continue;
      }
      if (!best || weight > best.weight) best = { field: rule.field, weight };
    }
    if (best) (byField[best.field] ??= []).push(e);
    else rest.push(e);
  }
  return { byField, rest };
}

export function assignProblem(problem: ApiProblem | null, rules: FieldRule[]): Assigned {
  return problem ? assignErrors(problem.errors, rules) : { byField: {}, rest: [] };
}
