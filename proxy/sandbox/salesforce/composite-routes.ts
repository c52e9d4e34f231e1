/**
 * @module `POST /composite`: up to 25 subrequests (at most 5 queries or sObject Collections) run in order
 * by the org's own route handlers, with reference ids between them and `allOrNone`, counted as ONE call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Hono } from 'hono';
import type { OrgState, SfRecord } from './org-state';
import { readJsonObject } from './read-body';
import { putRecord } from './record-index';
import { recordUrlOf, type SandboxDeps } from './sandbox-deps';
import { SfError, sfErrorResponse, sfJson } from './sf-format';

const MAX_SUBREQUESTS = 25;
const MAX_QUERIES_AND_COLLECTIONS = 5;
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const REFERENCE_ID = /^[A-Za-z0-9_]+$/;
const SUBREQUEST_URL = /^\/services\/data\/(v\d{2}\.\d)(\/[^?]*)(\?.*)?$/;
/** The resources Composite accepts: sObject resources, Query/QueryAll, sObject Collections. */
const SUPPORTED = /^\/(sobjects(\/|$)|query(\/|$)|queryAll(\/|$)|composite\/sobjects(\/|$))/;
const QUERY_OR_COLLECTION = /^\/(query|queryAll|composite\/sobjects)(\/|$)/;
const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)\}/g;

const HALTED = 'The transaction was rolled back since another operation in the same transaction failed.';

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders: Record<string, string>;
}

interface SubResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string | null;
}

/** Requests the composite made itself: the data API serves them without counting or faults. */
const subrequests = new WeakSet<Request>();
export const isSubrequest = (request: Request): boolean => subrequests.has(request);

// The state an allOrNone composite writes into, visible only to the handlers it calls (not to
// requests served meanwhile), so that a failure leaves the org untouched.
const scope = new AsyncLocalStorage<OrgState>();

/** The deps the data API's routes run with: inside an allOrNone composite they see its overlay. */
export function compositeScoped(deps: SandboxDeps): SandboxDeps {
  return { ...deps, state: () => scope.getStore() ?? deps.state() };
}

/**
 * A copy-on-write view of the org: a table is copied on first access and every record put into it is
 * remembered, so commit moves just those records into the org (records written meanwhile by other
 * requests stay).
 */
function overlay(real: OrgState) {
  const tables = new Map<string, { table: Record<string, SfRecord>; touched: Set<string> }>();
  const records = new Proxy(real.records, {
    get(target, name) {
      if (typeof name !== 'string') return Reflect.get(target, name);
      let entry = tables.get(name);
      if (!entry) {
        const touched = new Set<string>();
        const table = new Proxy(
          { ...(target[name] ?? {}) },
          {
            set(t, id, value) {
              t[id as string] = value;
              touched.add(id as string);
              return true;
            },
          },
        );
        entry = { table, touched };
        tables.set(name, entry);
      }
      return entry.table;
    },
  });
  const state: OrgState = Object.create(real, { records: { value: records, writable: true } });
  return {
    state,
    commit() {
      for (const [name, { table, touched }] of tables) {
        real.records[name] ??= {};
        for (const id of touched) putRecord(real.records[name], table[id]);
      }
      real.idSequence = Math.max(real.idSequence, state.idSequence);
    },
  };
}

function limitExceeded(message: string): Response {
  // Salesforce answers the over-limit request with one entry whose referenceId is null (seen in the
  // wild: LIMIT_EXCEEDED "The request can’t contain more than 25 operations."); the top-level status
  // is not documented, we answer 400 so no client mistakes it for a success.
  return sfJson(
    {
      compositeResponse: [
        {
          body: [{ errorCode: 'LIMIT_EXCEEDED', message }],
          httpHeaders: {},
          httpStatusCode: 400,
          referenceId: null,
        },
      ],
    },
    400,
  );
}

