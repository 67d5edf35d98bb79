/**
 * `gradflow pack validate FILE` checks a quiz pack (docs/PACK_FORMAT.md) and
 * prints `ok: N questions` or one line per problem (`questions.3.target: …`),
 * exiting 2 when it is invalid. `gradflow pack show ID|FILE [--json]` prints a
 * built-in pack (or a pack file) with every default filled in, for download
 * and editing.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PackError, PackSpec } from '../../engine/quiz/pack';
import { BUILTIN_PACKS, compilePack } from '../../engine/quiz/pack';
import type { CliCommand, CliIo } from './common';
import { CliError, EXIT_OK, EXIT_USAGE, readJsonFile, toJson } from './common';

/** Largest pack file the CLI reads. */
export const MAX_PACK_FILE_BYTES = 16 * 1024 * 1024;

const USAGE = `usage: gradflow pack validate <file.json> [--json]
       gradflow pack show <pack-id|file.json> [--json]

Validate a quiz pack, or print one (built-in: ${BUILTIN_PACKS.map((p) => p.id).join(', ')}) with every default filled in.

  validate <file.json>   print "ok: N questions", or one line per problem (path: message) and exit 2
  show <id|file.json>    print the pack: a summary, or with --json the full pack to edit and upload
  --json                 print JSON
`;

function readJson(ref: string, io: CliIo): unknown {
  return readJsonFile(ref, io, MAX_PACK_FILE_BYTES);
}

function errorLine(e: PackError): string {
  return `${e.path === '' ? '(pack)' : e.path}: ${e.message}`;
}

function validate(file: string, json: boolean, io: CliIo): number {
  const result = compilePack(readJson(file, io));
  if (json) {
    io.stdout(
      toJson(
        result.ok
          ? { ok: true, id: result.spec.id, title: result.spec.title, questions: result.pack.questions.length, errors: [] }
          : { ok: false, errors: result.errors },
      ),
    );
  } else if (result.ok) {
    io.stdout(`ok: ${result.pack.questions.length} questions (pack "${result.spec.id}": ${result.spec.title})\n`);
  } else {
    io.stdout(result.errors.map((e) => `${errorLine(e)}\n`).join(''));
  }
  return result.ok ? EXIT_OK : EXIT_USAGE;
}

function loadSpec(ref: string, io: CliIo): PackSpec {
  const builtin = BUILTIN_PACKS.find((p) => p.id === ref);
  if (builtin) return builtin;
  if (!ref.endsWith('.json') && !ref.includes('/') && !ref.includes(path.sep)) {
    throw new CliError(`unknown pack ${JSON.stringify(ref)}: use a built-in id (${BUILTIN_PACKS.map((p) => p.id).join(', ')}) or a path to a .json file`);
  }
  const result = compilePack(readJson(ref, io));
  if (!result.ok) throw new CliError(`${ref} is not a valid pack: ${result.errors.map(errorLine).join('; ')} (run gradflow pack validate ${ref})`);
  return result.spec;
}

function summary(spec: PackSpec): string {
  const lines = [`${spec.title}   (pack "${spec.id}", ${spec.questions.length} questions)`];
  if (spec.course) lines.push(`course: ${spec.course}`);
  if (spec.author) lines.push(`author: ${spec.author}`);
  lines.push('');
  spec.questions.forEach((q, i) => {
    const about =
      'target' in q
        ? `${q.network} ${q.target}`
        : q.type === 'formula'
          ? `${q.quantity} (${q.numbering})`
          : q.type === 'truefalse'
            ? `true/false (${q.answer})`
            : q.type === 'numeric'
            ? `${q.network} ${q.compute}${q.of !== undefined ? ` ${q.of}` : ''}${q.wrt !== undefined ? ` ${q.wrt}` : ''}`
            : q.type === 'local'
              ? `${q.network} ${q.derivative}`
              : `${q.choices.length} choices`;
    const variants = 'variants' in q && q.variants ? `  [variants: ${q.variants.kind}]` : '';
    lines.push(`${String(i + 1).padStart(3)}. ${q.id.padEnd(26)} ${q.type.padEnd(10)} ${about}  ${q.timeLimitSec}s ×${q.points}${variants}`);
  });
  lines.push('', 'use --json for the full pack (to edit and upload)');
  return `${lines.join('\n')}\n`;
}

function show(ref: string, json: boolean, io: CliIo): number {
  const spec = loadSpec(ref, io);
  io.stdout(json ? toJson(spec) : summary(spec));
  return EXIT_OK;
}

/** The `pack` subcommand: `validate` and `show` (positional arguments, so it parses argv itself). */
export const command: CliCommand = {
  name: 'pack',
  summary: 'Validate a quiz pack file, or show a built-in pack (for editing).',
  usage: USAGE,
  run(argv, io) {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(USAGE);
      return Promise.resolve(EXIT_OK);
    }
    let values: { json?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({ args: [...argv], options: { json: { type: 'boolean' } }, strict: true, allowPositionals: true }));
    } catch (err) {
      const option = /'([^']+)'/.exec(err instanceof Error ? err.message : '')?.[1];
      throw new CliError(`unknown option ${option ?? ''} (see gradflow pack --help)`.replace('  ', ' '));
    }
    const [action, ref, ...extra] = positionals;
    if (action === undefined) throw new CliError('missing action: validate or show (see gradflow pack --help)');
    if (extra.length > 0) throw new CliError(`unexpected argument ${JSON.stringify(extra[0])} (see gradflow pack --help)`);
    const json = values.json === true;
    switch (action) {
      case 'validate':
        if (ref === undefined) throw new CliError('missing <file.json> (see gradflow pack --help)');
        return Promise.resolve(validate(ref, json, io));
      case 'show':
        if (ref === undefined) throw new CliError(`missing <pack-id|file.json> (built-in: ${BUILTIN_PACKS.map((p) => p.id).join(', ')})`);
        return Promise.resolve(show(ref, json, io));
      default:
        throw new CliError(`unknown action ${JSON.stringify(action)}: use validate or show (see gradflow pack --help)`);
    }
  },
};
