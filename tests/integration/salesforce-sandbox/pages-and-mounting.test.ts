import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxConnectionInfo } from '../../../proxy/sandbox/salesforce/index';
import { type RunningSandbox, startSandbox } from './start-sandbox';

describe('record pages and mounting', () => {
  let sf: RunningSandbox | undefined;
  afterEach(async () => {
    await sf?.close();
    sf = undefined;
  });

  it('serves a Lightning record page as HTML titled with the record name and showing its fields', async () => {
    sf = await startSandbox();
    const [account] = sf.sandbox.control.query(
      "SELECT Id FROM Account WHERE Name = 'Northwind Traders'",
    ) as Array<{
      Id: string;
    }>;
    const res = await fetch(`${sf.instanceUrl}/lightning/r/Account/${account.Id}/view`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('<title>Northwind Traders | Account | Salesforce</title>');
    expect(html).toContain('<td data-field="BillingCity">Seattle</td>');
  });

  it('answers a record page for an unknown id with 404', async () => {
    sf = await startSandbox();
    const res = await fetch(`${sf.instanceUrl}/lightning/r/Account/001000000000001AAA/view`);
    expect(res.status).toBe(404);
  });

  it('lists an object’s records with links to their pages', async () => {
    sf = await startSandbox();
    const html = await (await fetch(`${sf.instanceUrl}/lightning/o/Contact/list`)).text();
    expect(html).toMatch(
      /href="\/sandbox\/salesforce\/lightning\/r\/Contact\/003\w{15}\/view">Maria Garcia</,
    );
  });

  it('serves the whole API when mounted alone at the root', async () => {
    sf = await startSandbox({}, '');
    const { conn } = sf.connect();
    expect(sf.instanceUrl).toBe(sf.origin);
    const result = await conn.query('SELECT COUNT() FROM Account');
    expect(result.totalSize).toBe(20);
    const token = await fetch(`${sf.origin}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'nobody' }),
    });
    expect(await token.json()).toEqual({
      error: 'invalid_client_id',
      error_description: 'client identifier invalid',
    });
  });

  it('puts Sforce-Limit-Info on error responses too', async () => {
    sf = await startSandbox();
    const { conn, exchanges } = sf.connect();
    await conn
      .sobject('Account')
      .create({ Name: 'Test Account X' })
      .catch(() => undefined);
    expect(exchanges[0].status).toBe(400);
    expect(exchanges[0].headers['sforce-limit-info']).toBe('api-usage=1/15000');
  });

  it('describes the connection in one JSON object that jsforce can use as is', async () => {
    sf = await startSandbox();
    const info = sandboxConnectionInfo(sf.origin, sf.sandbox.issueSession());
    expect(info.instanceUrl).toBe(sf.instanceUrl);
    const conn = new Connection({
      instanceUrl: info.instanceUrl,
      accessToken: info.accessToken,
      version: info.version,
    });
    expect((await conn.query('SELECT COUNT() FROM Contact')).totalSize).toBe(40);
    const login = new Connection({
      oauth2: { clientId: info.clientId, clientSecret: info.clientSecret, loginUrl: info.loginUrl },
      version: info.version,
    });
    await login.login(info.username, info.password);
    expect(login.instanceUrl).toBe(sf.instanceUrl);
  });
});
