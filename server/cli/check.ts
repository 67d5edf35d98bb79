/**
 * `gradflow check`: grades one answer exactly as the server does and prints
 * the verdict, what was read and every note. Exit 0 whatever the verdict;
 * 2 for bad arguments.
 */
import type { Target } from '../../engine/types';
import { assertNever } from '../../engine/types';
import type { Network } from '../../engine/network';
import { countPaths } from '../../engine/paths';
import { formatTarget } from '../../engine/target';
import type { CheckResult } from '../../engine/expr';
import { checkCount, checkExpression, checkFormula, checkHighlight, parseFormula } from '../../engine/expr';
import { checkNumeric } from '../../engine/numeric/diagnose';
import { checkLocal } from '../../engine/expr/check-local';
import { localAskProblem, parseLocalAsk, renderAsk } from '../../engine/expr/local-symbols';
import { describeTolerance } from '../../engine/numeric/number-answer';
import { NUMERIC_OPTIONS, askArg, loadValues, numericFactsArg, toleranceArg } from './numeric';
import type { CliIo } from './common';
import { CliError, EXIT_OK, defineCommand, loadNetwork, targetArg, toJson } from './common';

/** Answer kinds the command grades. */
export const CHECK_KINDS = ['expression', 'count', 'formula', 'highlight', 'numeric', 'local'] as const;
/** One answer kind. */
export type CheckKind = (typeof CHECK_KINDS)[number];

function isCheckKind(value: string): value is CheckKind {
  return (CHECK_KINDS as readonly string[]).includes(value);
}

function need(value: string | undefined, flag: string, kind: CheckKind): string {
  if (value === undefined || value === '') throw new CliError(`--kind ${kind} needs ${flag} (see gradflow check --help)`);
  return value;
}

function networkAndTarget(opts: { network?: string; wrt?: string }, kind: CheckKind, io: CliIo): { net: Network; target: Target } {
  const net = loadNetwork(need(opts.network, '--network <builtin-id|file.json>', kind), io);
  return { net, target: targetArg(net, need(opts.wrt, '--wrt <target>', kind)) };
}

function formatText(result: CheckResult, heading: string): string {
  const lines = [heading, `correct: ${result.correct ? 'yes' : 'no'}`, `score:   ${Number(result.score.toFixed(4))}`];
  if (result.read) lines.push(`read:    ${result.read.text}`, `latex:   ${result.read.latex}`);
  else lines.push('read:    (could not read the answer)');
  if (result.notes.length === 0) lines.push('notes:   none');
  else {
    lines.push('notes:');
    for (const n of result.notes) lines.push(`  ${n.code.padEnd(24)} ${n.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The `check` subcommand (registered in main.ts). */
export const command = defineCommand({
  name: 'check',
  summary: 'Grade one answer as the server would: verdict, partial credit, what was read and every note.',
  options: {
    network: { type: 'string', short: 'n', value: '<builtin-id|file.json>', description: 'network: built-in id or JSON file (not for formula)' },
    wrt: { type: 'string', short: 'w', value: '<target>', description: 'target: n4, w_{2,5}, (v_{1,1})_d, (x_2)_d … (not for formula)' },
    answer: { type: 'string', short: 'a', value: '<text>', required: true, description: 'the answer as a student typed it (highlight: comma-separated edge ids; a negative number as --answer=-0.5)' },
    kind: { type: 'string', short: 'k', value: '<kind>', description: `${CHECK_KINDS.join('|')} (default expression; numeric with --values)` },
    ...NUMERIC_OPTIONS,
    tolerance: { type: 'string', value: '<r>', description: 'numeric: relative tolerance, e.g. 0.01 or 1% (default 1%)' },
    digits: { type: 'string', value: '<s>', description: 'numeric: significant digits instead of --tolerance' },
    local: { type: 'string', short: 'l', value: '<of/wrt>', description: "local: the local derivative asked, e.g. n_5/w_{2,5}, n_7/n_5, n_1/(v_{1,1})_d, n_5/b_5, E/n_7 (answer like g'(z_5) n_2)" },
    expected: { type: 'string', value: '<formula>', description: 'formula: the expected formula, e.g. k' },
    params: { type: 'string', value: '<names>', description: 'formula: comma-separated parameter names, e.g. k,L' },
    json: { type: 'boolean', description: 'print JSON { correct, score, read, notes }' },
  },
  run(opts, io) {
    const kindText = opts.kind ?? (opts.values !== undefined ? 'numeric' : opts.local !== undefined ? 'local' : 'expression');
    if (!isCheckKind(kindText)) throw new CliError(`unknown --kind ${JSON.stringify(kindText)} (use ${CHECK_KINDS.join(', ')})`);
    const kind: CheckKind = kindText;
    let result: CheckResult;
    let heading: string;
    switch (kind) {
      case 'expression': {
        const { net, target } = networkAndTarget(opts, kind, io);
        result = checkExpression(net, target, opts.answer);
        heading = `∂E/∂${formatTarget(target, 'text')} on ${net.name}`;
        break;
      }
      case 'count': {
        const { net, target } = networkAndTarget(opts, kind, io);
        const expected = countPaths(net, target);
        result = checkCount(expected, opts.answer);
        heading = `number of paths from E to ${formatTarget(target, 'text')} on ${net.name}`;
        break;
      }
      case 'highlight': {
        const { net, target } = networkAndTarget(opts, kind, io);
        const edges = opts.answer
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        result = checkHighlight(net, target, edges);
        heading = `edges carrying gradient from E to ${formatTarget(target, 'text')} on ${net.name}`;
        break;
      }
      case 'formula': {
        const expected = need(opts.expected, '--expected <formula>', kind);
        const params = need(opts.params, '--params <names>', kind)
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        const bad = params.find((p) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(p));
        if (bad !== undefined) throw new CliError(`--params: ${JSON.stringify(bad)} is not a plain name`);
        const key = parseFormula(expected, params);
        if (!key.ok) throw new CliError(`--expected: ${key.note.message}`);
        result = checkFormula(expected, params, opts.answer);
        heading = `formula in ${params.join(', ')} (expected ${key.formula.read.text})`;
        break;
      }
      case 'numeric': {
        const net = loadNetwork(need(opts.network, '--network <builtin-id|file.json>', kind), io);
        const values = loadValues(net, need(opts.values, '--values <file.json>', kind), io);
        const facts = numericFactsArg(net, values, askArg(opts));
        const tol = toleranceArg(opts);
        result = checkNumeric(facts, tol, opts.answer);
        heading = `${facts.askText} on ${net.name}, ${describeTolerance(tol)}`;
        break;
      }
      case 'local': {
        const parsed = parseLocalAsk(need(opts.local, '--local <of/wrt>', kind));
        if (!parsed.ok) throw new CliError(`--local: ${parsed.error}`);
        let on = '';
        if (opts.network !== undefined) {
          const net = loadNetwork(opts.network, io);
          const problem = localAskProblem(net, parsed.ask);
          if (problem !== null) throw new CliError(`--local: ${problem}`);
          on = ` on ${net.name}`;
        }
        result = checkLocal(parsed.ask, opts.answer);
        heading = `local derivative ${renderAsk(parsed.ask, 'text')}${on}`;
        break;
      }
      default:
        return assertNever(kind);
    }
    io.stdout(opts.json ? toJson({ correct: result.correct, score: result.score, read: result.read, notes: result.notes }) : formatText(result, heading));
    return EXIT_OK;
  },
});
