/**
 * @module What makes two records "the same" before the sync links them: the match keys per object
 * (contacts by email, companies by website host then exact name) and their normal forms. SOQL literals
 * and LIKE patterns are built by proxy/salesforce/soql.ts.
 */
import type { ObjectMapping } from './default-mapping';

export type MatchKind = 'email' | 'domain' | 'name';

export interface MatchKey {
  kind: MatchKind;
  /** The Salesforce field compared. */
  sf: string;
  /** The CRM property holding the same value (from the mapping). */
  crm: string;
}

/**
 * One run's reads of the Salesforce side's keys, by object and key fields: per key (in `matchKeys`
 * order), each normalized value's record ids.
 */
export type CandidateCache = Map<string, Map<string, string[]>[]>;

/** Keys per Salesforce object, tried in order: a record matched by the first is not looked up by the next. */
const KEYS: Record<string, { kind: MatchKind; sf: string }[]> = {
  Contact: [{ kind: 'email', sf: 'Email' }],
  Account: [
    { kind: 'domain', sf: 'Website' },
    { kind: 'name', sf: 'Name' },
  ],
};

/** The match keys of a mapping whose fields are mapped; none for objects without a natural key (deals). */
export function matchKeys(m: ObjectMapping): MatchKey[] {
  return (KEYS[m.sfObject] ?? []).flatMap((k) => {
    const f = m.fields.find((x) => x.sf === k.sf);
    return f ? [{ ...k, crm: f.crm }] : [];
  });
}

/** The website host: no scheme, port, path or leading "www.", lower case; null when there is none. */
export function hostOf(value: string): string | null {
  const v = value.trim().toLowerCase();
  if (!v) return null;
  const host = v
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .split(/[/?#]/)[0]
    .replace(/:\d+$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return host.includes('.') ? host : null;
}

/** The comparable form of a key value (SOQL compares text case-insensitively, and so do we). */
export function normalizeKey(kind: MatchKind, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (kind === 'domain') return hostOf(value);
  const v = value.trim().toLowerCase();
  if (kind === 'email') return v.includes('@') ? v : null;
  return v || null;
}
