/**
 * Shared CLI plumbing: option parsing with one-line errors, loading a network
 * (built-in id or JSON file), target arguments, JSON output with bigints.
 * Exit codes: 0 success, 1 unexpected failure, 2 bad arguments or input.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Target } from '../../engine/types';
import type { Network } from '../../engine/network';
import { parseNetwork } from '../../engine/network';
import { BUILTIN_NETWORK_IDS, getBuiltinNetwork } from '../../engine/builtins';
import { parseTarget, validateTarget } from '../../engine/target';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Largest network file the CLI reads. */
export const MAX_NETWORK_FILE_BYTES = 64 * 1024 * 1024;

/** An error to report as one line, with its exit code (default: bad arguments). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Where a command writes; injectable for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

/** The process's own streams and working directory. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

/** One command-line option. */
export interface OptionDef {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Placeholder for the value in usage text, e.g. `<target>`. */
  readonly value?: string;
  readonly required?: boolean;
  readonly description: string;
}

/** The options of a command. */
export type OptionDefs = Readonly<Record<string, OptionDef>>;

/** Parsed option values: strings for string options, booleans for flags. */
export type ParsedOptions<D extends OptionDefs> = {
  readonly [K in keyof D]: D[K]['type'] extends 'string'
    ? D[K]['required'] extends true
      ? string
      : string | undefined
    : boolean;
};

/** A subcommand as main.ts sees it. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Defines a command: its options are parsed (and `--help` answered) before `run` is called. */
export function defineCommand<D extends OptionDefs>(spec: {
  readonly name: string;
  readonly summary: string;
  readonly options: D;
  readonly run: (options: ParsedOptions<D>, io: CliIo) => number | Promise<number>;
}): CliCommand {
  const usage = usageText(spec.name, spec.summary, spec.options);
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    async run(argv, io) {
      if (argv.includes('--help') || argv.includes('-h')) {
        io.stdout(usage);
        return EXIT_OK;
      }
      return spec.run(parseOptions(spec.name, argv, spec.options), io);
    },
  };
}

function usageText(name: string, summary: string, options: OptionDefs): string {
  const flags = Object.entries(options).map(([key, def]) => {
    const flag = `--${key}${def.type === 'string' ? ` ${def.value ?? '<value>'}` : ''}`;
    return def.required ? flag : `[${flag}]`;
  });
  const lines = [`usage: gradflow ${name} ${flags.join(' ')}`, '', summary, ''];
  for (const [key, def] of Object.entries(options)) {
    const flag = `${def.short ? `-${def.short}, ` : ''}--${key}${def.type === 'string' ? ` ${def.value ?? '<value>'}` : ''}`;
    lines.push(`  ${flag.padEnd(28)} ${def.description}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Parses argv against option definitions; throws a one-line CliError on anything unexpected. */
export function parseOptions<D extends OptionDefs>(
  command: string,
  argv: readonly string[],
  defs: D,
): ParsedOptions<D> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [key, def] of Object.entries(defs)) {
    options[key] = def.short ? { type: def.type, short: def.short } : { type: def.type };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (err) {
    throw new CliError(`${describeParseError(err)} (see gradflow ${command} --help)`);
  }
  const out: Record<string, string | boolean | undefined> = {};
  for (const [key, def] of Object.entries(defs)) {
    const v = values[key];
    if (def.type === 'boolean') out[key] = v === true;
    else {
      if (def.required && (v === undefined || v === '')) {
        throw new CliError(`missing --${key} ${def.value ?? '<value>'} (see gradflow ${command} --help)`);
      }
      out[key] = typeof v === 'string' ? v : undefined;
    }
  }
  return out as ParsedOptions<D>;
}

function describeParseError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('argument missing') || message.includes('requires')
        ? `option ${/(--[\w-]+)/.exec(message)?.[1] ?? ''} needs a value`.trim()
        : `option ${/(--[\w-]+)/.exec(message)?.[1] ?? ''} does not take a value`.trim();
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted ?? ''}`.trim();
    default:
      return message.split('\n')[0] ?? 'bad arguments';
  }
}

/**
 * Loads a network by built-in id (`week09-net1`) or from a JSON file in the
 * interchange format (docs/NETWORK_FORMAT.md), relative to the working directory.
 */
export function loadNetwork(ref: string, io: CliIo): Network {
  const builtin = getBuiltinNetwork(ref);
  if (builtin) return builtin;
  const looksLikeFile = ref.endsWith('.json') || ref.includes('/') || ref.includes(path.sep);
  if (!looksLikeFile) {
    throw new CliError(
      `unknown network ${JSON.stringify(ref)}: use a built-in id (${BUILTIN_NETWORK_IDS.join(', ')}) or a path to a .json file`,
    );
  }
  const json = readJsonFile(ref, io, MAX_NETWORK_FILE_BYTES);
  const parsed = parseNetwork(json);
  if (!parsed.ok) throw new CliError(`${ref} is not a valid network: ${parsed.errors.join('; ')}`);
  return parsed.network;
}

/** Reads a JSON file the user named (relative to the working directory), at most `maxBytes`, with a clear error for each way it can fail. */
export function readJsonFile(ref: string, io: CliIo, maxBytes: number): unknown {
  const file = path.resolve(io.cwd, ref);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new CliError(`cannot read ${ref}: ${code === 'ENOENT' ? 'no such file' : String(code ?? err)}`);
  }
  if (text.length > maxBytes) throw new CliError(`${ref} is too large (over ${maxBytes} bytes)`);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${ref} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Parses a target argument and checks it exists in the network. */
export function targetArg(net: Network, text: string): Target {
  const parsed = parseTarget(text);
  if (!parsed.ok) throw new CliError(parsed.error);
  const valid = validateTarget(net, parsed.target);
  if (!valid.ok) throw new CliError(valid.error);
  return parsed.target;
}

/** Parses a non-negative integer option such as `--limit`. */
export function nonNegativeIntArg(
  name: string,
  text: string | undefined,
  fallback: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new CliError(`--${name} must be a whole number from 0 to ${max} (got ${JSON.stringify(text)})`);
  }
  return Number(text);
}

/** JSON with bigints written as decimal strings, indented, newline-terminated. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

/** A bigint with its order of magnitude when large: `1000…000 (≈ 1.0e198)`. */
export function formatCount(n: bigint): string {
  const digits = n.toString();
  if (digits.length <= 7) return digits;
  const mantissa = `${digits[0] as string}.${digits.slice(1, 3)}`;
  const shown = digits.length > 60 ? `${digits.slice(0, 20)}…${digits.slice(-20)}` : digits;
  return `${shown} (≈ ${mantissa}e${digits.length - 1})`;
}
