/**
 * CLI plumbing for numeric questions: `--values FILE` (docs/NETWORK_FORMAT.md,
 * "Values"), what to compute (`--wrt` for ∂E/∂target, `--of` for a forward
 * value or, with `--wrt`, a local derivative; `--d` for the component) and
 * the tolerance (`--tolerance`, `--digits`).
 */
import type { Network } from '../../engine/network';
import { parseNeuronId } from '../../engine/network';
import { parseTarget } from '../../engine/target';
import type { NetworkValues } from '../../engine/numeric/values';
import { parseValues } from '../../engine/numeric/values';
import type { NumericAsk } from '../../engine/numeric/evaluate';
import type { NumericFacts } from '../../engine/numeric/diagnose';
import { analyseNumeric } from '../../engine/numeric/diagnose';
import type { Tolerance } from '../../engine/numeric/number-answer';
import { MAX_RELATIVE_TOLERANCE, MAX_TOLERANCE_DIGITS, MIN_RELATIVE_TOLERANCE } from '../../engine/numeric/number-answer';
import type { CliIo } from './common';
import { CliError, nonNegativeIntArg, readJsonFile } from './common';

/** Largest values file the CLI reads. */
export const MAX_VALUES_FILE_BYTES = 1024 * 1024;
/** Relative tolerance when neither `--tolerance` nor `--digits` is given. */
export const DEFAULT_CLI_TOLERANCE = 0.01;
/** Largest input dimension accepted by `--d`. */
const MAX_D = 8;

/** The options numeric commands share. */
export const NUMERIC_OPTIONS = {
  values: { type: 'string', value: '<file.json>', description: 'values for the network (docs/NETWORK_FORMAT.md, "Values"): the answer becomes a number' },
  of: { type: 'string', value: '<n5|E>', description: 'with --values: a forward value n_k, or with --wrt the local derivative ∂of/∂wrt' },
  d: { type: 'string', value: '<N>', description: 'with --values: the component d of (v_{l,i})_d or (x_l)_d (default 1)' },
} as const;

/** Reads and validates a values file against the network. */
export function loadValues(net: Network, ref: string, io: CliIo): NetworkValues {
  const json = readJsonFile(ref, io, MAX_VALUES_FILE_BYTES);
  const parsed = parseValues(net, json);
  if (!parsed.ok) throw new CliError(`${ref} is not valid for ${net.name}: ${parsed.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`);
  return parsed.values;
}

/** What to compute, from `--of`, `--wrt` and `--d`. */
export function askArg(opts: { of?: string; wrt?: string; d?: string }): NumericAsk {
  const d = nonNegativeIntArg('d', opts.d, 1, MAX_D);
  if (d < 1) throw new CliError('--d counts components from 1');
  const wrt = opts.wrt === undefined || opts.wrt === '' ? null : parseTarget(opts.wrt);
  if (wrt && !wrt.ok) throw new CliError(wrt.error);
  if (opts.of === undefined || opts.of === '') {
    if (!wrt) throw new CliError('give --wrt <target> for ∂E/∂target, --of <n_k> for a forward value, or both for a local derivative');
    return { kind: 'gradient', target: wrt.target, d };
  }
  const ofText = opts.of.replace(/\s+/g, '').replace(/^n_\{?(\d+)\}?$/, 'n$1');
  if (ofText === 'E') {
    if (!wrt || wrt.target.kind !== 'neuron') throw new CliError('--of E needs --wrt <output neuron> (the local derivative ∂E/∂n_out)');
    return { kind: 'local', atom: { of: { kind: 'loss' }, wrt: wrt.target }, d };
  }
  const neuron = parseNeuronId(ofText);
  if (neuron === null) throw new CliError(`--of ${JSON.stringify(opts.of)} is not a neuron (write n5) or E`);
  if (!wrt) return { kind: 'forward', neuron };
  return { kind: 'local', atom: { of: { kind: 'neuron', neuron }, wrt: wrt.target }, d };
}

/** The tolerance from `--tolerance <r>` (relative; `1%` or `0.01`) or `--digits <s>`. */
export function toleranceArg(opts: { tolerance?: string; digits?: string }): Tolerance {
  if (opts.digits !== undefined) {
    if (opts.tolerance !== undefined) throw new CliError('give --tolerance or --digits, not both');
    const digits = nonNegativeIntArg('digits', opts.digits, 3, MAX_TOLERANCE_DIGITS);
    if (digits < 1) throw new CliError(`--digits must be a whole number from 1 to ${MAX_TOLERANCE_DIGITS}`);
    return { digits };
  }
  if (opts.tolerance === undefined) return { relative: DEFAULT_CLI_TOLERANCE };
  const pct = /^([\d.]+(?:e-?\d+)?)%$/.exec(opts.tolerance);
  const r = pct ? Number(pct[1]) / 100 : Number(opts.tolerance);
  if (!(r >= MIN_RELATIVE_TOLERANCE && r <= MAX_RELATIVE_TOLERANCE)) {
    throw new CliError(`--tolerance must be a relative tolerance from ${MIN_RELATIVE_TOLERANCE} to ${MAX_RELATIVE_TOLERANCE} (e.g. 0.01 or 1%), got ${JSON.stringify(opts.tolerance)}`);
  }
  return { relative: r };
}

/** Analyses an ask, turning the engine's refusal into a one-line CLI error. */
export function numericFactsArg(net: Network, values: NetworkValues, ask: NumericAsk): NumericFacts {
  const a = analyseNumeric(net, values, ask);
  if (!a.ok) throw new CliError(a.error);
  return a.facts;
}
