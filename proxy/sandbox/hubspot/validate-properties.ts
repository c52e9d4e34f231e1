/** @module Checks written property values against the portal's definitions, as HubSpot does. */
import type { PortalErrorDetail } from './portal-error';
import type { PortalProperty } from './property-definitions';

// HubSpot's own email check is lenient but rejects anything without local@domain.tld.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function detail(code: string, name: string, message: string): PortalErrorDetail {
  return { code, message, context: { propertyName: [name] } };
}

/**
 * Every problem with `properties` against `definitions`; empty when the write is valid.
 * Null or "" clears a value and is always allowed for writable properties.
 */
export function validateProperties(
  definitions: PortalProperty[],
  properties: Record<string, unknown>,
): PortalErrorDetail[] {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const problems: PortalErrorDetail[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    const def = byName.get(name);
    if (!def) {
      problems.push(detail('PROPERTY_DOESNT_EXIST', name, `Property "${name}" does not exist`));
      continue;
    }
    if (def.modificationMetadata?.readOnlyValue) {
      problems.push(
        detail('READ_ONLY_VALUE', name, `"${name}" is a read only property; its value cannot be set.`),
      );
      continue;
    }
    if (raw === null || raw === '') continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      problems.push(detail('INVALID_VALUE', name, `Property "${name}" must be a string, number or boolean`));
      continue;
    }
    const value = String(raw);
    if (def.type === 'enumeration') {
      const allowed = (def.options ?? []).map((o) => o.value);
      if (!allowed.includes(value)) {
        problems.push(
          detail(
            'INVALID_OPTION',
            name,
            `${value} was not one of the allowed options: [${allowed.join(', ')}]`,
          ),
        );
      }
    } else if (def.type === 'number' && !Number.isFinite(Number(value))) {
      problems.push(detail('INVALID_INTEGER', name, `${value} is not a valid number for "${name}"`));
    } else if ((def.type === 'datetime' || def.type === 'date') && parseTimestamp(value) === null) {
      problems.push(
        detail(
          'INVALID_DATE',
          name,
          `${value} is not a valid date; use epoch milliseconds or an ISO 8601 date`,
        ),
      );
    } else if (name === 'email' && !EMAIL.test(value)) {
      problems.push(detail('INVALID_EMAIL', name, `Email address ${value} is invalid`));
    }
  }
  return problems;
}

/** Epoch milliseconds from "1700000000000" or an ISO date; null when neither. */
/** Searches compare every record's timestamps on every call: parsed values are kept (bounded). */
const parsedTimestamps = new Map<string, number | null>();

export function parseTimestamp(value: string): number | null {
  const known = parsedTimestamps.get(value);
  if (known !== undefined) return known;
  let ms: number | null = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) ms = null;
  if (parsedTimestamps.size >= 100_000) parsedTimestamps.clear();
  parsedTimestamps.set(value, ms);
  return ms;
}

/** HubSpot returns every value as a string; datetimes as ISO 8601. */
export function normaliseValue(def: PortalProperty, raw: unknown): string {
  const value = String(raw);
  if (def.type === 'datetime' || def.type === 'date') return new Date(parseTimestamp(value)!).toISOString();
  return value;
}
