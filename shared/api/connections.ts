/**
 * @module Contract of the connection routes: which accounts the sync runs on, connecting and
 * disconnecting them. Answers carry non-secret facts only: tokens never leave the proxy.
 */
import { z } from 'zod';

export const SYSTEMS = ['salesforce', 'hubspot'] as const;
export type ConnectedSystem = (typeof SYSTEMS)[number];

/** The OAuth scopes the connected app must allow. */
export const SALESFORCE_SCOPES = ['api', 'refresh_token'] as const;

/** Private-app scopes the sync reads and writes with. */
export const HUBSPOT_REQUIRED_SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'crm.schemas.contacts.read',
  'crm.schemas.companies.read',
  'crm.schemas.deals.read',
  'crm.lists.read',
  'crm.lists.write',
] as const;

export const LOGIN_URLS = {
  production: 'https://login.salesforce.com',
  sandbox: 'https://test.salesforce.com',
} as const;

/** Hosts (and their subdomains) an https:// URL may name for each system without `--allow-host`. */
export const TRUSTED_HOSTS = {
  salesforce: ['salesforce.com', 'force.com', 'cloudforce.com', 'database.com', 'salesforce.mil'],
  hubspot: ['hubapi.com', 'hubspot.com'],
} as const;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Why `url` may not carry a token of `system`, or null when it may: http:// only to a loopback host
 * (the embedded sandbox, a local test server); otherwise https:// to one of {@link TRUSTED_HOSTS},
 * or to a host the admin named with `--allow-host`. Plain function (no zod): the proxy calls it too.
 * @example endpointProblem('http://login.example', 'salesforce') // → 'would send the Salesforce token unencrypted: …'
 */
export function endpointProblem(
  url: string,
  system: ConnectedSystem,
  allowHosts: readonly string[] = [],
): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL: write it like https://login.salesforce.com';
  }
  const name = system === 'salesforce' ? 'Salesforce' : 'HubSpot';
  const host = parsed.hostname.toLowerCase();
  if (parsed.protocol === 'http:') {
    return LOOPBACK.test(host)
      ? null
      : `would send the ${name} token unencrypted: use https://${parsed.host} (http:// is only for 127.0.0.1 and localhost)`;
  }
  if (parsed.protocol !== 'https:') return `must start with https://`;
  const trusted = [...TRUSTED_HOSTS[system], ...allowHosts.map((h) => h.toLowerCase())];
  if (trusted.some((t) => host === t || host.endsWith(`.${t}`))) return null;
  return `names ${host}, which is not a ${name} host (${TRUSTED_HOSTS[system].map((t) => `*.${t}`).join(', ')}): use your ${system === 'salesforce' ? "org's" : "portal's"} address, or if you trust ${host}, connect from the command line with --allow-host ${host}`;
}

const endpointUrl = (system: ConnectedSystem) =>
  z.string().superRefine((u, ctx) => {
    const problem = endpointProblem(u, system);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const authorizeBodySchema = z
  .object({
    /** https://login.salesforce.com (default), https://test.salesforce.com or a My Domain URL. */
    loginUrl: endpointUrl('salesforce').optional(),
    /** The connected app's consumer key; defaults to the one used last. */
    clientId: z.string().min(1, 'must not be empty').optional(),
  })
  .strict();

export const hubspotTokenBodySchema = z
  .object({
    token: z.string().trim().min(1, 'must be the private app access token (starts with pat-)'),
    /** API base; default https://api.hubapi.com (tests point it at the embedded portal). */
    baseUrl: endpointUrl('hubspot').optional(),
  })
  .strict();

export interface SalesforceConnection {
  connected: boolean;
  method?: 'oauth' | 'sf-cli' | 'token';
  username?: string;
  userId?: string;
  orgId?: string;
  instanceUrl?: string;
  apiVersion?: string;
  connectedAt?: number;
}

export interface HubspotConnection {
  connected: boolean;
  portalId?: string;
  scopes?: string[];
  missingScopes?: string[];
  connectedAt?: number;
}

export interface ConnectionsStatus {
  /** What the running sync uses: the embedded sandbox or the connected accounts. */
  mode: 'sandbox' | 'connected';
  salesforce: SalesforceConnection;
  hubspot: HubspotConnection;
  /** True while the sync is suspended because a token stopped working: offer "Reconnect". */
  reconnect: boolean;
}

export type ConnectionsApi = {
  'GET /connections': { response: ConnectionsStatus };
  'POST /connections/salesforce/authorize': {
    body: z.input<typeof authorizeBodySchema>;
    response: { authorizeUrl: string; callbackUrl: string };
  };
  'POST /connections/hubspot': {
    body: z.input<typeof hubspotTokenBodySchema>;
    response: HubspotConnection;
  };
  'DELETE /connections/:system': {
    params: { system: ConnectedSystem };
    response: { disconnected: ConnectedSystem; restartNeeded: boolean };
  };
};
