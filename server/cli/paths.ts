/**
 * `gradflow paths`: how many paths carry gradient from E to a target, the
 * paths themselves (up to a limit) and the number of factors of each.
 */
import { formatTarget, targetKey } from '../../engine/target';
import { atomKey, productOfAtoms } from '../../engine/atoms';
import { renderExpr } from '../../engine/render';
import type { GradientPath } from '../../engine/paths';
import {
  MAX_PATH_CAP,
  countPaths,
  enumeratePaths,
  gradientEdges,
  pathAtoms,
  pathFactors,
} from '../../engine/paths';
import {
  EXIT_OK,
  defineCommand,
  formatCount,
  loadNetwork,
  nonNegativeIntArg,
  targetArg,
  toJson,
} from './common';

/** Paths printed when `--limit` is not given. */
export const DEFAULT_PATHS_LIMIT = 20;
/** Gradient edges listed in text output before summarising. */
const MAX_LISTED_EDGES = 60;

function pathLine(p: GradientPath): string {
  const chain = ['E', ...p.neurons.map((n) => `n_${n}`)];
  if (p.target.kind !== 'neuron') chain.push(formatTarget(p.target, 'text'));
  return chain.join(' → ');
}

export const command = defineCommand({
  name: 'paths',
  summary: 'Count the paths from the loss E to a target and list them with their factors.',
  options: {
    network: {
      type: 'string',
      short: 'n',
      value: '<builtin-id|file.json>',
      required: true,
      description: 'network: built-in id or JSON file',
    },
    to: {
      type: 'string',
      short: 't',
      value: '<target>',
      required: true,
      description: 'target: n4, w_{2,5}, (v_{1,1})_d, (x_2)_d …',
    },
    limit: { type: 'string', value: '<N>', description: `paths to list (default ${DEFAULT_PATHS_LIMIT})` },
    json: { type: 'boolean', description: 'print JSON' },
  },
  run(opts, io) {
    const net = loadNetwork(opts.network, io);
    const target = targetArg(net, opts.to);
    const limit = nonNegativeIntArg('limit', opts.limit, DEFAULT_PATHS_LIMIT, MAX_PATH_CAP);
    const count = countPaths(net, target);
    const { paths, capped } = enumeratePaths(net, target, { cap: limit });
    const edges = gradientEdges(net, target);
    const factors = paths.map(pathFactors);
    if (opts.json) {
      io.stdout(
        toJson({
          network: net.name,
          target: targetKey(target),
          targetText: formatTarget(target, 'text'),
          count,
          listed: paths.length,
          capped,
          paths: paths.map((p, i) => ({
            neurons: p.neurons.map((n) => `n${n}`),
            factors: factors[i],
            atoms: pathAtoms(p).map(atomKey),
            text: renderExpr(productOfAtoms(pathAtoms(p)), 'text'),
          })),
          gradientEdges: edges,
        }),
      );
      return EXIT_OK;
    }
    const lines = [`${net.name}: paths from E to ${formatTarget(target, 'text')}`];
    const noun = count === 1n ? 'path' : 'paths';
    if (factors.length > 0) {
      const lo = Math.min(...factors);
      const hi = Math.max(...factors);
      const each = lo === hi ? `${lo} factor${lo === 1 ? '' : 's'} each` : `${lo}–${hi} factors`;
      lines.push(`${formatCount(count)} ${noun}${capped ? '' : `; ${each}`}`);
    } else {
      lines.push(`${formatCount(count)} ${noun}`);
    }
    const width = String(paths.length).length;
    paths.forEach((p, i) => {
      lines.push(`  ${String(i + 1).padStart(width)}. ${pathLine(p)}   [${factors[i]} factors]`);
      lines.push(`  ${' '.repeat(width)}  ${renderExpr(productOfAtoms(pathAtoms(p)), 'text')}`);
    });
    if (capped) lines.push(`  … listed ${paths.length} of ${formatCount(count)} (use --limit N)`);
    lines.push(
      edges.length <= MAX_LISTED_EDGES
        ? `edges carrying gradient (${edges.length}): ${edges.join(', ')}`
        : `edges carrying gradient: ${edges.length} (use --json to list them)`,
    );
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
});
