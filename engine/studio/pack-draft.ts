/**
 * The studio's pack model: a pack being edited (title, its networks as
 * drafts, its questions), every edit a pure function, loading from and saving
 * to the pack format (docs/PACK_FORMAT.md), and compilation with each problem
 * attached to its question and field.
 */
import type { Target } from '../types';
import { networkToSpec } from '../network';
import type { LayerNumbering } from '../generators';
import { formatTarget, parseTarget } from '../target';
import { renderQuantity } from '../render';
import { compilePack } from '../quiz/pack';
import type { PackError } from '../quiz/pack';
import type { RuntimePack } from '../quiz/runtime';
import type { CountKind } from '../quiz/explain';
import type { NetworkEntrySpec, PackQuestionInput, PackSpecInput } from '../quiz/pack-schema';
import { DEFAULT_TIME_LIMIT_SEC, MAX_PACK_NETWORKS, MAX_PACK_QUESTIONS, isValidId } from '../quiz/pack-schema';
import { resolveNetworkEntry } from '../quiz/pack-networks';
import type { DraftNetwork } from './draft';
import { blankDraft, draftFromSpec, draftToSpec } from './draft';

/** One network of a pack in the studio. */
export interface StudioNetwork {
  readonly id: string;
  readonly draft: DraftNetwork;
  /**
   * The entry as loaded (a built-in id, a generator, or a spec with layout
   * hints), saved unchanged until the network is edited; null once edited.
   */
  readonly original: NetworkEntrySpec | null;
}

/** A pack being edited. */
export interface StudioPack {
  readonly id: string;
  readonly title: string;
  readonly course?: string;
  readonly author?: string;
  readonly description?: string;
  readonly networks: readonly StudioNetwork[];
  readonly questions: readonly PackQuestionInput[];
}

/** The question types the studio's builder makes (a pack it imports may hold any type, kept as it is). */
export const STUDIO_QUESTION_TYPES = ['expression', 'highlight', 'count', 'formula', 'choice'] as const;
/** A question type the studio's builder makes. */
export type StudioQuestionType = (typeof STUDIO_QUESTION_TYPES)[number];

/** An edit's result: the new pack, or why not. */
export type PackEditResult = { readonly ok: true; readonly pack: StudioPack } | { readonly ok: false; readonly error: string };

function ok(pack: StudioPack): PackEditResult {
  return { ok: true, pack };
}

function fail(error: string): PackEditResult {
  return { ok: false, error };
}

/** A new pack with one blank network and no questions yet (it cannot be saved until it has one). */
export function newStudioPack(id: string, title = 'New quiz'): StudioPack {
  return { id, title, networks: [{ id: 'net', draft: blankDraft('My network'), original: null }], questions: [] };
}

/**
 * Loads a pack spec (as downloaded or imported) into the studio: every
 * network entry becomes an editable draft (a built-in id or a generator is
 * expanded; the entry itself is kept until the network is edited). Refuses the
 * whole pack, with every problem and its field path, when it does not compile.
 */
export function studioFromSpec(raw: unknown): { ok: true; pack: StudioPack } | { ok: false; errors: PackError[] } {
  const compiled = compilePack(raw);
  if (!compiled.ok) return { ok: false, errors: compiled.errors };
  const spec = compiled.spec;
  const networks: StudioNetwork[] = [];
  for (const [id, entry] of Object.entries(spec.networks)) {
    const resolved = resolveNetworkEntry(entry, `networks.${id}`);
    if (!resolved.ok) return { ok: false, errors: resolved.errors };
    const net = resolved.network;
    const draft = draftFromSpec(networkToSpec(net), 'from-loss');
    if (!draft.ok) return { ok: false, errors: draft.errors.map((message) => ({ path: `networks.${id}`, message })) };
    networks.push({ id, draft: draft.draft, original: entry });
  }
  const meta: { course?: string; author?: string; description?: string } = {};
  if (spec.course !== undefined) meta.course = spec.course;
  if (spec.author !== undefined) meta.author = spec.author;
  if (spec.description !== undefined) meta.description = spec.description;
  return { ok: true, pack: { id: spec.id, title: spec.title, ...meta, networks, questions: spec.questions } };
}

