/** @module Size limits on every request, checked before anything reads or parses it. */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiError } from '../../shared/api-error';

const KB = 1024;

/**
 * Bodies on /api/v1: the largest legitimate one is a resync of 100 error ids or a mapping list,
 * a few KB; 256 KB leaves room without letting one request hold megabytes.
 */
export const API_BODY_LIMIT = 256 * KB;

/** The OAuth callback outside /api/v1 is a GET; nothing there needs a body. */
export const OAUTH_BODY_LIMIT = 16 * KB;

/**
 * Bodies on the embedded sandboxes: one sObject Collections call carries at most 200 records
 * (HubSpot batches: 100 inputs). The largest legitimate one fills a 32,000-character text area
 * (Description) on each of 200 records: 200 × 32,000 × 3 bytes of UTF-8 (BMP) ≈ 19.2 MB, plus the
 * 255-character fields; 32 MB holds it, and refuses the hundreds of MB that took the process to GBs.
 */
export const SANDBOX_BODY_LIMIT = 32 * KB * KB;

/**
 * Salesforce's limits on the request line and headers, which we answer with the same codes:
 * a URI over 16,384 bytes gets 414, URI plus headers over 16,384 bytes gets 431.
 */
export const URI_LIMIT = 16 * KB;
export const HEADERS_LIMIT = 16 * KB;

/**
 * What Node itself accepts before our code runs (its default is 16 KB, answered by a bare 431 and
 * a closed socket). Raised so that oversized requests reach `limitRequestLine` and get a JSON answer;
 * past this, `answerOversizedHeaders` writes the JSON 431 itself.
 */
export const NODE_MAX_HEADER_SIZE = 64 * KB;

const mb = (bytes: number) =>
  bytes >= KB * KB ? `${Math.round(bytes / KB / KB)} MB` : `${Math.round(bytes / KB)} KB`;

/** 413 in the project's error shape, from Hono's body-limit (Content-Length checked before reading). */
export function limitBody(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) =>
      c.json(
        apiError(
          'payload_too_large',
          `The request body is larger than ${mb(maxSize)}, the most ${c.req.path} accepts. Send less per request (split the batch).`,
        ),
        413,
      ),
  });
}

/** 414 for a URI over 16 KB, 431 for URI plus headers over 16 KB, as JSON in the project's error shape. */
export function limitRequestLine(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const uriBytes = Buffer.byteLength(url.pathname + url.search);
    if (uriBytes > URI_LIMIT) {
      return c.json(
        apiError(
          'uri_too_long',
          `The URL is ${uriBytes} bytes; at most ${URI_LIMIT} are accepted. Shorten the query (fewer or shorter parameters).`,
        ),
        414,
      );
    }
    let headerBytes = uriBytes;
    c.req.raw.headers.forEach((value, name) => {
      headerBytes += name.length + value.length + 4;
    });
    if (headerBytes > HEADERS_LIMIT) {
      return c.json(
        apiError(
          'headers_too_large',
          `The URL and headers are ${headerBytes} bytes; at most ${HEADERS_LIMIT} are accepted. Send fewer or shorter headers.`,
        ),
        431,
      );
    }
    await next();
  };
}

/**
 * Past Node's own header limit the request never reaches Hono: Node's default answer is a bare 431.
 * This writes the same status with a JSON body in the project's shape, then closes the socket.
 */
export function answerOversizedHeaders(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      const body = JSON.stringify(
        apiError(
          'headers_too_large',
          `The URL and headers are over ${NODE_MAX_HEADER_SIZE} bytes; at most ${HEADERS_LIMIT} are accepted. Shorten the URL or the headers.`,
        ),
      );
      socket.end(
        `HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    // Node's own answers for the other cases, kept since a listener replaces them.
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
  });
}
