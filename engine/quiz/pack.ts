/**
 * Quiz packs: validating a pack (shape with zod, then semantics against the
 * networks) and compiling it into a RuntimePack the server plays. Every
 * answer key except a choice question's is computed from the graph.
 * The format is documented in docs/PACK_FORMAT.md.
 */
import { z } from 'zod';
import type { Target } from '../types';
import { assertNever } from '../types';
import type { Network } from '../network';
import { getBuiltinNetwork } from '../builtins';
import { formatTarget, parseTarget, targetKey } from '../target';
import type { RuntimePack, RuntimeQuestion } from './runtime';
import { choiceQuestion } from './choice';
import { multiSelectQuestion, pollQuestion, trueFalseQuestion } from './choice-kinds';
import type { NetworkEntrySpec, PackQuestionSpec, PackSpec, VariantSpec } from './pack-schema';
import { isValidId, makePackSchema } from './pack-schema';
import type { PackError } from './pack-networks';
import { joinPath, resolveNetworkEntry, zodIssuesToErrors } from './pack-networks';
import type { GraphQuestionTemplate, VariantPlan } from './graph-question';
import { graphQuestion, hasTargetPlaceholder, randomVariantProblem, sameDepthTargets, targetProblem } from './graph-question';
import { formulaQuestion } from './formula-question';
import { numericProblems, numericQuestion } from './numeric-question';
import { localQuestion, localVariantProblem } from './local-question';
import { localAskProblem, parseLocalAsk } from '../expr/local-symbols';
import type { NumericAsk } from '../numeric/evaluate';
import type { NetworkValues } from '../numeric/values';
import { parseNeuronId } from '../network';
import { parseValues } from '../numeric/values';
import { randomValues } from '../numeric/random-values';
import { createRng } from '../rng';
import { generatedValuesSchema } from './pack-schema';
import { targetDepth } from './target-facts';
import { WEEK09_PACK_INPUT } from './week09';
import { WEEK09_PART2_PACK_INPUT } from './week09-part2';

export type { PackError } from './pack-networks';
export type {
  FormulaQuantity,
  GeneratorSpec,
  NetworkEntrySpec,
  PackQuestionInput,
  PackQuestionSpec,
  PackSpec,
  PackSpecInput,
  VariantSpec,
} from './pack-schema';
export { PACK_FORMAT_VERSION, packQuestionSchema, packSpecSchema } from './pack-schema';
export { WEEK09_PACK_ID } from './week09';
export { WEEK09_PART2_PACK_ID } from './week09-part2';

/** `compilePack` stops listing problems after this many. */
export const MAX_REPORTED_PACK_ERRORS = 100;

/** Result of `compilePack`: the normalised spec and the playable pack, or every problem with its field path. */
export type CompilePackResult =
  | { readonly ok: true; readonly spec: PackSpec; readonly pack: RuntimePack }
  | { readonly ok: false; readonly errors: PackError[] };

/** Shape of a pack with network entries left for `resolveNetworkEntry` (which reports them with better paths). */
const shellSchema = makePackSchema(z.unknown());

const PLACEHOLDER = /\{\{([^}]*)\}\}/g;

/** What every question of a pack needs once its network is known. */
interface Context {
  readonly networks: ReadonlyMap<string, Network>;
  /** Declared networks that failed to validate (their errors are already reported). */
  readonly broken: ReadonlySet<string>;
  readonly declared: readonly string[];
  readonly errors: PackError[];
}

/** Resolves a question's network reference: a declared network, else a built-in id. */
function networkFor(ref: string, path: string, ctx: Context): Network | null {
  if (ctx.broken.has(ref)) return null;
  const net = ctx.networks.get(ref) ?? getBuiltinNetwork(ref);
  if (net) return net;
  const declared = ctx.declared.length > 0 ? `declared: ${ctx.declared.join(', ')}` : 'this pack declares no networks';
  ctx.errors.push({ path, message: `unknown network ${JSON.stringify(ref)} (${declared}; built-in: week09-net1, week09-net2)` });
  return null;
}

