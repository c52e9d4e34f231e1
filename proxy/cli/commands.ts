/** @module The table of subcommands; each lives in its own file. */
import type { ParseArgsConfig } from 'node:util';
import { connectCommand } from './connect';
import { disconnectCommand } from './disconnect';
import { doctorCommand } from './doctor';
import { sandboxCommand } from './sandbox';
import { serveCommand } from './serve';
import { startCommand } from './start';
import { usersCommand } from './users';

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Takes words after the command (e.g. `connect salesforce`). */
  positionals?: boolean;
  run(
    values: Record<string, string | boolean | undefined> & { dataDir: string },
    positionals?: string[],
  ): Promise<number>;
}

export const COMMANDS = {
  start: startCommand,
  sandbox: sandboxCommand,
  connect: connectCommand,
  disconnect: disconnectCommand,
  doctor: doctorCommand,
  serve: serveCommand,
  users: usersCommand,
} satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;
