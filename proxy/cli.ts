/** @module `sync-health` command line: start, sandbox, connect. */
import { parseArgs } from 'node:util';
import { UsageError } from './cli/args';
import { COMMANDS, type CommandName } from './cli/commands';
import { DataDirError, resolveDataDir } from './config/data-dir';
import { CredentialFileError } from './connect/credential-store';
import { PortInUseError } from './server';

const USAGE = `Usage: sync-health <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run "sync-health <command> --help" for a command's options.`;

/** Runs the command line; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (!(name in COMMANDS)) {
    console.error(`Unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n\n${USAGE}`);
    return 2;
  }
  const command = COMMANDS[name as CommandName];
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: command.positionals === true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${command.usage}`);
    return 2;
  }
  if (values.help) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(
      { ...values, dataDir: resolveDataDir(values['data-dir'] as string | undefined) },
      positionals,
    );
  } catch (err) {
    if (err instanceof DataDirError || err instanceof CredentialFileError) {
      console.error(err.message);
      return 1;
    }
    if (err instanceof UsageError || err instanceof PortInUseError) {
      console.error(err.message);
      return err instanceof UsageError ? 2 : 1;
    }
    throw err;
  }
}
