/** @module Turns a zod failure into one 400 whose message names each field and what it accepts. */
import type { z } from 'zod';
import { badRequest } from './api-http-error';

type Where = 'query' | 'body';

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** `errorIds[3]`, `filter.category`: the path as a caller would write it. */
function fieldName(path: PropertyKey[], where: Where): string {
  if (!path.length) return where === 'body' ? 'the body' : 'the query';
  return `"${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('')}"`;
}

function describeIssue(issue: z.core.$ZodIssue, where: Where): string {
  const field = fieldName(issue.path, where);
  // parseInput asks zod to report the input, so a missing field can be told from a wrong one.
  const missing = 'input' in issue && issue.input === undefined && issue.path.length > 0;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
    case 'invalid_value':
      return `${field} ${missing ? 'is required: ' : 'must be '}one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      if (missing) return `${field} is required`;
      // A schema's own message (`.int('must be a whole number')`) says it better than the type name.
      if (!/^Invalid input/.test(issue.message)) return `${field} ${issue.message}`;
      return `${field} must be ${article(issue.expected === 'object' && !issue.path.length ? 'JSON object' : issue.expected)}`;
    case 'too_small':
    case 'too_big': {
      // Schemas that say it better pass their own message; zod's default reads "Too small: expected …".
      if (!/^Too (small|big)/.test(issue.message)) return `${field} ${issue.message}`;
      if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1)
        return `${field} must not be empty`;
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return `${field} must be ${bound}${unit}`;
    }
    default:
      return `${field} ${issue.message}`;
  }
}

/**
 * Parses `value` with `schema`, or throws a 400 `bad_request` listing every problem.
 * @example parseInput(querySchema, c.req.query(), 'query') // → typed query, or 400 "Invalid query: "limit" …"
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: Where): z.infer<S> {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw badRequest(
    `Invalid ${where}: ${parsed.error.issues.map((i) => describeIssue(i, where)).join('; ')}.`,
  );
}

/** Reads a JSON body, or throws a 400 saying the body must be JSON. */
export async function readJson(req: { json(): Promise<unknown> }): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw badRequest('The body must be JSON (content-type: application/json).');
  }
}
