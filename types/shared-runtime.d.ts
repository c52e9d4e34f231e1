/**
 * The globals shared/ may use beyond ECMAScript, for tsconfig.shared.json only: both the browser and
 * Node 20 have the WHATWG URL. Anything else from DOM or Node fails that compile (by design).
 */
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly hash: string;
  readonly host: string;
  readonly hostname: string;
  readonly href: string;
  readonly origin: string;
  readonly pathname: string;
  readonly protocol: string;
  readonly search: string;
  toString(): string;
}