/** The pack in the pack format, ready to save or export. */
export function studioToSpec(p: StudioPack): PackSpecInput {
  const networks: Record<string, NetworkEntrySpec> = {};
  for (const n of p.networks) networks[n.id] = n.original ?? draftToSpec(n.draft);
  const out: PackSpecInput = { format: 1, id: p.id, title: p.title, networks, questions: [...p.questions] };
  if (p.course !== undefined) out.course = p.course;
  if (p.author !== undefined) out.author = p.author;
  if (p.description !== undefined) out.description = p.description;
  return out;
}

/** Where a compile problem belongs in the studio. */
export type PackProblemPlace =
  | { readonly kind: 'pack'; readonly field: string }
  | { readonly kind: 'network'; readonly network: string }
  | { readonly kind: 'question'; readonly index: number; readonly field: string };

/** A compile problem at its place. */
export interface PackProblem {
  readonly place: PackProblemPlace;
  readonly path: string;
  readonly message: string;
}

/** The result of compiling a studio pack: the playable pack when valid, and every problem at its place. */
export interface StudioCompiled {
  readonly pack: RuntimePack | null;
  readonly problems: readonly PackProblem[];
}

function placeOf(path: string): PackProblemPlace {
  const q = /^questions\.(\d+)(?:\.([A-Za-z]+))?/.exec(path);
  if (q) return { kind: 'question', index: Number(q[1]), field: q[2] ?? '' };
  const n = /^networks\.([A-Za-z0-9_-]+)/.exec(path);
  if (n) return { kind: 'network', network: n[1] as string };
  return { kind: 'pack', field: path.split('.')[0] ?? '' };
}

/**
 * Compiles the pack exactly as the server will on save (`compilePack`) and
 * attaches each problem to the question field, network or pack field it names.
 * A pack with no question yet gets a problem at `questions`.
 */
export function compileStudio(p: StudioPack): StudioCompiled {
  const r = compilePack(studioToSpec(p));
  if (r.ok) return { pack: r.pack, problems: [] };
  return { pack: null, problems: r.errors.map((e) => ({ place: placeOf(e.path), path: e.path, message: e.message })) };
}

/** Problems of question `index` (its `field`, or any field when omitted). */
export function questionProblems(c: StudioCompiled, index: number, field?: string): PackProblem[] {
  return c.problems.filter(
    (pr) => pr.place.kind === 'question' && pr.place.index === index && (field === undefined || pr.place.field === field),
  );
}

/** Sets the title (checked on compile). */
export function setTitle(p: StudioPack, title: string): PackEditResult {
  return ok({ ...p, title });
}

/** Sets the pack id (only for a pack never saved; the page decides). */
export function setPackId(p: StudioPack, id: string): PackEditResult {
  if (!isValidId(id)) return fail('a pack id uses letters, digits, "-" and "_" (at most 64), starting with a letter or digit');
  return ok({ ...p, id });
}

/** Replaces the draft of network `id` (an editor edit); the loaded entry is dropped, the draft is saved instead. */
export function setNetworkDraft(p: StudioPack, id: string, draft: DraftNetwork): PackEditResult {
  if (!p.networks.some((n) => n.id === id)) return fail(`there is no network "${id}" in this pack`);
  return ok({ ...p, networks: p.networks.map((n) => (n.id === id ? { id, draft, original: null } : n)) });
}

/** Adds a network with a fresh id (`net2`, `net3`, …) holding `draft`. */
export function addNetwork(p: StudioPack, draft: DraftNetwork): { ok: true; pack: StudioPack; id: string } | { ok: false; error: string } {
  if (p.networks.length >= MAX_PACK_NETWORKS) return { ok: false, error: `a pack has at most ${MAX_PACK_NETWORKS} networks` };
  let k = p.networks.length + 1;
  while (p.networks.some((n) => n.id === `net${k}`)) k++;
  const id = `net${k}`;
  return { ok: true, pack: { ...p, networks: [...p.networks, { id, draft, original: null }] }, id };
}

