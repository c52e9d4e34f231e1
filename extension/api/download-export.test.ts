import { describe, expect, it } from 'vitest';
import { fetchExport, fileNameFrom } from './download-export';
import { ProxyError } from './proxy-client';

describe('fileNameFrom', () => {
  it.each([
    ['attachment; filename="picklists-errors.csv"', 'picklists-errors.csv'],
    ['attachment; filename=plain.csv', 'plain.csv'],
    [`attachment; filename="ascii.csv"; filename*=UTF-8''caf%C3%A9.csv`, 'café.csv'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment; filename="a \\"quoted\\" name.csv"', 'a "quoted" name.csv'],
    ['attachment', 'fallback.csv'],
    [null, 'fallback.csv'],
  ])('reads %s as %s', (header, expected) => {
    expect(fileNameFrom(header, 'fallback.csv')).toBe(expected);
  });
});

describe('fetchExport', () => {
  const settings = { url: 'http://127.0.0.1:9', token: 'tok' };

  it('asks for the filter with the pairing token and keeps the proxy file name', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const fake: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
      return new Response('id,record\n1,Acme\n', {
        headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="p.csv"' },
      });
    };
    const file = await fetchExport(settings, { category: 'picklists', q: 'acme', group: '' }, fake);
    expect(seen).toEqual([
      { url: 'http://127.0.0.1:9/api/v1/errors/export?category=picklists&q=acme', auth: 'Bearer tok' },
    ]);
    expect(file.fileName).toBe('p.csv');
    expect(await file.blob.text()).toBe('id,record\n1,Acme\n');
  });

  it('names the file after the category when the proxy gives no name', async () => {
    const fake: typeof fetch = async () => new Response('id\n');
    expect((await fetchExport(settings, { category: 'duplicates' }, fake)).fileName).toBe(
      'sync-health-duplicates-errors.csv',
    );
  });

  it('throws the proxy message when the export is refused', async () => {
    const fake: typeof fetch = async () =>
      Response.json(
        { error: { code: 'bad_request', message: 'Invalid category "x". Options: picklists, other' } },
        { status: 400 },
      );
    const failure = fetchExport(settings, { category: 'x' }, fake);
    await expect(failure).rejects.toBeInstanceOf(ProxyError);
    await expect(failure).rejects.toThrow('Invalid category "x"');
  });

  it('says which HTTP status came back when the body is not the error shape', async () => {
    const fake: typeof fetch = async () => new Response('<html>oops</html>', { status: 502 });
    await expect(fetchExport(settings, {}, fake)).rejects.toThrow('HTTP 502');
  });
});
