import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUPLICATE_EMAILS } from '../../../proxy/sandbox/salesforce/demo-seed';
import { type RunningSandbox, startSandbox, VERSION } from './start-sandbox';

type Row = Record<string, string>;

describe('Bulk API 2.0 on the embedded org, through jsforce bulk2 unchanged', () => {
  let sf: RunningSandbox;
  // jsforce's bulk2 builds its URLs from the host alone (`new URL('/services/data/…', instanceUrl)`),
  // dropping a mount path, as a real instance URL has none: serve the org at the root here.
  beforeEach(async () => {
    sf = await startSandbox({}, '');
  });
  afterEach(() => sf.close());

  const used = () => sf.sandbox.control.apiUsage().used;

  it('upserts 2,500 contacts on the external id and reports each failed row with sf__Error', async () => {
    const { conn, exchanges } = sf.connect();
    conn.bulk2.pollInterval = 50;
    const before = used();
    const input = Array.from({ length: 2500 }, (_, i) => ({
      HubSpot_Id__c: `bulk-${i}`,
      LastName: i === 10 ? '' : `Bulk ${i}`,
      Email: i === 20 ? 'not-an-email' : i === 30 ? DUPLICATE_EMAILS[0] : `bulk${i}@example.com`,
      LeadSource: i === 40 ? 'Carrier Pigeon' : 'Web',
    }));
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'upsert',
      externalIdFieldName: 'HubSpot_Id__c',
      input,
      pollTimeout: 60_000,
    });
    expect(results.successfulResults).toHaveLength(2496);
    expect(results.successfulResults[0]).toMatchObject({ sf__Created: 'true', HubSpot_Id__c: 'bulk-0' });
    expect(String(results.successfulResults[0].sf__Id)).toMatch(/^003/);
    const failed = new Map(
      (results.failedResults as unknown as Row[]).map((r) => [r.HubSpot_Id__c, r.sf__Error]),
    );
    expect(failed.get('bulk-10')).toBe(
      'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --',
    );
    expect(failed.get('bulk-20')).toMatch(
      /^INVALID_EMAIL_ADDRESS:Email: invalid email address: not-an-email:Email --$/,
    );
    expect(failed.get('bulk-30')).toMatch(/^DUPLICATES_DETECTED:/);
    expect(failed.get('bulk-40')).toMatch(/^INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:/);
    expect(results.unprocessedRecords).toHaveLength(0);
    // Each Bulk HTTP request is one call: create, upload, close, polls, three result files.
    const bulkRequests = exchanges.filter((e) => e.url.includes('/jobs/ingest'));
    expect(used() - before).toBe(bulkRequests.length);
    expect(bulkRequests.every((e) => /^api-usage=\d+\/\d+$/.test(e.headers['sforce-limit-info']))).toBe(true);
  });

  it('updates what exists on a second upsert of the same keys (sf__Created false)', async () => {
    const { conn } = sf.connect();
    conn.bulk2.pollInterval = 50;
    const load = (title: string) =>
      conn.bulk2.loadAndWaitForResults({
        object: 'Contact',
        operation: 'upsert',
        externalIdFieldName: 'HubSpot_Id__c',
        input: [{ HubSpot_Id__c: 'again-1', LastName: 'Again', Title: title }],
      });
    await load('First');
    const second = await load('Second');
    expect(second.successfulResults[0]).toMatchObject({ sf__Created: 'false' });
    const [row] = sf.sandbox.control.records('Contact').filter((r) => r.HubSpot_Id__c === 'again-1');
    expect(row.Title).toBe('Second');
  });

  it('walks a job through Open, UploadComplete and JobComplete, with the counts on the job', async () => {
    const { conn } = sf.connect();
    const job = conn.bulk2.createJob({ object: 'Account', operation: 'insert', lineEnding: 'LF' });
    const opened = await job.open();
    expect(opened).toMatchObject({
      state: 'Open',
      object: 'Account',
      operation: 'insert',
      contentType: 'CSV',
    });
    expect(opened.id).toMatch(/^750/);
    await job.uploadData('Name,Description\nBulk One,first\n,nameless\n');
    await job.close();
    await job.poll(20, 10_000);
    const info = await job.check();
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 1 });
    const failed = (await job.getFailedResults()) as unknown as Row[];
    expect(failed[0].sf__Error).toMatch(/^REQUIRED_FIELD_MISSING:/);
  });

  it('fails the whole job with a message naming an unknown column', async () => {
    const { conn } = sf.connect();
    const job = conn.bulk2.createJob({ object: 'Account', operation: 'insert' });
    await job.open();
    await job.uploadData('Name,Not_A_Field__c\nX,1\n');
    await job.close();
    await expect(job.poll(20, 10_000)).rejects.toThrow(/Field name not found : Not_A_Field__c/);
  });

  it('refuses an upsert job without an external id field', async () => {
    const { conn } = sf.connect();
    await expect(conn.bulk2.createJob({ object: 'Contact', operation: 'upsert' }).open()).rejects.toThrow(
      /An External ID must be specified for upsert/,
    );
  });

  async function openJob(instanceUrl: string, accessToken: string) {
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const base = `${instanceUrl}/services/data/v${VERSION}/jobs/ingest`;
    const created = (await (
      await fetch(base, {
        method: 'POST',
        headers,
        body: JSON.stringify({ object: 'Account', operation: 'insert' }),
      })
    ).json()) as { id: string };
    const put = (body: string) =>
      fetch(`${base}/${created.id}/batches`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'text/csv' },
        body,
      });
    const close = () =>
      fetch(`${base}/${created.id}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ state: 'UploadComplete' }),
      });
    return { id: created.id, put, close };
  }

  it.each([
    // Raw CSV bytes against a limit of 1 MB counted base64-encoded (4 characters per 3 bytes).
    [700_000, 201],
    [800_000, 400],
  ])(
    'counts an upload base64-encoded against the limit (150 MB on the platform, 1 MB here): %i bytes of CSV answer %i',
    async (bytes, status) => {
      const small = await startSandbox({ bulkUploadLimitBytes: 1024 * 1024 }, '');
      try {
        const job = await openJob(small.instanceUrl, small.sandbox.issueSession().accessToken);
        const row = `${'x'.repeat(99)}\n`;
        const response = await job.put(`Name\n${row.repeat(Math.floor(bytes / 100))}`);
        expect(response.status).toBe(status);
        if (status === 400)
          expect(await response.json()).toEqual([
            {
              errorCode: 'INVALIDBATCH',
              message:
                'The uploaded data is larger than 1 MB once base64-encoded, the most one job accepts: split the records into several jobs of at most 0.7 MB of CSV each',
            },
          ]);
      } finally {
        await small.close();
      }
    },
  );

  it('refuses an upload that would pass the records allowed per rolling 24 hours (150,000,000 on the platform, 5 here), then takes it a day later', async () => {
    const small = await startSandbox({ bulkRecordsPerDay: 5 }, '');
    try {
      const token = small.sandbox.issueSession().accessToken;
      const first = await openJob(small.instanceUrl, token);
      expect((await first.put('Name\nA Ltd\nB Ltd\nC Ltd\n')).status).toBe(201);
      const second = await openJob(small.instanceUrl, token);
      const refused = await second.put('Name\nD Ltd\nE Ltd\nF Ltd\n');
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual([
        {
          errorCode: 'EXCEEDEDQUOTA',
          message:
            'This upload of 3 records would pass the 5 records Bulk API 2.0 accepts in 24 hours: send the rest later',
        },
      ]);
      small.clock.advance(24 * 60 * 60 * 1000);
      const later = await openJob(small.instanceUrl, small.sandbox.issueSession().accessToken);
      expect((await later.put('Name\nD Ltd\nE Ltd\nF Ltd\n')).status).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('takes a second upload to the same job but refuses to close it, as Salesforce does, and lets it be aborted', async () => {
    const job = await openJob(sf.instanceUrl, sf.sandbox.issueSession().accessToken);
    expect((await job.put('Name\nFirst Upload Ltd\n')).status).toBe(201);
    expect((await job.put('Name\nSecond Upload Ltd\n')).status).toBe(201);
    const refused = await job.close();
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual([
      {
        errorCode: 'INVALIDJOB',
        message: `Found multipe contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
      },
    ]);
    const { conn } = sf.connect();
    expect(
      ((await conn.request(`/services/data/v${VERSION}/jobs/ingest/${job.id}`)) as { state: string }).state,
    ).toBe('Open');
    expect(
      sf.sandbox.control.records('Account').filter((r) => String(r.Name).includes('Upload Ltd')),
    ).toEqual([]);
  });

  it('reads a query through a Bulk API 2.0 query job, paged with Sforce-Locator', async () => {
    const { conn, exchanges } = sf.connect();
    conn.bulk2.pollInterval = 20;
    const expected = sf.sandbox.control.records('Contact').filter((r) => !r.IsDeleted).length;
    const before = used();
    const rows = (await conn.bulk2.query('SELECT Id, Email, Account.Name FROM Contact')) as unknown as Row[];
    const list: Row[] = [];
    for await (const row of rows as unknown as AsyncIterable<Row>) list.push(row);
    expect(list).toHaveLength(expected);
    expect(Object.keys(list[0])).toEqual(['Id', 'Email', 'Account.Name']);
    const queryRequests = exchanges.filter((e) => e.url.includes('/jobs/query'));
    expect(used() - before).toBe(queryRequests.length);
  });

  it('pages query results by maxRecords with a locator until Sforce-Locator is null', async () => {
    const { accessToken } = sf.sandbox.issueSession();
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const base = `${sf.instanceUrl}/services/data/v${VERSION}/jobs/query`;
    const job = (await (
      await fetch(base, {
        method: 'POST',
        headers,
        body: JSON.stringify({ operation: 'query', query: 'SELECT Id FROM Account' }),
      })
    ).json()) as { id: string; state: string };
    expect(job.state).toBe('UploadComplete');
    await new Promise((r) => setTimeout(r, 20));
    const info = (await (await fetch(`${base}/${job.id}`, { headers })).json()) as {
      state: string;
      numberRecordsProcessed: number;
    };
    expect(info.state).toBe('JobComplete');
    let locator = '';
    let total = 0;
    let pages = 0;
    do {
      const page = await fetch(
        `${base}/${job.id}/results?maxRecords=2${locator ? `&locator=${locator}` : ''}`,
        { headers },
      );
      const lines = (await page.text()).trim().split('\n');
      expect(lines[0]).toBe('"Id"');
      total += lines.length - 1;
      expect(Number(page.headers.get('sforce-numberofrecords'))).toBe(lines.length - 1);
      locator = page.headers.get('sforce-locator') ?? 'null';
      pages++;
    } while (locator !== 'null');
    expect(total).toBe(info.numberRecordsProcessed);
    expect(pages).toBe(Math.ceil(total / 2));
  });
});