/** Checks `{{…}}` placeholders: only `{{target}}`, and only in questions that have a target. */
function checkPlaceholders(text: string | undefined, path: string, hasTarget: boolean, ctx: Context): void {
  if (text === undefined) return;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = (m[1] ?? '').trim();
    if (name !== 'target') ctx.errors.push({ path, message: `unknown placeholder {{${name}}}: the only placeholder is {{target}}` });
    else if (!hasTarget) ctx.errors.push({ path, message: '{{target}} can be used only in questions with a target (expression, highlight, count)' });
  }
}

function readTarget(text: string, net: Network, path: string, q: Pick<GraphQuestionTemplate, 'type' | 'count'>, ctx: Context): Target | null {
  const parsed = parseTarget(text);
  if (!parsed.ok) {
    ctx.errors.push({ path, message: parsed.error });
    return null;
  }
  const problem = targetProblem(q.type, q.count, net, parsed.target);
  if (problem !== null) {
    ctx.errors.push({ path, message: problem });
    return null;
  }
  return parsed.target;
}

/** Validates a variant spec and turns it into a plan, reporting problems under `path`. */
function variantPlan(spec: VariantSpec, template: GraphQuestionTemplate, path: string, ctx: Context): VariantPlan | null {
  switch (spec.kind) {
    case 'target': {
      if (spec.targets === undefined) {
        const pool = sameDepthTargets(template);
        if (pool.length < 2) {
          ctx.errors.push({ path, message: `no other ${template.target.kind} target of the same depth exists in ${template.network.name}, so there is nothing to vary` });
          return null;
        }
        return { kind: 'target', pool };
      }
      const depth = targetDepth(template.network, template.target);
      const pool = new Map<string, Target>([[targetKey(template.target), template.target]]);
      let failed = false;
      spec.targets.forEach((text, i) => {
        const where = joinPath(path, 'targets', i);
        const target = readTarget(text, template.network, where, template, ctx);
        if (!target) {
          failed = true;
          return;
        }
        const d = targetDepth(template.network, target);
        if (d !== depth) {
          ctx.errors.push({
            path: where,
            message: `${formatTarget(target, 'text')} has depth ${d} (factors in its longest path) but ${formatTarget(template.target, 'text')} has depth ${depth}; variant targets must be of equal depth`,
          });
          failed = true;
          return;
        }
        pool.set(targetKey(target), target);
      });
      return failed ? null : { kind: 'target', pool: [...pool.values()] };
    }
    case 'random-network': {
      const problem = randomVariantProblem(template, spec);
      if (problem !== null) {
        ctx.errors.push({ path, message: problem });
        return null;
      }
      return { kind: 'random-network', settings: spec };
    }
    default:
      return assertNever(spec);
  }
}

/** Resolves a numeric question's values: written out, or `{ "generate": … }` from a seed. */
function numericValues(raw: unknown, net: Network, path: string, ctx: Context): NetworkValues | null {
  if (isPlainObject(raw) && 'generate' in raw) {
    const g = generatedValuesSchema.safeParse(raw);
    if (!g.success) {
      ctx.errors.push(...zodIssuesToErrors(g.error.issues, path));
      return null;
    }
    const drawn = randomValues(net, createRng(g.data.generate.seed), { dimension: g.data.generate.dimension });
    const parsed = parseValues(net, { ...drawn.spec, activation: g.data.generate.activation, activations: g.data.generate.activations }, joinPath(path, 'generate'));
    if (!parsed.ok) {
      ctx.errors.push(...parsed.errors);
      return null;
    }
    return parsed.values;
  }
  if (raw === undefined) {
    ctx.errors.push({ path, message: 'required: the values of the network (docs/NETWORK_FORMAT.md, "Values"), or { "generate": { "seed": 1 } }' });
    return null;
  }
  const parsed = parseValues(net, raw, path);
  if (!parsed.ok) {
    ctx.errors.push(...parsed.errors);
    return null;
  }
  return parsed.values;
}

