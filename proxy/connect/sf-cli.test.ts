import { describe, expect, it } from 'vitest';
import { HUBSPOT_REQUIRED_SCOPES } from '../../shared/api/connections';
import { missingScopes } from './hubspot-check';
import { readSfCliSession } from './sf-cli';

describe('readSfCliSession', () => {
  it.each(['--target-org', 'a;rm -rf ~', 'my org', '$(id)', ''])(
    'refuses the alias %j before running anything',
    async (alias) => {
      await expect(readSfCliSession(alias)).rejects.toThrow(/Invalid org alias/);
    },
  );

  it('says the Salesforce CLI is missing when sf is not on PATH', async () => {
    await expect(readSfCliSession('my-org', { PATH: '/nonexistent' })).rejects.toThrow(/not on PATH/);
  });
});

describe('missingScopes', () => {
  it('lists the required scopes a token lacks, in the documented order', () => {
    const granted = HUBSPOT_REQUIRED_SCOPES.filter((s) => !s.startsWith('crm.lists'));
    expect(missingScopes(granted)).toEqual(['crm.lists.read', 'crm.lists.write']);
    expect(missingScopes([...HUBSPOT_REQUIRED_SCOPES, 'oauth'])).toEqual([]);
  });
});
