/** @module Turns a zod failure into one 400 whose message names each field and what it accepts. */
import type { z } from 'zod';
import { badRequest } from './api-http-error';

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  const field = path ? `"${path}"` : 'the input';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
    case 'invalid_value':
      return `${field} must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      // zod leaves the input out of issues; its default message says "received undefined" for a missing field.
      return /received undefined/.test(issue.message) ? `${field} is required` : `${field} ${issue.message}`;
    default:
      return `${field} ${issue.message}`;
  }
}

/**
 * Parses `value` with `schema`, or throws a 400 `bad_request` listing every problem.
 * @example parseInput(querySchema, c.req.query(), 'query') // → typed query, or 400 "Invalid query: "limit": …"
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'query' | 'body',
): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw badRequest(`Invalid ${where}: ${parsed.error.issues.map(describeIssue).join('; ')}.`);
}

/** Reads a JSON body, or throws a 400 saying the body must be JSON. */
export async function readJson(req: { json(): Promise<unknown> }): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw badRequest('The body must be JSON (content-type: application/json).');
  }
}
