import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectedProxy } from '../../../proxy/runtime/connected-runtime';
import { fakeSfCli, runCli, startCliOutput } from './cli-harness';
import { readCredentials, startOrgHost } from './connect-harness';

describe('sync-health connect / disconnect / start on the command line', () => {
  let org: Awaited<ReturnType<typeof startOrgHost>>;
  let work: string;
  let sfBin: string;
  let sessionFile: string;
  let env: NodeJS.ProcessEnv;

  /** What `sf org display` will print next: a fresh session of the org's integration user. */
  const newSfSession = () => {
    const s = org.host.sandboxes.salesforce.issueSession();
    writeFileSync(
      sessionFile,
      JSON.stringify({ accessToken: s.accessToken, instanceUrl: org.loginUrl, orgId: '00D5j00000SyncHEAL' }),
    );
    return s.accessToken;
  };
  const freshDir = () => mkdtempSync(join(work, 'data-'));
  const connectHubspot = (dataDir: string) => {
    const file = join(work, 'hubspot-token');
    writeFileSync(file, `${org.hubspotToken}\n`);
    return runCli([
      'connect',
      'hubspot',
      '--token-file',
      file,
      '--base-url',
      org.hubspotUrl,
      '--data-dir',
      dataDir,
    ]);
  };

  beforeAll(async () => {
    org = await startOrgHost();
    work = mkdtempSync(join(tmpdir(), 'sh-cli-'));
    sfBin = fakeSfCli();
    sessionFile = join(work, 'sf-session.json');
    env = { PATH: `${sfBin}${delimiter}${process.env.PATH}`, FAKE_SF_SESSION: sessionFile };
  });
  afterAll(async () => {
    await org.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(sfBin, { recursive: true, force: true });
  });

  it('connects an org the Salesforce CLI is logged into and runs sf again when the session expires', async () => {
    const dataDir = freshDir();
    const first = newSfSession();
    const res = await runCli(['connect', 'salesforce', '--sf-cli', 'my-org', '--data-dir', dataDir], env);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('Salesforce connected (sf-cli): integration@sync-health.sandbox');
    expect(res.stdout).not.toContain(first);
    const creds = readCredentials(dataDir, 'salesforce');
    expect(creds.mode).toBe(0o600);
    expect(creds.value).toMatchObject({ method: 'sf-cli', sfAlias: 'my-org', accessToken: first });
    expect((await connectHubspot(dataDir)).code).toBe(0);

    const savedPath = process.env.PATH;
    process.env.PATH = env.PATH;
    process.env.FAKE_SF_SESSION = sessionFile;
    const proxy = await startConnectedProxy({ port: 0, dataDir, autoStart: false });
    // A connected pair writes nothing before its preview is accepted (sync/preview.ts).
    await proxy.sync()?.engine.acceptPreview();
    try {
      const engine = proxy.sync()?.engine;
      expect((await engine?.runOnce())?.state).toEqual({ state: 'running' });
      org.host.sandboxes.salesforce.control.expireTokens();
      const second = newSfSession();
      // A new contact gives the run Salesforce work to do with the expired session.
      const created = await fetch(`${org.hubspotUrl}/crm/v3/objects/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${org.hubspotToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          properties: { email: 'sf.cli@example.com', firstname: 'Sf', lastname: 'Cli' },
        }),
      });
      expect(created.status).toBe(201);
      const run = await engine?.runOnce();
      expect(run?.processed).toBeGreaterThan(0);
      expect(run?.state).toEqual({ state: 'running' });
      expect(readCredentials(dataDir, 'salesforce').value.accessToken).toBe(second);
    } finally {
      await proxy.close();
      process.env.PATH = savedPath;
    }
  });

  it('says how to log the Salesforce CLI in when it has no session for the alias', async () => {
    const res = await runCli(
      ['connect', 'salesforce', '--sf-cli', 'other-org', '--data-dir', freshDir()],
      env,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('No authorization information found for other-org');
    expect(res.stderr).toContain('sf org login web --alias other-org');
  });

  it('takes an access token from a file or stdin with the instance URL, never as an argument', async () => {
    const dataDir = freshDir();
    const token = org.host.sandboxes.salesforce.issueSession().accessToken;
    const file = join(work, 'sf-token');
    writeFileSync(file, token);
    const fromFile = await runCli(
      [
        'connect',
        'salesforce',
        '--instance-url',
        org.loginUrl,
        '--access-token-file',
        file,
        '--data-dir',
        dataDir,
      ],
      env,
    );
    expect(fromFile.stdout).toContain('Salesforce connected (token): integration@sync-health.sandbox');
    expect(readCredentials(dataDir, 'salesforce').value).toMatchObject({
      method: 'token',
      accessToken: token,
    });
    const fromStdin = await runCli(
      [
        'connect',
        'salesforce',
        '--instance-url',
        org.loginUrl,
        '--access-token-file',
        '-',
        '--data-dir',
        dataDir,
      ],
      env,
      `${token}\n`,
    );
    expect(fromStdin.code).toBe(0);
    expect(`${fromFile.stdout}${fromStdin.stdout}`).not.toContain(token);
  });

  it.each([
    [['--access-token-file', 'x'], 2, '--access-token-file needs --instance-url'],
    [
      ['--instance-url', 'https://x.my.salesforce.com', '--access-token-file', '/nonexistent'],
      2,
      'Cannot read --access-token-file',
    ],
  ])('refuses connect salesforce %j with exit %i saying what to change', async (args, code, message) => {
    const res = await runCli(['connect', 'salesforce', ...args, '--data-dir', freshDir()], env);
    expect(res.code).toBe(code);
    expect(res.stderr).toContain(message);
  });

  it('refuses a token Salesforce does not accept without printing it', async () => {
    const file = join(work, 'bad-token');
    writeFileSync(file, '00D000000000001!AQbogus-token-value');
    const res = await runCli(
      [
        'connect',
        'salesforce',
        '--instance-url',
        org.loginUrl,
        '--access-token-file',
        file,
        '--data-dir',
        freshDir(),
      ],
      env,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('refused the access token');
    expect(res.stderr).not.toContain('AQbogus-token-value');
  });

  it('connects HubSpot from a token file showing the portal and scopes, and disconnect deletes it', async () => {
    const dataDir = freshDir();
    const res = await connectHubspot(dataDir);
    expect(res.stdout).toContain('HubSpot connected: portal 4815162');
    expect(res.stdout).toContain('crm.objects.contacts.write');
    expect(res.stdout).not.toContain(org.hubspotToken);
    expect(readCredentials(dataDir, 'hubspot').mode).toBe(0o600);
    const gone = await runCli(['disconnect', 'hubspot', '--data-dir', dataDir]);
    expect(gone.stdout).toContain('hubspot disconnected');
    expect(existsSync(join(dataDir, 'connections', 'hubspot.json'))).toBe(false);
  });

  it('start says it uses the connected org and portal, and the sandbox with --sandbox', async () => {
    const dataDir = freshDir();
    newSfSession();
    expect(
      (await runCli(['connect', 'salesforce', '--sf-cli', 'my-org', '--data-dir', dataDir], env)).code,
    ).toBe(0);
    expect((await connectHubspot(dataDir)).code).toBe(0);
    const connected = await startCliOutput(['--port', '0', '--data-dir', dataDir], env);
    expect(connected).toMatch(
      /Accounts: connected\. Salesforce org 00D\w+ as integration@sync-health\.sandbox/,
    );
    expect(connected).toContain('HubSpot portal 4815162');
    const forced = await startCliOutput(['--port', '0', '--data-dir', dataDir, '--sandbox'], env);
    expect(forced).toContain('Accounts: embedded sandbox (--sandbox given)');
  });
  it('start with only HubSpot connected names Salesforce as missing, how to connect it, and runs the sandbox as the fallback', async () => {
    const dataDir = freshDir();
    expect((await connectHubspot(dataDir)).code).toBe(0);
    const out = await startCliOutput(['--port', '0', '--data-dir', dataDir], env);
    expect(out).toContain('HubSpot portal 4815162 is connected, but Salesforce is not');
    expect(out).toContain(
      `Connect Salesforce: sync-health connect salesforce --login-url https://login.salesforce.com --client-id KEY --data-dir "${dataDir}"`,
    );
    expect(out).toContain('Accounts: embedded sandbox (the fallback until both accounts are connected)');
  });

  it('start with only Salesforce connected names HubSpot as missing, how to connect it, and runs the sandbox as the fallback', async () => {
    const dataDir = freshDir();
    newSfSession();
    expect(
      (await runCli(['connect', 'salesforce', '--sf-cli', 'my-org', '--data-dir', dataDir], env)).code,
    ).toBe(0);
    const out = await startCliOutput(['--port', '0', '--data-dir', dataDir], env);
    expect(out).toMatch(/Salesforce org 00D\w+ is connected, but HubSpot is not/);
    expect(out).toContain(
      `Connect HubSpot: sync-health connect hubspot --token-file FILE --data-dir "${dataDir}"`,
    );
    expect(out).toContain('Accounts: embedded sandbox (the fallback until both accounts are connected)');
  });

  it('start with no account connected says nothing is missing and runs the sandbox', async () => {
    const out = await startCliOutput(['--port', '0', '--data-dir', freshDir()], env);
    expect(out).not.toContain('is connected, but');
    expect(out).toContain('Accounts: embedded sandbox (connect both accounts to use your own)');
  });
});