function parseSubrequests(body: Record<string, unknown>): Subrequest[] {
  const list = body.compositeRequest;
  if (!Array.isArray(list) || list.length === 0) {
    throw new SfError(
      400,
      'JSON_PARSER_ERROR',
      'The request body needs "compositeRequest": a non-empty array of subrequests',
    );
  }
  for (const key of ['allOrNone', 'collateSubrequests'] as const) {
    if (body[key] !== undefined && typeof body[key] !== 'boolean') {
      throw new SfError(
        400,
        'JSON_PARSER_ERROR',
        `"${key}" must be true or false, not ${JSON.stringify(body[key])}`,
      );
    }
  }
  const seen = new Set<string>();
  return list.map((raw, i): Subrequest => {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const method = typeof entry.method === 'string' ? entry.method.toUpperCase() : '';
    if (!METHODS.includes(method)) {
      throw new SfError(
        400,
        'INVALID_API_INPUT',
        `Subrequest ${i + 1}: method must be one of ${METHODS.join(', ')}`,
      );
    }
    if (typeof entry.url !== 'string' || !SUBREQUEST_URL.test(entry.url)) {
      throw new SfError(
        400,
        'INVALID_API_INPUT',
        `Subrequest ${i + 1}: url must look like /services/data/v62.0/sobjects/Account`,
      );
    }
    const referenceId = entry.referenceId;
    if (typeof referenceId !== 'string' || !REFERENCE_ID.test(referenceId)) {
      throw new SfError(
        400,
        'INVALID_API_INPUT',
        `Subrequest ${i + 1}: referenceId may contain only letters, numbers and underscores`,
      );
    }
    if (seen.has(referenceId)) {
      throw new SfError(
        400,
        'INVALID_API_INPUT',
        `Duplicate referenceId ${referenceId}: each subrequest needs its own`,
      );
    }
    seen.add(referenceId);
    const headers = (typeof entry.httpHeaders === 'object' && entry.httpHeaders) || {};
    return {
      method,
      url: entry.url,
      referenceId,
      body: entry.body,
      httpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
    };
  });
}

/** `records[0].Id` → ['records', 0, 'Id'] applied to an earlier subrequest's body. */
function lookUp(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const [, name, index] of path.matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    value =
      name !== undefined ? (value as Record<string, unknown>)[name] : (value as unknown[])[Number(index)];
  }
  return value;
}

class UnresolvedReference extends Error {}

function resolveText(text: string, results: Map<string, SubResult>): string {
  return text.replace(REFERENCE, (_all, ref: string, path: string) => String(resolveOne(ref, path, results)));
}

function resolveOne(ref: string, path: string, results: Map<string, SubResult>): unknown {
  const earlier = results.get(ref);
  const value = earlier && earlier.httpStatusCode < 400 ? lookUp(earlier.body, path) : undefined;
  if (value === undefined || value === null) {
    throw new UnresolvedReference(
      `Invalid reference specified. No value for ${ref}${path} found in ${ref}. Provided referenceId must reference an earlier subrequest that succeeded.`,
    );
  }
  return value;
}

/** Strings that are exactly one reference take the referenced value as is (numbers stay numbers). */
function resolveBody(value: unknown, results: Map<string, SubResult>): unknown {
  if (typeof value === 'string') {
    const whole = /^@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)\}$/.exec(value);
    return whole ? resolveOne(whole[1], whole[2], results) : resolveText(value, results);
  }
  if (Array.isArray(value)) return value.map((v) => resolveBody(v, results));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveBody(v, results)]));
  }
  return value;
}

const KEPT_HEADERS = ['location', 'etag', 'last-modified'];

/**
 * @param dataApi the app serving /:version/** (the data API itself), so subrequests reach the same
 *   handlers as direct calls; looked up lazily because routes are registered after this one.
 */
