/** @module Recognises HubSpot and Salesforce record pages (real hosts and the embedded sandbox) from their URL. */
import { objectForId, toId18 } from './salesforce-id';

export type RecordRef = {
  system: 'hubspot' | 'salesforce';
  objectType: string;
  id: string;
  portalId?: string;
};

/** HubSpot's object type ids in record URLs, and the CRM object each stands for. */
export const HUBSPOT_TYPE_IDS: Readonly<Record<string, string>> = {
  '0-1': 'contacts',
  '0-2': 'companies',
  '0-3': 'deals',
  '0-5': 'tickets',
};
const HUBSPOT_LEGACY: Readonly<Record<string, string>> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  ticket: 'tickets',
};

// Anchored on the whole host name so that look-alikes (app.hubspot.com.evil.io, evil-lightning.force.com) fail.
const HUBSPOT_HOST = /^app(?:-[a-z]{2,3}\d+)?\.hubspot\.com$/;
const LIGHTNING_HOST = /^[a-z0-9-]+(?:\.(?:sandbox|scratch|develop|demo))?\.lightning\.force\.com$/;
const CLASSIC_HOST = /^[a-z0-9-]+(?:\.(?:sandbox|scratch|develop|demo))?\.my\.salesforce\.com$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

// A record page and every view inside it: tabs and sub-views (`/view/2`, `/activity`), the record's
// related lists, edit and clone forms. The record in view is the same on all of them.
const HUBSPOT_RECORD = /^\/contacts\/(\d+)\/record\/(0-\d+)\/(\d+)(?:\/[^?#]*)?$/;
const HUBSPOT_LEGACY_RECORD = /^\/contacts\/(\d+)\/(contact|company|deal|ticket)\/(\d+)(?:\/[^?#]*)?$/;
// `/lightning/r/Account/001…/view`, `…/related/Contacts/view`, `…/edit`; `/lightning/r/001…/view` (no object).
const LIGHTNING_RECORD =
  /^\/lightning\/r\/(?:([A-Za-z][A-Za-z0-9_]*)\/)?([A-Za-z0-9]{15,18})\/(?:view|edit|clone|related\/[A-Za-z0-9_]+\/view)\/?$/;
const ONE_APP_PATH = /^\/one\/one\.app\/?$/;
const ONE_APP_HASH = /^#\/sObject\/([A-Za-z0-9]{15,18})(?:\/(?:view|edit|rlName\/[A-Za-z0-9_]+\/view))?\/?$/;
// Classic: `/001…`, its edit form `/001…/e`.
const CLASSIC_RECORD = /^\/([A-Za-z0-9]{15,18})(?:\/e)?\/?$/;

function hubspotRef(path: string): RecordRef | null {
  const m = HUBSPOT_RECORD.exec(path);
  if (m) {
    const objectType = HUBSPOT_TYPE_IDS[m[2]];
    return objectType ? { system: 'hubspot', objectType, id: m[3], portalId: m[1] } : null;
  }
  const legacy = HUBSPOT_LEGACY_RECORD.exec(path);
  if (!legacy) return null;
  return { system: 'hubspot', objectType: HUBSPOT_LEGACY[legacy[2]], id: legacy[3], portalId: legacy[1] };
}

function lightningRef(path: string): RecordRef | null {
  const m = LIGHTNING_RECORD.exec(path);
  if (!m) return null;
  if (!m[1]) return idOnlyRef(m[2]);
  const id = toId18(m[2]);
  return id ? { system: 'salesforce', objectType: m[1], id } : null;
}

/**
 * A record named only by its id: the object comes from the key prefix. An unknown prefix gives null
 * rather than a guessed type, because the side panel cannot look a record up without its object.
 */
function idOnlyRef(raw: string): RecordRef | null {
  const id = toId18(raw);
  const objectType = id ? objectForId(id) : null;
  return id && objectType ? { system: 'salesforce', objectType, id } : null;
}

export interface RecordUrlOptions {
  /**
   * The server the extension is paired with: a shared server (`serve --sandbox --public-url`) serves the
   * sandbox's record pages on its own https address, where teammates open them, not on loopback.
   */
  serverUrl?: string;
}

function sameOrigin(u: URL, serverUrl: string | undefined): boolean {
  if (!serverUrl) return false;
  try {
    return new URL(serverUrl).origin === u.origin;
  } catch {
    return false;
  }
}

/**
 * The record a page URL shows, or null for anything that is not a record page (list views, home,
 * setup, other or look-alike hosts). Salesforce ids are always returned in their 18-character form.
 * @example parseRecordUrl('https://app-eu1.hubspot.com/contacts/123/record/0-2/456')
 *   // { system: 'hubspot', objectType: 'companies', id: '456', portalId: '123' }
 */
export function parseRecordUrl(url: string, options: RecordUrlOptions = {}): RecordRef | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const host = u.hostname.toLowerCase();
  const path = u.pathname;
  if ((LOOPBACK_HOSTS.has(host) && u.protocol === 'http:') || sameOrigin(u, options.serverUrl)) {
    if (path.startsWith('/sandbox/hubspot/')) return hubspotRef(path.slice('/sandbox/hubspot'.length));
    if (path.startsWith('/sandbox/salesforce/'))
      return lightningRef(path.slice('/sandbox/salesforce'.length));
    return null;
  }
  if (u.protocol !== 'https:') return null;
  if (HUBSPOT_HOST.test(host)) return hubspotRef(path);
  if (LIGHTNING_HOST.test(host)) {
    if (ONE_APP_PATH.test(path)) {
      const m = ONE_APP_HASH.exec(u.hash);
      return m ? idOnlyRef(m[1]) : null;
    }
    return lightningRef(path);
  }
  if (CLASSIC_HOST.test(host)) {
    // My Domain serves Lightning paths too before it redirects to the lightning.force.com host.
    if (path.startsWith('/lightning/')) return lightningRef(path);
    const m = CLASSIC_RECORD.exec(path);
    return m ? idOnlyRef(m[1]) : null;
  }
  return null;
}

/**
 * A stable key for a record, the same for every URL form of it.
 * @example recordKey({ system: 'salesforce', objectType: 'Account', id: '001…' }) === 'salesforce:Account:001…'
 */
export function recordKey(ref: RecordRef): string {
  const scope = ref.system === 'hubspot' && ref.portalId ? `${ref.portalId}/` : '';
  return `${ref.system}:${scope}${ref.objectType}:${ref.id}`;
}