/** Removes a network that no question uses. */
export function removeNetwork(p: StudioPack, id: string): PackEditResult {
  const users = p.questions.filter((q) => q.network === id).map((q) => q.id);
  if (users.length > 0) return fail(`network "${id}" is used by ${users.join(', ')}; change or delete those questions first`);
  if (p.networks.length <= 1) return fail('a studio pack keeps at least one network');
  return ok({ ...p, networks: p.networks.filter((n) => n.id !== id) });
}

/** The text a new question of this type starts with. */
export function defaultPrompt(type: StudioQuestionType, target: Target | null, count: CountKind = 'paths', numbering: LayerNumbering = 'from-loss'): string {
  const t = target ? renderQuantity(target, 'latex') : 'n_1';
  switch (type) {
    case 'expression':
      return `Write $\\partial E/\\partial ${t}$ in terms of the local derivatives.`;
    case 'highlight':
      return `Tap every edge the gradient flows through from $E$ to $${t}$.`;
    case 'count':
      return count === 'paths'
        ? `Along how many paths does the gradient flow from $E$ down to $${t}$?`
        : `Pick **one** path from $E$ to $${t}$. How many factors are in its product?`;
    case 'formula':
      return `For **one** path from $E$ to a neuron in layer $k$ (layers numbered ${numbering === 'from-loss' ? 'from the loss' : 'from the input'}), how many factors are in the product? Answer with a formula.`;
    case 'choice':
      return 'Which statement is true?';
  }
}

function freshQuestionId(p: StudioPack, type: StudioQuestionType): string {
  let k = p.questions.length + 1;
  while (p.questions.some((q) => q.id === `${type}-${k}`)) k++;
  return `${type}-${k}`;
}

/**
 * Adds a question of `type` on network `network` (a target for graph
 * questions, tapped on the drawing), with the default prompt and time limit.
 */
export function addQuestion(
  p: StudioPack,
  type: StudioQuestionType,
  network: string,
  target: Target | null,
  numbering: LayerNumbering = 'from-loss',
): PackEditResult {
  if (p.questions.length >= MAX_PACK_QUESTIONS) return fail(`a pack has at most ${MAX_PACK_QUESTIONS} questions`);
  if (!p.networks.some((n) => n.id === network)) return fail(`there is no network "${network}" in this pack`);
  const id = freshQuestionId(p, type);
  const timeLimitSec = DEFAULT_TIME_LIMIT_SEC[type];
  const prompt = defaultPrompt(type, target, 'paths', numbering);
  let q: PackQuestionInput;
  switch (type) {
    case 'expression':
    case 'highlight':
    case 'count': {
      if (!target) return fail(`tap the target of this ${type} question on the network first`);
      const base = { id, prompt, timeLimitSec, network, target: formatTarget(target, 'text') };
      q = type === 'count' ? { ...base, type, count: 'paths' } : { ...base, type };
      break;
    }
    case 'formula':
      q = { id, type, prompt, timeLimitSec, quantity: 'factors-to-neuron', numbering, network };
      break;
    case 'choice':
      q = { id, type, prompt, timeLimitSec, choices: ['First option', 'Second option'], answer: 0, network };
      break;
  }
  return ok({ ...p, questions: [...p.questions, q] });
}

/** Appends ready-made questions (e.g. picked suggestions), renaming ids that are taken. */
export function addQuestions(p: StudioPack, qs: readonly PackQuestionInput[]): PackEditResult {
  if (p.questions.length + qs.length > MAX_PACK_QUESTIONS) return fail(`a pack has at most ${MAX_PACK_QUESTIONS} questions`);
  const taken = new Set(p.questions.map((q) => q.id));
  const added = qs.map((q) => {
    let id = q.id;
    for (let k = 2; taken.has(id); k++) id = `${q.id}-${k}`;
    taken.add(id);
    return { ...q, id };
  });
  return ok({ ...p, questions: [...p.questions, ...added] });
}

