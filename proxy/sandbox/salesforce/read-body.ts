/** @module Reads a JSON request body the way Salesforce rejects bad ones: 400 JSON_PARSER_ERROR with what is wrong. */
import type { Context } from 'hono';
import { SfError } from './sf-format';

export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') {
    throw new SfError(
      400,
      'JSON_PARSER_ERROR',
      'The HTTP entity body is required, but this request has no entity body.',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SfError(
      400,
      'JSON_PARSER_ERROR',
      `Unexpected character in the request body: ${(cause as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SfError(
      400,
      'JSON_PARSER_ERROR',
      'Cannot deserialize the request body: expected a JSON object',
    );
  }
  return value as Record<string, unknown>;
}
