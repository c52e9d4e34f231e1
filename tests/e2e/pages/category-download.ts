/** Catches the browser's downloads in a temp folder (CDP Browser.setDownloadBehavior) and reads CSV files. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer';

export interface DownloadCatcher {
  dir: string;
  /** Resolves with the saved file's path once the next download completes. */
  next(timeoutMs?: number): Promise<{ path: string; suggestedFilename: string }>;
  dispose(): Promise<void>;
}

export async function catchDownloads(browser: Browser): Promise<DownloadCatcher> {
  const dir = mkdtempSync(join(tmpdir(), 'sync-health-downloads-'));
  const cdp = await browser.target().createCDPSession();
  const names = new Map<string, string>();
  const waiting: ((done: { guid: string; state: string }) => void)[] = [];
  cdp.on('Browser.downloadWillBegin', (e: { guid: string; suggestedFilename: string }) =>
    names.set(e.guid, e.suggestedFilename),
  );
  cdp.on('Browser.downloadProgress', (e: { guid: string; state: string }) => {
    if (e.state === 'completed' || e.state === 'canceled') for (const w of waiting.splice(0)) w(e);
  });
  // allowAndName saves under the guid, so a file name from the page cannot collide or escape the folder.
  await cdp.send('Browser.setDownloadBehavior', {
    behavior: 'allowAndName',
    downloadPath: dir,
    eventsEnabled: true,
  });
  return {
    dir,
    next(timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`No download completed in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting.push((e) => {
          clearTimeout(timer);
          if (e.state !== 'completed') reject(new Error(`The download was ${e.state}`));
          else resolve({ path: join(dir, e.guid), suggestedFilename: names.get(e.guid) ?? '' });
        });
      });
    },
    async dispose() {
      await cdp.detach().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends. Returns rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

/** The CSV as objects keyed by its header row. */
export function readCsvFile(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  if (!header) throw new Error(`${path} is empty`);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
