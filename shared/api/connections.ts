/**
 * @module Contract of the connection routes: which accounts the sync runs on, connecting and
 * disconnecting them. Answers carry non-secret facts only: tokens never leave the proxy.
 */
import { z } from 'zod';

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

const httpUrl = z
  .string()
  .url('must be a URL such as https://login.salesforce.com')
  .refine((u) => /^https?:\/\//.test(u), 'must start with https:// (or http:// for a local sandbox)');

export const authorizeBodySchema = z
  .object({
    /** https://login.salesforce.com (default), https://test.salesforce.com or a My Domain URL. */
    loginUrl: httpUrl.optional(),
    /** The connected app's consumer key; defaults to the one used last. */
    clientId: z.string().min(1, 'must not be empty').optional(),
  })
  .strict();

export const hubspotTokenBodySchema = z
  .object({
    token: z.string().trim().min(1, 'must be the private app access token (starts with pat-)'),
    /** API base; default https://api.hubapi.com (tests point it at the embedded portal). */
    baseUrl: httpUrl.optional(),
  })
  .strict();

export const SYSTEMS = ['salesforce', 'hubspot'] as const;
export type ConnectedSystem = (typeof SYSTEMS)[number];

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
