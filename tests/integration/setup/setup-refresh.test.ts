import { describe, expect, it } from 'vitest';
import { SALESFORCE_BASE } from '../../../proxy/runtime/sandbox-runtime';
import type { SetupResponse } from '../../../shared/api/setup';
import { useSetupProxy } from './setup-proxy';

const EXTERNAL_ID = 'external-id:Contact.HubSpot_Id__c';

describe('the kept setup check follows a change made in Salesforce Setup', () => {
  const env = useSetupProxy();

  /** What an admin does in Setup → Field Accessibility, through the embedded org's control API. */
  async function setFieldPermission(object: string, field: string, editable: boolean) {
    const res = await fetch(`${env.proxy.proxy.url}${SALESFORCE_BASE}/_control/field-permissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.proxy.proxy.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ object, field, readable: true, editable }),
    });
    expect(res.status).toBe(200);
  }

  it('reports a field the integration user can no longer edit after the next sync run, without "Check again" or doctor', async () => {
    await env.proxy.sync.engine.runOnce();
    const before = (await env.api('/setup')).json as SetupResponse;
    expect(before.items.find((i) => i.id === EXTERNAL_ID)?.ok).toBe(true);
    // Kept: opening Settings again asks Salesforce nothing.
    const sfCalls = () => env.proxy.sandboxes.salesforce.stats().requests;
    let calls = sfCalls();
    expect((await env.api('/setup')).json).toEqual(before);
    expect(sfCalls()).toBe(calls);

    await setFieldPermission('Contact', 'HubSpot_Id__c', false);
    // Nothing re-read yet: the kept answer stands until the sync sees a changed describe.
    expect((await env.api('/setup')).json).toEqual(before);

    // Some minutes later the next poll is due (the proxy runs on the real clock: its last poll is moved
    // back instead of waiting); the poll's one Composite call brings the describes: Contact's has changed.
    await env.proxy.sync.store.setCursor('sf_poll_at', Date.now() - 30 * 60_000);
    await env.proxy.sync.engine.runOnce();
    calls = sfCalls();
    const after = (await env.api('/setup')).json as SetupResponse;
    expect(sfCalls()).toBeGreaterThan(calls);
    const problem = after.items.find((i) => i.id === EXTERNAL_ID);
    expect(problem).toMatchObject({ ok: false });
    expect(`${problem?.problem} ${problem?.fix}`).toMatch(/edit/i);
    // The one new problem (the demo org plants others, reported before as after).
    const problems = (r: SetupResponse) => r.items.filter((i) => !i.ok).map((i) => i.id);
    expect(problems(after).filter((id) => !problems(before).includes(id))).toEqual([EXTERNAL_ID]);

    // And kept again: the next open costs nothing and says the same.
    calls = sfCalls();
    expect((await env.api('/setup')).json).toEqual(after);
    expect(sfCalls()).toBe(calls);
  });
});
