import { describe, expect, it } from 'vitest';
import { authorizeBodySchema, endpointProblem, hubspotTokenBodySchema } from './connections';

describe('which URLs may carry a Salesforce or HubSpot token', () => {
  it.each([
    ['https://login.salesforce.com', 'salesforce'],
    ['https://test.salesforce.com', 'salesforce'],
    ['https://acme.my.salesforce.com', 'salesforce'],
    ['https://acme--dev.sandbox.my.salesforce.com', 'salesforce'],
    ['https://acme.lightning.force.com', 'salesforce'],
    ['https://api.hubapi.com', 'hubspot'],
    ['https://api-eu1.hubapi.com', 'hubspot'],
    ['http://127.0.0.1:8787/sandbox/salesforce', 'salesforce'],
    ['http://localhost:8787/sandbox/hubspot', 'hubspot'],
    ['http://[::1]:8787/sandbox/hubspot', 'hubspot'],
  ] as const)('accepts %s for %s', (url, system) => {
    expect(endpointProblem(url, system)).toBeNull();
  });

  it.each([
    [
      'http://login.salesforce.com',
      'salesforce',
      'would send the Salesforce token unencrypted: use https://login.salesforce.com (http:// is only for 127.0.0.1 and localhost)',
    ],
    [
      'http://api.hubapi.com',
      'hubspot',
      'would send the HubSpot token unencrypted: use https://api.hubapi.com (http:// is only for 127.0.0.1 and localhost)',
    ],
    [
      'https://evil.example',
      'hubspot',
      "names evil.example, which is not a HubSpot host (*.hubapi.com, *.hubspot.com): use your portal's address, or if you trust evil.example, connect from the command line with --allow-host evil.example",
    ],
    ['https://salesforce.com.evil.example', 'salesforce', /names salesforce\.com\.evil\.example/],
    ['https://evilsalesforce.com', 'salesforce', /names evilsalesforce\.com/],
    ['https://api.hubapi.com', 'salesforce', /not a Salesforce host/],
    ['ftp://login.salesforce.com', 'salesforce', 'must start with https://'],
    ['login.salesforce.com', 'salesforce', 'is not a URL: write it like https://login.salesforce.com'],
  ] as const)('refuses %s for %s', (url, system, message) => {
    const problem = endpointProblem(url, system);
    if (typeof message === 'string') expect(problem).toBe(message);
    else expect(problem).toMatch(message);
  });

  it('accepts a host the admin named with --allow-host, over https only', () => {
    expect(endpointProblem('https://crm-gw.acme.example', 'hubspot', ['acme.example'])).toBeNull();
    expect(endpointProblem('http://crm-gw.acme.example', 'hubspot', ['acme.example'])).toMatch(/unencrypted/);
  });

  it('puts the same words in the API schemas', () => {
    const parsed = hubspotTokenBodySchema.safeParse({ token: 'pat-x', baseUrl: 'http://api.hubapi.com' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toMatch(/^would send the HubSpot token unencrypted/);
    expect(authorizeBodySchema.safeParse({ loginUrl: 'https://login.salesforce.com' }).success).toBe(true);
  });
});
