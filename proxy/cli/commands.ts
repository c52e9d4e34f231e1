/** @module The table of subcommands; each lives in its own file. */
import type { ParseArgsConfig } from 'node:util';
import { sandboxCommand } from './sandbox';
import { startCommand } from './start';

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, string | boolean | undefined> & { dataDir: string }): Promise<number>;
}

export const COMMANDS = {
  start: startCommand,
  sandbox: sandboxCommand,
} satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;
