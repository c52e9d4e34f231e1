import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore, testDatabase } from './index';

describe('the cursors table is read through its key registry', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives back what was stored under each kind of key', async () => {
    const store = openStore(':memory:');
    const suspension = {
      state: 'suspended' as const,
      id: 'credentials',
      reason: 'Salesforce refused the token',
      action: 'Reconnect',
      since: 1,
      retryAt: null,
    };
    await store.setCursor('suspension', suspension);
    await store.setCursor('sf_poll_at', 42);
    await store.setCursor('sf:Contact', { stamp: '2026-11-28T12:00:00.000Z', id: '003000000000001AAA' });
    await store.setCursor('crm:contacts', { updatedAt: '2026-11-28T12:00:00.000Z', id: '51001' });
    expect(await store.cursor('suspension')).toEqual(suspension);
    expect(await store.cursor('sf_poll_at')).toBe(42);
    expect(await store.cursor('sf:Contact')).toEqual({
      stamp: '2026-11-28T12:00:00.000Z',
      id: '003000000000001AAA',
    });
    expect(await store.cursor('crm:contacts')).toEqual({
      updatedAt: '2026-11-28T12:00:00.000Z',
      id: '51001',
    });
    expect(await store.cursor('mapping_fingerprint')).toBeNull();
  });

  it.each([
    ['suspension', '{"state":"suspended","id":"x"}'],
    ['suspension', 'not json'],
    ['sf_poll_at', '"yesterday"'],
    ['sf:Account', '{"stamp":1}'],
    ['crm:companies', 'null'],
  ] as const)('ignores a damaged %s (%s), naming the key but not the value', async (key, text) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = openStore(':memory:');
    testDatabase(store).prepare('INSERT INTO cursors (key, value) VALUES (?, ?)').run(key, text);
    expect(await store.cursor(key)).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`"${key}"`));
    expect(String(warn.mock.calls[0][0])).not.toContain(text);
  });

  it('refuses a key nobody registered', async () => {
    const store = openStore(':memory:');
    testDatabase(store).prepare('INSERT INTO cursors (key, value) VALUES (?, ?)').run('mystery', '1');
    // @ts-expect-error: the registry is what makes this a compile error too.
    await expect(store.cursor('mystery')).rejects.toThrow('Cursor key "mystery" is not registered');
  });
});
