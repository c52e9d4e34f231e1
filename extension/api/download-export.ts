/** @module The CSV export: fetched with the pairing token, then saved through a blob URL and <a download>. */
import { parseApiError } from '../../shared/api-error';
import { ProxyError } from './proxy-client';

/** The filter the export takes; the same one the category table shows. */
export interface ExportFilter {
  category?: string;
  q?: string;
  group?: string;
  object?: string;
  subType?: string;
}

export interface ExportedFile {
  fileName: string;
  blob: Blob;
}

/**
 * The file name the proxy gave in Content-Disposition (RFC 6266: `filename*` wins over `filename`).
 * @example fileNameFrom('attachment; filename="picklists.csv"', 'x.csv') === 'picklists.csv'
 */
export function fileNameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return safeName(decodeURIComponent(extended[1].trim()), fallback);
    } catch {
      // a malformed percent-escape: fall through to the plain filename
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
  const name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]) : undefined;
  return name ? safeName(name, fallback) : fallback;
}

/** A name is a name, not a path: the browser would refuse slashes anyway, and an empty name saves nothing. */
function safeName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  return base || fallback;
}

/** Fetches GET /api/v1/errors/export for the filter; proxy failures throw ProxyError with its message. */
export async function fetchExport(
  settings: { url: string; token: string },
  filter: ExportFilter,
  fetchImpl: typeof fetch = fetch,
): Promise<ExportedFile> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) search.set(key, value);
  const headers = new Headers({ accept: 'text/csv' });
  if (settings.token) headers.set('authorization', `Bearer ${settings.token}`);
  const res = await fetchImpl(`${settings.url}/api/v1/errors/export?${search}`, { headers });
  if (!res.ok) {
    const parsed = parseApiError(await res.json().catch(() => null));
    throw parsed
      ? new ProxyError(res.status, parsed.code, parsed.message)
      : new ProxyError(res.status, 'http_error', `The export failed: the proxy answered HTTP ${res.status}.`);
  }
  const fallback = `sync-health-${filter.category ?? 'all'}-errors.csv`;
  return { fileName: fileNameFrom(res.headers.get('content-disposition'), fallback), blob: await res.blob() };
}

/** Hands the file to the browser's downloads, as a click on a download link would. */
export function saveFile(file: ExportedFile, doc: Document = document): void {
  const url = URL.createObjectURL(file.blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once the click is handled; revoking at once can cancel it in Chrome.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Fetch and save in one step; resolves to the saved file's name. */
export async function downloadExport(
  settings: { url: string; token: string },
  filter: ExportFilter,
): Promise<string> {
  const file = await fetchExport(settings, filter);
  saveFile(file);
  return file.fileName;
}
