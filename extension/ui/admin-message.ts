/**
 * @module Proxy messages in the words of the form an admin used. The proxy's 400s are written for API
 * callers ('Invalid body: "allocation" 20000 is above the org's daily limit…'); the panel shows them
 * under the field the admin touched, named as the form names it, with numbers grouped by Intl.
 */
import { formatCount } from './format';

const PREFIX = /^Invalid (?:body|query): /;

/** Groups the digits of whole numbers ("20000" → "20,000"); ids, versions, dates and times stay as they are. */
export function groupNumbers(text: string): string {
  return text.replace(/(?<![\w.:/-])\d{4,}(?![\w:/-]|\.\d)/g, (n) => formatCount(Number(n)));
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The proxy's message for a request made from a form: each `"field"` it names becomes the form's label
 * for it, the "Invalid body:" prefix goes, numbers are grouped.
 * @example
 *   forForm('Invalid body: "allocation" 20000 is above the limit of 15000.', { allocation: 'The allocation' })
 *   // → 'The allocation 20,000 is above the limit of 15,000.'
 */
export function forForm(message: string, labels: Readonly<Record<string, string>>): string {
  let text = message.replace(PREFIX, '');
  for (const [field, label] of Object.entries(labels))
    text = text.replaceAll(`"${field}"`, label).replaceAll(` ${label}`, ` ${label.toLowerCase()}`);
  return capital(groupNumbers(text.replace(/\s+/g, ' ').trim()));
}

/** True for fetch's own failure: the proxy is not there (Chrome: "Failed to fetch", Firefox: "NetworkError…"). */
export function isUnreachable(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /^Failed to fetch|NetworkError/.test(message);
}

/** `forForm` for a caught error (a ProxyError or a network failure). */
export function errorForForm(err: unknown, labels: Readonly<Record<string, string>>): string {
  // fetch's own words when the proxy is gone mid-action.
  if (isUnreachable(err)) return 'The proxy did not answer. Check that it is running, then try again.';
  return forForm(err instanceof Error ? err.message : String(err), labels);
}

/**
 * What a section that could not load says. With the proxy away, only that it waits: the shell's status
 * banner already says, once, that the proxy is not reachable and how to start it.
 */
export function loadError(err: unknown): string {
  return isUnreachable(err) ? 'Shown when the proxy answers again.' : errorForForm(err, {});
}
