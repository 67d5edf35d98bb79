/**
 * `gradflow <command> [options]`: dispatches to one module per subcommand.
 * To add a command, create server/cli/<name>.ts exporting
 * `command = defineCommand({ … })` (see common.ts) and add one line to COMMANDS.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliCommand, CliIo } from './common';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, processIo } from './common';

/** Subcommands, loaded lazily: name → module exporting `command`. */
const COMMANDS: Readonly<Record<string, () => Promise<{ command: CliCommand }>>> = {
  paths: () => import('./paths'),
  key: () => import('./key'),
  check: () => import('./check'),
  pack: () => import('./pack'),
  backup: () => import('./backup'),
};

async function usage(): Promise<string> {
  const lines = ['usage: gradflow <command> [options]', '', 'commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  }
  lines.push('', 'run `gradflow <command> --help` for its options');
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI on argv (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(await usage());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await usage());
    return EXIT_OK;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(
      `gradflow: unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(', ')})\n`,
    );
    return EXIT_USAGE;
  }
  const { command } = await load();
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr(`gradflow ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr(`gradflow ${name}: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_FAILURE;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `gradflow: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      process.exitCode = EXIT_FAILURE;
    },
  );
}
