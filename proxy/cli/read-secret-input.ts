/** @module Secrets come from files or stdin, never from argv (visible in `ps` and shell history). */
import { readFileSync } from 'node:fs';
import { UsageError } from './args';

/** Reads a token from `file` ('-' is stdin); trims it; fails with what to change when empty or missing. */
export function readSecretInput(file: string | boolean | undefined, flag: string): string {
  if (typeof file !== 'string' || file === '') {
    throw new UsageError(`${flag} needs a file holding the token (or "-" to read it from stdin).`);
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `Cannot read ${flag} "${file}": ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}.`,
    );
  }
  const token = text.trim();
  if (!token || /\s/.test(token)) {
    throw new UsageError(`${flag} "${file}" must hold exactly one token (no spaces or extra lines).`);
  }
  return token;
}

/** Starts the user's browser on `url`; failures only mean the user opens the printed URL by hand. */
export async function openInBrowser(url: string): Promise<void> {
  const { execFile } = await import('node:child_process');
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  await new Promise<void>((resolve) => {
    const child = execFile(cmd, args as string[], () => resolve());
    child.on('error', () => resolve());
  });
}