/**
 * Changes fields of question `index`. A patch is checked by compilation (its
 * problems are shown at the field), not here, so a half-typed value is kept.
 * Changing the type keeps the id, prompt and time limit and resets the rest.
 */
export function updateQuestion(p: StudioPack, index: number, patch: Partial<Record<string, unknown>>): PackEditResult {
  const q = p.questions[index];
  if (!q) return fail(`there is no question ${index + 1}`);
  const next = { ...q, ...patch } as PackQuestionInput;
  return ok({ ...p, questions: p.questions.map((old, i) => (i === index ? next : old)) });
}

/** Changes the type of question `index`, keeping its id, prompt, time limit, multiplier, network and target. */
export function changeQuestionType(p: StudioPack, index: number, type: StudioQuestionType): PackEditResult {
  const q = p.questions[index];
  if (!q) return fail(`there is no question ${index + 1}`);
  if (q.type === type) return ok(p);
  const network = q.network ?? p.networks[0]?.id ?? 'net';
  const target = 'target' in q ? q.target : null;
  const common = { id: q.id, prompt: q.prompt, points: q.points, timeLimitSec: DEFAULT_TIME_LIMIT_SEC[type] };
  let next: PackQuestionInput;
  switch (type) {
    case 'expression':
    case 'highlight':
    case 'count': {
      const base = { ...common, network, target: target ?? 'n1' };
      next = type === 'count' ? { ...base, type, count: 'paths' } : { ...base, type };
      break;
    }
    case 'formula':
      next = { ...common, type, quantity: 'factors-to-neuron', numbering: 'from-loss', network };
      break;
    case 'choice':
      next = { ...common, type, choices: ['First option', 'Second option'], answer: 0, network };
      break;
  }
  return ok({ ...p, questions: p.questions.map((old, i) => (i === index ? next : old)) });
}

/** Sets the target of a graph question from a tap on the drawing (and refreshes a default prompt). */
export function setQuestionTarget(p: StudioPack, index: number, target: Target): PackEditResult {
  const q = p.questions[index];
  if (!q) return fail(`there is no question ${index + 1}`);
  if (!('target' in q)) return fail(`a ${q.type} question has no target`);
  const old = parseTarget(q.target);
  const count = q.type === 'count' ? (q.count ?? 'paths') : 'paths';
  const wasDefault = old.ok && q.prompt === defaultPrompt(q.type, old.target, count);
  const prompt = wasDefault ? defaultPrompt(q.type, target, count) : q.prompt;
  return updateQuestion(p, index, { target: formatTarget(target, 'text'), prompt });
}

/** Removes question `index`. */
export function removeQuestion(p: StudioPack, index: number): PackEditResult {
  if (!p.questions[index]) return fail(`there is no question ${index + 1}`);
  return ok({ ...p, questions: p.questions.filter((_, i) => i !== index) });
}

/** Moves question `index` by `delta` places (−1 up, +1 down), within bounds. */
export function moveQuestion(p: StudioPack, index: number, delta: number): PackEditResult {
  const to = index + delta;
  if (!p.questions[index] || to < 0 || to >= p.questions.length) return fail('the question cannot move further');
  const qs = [...p.questions];
  const [q] = qs.splice(index, 1);
  qs.splice(to, 0, q as PackQuestionInput);
  return ok({ ...p, questions: qs });
}

/** A copy of a pack under a new id and title ("Duplicate"; built-in packs are duplicated this way). */
export function duplicateSpec(spec: PackSpecInput, newId: string): PackSpecInput {
  return { ...structuredCopy(spec), id: newId, title: `${spec.title} (copy)`.slice(0, 200) };
}

function structuredCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * Reads an imported file: JSON text that must be a pack (shape and
 * semantics, as on upload). Every problem comes back with its field path and
 * nothing is loaded when there is one.
 */
export function importPackText(text: string): { ok: true; spec: PackSpecInput } | { ok: false; errors: PackError[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `the file is not JSON: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  const compiled = compilePack(raw);
  if (!compiled.ok) return { ok: false, errors: compiled.errors };
  return { ok: true, spec: raw as PackSpecInput };
}
