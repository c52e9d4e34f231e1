import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ServedPortal, servePortal } from './serve-portal';

describe('HubSpot portal: access, limits, controls and persistence', () => {
  let portal: ServedPortal;
  const dirs: string[] = [];
  afterEach(async () => {
    await portal?.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['no token', null, 'Authentication credentials not found'],
    ['a wrong token', 'pat-na1-not-this-one', 'not valid for portal 4815162'],
  ])('answers 401 INVALID_AUTHENTICATION to %s', async (_what, token, message) => {
    portal = await servePortal({ seed: false });
    const res = await portal.api('/crm/v3/objects/contacts', { token });
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    expect(body.message).toContain(message);
  });

  it('answers the requested number of calls with 429, Retry-After and rate-limit headers, then serves again', async () => {
    portal = await servePortal({ seed: false });
    portal.sandbox.control.rateLimitNext(2, 3);
    for (let i = 0; i < 2; i++) {
      const res = await portal.api('/crm/v3/objects/contacts');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(res.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
      expect(await res.json()).toMatchObject({ category: 'RATE_LIMITS', errorType: 'RATE_LIMIT' });
    }
    const ok = await portal.api('/crm/v3/objects/contacts');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-hubspot-ratelimit-max')).toBe('190');
    expect(ok.headers.get('x-hubspot-ratelimit-daily')).toBe('650000');
  });

  it('counts API requests, including refused ones, but not record pages or controls', async () => {
    portal = await servePortal();
    await portal.api('/crm/v3/objects/contacts');
    await portal.api('/crm/v3/objects/contacts', { token: null });
    await fetch(`${portal.baseUrl}/contacts/4815162/record/0-1/51001`);
    await fetch(`${portal.baseUrl}/_control/stats`, {
      headers: { authorization: `Bearer ${portal.sandbox.controlToken}` },
    });
    // Reads: no write counted (control edits are not API requests either).
    expect(portal.sandbox.stats()).toEqual({ requests: 2, writes: 0 });
  });

  it('gives the portal id, UI domain and time zone in the account details', async () => {
    portal = await servePortal({ seed: false });
    const details = await (await portal.api('/account-info/v3/details')).json();
    expect(details).toMatchObject({ portalId: 4815162, timeZone: 'US/Eastern' });
    expect(`http://${details.uiDomain}`).toBe(portal.baseUrl);
  });

  it('serves its controls over HTTP: rate limits, user edits, new options, stats', async () => {
    portal = await servePortal({ seed: false });
    const control = (path: string, method: string, body?: unknown) =>
      fetch(`${portal.baseUrl}/_control${path}`, {
        method,
        body: JSON.stringify(body),
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${portal.sandbox.controlToken}`,
        },
      });
    const { id } = await (
      await control('/records/contacts', 'POST', { properties: { lastname: 'Ctl' } })
    ).json();
    expect(
      (await control(`/records/contacts/${id}`, 'PATCH', { properties: { jobtitle: 'CTO' } })).status,
    ).toBe(200);
    expect(
      (await control('/properties/companies/industry/options', 'POST', { label: 'Space', value: 'Space' }))
        .status,
    ).toBe(200);
    expect((await control('/rate-limit-next', 'POST', { n: 1 })).status).toBe(200);
    expect((await portal.api(`/crm/v3/objects/contacts/${id}`)).status).toBe(429);
    const got = await (await portal.api(`/crm/v3/objects/contacts/${id}?properties=jobtitle`)).json();
    expect(got.properties.jobtitle).toBe('CTO');
    const industry = await (await portal.api('/crm/v3/properties/companies/industry')).json();
    expect(industry.options.map((o: { value: string }) => o.value)).toContain('Space');
    expect(await (await control('/stats', 'GET')).json()).toEqual({ requests: 3, writes: 0 });
  });

  it('refuses a control edit that breaks a property rule, with the same error as the API', async () => {
    portal = await servePortal({ seed: false });
    const id = portal.sandbox.control.createRecord('companies', { name: 'Strict' });
    expect(() => portal.sandbox.control.updateRecord('companies', id, { industry: 'Space' })).toThrow(
      /not one of the allowed options/,
    );
  });

  it('keeps records and the access token across a restart on the same data folder, in a 0600 file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hubspot-portal-'));
    dirs.push(dataDir);
    portal = await servePortal({ dataDir });
    const { accessToken } = portal.sandbox;
    const res = await portal.api('/crm/v3/objects/contacts', {
      body: { properties: { email: 'kept@persist.example' } },
    });
    const { id } = await res.json();
    await portal.close();

    portal = await servePortal({ dataDir });
    expect(portal.sandbox.accessToken).toBe(accessToken);
    const got = await (await portal.api(`/crm/v3/objects/contacts/${id}`)).json();
    expect(got.properties.email).toBe('kept@persist.example');
    expect(statSync(join(dataDir, 'hubspot-portal.json')).mode & 0o777).toBe(0o600);
  });

  it('returns to the seeded portal on reset and keeps its token', async () => {
    portal = await servePortal();
    const { accessToken } = portal.sandbox;
    portal.sandbox.control.createRecord('contacts', { email: 'extra@reset.example' });
    portal.sandbox.control.reset();
    const total = async () =>
      (await (await portal.api('/crm/v3/objects/contacts/search', { body: { limit: 1 } })).json()).total;
    expect(await total()).toBe(307);
    expect(portal.sandbox.accessToken).toBe(accessToken);
  });

  it('answers an unknown path with a HubSpot-shaped 404', async () => {
    portal = await servePortal({ seed: false });
    const res = await portal.api('/crm/v3/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
  });
});
