/** @module The inclusion-list tests' setup: HubSpot contacts, and a MANUAL list of them chosen as the inclusion list. */
import type { Harness } from './sync-harness';

/** `harness` is read at each call (tests start a harness per case); contacts get `<name>@<domain>`. */
export function inclusionSetup(harness: () => Harness, domain: string) {
  /** The portal's HubSpot API, as the connector calls it. */
  const api = (path: string, method: string, body: unknown) =>
    fetch(`${harness().hubspotUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${harness().hs.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  const contact = (name: string, extra: Record<string, string> = {}) =>
    harness().hs.control.createRecord('contacts', {
      lastname: name,
      email: `${name.toLowerCase()}@${domain}`,
      ...extra,
    });
  /** A MANUAL list holding `ids`, set as the inclusion list; its id. */
  async function listOf(ids: string[]): Promise<string> {
    const { list } = await api('/crm/v3/lists', 'POST', {
      name: 'Sync these',
      objectTypeId: '0-1',
      processingType: 'MANUAL',
    });
    await api(`/crm/v3/lists/${list.listId}/memberships/add`, 'PUT', ids);
    await harness().store.setRecordRules({ inclusionListId: list.listId });
    return list.listId as string;
  }
  return { api, contact, listOf };
}
