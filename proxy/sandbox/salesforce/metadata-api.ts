/**
 * @module The Metadata API subset the setup uses, at POST /services/Soap/m/{version} as jsforce's
 * metadata client calls it: createMetadata, upsertMetadata and readMetadata of CustomField and
 * PermissionSet. The session travels in the SOAP header; every call counts against the daily limit.
 */
import { Hono } from 'hono';
import { apiUsed, recordApiCalls } from './api-usage';
import type { SandboxDeps } from './sandbox-deps';
import { authenticate } from './sessions';
import { readComponent, type SaveResult, saveCustomField, savePermissionSet } from './setup-metadata';
import { SfError } from './sf-format';
import { asList, parseXml, toXml, type XmlObject, type XmlValue } from './soap-xml';

const NS = 'http://soap.sforce.com/2006/04/metadata';
const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${NS}" xmlns:sf="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

const xmlResponse = (body: string, status = 200) =>
  new Response(envelope(body), { status, headers: { 'content-type': 'text/xml;charset=UTF-8' } });

/** A SOAP fault as Salesforce sends it: HTTP 500, `sf:CODE` and the message. */
const fault = (code: string, message: string) =>
  xmlResponse(
    `<soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${code}: ${message
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')}</faultstring></soapenv:Fault>`,
    500,
  );

const SUPPORTED = ['CustomField', 'PermissionSet'];

export function createMetadataApi(deps: SandboxDeps): Hono {
  return new Hono().post('/:version', async (c) => {
    deps.counters.requests++;
    if (!/^\d{2}\.\d$/.test(c.req.param('version'))) {
      return fault(
        'UNSUPPORTED_API_VERSION',
        `Invalid Api version specified on URL: ${c.req.param('version')}`,
      );
    }
    let doc: XmlObject;
    try {
      doc = parseXml(await c.req.text());
    } catch (err) {
      return fault('INVALID_XML', `The request is not a SOAP envelope: ${(err as Error).message}`);
    }
    const env = (doc.Envelope ?? {}) as XmlObject;
    const header = (env.Header ?? {}) as XmlObject;
    const sessionId = ((header.SessionHeader ?? {}) as XmlObject).sessionId;
    const state = deps.state();
    const now = deps.now();
    try {
      authenticate(state, now, `Bearer ${typeof sessionId === 'string' ? sessionId : ''}`);
    } catch (err) {
      if (err instanceof SfError)
        return fault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
      throw err;
    }
    if (!state.apiEnabled)
      return fault('API_DISABLED_FOR_ORG', 'API is not enabled for this Organization or Partner');
    if (apiUsed(state, now) >= state.dailyApiLimit)
      return fault('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    const body = (env.Body ?? {}) as XmlObject;
    const [operation, args] = Object.entries(body)[0] ?? ['', {}];
    recordApiCalls(state, now, 1);
    deps.counters.charged++;
    const answer = run(operation, (args ?? {}) as XmlObject, deps);
    deps.persist();
    return answer;
  });
}

function run(operation: string, args: XmlObject, deps: SandboxDeps): Response {
  const state = deps.state();
  if (operation === 'createMetadata' || operation === 'upsertMetadata') {
    const mode = operation === 'createMetadata' ? 'create' : 'upsert';
    const items = asList(args.metadata);
    if (items.length > 10) {
      return fault(
        'INVALID_OPERATION',
        `${operation} takes at most 10 components in one call; ${items.length} were sent`,
      );
    }
    const results: SaveResult[] = items.map((raw) => {
      const item = (raw ?? {}) as XmlObject;
      const type = String(item.$type ?? '');
      const component = plain(item) as Record<string, unknown>;
      if (type === 'CustomField') return saveCustomField(state, component, mode);
      if (type === 'PermissionSet') return savePermissionSet(state, component, mode, deps.now());
      return {
        fullName: String(component.fullName ?? ''),
        success: false,
        errors: [
          {
            statusCode: 'INVALID_TYPE',
            message: `This sandbox's Metadata API handles ${SUPPORTED.join(' and ')}, not "${type}"`,
          },
        ],
      };
    });
    const shaped = results.map((r) =>
      mode === 'create'
        ? { errors: r.errors, fullName: r.fullName, success: r.success }
        : { created: Boolean(r.created), errors: r.errors, fullName: r.fullName, success: r.success },
    );
    return xmlResponse(toXml(`${operation}Response`, { result: shaped.map(dropEmpty) }));
  }
  if (operation === 'readMetadata') {
    const type = String(args.type ?? '');
    if (!SUPPORTED.includes(type))
      return fault('INVALID_TYPE', `Unknown type "${type}". Options: ${SUPPORTED.join(', ')}`);
    const names = asList(args.fullNames).map(String);
    // A component that does not exist is left out of `records`, as Salesforce does.
    const records = names.map((n) => readComponent(state, type, n)).filter((r) => r !== null);
    return xmlResponse(toXml('readMetadataResponse', { result: records.length ? { records } : {} }));
  }
  return fault(
    'INVALID_OPERATION',
    `No operation available for request {${NS}}${operation}: this sandbox serves createMetadata, upsertMetadata and readMetadata`,
  );
}

/** Parsed XML leaves as plain values (strings), keeping `$type` off the component. */
function plain(value: XmlValue): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value === 'string') return value;
  const { $type: _type, ...rest } = value;
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, plain(v)]));
}

const dropEmpty = (r: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