/** Resolves what a numeric question computes from `compute`, `of`, `wrt` and `d`. */
function numericAsk(q: Extract<PackQuestionSpec, { type: 'numeric' }>, net: Network, at: (field: string) => string, ctx: Context): NumericAsk | null {
  const wrt = (): Target | null => {
    if (q.wrt === undefined) {
      ctx.errors.push({ path: at('wrt'), message: `required for compute "${q.compute}": what the derivative is taken with respect to, e.g. "w_{2,5}"` });
      return null;
    }
    const parsed = parseTarget(q.wrt);
    if (!parsed.ok) {
      ctx.errors.push({ path: at('wrt'), message: parsed.error });
      return null;
    }
    return parsed.target;
  };
  const neuron = (text: string): number | null => {
    const n = parseNeuronId(text.replace(/\s+/g, '').replace(/^n_\{?(\d+)\}?$/, 'n$1'));
    if (n === null || !net.successors.has(n)) ctx.errors.push({ path: at('of'), message: `${JSON.stringify(text)} is not a neuron of ${net.name}` });
    return n;
  };
  switch (q.compute) {
    case 'forward': {
      if (q.of === undefined) {
        ctx.errors.push({ path: at('of'), message: 'required for compute "forward": the neuron whose value n_k is asked, e.g. "n5"' });
        return null;
      }
      if (q.wrt !== undefined) ctx.errors.push({ path: at('wrt'), message: 'a forward value n_k has no "wrt"; use compute "local" or "gradient" for a derivative' });
      const n = neuron(q.of);
      return n === null ? null : { kind: 'forward', neuron: n };
    }
    case 'local': {
      if (q.of === undefined) {
        ctx.errors.push({ path: at('of'), message: 'required for compute "local": "E" or the neuron differentiated, e.g. "n7" for ∂n_7/∂n_5' });
        return null;
      }
      const t = wrt();
      if (q.of.trim() === 'E') return t ? { kind: 'local', atom: { of: { kind: 'loss' }, wrt: t }, d: q.d } : null;
      const n = neuron(q.of);
      return n === null || !t ? null : { kind: 'local', atom: { of: { kind: 'neuron', neuron: n }, wrt: t }, d: q.d };
    }
    case 'gradient': {
      if (q.of !== undefined) ctx.errors.push({ path: at('of'), message: 'a gradient is always of E: leave "of" out (or use compute "local")' });
      const t = wrt();
      return t ? { kind: 'gradient', target: t, d: q.d } : null;
    }
    default:
      return assertNever(q.compute);
  }
}

