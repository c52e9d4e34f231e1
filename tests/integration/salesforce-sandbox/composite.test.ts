import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox, VERSION } from './start-sandbox';

type SubResult = {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string | null;
};
type CompositeBody = { compositeResponse: SubResult[] };

const base = `/services/data/v${VERSION}`;

describe('POST /composite on the embedded org', () => {
  let sf: RunningSandbox;
  beforeEach(async () => {
    sf = await startSandbox();
  });
  afterEach(() => sf.close());

  async function composite(body: unknown) {
    const { accessToken } = sf.sandbox.issueSession();
    const usageBefore = sf.sandbox.control.apiUsage().used;
    const response = await fetch(`${sf.instanceUrl}${base}/composite`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const status = response.status;
    const limitInfo = response.headers.get('sforce-limit-info');
    const result = (await response.json()) as CompositeBody;
    return { result, status, limitInfo, calls: sf.sandbox.control.apiUsage().used - usageBefore };
  }

  it('creates an account and a contact that references it, in one call with Sforce-Limit-Info', async () => {
    const { result, limitInfo, calls } = await composite({
      compositeRequest: [
        {
          method: 'POST',
          url: `${base}/sobjects/Account`,
          referenceId: 'refAccount',
          body: { Name: 'Composite Co' },
        },
        {
          method: 'POST',
          url: `${base}/sobjects/Contact`,
          referenceId: 'refContact',
          body: { LastName: 'Ref', AccountId: '@{refAccount.id}' },
        },
        {
          method: 'GET',
          url: `${base}/query?q=SELECT+Id,AccountId+FROM+Contact+WHERE+LastName='Ref'`,
          referenceId: 'refQuery',
        },
        { method: 'GET', url: `${base}/sobjects/Contact/@{refQuery.records[0].Id}`, referenceId: 'refGet' },
      ],
    });
    expect(calls).toBe(1);
    expect(limitInfo).toMatch(/^api-usage=\d+\/\d+$/);
    const [account, contact, query, get] = result.compositeResponse;
    expect(account.httpStatusCode).toBe(201);
    expect(account.httpHeaders.Location).toMatch(/\/sobjects\/Account\/001/);
    const accountId = (account.body as { id: string }).id;
    expect(contact.httpStatusCode).toBe(201);
    expect((query.body as { records: Array<{ AccountId: string }> }).records[0].AccountId).toBe(accountId);
    expect(get.httpStatusCode).toBe(200);
    expect((get.body as { AccountId: string }).AccountId).toBe(accountId);
  });

  it('rolls every subrequest back under allOrNone and reports the others as halted', async () => {
    const before = sf.sandbox.control.records('Account').length;
    const { result } = await composite({
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: `${base}/sobjects/Account`,
          referenceId: 'good',
          body: { Name: 'Rolled Back Co' },
        },
        {
          method: 'POST',
          url: `${base}/sobjects/Contact`,
          referenceId: 'bad',
          body: { FirstName: 'No last name' },
        },
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'after', body: { Name: 'Never Co' } },
      ],
    });
    const [good, bad, after] = result.compositeResponse;
    expect(bad.httpStatusCode).toBe(400);
    expect((bad.body as Array<{ errorCode: string }>)[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
    for (const halted of [good, after]) {
      expect(halted.httpStatusCode).toBe(400);
      expect(halted.body).toEqual([
        {
          errorCode: 'PROCESSING_HALTED',
          message: 'The transaction was rolled back since another operation in the same transaction failed.',
        },
      ]);
    }
    expect(sf.sandbox.control.records('Account')).toHaveLength(before);
  });

  it('keeps what succeeded without allOrNone and halts only the subrequests that reference a failure', async () => {
    const before = sf.sandbox.control.records('Account').length;
    const { result } = await composite({
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'kept', body: { Name: 'Kept Co' } },
        {
          method: 'POST',
          url: `${base}/sobjects/Account`,
          referenceId: 'broken',
          body: { Website: 'no name' },
        },
        {
          method: 'POST',
          url: `${base}/sobjects/Contact`,
          referenceId: 'orphan',
          body: { LastName: 'Orphan', AccountId: '@{broken.id}' },
        },
      ],
    });
    const [kept, broken, orphan] = result.compositeResponse;
    expect(kept.httpStatusCode).toBe(201);
    expect(broken.httpStatusCode).toBe(400);
    expect(orphan.httpStatusCode).toBe(400);
    expect((orphan.body as Array<{ errorCode: string; message: string }>)[0]).toMatchObject({
      errorCode: 'PROCESSING_HALTED',
      message: expect.stringContaining('No value for broken.id'),
    });
    expect(sf.sandbox.control.records('Account')).toHaveLength(before + 1);
  });

  it('carries five sObject Collections of 200 records each in one call, with per-record errors', async () => {
    const compositeRequest = Array.from({ length: 5 }, (_, b) => ({
      method: 'POST',
      url: `${base}/composite/sobjects`,
      referenceId: `batch${b}`,
      body: {
        allOrNone: false,
        records: Array.from({ length: 200 }, (_, i) => ({
          attributes: { type: 'Contact' },
          LastName: i === 7 && b === 3 ? '' : `Bulk ${b}-${i}`,
        })),
      },
    }));
    const { result, calls } = await composite({ compositeRequest });
    expect(calls).toBe(1);
    expect(result.compositeResponse).toHaveLength(5);
    const fourth = result.compositeResponse[3].body as Array<{
      success: boolean;
      errors: Array<{ statusCode: string }>;
    }>;
    expect(fourth).toHaveLength(200);
    expect(fourth[7].errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
    expect(fourth.filter((r) => r.success)).toHaveLength(199);
  });

  it('refuses more than 25 subrequests with LIMIT_EXCEEDED and writes nothing', async () => {
    const before = sf.sandbox.control.records('Account').length;
    const { result, status } = await composite({
      compositeRequest: Array.from({ length: 26 }, (_, i) => ({
        method: 'POST',
        url: `${base}/sobjects/Account`,
        referenceId: `a${i}`,
        body: { Name: `Too many ${i}` },
      })),
    });
    expect(status).toBe(400);
    expect(result.compositeResponse[0]).toEqual({
      body: [{ errorCode: 'LIMIT_EXCEEDED', message: 'The request can’t contain more than 25 operations.' }],
      httpHeaders: {},
      httpStatusCode: 400,
      referenceId: null,
    });
    expect(sf.sandbox.control.records('Account')).toHaveLength(before);
  });

  it('refuses a sixth query or collection subrequest', async () => {
    const { result, status } = await composite({
      compositeRequest: Array.from({ length: 6 }, (_, i) => ({
        method: 'GET',
        url: `${base}/query?q=SELECT+Id+FROM+Account`,
        referenceId: `q${i}`,
      })),
    });
    expect(status).toBe(400);
    expect((result.compositeResponse[0].body as Array<{ errorCode: string; message: string }>)[0]).toEqual({
      errorCode: 'LIMIT_EXCEEDED',
      message: 'The request can’t contain more than 5 query or sObject Collections operations.',
    });
  });

  it('says what to change when a subrequest is malformed', async () => {
    const { result, status } = await composite({
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Account`, referenceId: 'has space', body: {} },
      ],
    });
    expect(status).toBe(400);
    expect(result).toEqual([
      {
        errorCode: 'INVALID_API_INPUT',
        message: 'Subrequest 1: referenceId may contain only letters, numbers and underscores',
      },
    ]);
  });

  it('serves describes inside a composite, counted once', async () => {
    const { result, calls } = await composite({
      collateSubrequests: true,
      compositeRequest: ['Account', 'Contact'].map((t) => ({
        method: 'GET',
        url: `${base}/sobjects/${t}/describe`,
        referenceId: `describe${t}`,
      })),
    });
    expect(calls).toBe(1);
    expect(result.compositeResponse.map((r) => (r.body as { name: string }).name)).toEqual([
      'Account',
      'Contact',
    ]);
  });
});