export function createCompositeRoutes(deps: SandboxDeps, dataApi: () => Hono): Hono {
  const app = new Hono();
  let dispatcher: Hono | undefined;
  const dispatch = (request: Request) => {
    if (!dispatcher) {
      dispatcher = new Hono();
      dispatcher.onError(sfErrorResponse);
      dispatcher.route('/', dataApi());
    }
    subrequests.add(request);
    return dispatcher.fetch(request);
  };
  // allOrNone composites run one at a time: two overlays committing at once could interleave.
  let serial: Promise<unknown> = Promise.resolve();

  const runOne = async (sub: Subrequest, results: Map<string, SubResult>, auth: string) => {
    let url: string;
    let body: unknown;
    try {
      url = resolveText(sub.url, results);
      body = sub.body === undefined ? undefined : resolveBody(sub.body, results);
    } catch (error) {
      if (!(error instanceof UnresolvedReference)) throw error;
      return failed(sub.referenceId, 'PROCESSING_HALTED', error.message);
    }
    const [, version, path, search = ''] = SUBREQUEST_URL.exec(url) ?? [];
    if (!SUPPORTED.test(path ?? '')) {
      return failed(
        sub.referenceId,
        'INVALID_API_INPUT',
        `Composite does not support ${sub.method} ${url}: use sObject, query, queryAll or sObject Collections resources`,
      );
    }
    if (sub.method !== 'GET') deps.counters.writes++;
    const response = await dispatch(
      new Request(`http://composite.internal/${version}${path}${search}`, {
        method: sub.method,
        headers: { ...sub.httpHeaders, authorization: auth, 'content-type': 'application/json' },
        body: body === undefined || sub.method === 'GET' ? undefined : JSON.stringify(body),
      }),
    );
    const text = await response.text();
    const httpHeaders: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = response.headers.get(name);
      if (value) httpHeaders[name.replace(/(^|-)\w/g, (s) => s.toUpperCase())] = value;
    }
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    const created = /^\/sobjects\/([^/]+)$/.exec(path ?? '');
    const id = (parsed as { id?: unknown } | null)?.id;
    if (response.status === 201 && created && typeof id === 'string') {
      // Composite reports where a created record lives, as the documented subrequest result shows.
      httpHeaders.Location = recordUrlOf(deps.basePath, version)(created[1], id);
    }
    return {
      body: parsed,
      httpHeaders,
      httpStatusCode: response.status,
      referenceId: sub.referenceId,
    };
  };

  app.post('/composite', async (c) => {
    const body = await readJsonObject(c);
    const subs = parseSubrequests(body);
    if (subs.length > MAX_SUBREQUESTS) {
      return limitExceeded(`The request can’t contain more than ${MAX_SUBREQUESTS} operations.`);
    }
    const heavy = subs.filter((s) => QUERY_OR_COLLECTION.test(SUBREQUEST_URL.exec(s.url)?.[2] ?? '')).length;
    if (heavy > MAX_QUERIES_AND_COLLECTIONS) {
      // The reference documents the limit; the exact wording of this message is not confirmed.
      return limitExceeded(
        `The request can’t contain more than ${MAX_QUERIES_AND_COLLECTIONS} query or sObject Collections operations.`,
      );
    }
    const auth = c.req.header('authorization') ?? '';
    const allOrNone = body.allOrNone === true;
    // collateSubrequests only lets Salesforce run independent subrequests in parallel; results are the
    // same in order and content, so running them in order honours both values.
    const run = async () => {
      const results = new Map<string, SubResult>();
      const out: SubResult[] = [];
      for (const sub of subs) {
        const result = await runOne(sub, results, auth);
        results.set(sub.referenceId, result);
        out.push(result);
        if (allOrNone && result.httpStatusCode >= 400) {
          // Everything else is rolled back (the overlay is dropped) and reported as halted.
          const halted = (r: Subrequest) => failed(r.referenceId, 'PROCESSING_HALTED', HALTED);
          return { ok: false, out: subs.map((s, i) => (out[i] === result ? result : halted(s))) };
        }
      }
      return { ok: true, out };
    };
    if (!allOrNone) return sfJson({ compositeResponse: (await run()).out });
    const turn = serial.then(async () => {
      const view = overlay(deps.state());
      const outcome = await scope.run(view.state, run);
      if (outcome.ok) view.commit();
      return outcome.out;
    });
    serial = turn.catch(() => undefined);
    return sfJson({ compositeResponse: await turn });
  });
  return app;
}

function failed(referenceId: string, errorCode: string, message: string): SubResult {
  return { body: [{ errorCode, message }], httpHeaders: {}, httpStatusCode: 400, referenceId };
}
