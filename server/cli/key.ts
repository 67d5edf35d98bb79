/**
 * `gradflow key`: the answer key for ∂E/∂target — expanded (one product per
 * path), factored (the lecture's walking-upwards form) and the derivation.
 */
import type { Expr } from '../../engine/types';
import type { RenderFormat } from '../../engine/render';
import { MAX_RENDERED_LEAVES, exprPrintedLeaves, renderExpr } from '../../engine/render';
import { formatTarget, targetKey } from '../../engine/target';
import { MAX_PATH_CAP } from '../../engine/paths';
import { answerKey, derivationSteps } from '../../engine/key';
import { formatExact, formatNumber } from '../../engine/numeric/number-answer';
import type { NumericFacts } from '../../engine/numeric/diagnose';
import { NUMERIC_OPTIONS, askArg, loadValues, numericFactsArg } from './numeric';
import {
  CliError,
  EXIT_OK,
  defineCommand,
  formatCount,
  loadNetwork,
  nonNegativeIntArg,
  targetArg,
  toJson,
} from './common';

/** Paths expanded into the key when `--limit` is not given. */
export const DEFAULT_KEY_LIMIT = 1_000;
/** Derivation lines printed in text output. */
const MAX_PRINTED_STEPS = 60;

function printable(expr: Expr, format: RenderFormat): string | null {
  return exprPrintedLeaves(expr) > MAX_RENDERED_LEAVES ? null : renderExpr(expr, format);
}

export const command = defineCommand({
  name: 'key',
  summary: 'Print the answer key for ∂E/∂target: expanded, factored, and the walking-upwards derivation.',
  options: {
    network: {
      type: 'string',
      short: 'n',
      value: '<builtin-id|file.json>',
      required: true,
      description: 'network: built-in id or JSON file',
    },
    wrt: {
      type: 'string',
      short: 'w',
      value: '<target>',
      description: 'target: n4, w_{2,5}, (v_{1,1})_d, (x_2)_d … (required without --values)',
    },
    ...NUMERIC_OPTIONS,
    limit: { type: 'string', value: '<N>', description: `paths to expand (default ${DEFAULT_KEY_LIMIT})` },
    latex: { type: 'boolean', description: 'print LaTeX instead of plain text' },
    json: { type: 'boolean', description: 'print JSON (text and LaTeX)' },
  },
  run(opts, io) {
    const net = loadNetwork(opts.network, io);
    if (opts.values !== undefined) {
      const facts = numericFactsArg(net, loadValues(net, opts.values, io), askArg(opts));
      io.stdout(opts.json ? toJson(numericJson(net.name, facts)) : numericText(net.name, facts));
      return EXIT_OK;
    }
    if (opts.of !== undefined || opts.d !== undefined) throw new CliError('--of and --d need --values <file.json>');
    if (opts.wrt === undefined || opts.wrt === '') throw new CliError('missing --wrt <target> (see gradflow key --help)');
    const target = targetArg(net, opts.wrt);
    const cap = nonNegativeIntArg('limit', opts.limit, DEFAULT_KEY_LIMIT, MAX_PATH_CAP);
    const key = answerKey(net, target, { cap });
    const steps = derivationSteps(net, target);
    if (opts.json) {
      io.stdout(
        toJson({
          network: net.name,
          target: targetKey(target),
          targetText: formatTarget(target, 'text'),
          pathCount: key.pathCount,
          expanded: {
            capped: key.expanded.capped,
            text: printable(key.expanded.expr, 'text'),
            latex: printable(key.expanded.expr, 'latex'),
          },
          factored: { text: printable(key.factored, 'text'), latex: printable(key.factored, 'latex') },
          steps: steps.map((s) => ({ subject: targetKey(s.subject), text: s.text, latex: s.latex })),
        }),
      );
      return EXIT_OK;
    }
    const format: RenderFormat = opts.latex ? 'latex' : 'text';
    const show = (expr: Expr): string =>
      printable(expr, format) ?? `(too large to print: over ${MAX_RENDERED_LEAVES} atoms)`;
    const lhs =
      format === 'latex'
        ? `\\frac{\\partial E}{\\partial ${formatTarget(target, 'latex')}}`
        : `∂E/∂${formatTarget(target, 'text')}`;
    const lines = [
      `${net.name}: ${lhs}   (${formatCount(key.pathCount)} path${key.pathCount === 1n ? '' : 's'})`,
    ];
    const expandedLabel = key.expanded.capped ? `expanded (first ${cap} paths only)` : 'expanded';
    lines.push(`${expandedLabel}:`, `  ${show(key.expanded.expr)}`);
    lines.push('factored:', `  ${show(key.factored)}`);
    lines.push('walking upwards:');
    for (const s of steps.slice(0, MAX_PRINTED_STEPS))
      lines.push(`  ${format === 'latex' ? s.latex : s.text}`);
    if (steps.length > MAX_PRINTED_STEPS)
      lines.push(`  … ${steps.length - MAX_PRINTED_STEPS} more steps (use --json)`);
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
});

/** The value of a numeric ask: exact fraction when known, else float64 with its error bound. */
function valueText(facts: NumericFacts): string {
  const v = facts.value;
  return v.exact ? formatExact(v.exact) : `${formatNumber(v.value)}   (float64, error ≤ ${v.error.toExponential(1)})`;
}

function numericText(name: string, facts: NumericFacts): string {
  const lines = [`${name}: ${facts.askText} = ${valueText(facts)}`];
  if (facts.terms.length > 0) {
    lines.push(`paths (${facts.terms.length}), one product each:`);
    facts.terms.forEach((t, i) => {
      lines.push(`  ${i + 1}. ${t.path}: ${formatNumber(t.contribution.value)}`);
      lines.push(`     ${t.factors.map((f) => `${f.atom} = ${formatNumber(f.value)}`).join(' · ')}`);
    });
  }
  if (facts.mistakes.length === 0) lines.push('mistakes: none that give another number');
  else {
    lines.push('mistakes (matched in this order):');
    for (const m of facts.mistakes) lines.push(`  ${m.code.padEnd(32)} ${formatNumber(m.value).padStart(12)}   ${m.label}`);
  }
  return `${lines.join('\n')}\n`;
}

function numericJson(name: string, facts: NumericFacts): unknown {
  return {
    network: name,
    ask: facts.askText,
    value: facts.value.value,
    exact: facts.value.exact ? `${facts.value.exact.num}${facts.value.exact.den === 1n ? '' : `/${facts.value.exact.den}`}` : null,
    errorBound: facts.value.error,
    terms: facts.terms.map((t) => ({ path: t.path, contribution: t.contribution.value, factors: t.factors.map((f) => ({ atom: f.atom, value: f.value })) })),
    mistakes: facts.mistakes.map((m) => ({ code: m.code, value: m.value, label: m.label })),
  };
}
