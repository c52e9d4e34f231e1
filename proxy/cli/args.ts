/** @module Argument helpers shared by the subcommands. */

/** A mistake in how the command was called; printed with exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--port`: a whole number 0-65535 (0 picks a free port). */
export function parsePort(value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(
      `Invalid --port "${value}". Give a whole number from 0 to 65535 (0 picks a free port).`,
    );
  }
  return port;
}