/** Validates one question against its network and compiles it (null when it has problems, which are reported). */
function compileQuestion(q: PackQuestionSpec, i: number, ctx: Context): RuntimeQuestion | null {
  const at = (field: string | number, ...rest: (string | number)[]): string => joinPath('questions', i, field, ...rest);
  const before = ctx.errors.length;
  const timeLimitMs = q.timeLimitSec * 1000;
  const multiplier = q.points;
  const hasTarget = q.type === 'expression' || q.type === 'highlight' || q.type === 'count';
  checkPlaceholders(q.prompt, at('prompt'), hasTarget, ctx);
  checkPlaceholders(q.explanation, at('explanation'), hasTarget, ctx);
  switch (q.type) {
    case 'expression':
    case 'highlight':
    case 'count': {
      const count = q.type === 'count' ? q.count : 'paths';
      const net = networkFor(q.network, at('network'), ctx);
      if (!net) return null;
      const target = readTarget(q.target, net, at('target'), { type: q.type, count }, ctx);
      if (!target) return null;
      const template: GraphQuestionTemplate = {
        id: q.id,
        type: q.type,
        count,
        prompt: q.prompt,
        explanation: q.explanation ?? null,
        timeLimitMs,
        multiplier,
        network: net,
        target,
        variants: null,
      };
      let variants: VariantPlan | null = null;
      if (q.variants) {
        if (!hasTargetPlaceholder(q.prompt)) {
          ctx.errors.push({ path: at('prompt'), message: 'a question with variants must name its target as {{target}} in the prompt, since each student gets another one' });
        }
        variants = variantPlan(q.variants, template, at('variants'), ctx);
      }
      if (ctx.errors.length > before) return null;
      return graphQuestion({ ...template, variants });
    }
    case 'formula': {
      const net = q.network === undefined ? null : networkFor(q.network, at('network'), ctx);
      if (ctx.errors.length > before) return null;
      return formulaQuestion({
        id: q.id,
        prompt: q.prompt,
        explanation: q.explanation ?? null,
        timeLimitMs,
        multiplier,
        quantity: q.quantity,
        numbering: q.numbering,
        network: net,
      });
    }
    case 'choice': {
      const net = q.network === undefined ? null : networkFor(q.network, at('network'), ctx);
      if (q.answer >= q.choices.length) {
        ctx.errors.push({
          path: at('answer'),
          message: `answer ${q.answer} is out of range: there are ${q.choices.length} choices, numbered 0 to ${q.choices.length - 1}`,
        });
      }
      if (ctx.errors.length > before) return null;
      return choiceQuestion({
        id: q.id,
        prompt: q.prompt,
        choices: q.choices,
        answer: q.answer,
        timeLimitMs,
        multiplier,
        explanation: q.explanation ?? null,
        network: net ? net.spec : null,
      });
    }
    case 'numeric': {
      const net = networkFor(q.network, at('network'), ctx);
      if (!net) return null;
      const values = numericValues(q.values, net, at('values'), ctx);
      const ask = numericAsk(q, net, at, ctx);
      if (!values || !ask || ctx.errors.length > before) return null;
      const template = {
        id: q.id,
        prompt: q.prompt,
        explanation: q.explanation ?? null,
        timeLimitMs,
        multiplier,
        network: net,
        values,
        ask,
        tolerance: q.tolerance,
        variants: q.variants !== undefined,
      };
      const problems = numericProblems(template);
      for (const message of problems) ctx.errors.push({ path: at(q.variants && message.startsWith('variants:') ? 'variants' : 'values'), message });
      if (problems.length > 0) return null;
      return numericQuestion(template);
    }
    case 'multi': {
      const net = q.network === undefined ? null : networkFor(q.network, at('network'), ctx);
      const seen = new Map<number, number>();
      q.answers.forEach((a, j) => {
        if (a >= q.choices.length) {
          ctx.errors.push({ path: at('answers', j), message: `answer ${a} is out of range: there are ${q.choices.length} choices, numbered 0 to ${q.choices.length - 1}` });
        }
        const first = seen.get(a);
        if (first !== undefined) ctx.errors.push({ path: at('answers', j), message: `answer ${a} is listed twice (also answers.${first})` });
        else seen.set(a, j);
      });
      if (ctx.errors.length > before) return null;
      return multiSelectQuestion({
        id: q.id,
        prompt: q.prompt,
        choices: q.choices,
        answers: q.answers,
        timeLimitMs,
        multiplier: q.points,
        explanation: q.explanation ?? null,
        network: net ? net.spec : null,
      });
    }
    case 'truefalse': {
      const net = q.network === undefined ? null : networkFor(q.network, at('network'), ctx);
      if (ctx.errors.length > before) return null;
      return trueFalseQuestion({
        id: q.id,
        prompt: q.prompt,
        answer: q.answer,
        timeLimitMs,
        multiplier: q.points,
        explanation: q.explanation ?? null,
        network: net ? net.spec : null,
      });
    }
    case 'poll': {
      const net = q.network === undefined ? null : networkFor(q.network, at('network'), ctx);
      if (ctx.errors.length > before) return null;
      return pollQuestion({
        id: q.id,
        prompt: q.prompt,
        choices: q.choices,
        timeLimitMs,
        explanation: q.explanation ?? null,
        network: net ? net.spec : null,
      });
    }
    case 'local': {
      const net = networkFor(q.network, at('network'), ctx);
      if (!net) return null;
      const parsed = parseLocalAsk(q.derivative);
      if (!parsed.ok) {
        ctx.errors.push({ path: at('derivative'), message: parsed.error });
        return null;
      }
      const problem = localAskProblem(net, parsed.ask);
      if (problem !== null) ctx.errors.push({ path: at('derivative'), message: problem });
      const template = {
        id: q.id,
        prompt: q.prompt,
        explanation: q.explanation ?? null,
        timeLimitMs,
        multiplier,
        network: net,
        ask: parsed.ask,
        variants: q.variants !== undefined,
      };
      const variantProblem = localVariantProblem(template);
      if (variantProblem !== null) ctx.errors.push({ path: at('variants'), message: variantProblem });
      if (ctx.errors.length > before) return null;
      return localQuestion(template);
    }
    default:
      return assertNever(q);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function capErrors(errors: PackError[]): PackError[] {
  if (errors.length <= MAX_REPORTED_PACK_ERRORS) return errors;
  return [
    ...errors.slice(0, MAX_REPORTED_PACK_ERRORS),
    { path: '', message: `… and ${errors.length - MAX_REPORTED_PACK_ERRORS} more problems` },
  ];
}

function compileUnsafe(raw: unknown): CompilePackResult {
  if (!isPlainObject(raw)) {
    return { ok: false, errors: [{ path: '', message: 'a pack must be a JSON object with id, title and questions' }] };
  }
  const shell = shellSchema.safeParse(raw);
  const errors: PackError[] = shell.success ? [] : zodIssuesToErrors(shell.error.issues, '');

  // Networks are checked one by one so that each problem names its own field.
  const networks = new Map<string, Network>();
  const entries = new Map<string, NetworkEntrySpec>();
  const broken = new Set<string>();
  const rawNetworks = raw.networks;
  if (isPlainObject(rawNetworks)) {
    for (const [id, entry] of Object.entries(rawNetworks)) {
      // zod drops a "__proto__" key from records without a word, so ids are checked here too.
      if (!isValidId(id)) {
        if (id === '__proto__') errors.push({ path: joinPath('networks', id), message: 'network ids use letters, digits, "-" and "_", starting with a letter or digit' });
        broken.add(id);
        continue;
      }
      const resolved = resolveNetworkEntry(entry, joinPath('networks', id));
      if (resolved.ok) {
        networks.set(id, resolved.network);
        entries.set(id, resolved.entry);
      } else {
        broken.add(id);
        errors.push(...resolved.errors);
      }
    }
  }
  if (!shell.success) return { ok: false, errors: capErrors(errors) };

  const ctx: Context = { networks, broken, declared: isPlainObject(rawNetworks) ? Object.keys(rawNetworks) : [], errors };
  const firstUse = new Map<string, number>();
  shell.data.questions.forEach((q, i) => {
    const first = firstUse.get(q.id);
    if (first !== undefined) errors.push({ path: joinPath('questions', i, 'id'), message: `duplicate question id ${JSON.stringify(q.id)} (also questions.${first}.id)` });
    else firstUse.set(q.id, i);
  });
  const questions = shell.data.questions.map((q, i) => compileQuestion(q, i, ctx));
  if (errors.length > 0) return { ok: false, errors: capErrors(errors) };

  // fromEntries defines own properties, so no network id can reach a prototype.
  const spec: PackSpec = { ...shell.data, networks: Object.fromEntries(entries) };
  return {
    ok: true,
    spec,
    pack: { id: spec.id, title: spec.title, questions: questions.filter((q): q is RuntimeQuestion => q !== null) },
  };
}

/**
 * Validates an untrusted pack (e.g. `JSON.parse` of an upload) and compiles
 * it, or returns every problem with the dotted path to its field
 * (`questions.3.target`). Never throws.
 * @example
 * const r = compilePack(JSON.parse(text));
 * if (!r.ok) for (const e of r.errors) console.log(`${e.path}: ${e.message}`);
 */
export function compilePack(raw: unknown): CompilePackResult {
  try {
    return compileUnsafe(raw);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `internal error while compiling the pack: ${err instanceof Error ? err.message : String(err)}` }] };
  }
}

/** Compiles a pack that must be valid (built-ins, tests); throws listing its problems otherwise. */
export function compilePackOrThrow(raw: unknown): { readonly spec: PackSpec; readonly pack: RuntimePack } {
  const result = compilePack(raw);
  if (!result.ok) throw new Error(`invalid pack: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return result;
}

/**
 * The built-in packs, Week 09 first, then its part 2 (numbers), as
 * normalised specs (every default filled in), ready for `compilePack` or for
 * download and editing.
 */
export const BUILTIN_PACKS: readonly PackSpec[] = Object.freeze([
  compilePackOrThrow(WEEK09_PACK_INPUT).spec,
  compilePackOrThrow(WEEK09_PART2_PACK_INPUT).spec,
]);
