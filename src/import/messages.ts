/**
 * Locale keys (section `import`) for what can go wrong in an import, so every front door shows the
 * same localized sentence: t(key, vars).
 */
import type { FetchResult } from './fetch';
import type { ImportProblem } from './model';

export interface Message {
  key: string;
  vars: Record<string, string | number>;
}

export function fetchFailureMessage(failure: Extract<FetchResult, { ok: false }>): Message {
  const vars: Record<string, string | number> = {};
  if (failure.status !== undefined) vars.status = failure.status;
  if (failure.maxBytes !== undefined) vars.max = Math.max(1, Math.round(failure.maxBytes / (1024 * 1024)));
  return { key: `import.fetch.${failure.kind}`, vars };
}

export function importProblemMessage(problem: ImportProblem): Message {
  const vars: Record<string, string | number> = { entry: problem.title ?? problem.entry ?? '' };
  if (problem.max !== undefined) vars.max = problem.max;
  return { key: `import.problem.${problem.kind}`, vars };
}
