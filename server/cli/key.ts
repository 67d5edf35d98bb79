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
import {
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
      required: true,
      description: 'target: n4, w_{2,5}, (v_{1,1})_d, (x_2)_d …',
    },
    limit: { type: 'string', value: '<N>', description: `paths to expand (default ${DEFAULT_KEY_LIMIT})` },
    latex: { type: 'boolean', description: 'print LaTeX instead of plain text' },
    json: { type: 'boolean', description: 'print JSON (text and LaTeX)' },
  },
  run(opts, io) {
    const net = loadNetwork(opts.network, io);
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
