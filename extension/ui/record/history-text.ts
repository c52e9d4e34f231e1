/**
 * @module A sync history entry in an admin's words. The proxy stores short action names (`upsert`,
 * `preflight`, `crm-update`...) and outcomes like `failed: picklists`; the panel shows what happened.
 */
import type { HistoryEntry } from '../../../shared/api/errors';
import { CATEGORY_INFO, isCategory } from '../../../shared/taxonomy';

const ACTIONS: Readonly<Record<string, string>> = {
  preflight: 'Checked before sending to Salesforce',
  upsert: 'Sent to Salesforce',
  read: 'Read from HubSpot',
  'crm-create': 'Created in HubSpot',
  'crm-update': 'Written to HubSpot',
  'crm-associate': 'Association in HubSpot',
  resync: 'Resynced from the side panel',
};

export interface HistoryText {
  action: string;
  outcome: string;
  failed: boolean;
}

export function historyText(entry: Pick<HistoryEntry, 'action' | 'outcome' | 'actor'>): HistoryText {
  // A person's action on a shared server carries their e-mail: "Resynced by ada@example.com".
  if (entry.action === 'resync' && entry.actor) {
    return { action: `Resynced by ${entry.actor}`, outcome: 'asked', failed: false };
  }
  const action = ACTIONS[entry.action] ?? entry.action;
  const failed = /^failed: (.+)$/.exec(entry.outcome);
  if (failed) {
    const category = failed[1]!;
    const label = isCategory(category) ? CATEGORY_INFO[category].label : category;
    return { action, outcome: `failed (${label} error)`, failed: true };
  }
  const transient = /^transient: (.+), retrying$/.exec(entry.outcome);
  if (transient) {
    return { action, outcome: `a passing failure (${transient[1]}), retried on its own`, failed: false };
  }
  return { action, outcome: entry.outcome, failed: false };
}
