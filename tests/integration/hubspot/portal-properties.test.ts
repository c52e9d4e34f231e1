import { afterEach, describe, expect, it } from 'vitest';
import { createHubspotPropertyCreator } from '../../../proxy/crm/hubspot/create-property';
import { type ServedPortal, servePortal } from './serve-portal';

let portal: ServedPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

const salesforceId = {
  name: 'salesforce_id',
  label: 'Salesforce ID',
  type: 'string',
  fieldType: 'text',
  groupName: 'contactinformation',
  hasUniqueValue: true,
};

describe('creating a property in the sandbox portal (POST /crm/v3/properties/{objectType})', () => {
  it('creates it (201), lists it, and answers 409 OBJECT_ALREADY_EXISTS for the same name', async () => {
    portal = await servePortal({ variant: 'fresh' });
    const created = await portal.api('/crm/v3/properties/contacts', { body: salesforceId });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'salesforce_id', hasUniqueValue: true });
    expect((await portal.api('/crm/v3/properties/contacts/salesforce_id')).status).toBe(200);
    const again = await portal.api('/crm/v3/properties/contacts', { body: salesforceId });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      status: 'error',
      category: 'OBJECT_ALREADY_EXISTS',
      message: "Property named 'salesforce_id' already exists.",
    });
  });

  it.each([
    [{ ...salesforceId, fieldType: 'select' }, 'does not support fieldType select'],
    [{ ...salesforceId, name: 'Salesforce Id' }, 'name'],
    [{ ...salesforceId, type: 'enumeration', fieldType: 'select' }, 'at least one option'],
  ])('refuses %j with a 400 naming what to change', async (body, message) => {
    portal = await servePortal({ variant: 'fresh' });
    const res = await portal.api('/crm/v3/properties/contacts', { body });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(message);
    expect((await portal.api('/crm/v3/properties/contacts/salesforce_id')).status).toBe(404);
  });

  it('is what the official client creates through, and a name in use is "already-there"', async () => {
    portal = await servePortal({ variant: 'fresh' });
    const creator = createHubspotPropertyCreator({
      accessToken: portal.sandbox.accessToken,
      baseUrl: portal.baseUrl,
    });
    const spec = { ...salesforceId, type: 'string' as const };
    expect(await creator.createProperty('deals', { ...spec, groupName: 'dealinformation' })).toBe('created');
    expect(await creator.createProperty('deals', { ...spec, groupName: 'dealinformation' })).toBe(
      'already-there',
    );
  });
});
