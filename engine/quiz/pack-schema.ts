/**
 * The quiz pack format (docs/PACK_FORMAT.md): zod schemas for the shape of a
 * pack, its networks (inline, built-in reference or generator) and its
 * questions. `compilePack` in pack.ts checks the semantics on top.
 */
import { z } from 'zod';
import { networkSpecSchema } from '../network';
import { LAYER_NUMBERINGS } from '../generators';
import { MAX_TARGET_TEXT_LENGTH } from '../target';
import { MULTIPLIERS } from '../game/phases';
import { ACTIVATIONS, MAX_DIMENSION } from '../numeric/values';
import { MAX_LOCAL_ASK_CHARS } from '../expr/local-symbols';
import { MAX_RELATIVE_TOLERANCE, MAX_TOLERANCE_DIGITS, MIN_RELATIVE_TOLERANCE } from '../numeric/number-answer';

/** Version of the pack format; a pack may state it as `"format": 1`. */
export const PACK_FORMAT_VERSION = 1;
/** Most questions in one pack. */
export const MAX_PACK_QUESTIONS = 200;
/** Most named networks in one pack. */
export const MAX_PACK_NETWORKS = 50;
/** Longest pack title. */
export const MAX_TITLE_LENGTH = 200;
/** Longest course, author or description text. */
export const MAX_METADATA_LENGTH = 2_000;
/** Longest question prompt (Markdown). */
export const MAX_PROMPT_LENGTH = 4_000;
/** Longest explanation (Markdown). */
export const MAX_EXPLANATION_LENGTH = 4_000;
/** Shortest time limit a question may have, in seconds. */
export const MIN_TIME_LIMIT_SEC = 5;
/** Longest time limit a question may have, in seconds. */
export const MAX_TIME_LIMIT_SEC = 600;
/** Most options of a choice question (the wire protocol accepts indices 0–25). */
export const MAX_CHOICES = 26;
/** Longest option text of a choice question. */
export const MAX_CHOICE_LENGTH = 500;
/** Most layers of a `layered` generator. */
export const MAX_GENERATED_LAYERS = 100;
/** Widest layer of a `layered` generator. */
export const MAX_GENERATED_WIDTH = 100;
/** Most neurons of a `random` generator network. */
export const MAX_RANDOM_NEURONS = 500;
/** Most layers of a `random` generator network. */
export const MAX_RANDOM_DEPTH = 50;
/** Most network inputs or outputs of a `random` generator network. */
export const MAX_RANDOM_ENDS = 50;
/** Most neurons of a per-student random network (it must fit on a phone). */
export const MAX_VARIANT_NEURONS = 24;
/** Most layers of a per-student random network. */
export const MAX_VARIANT_DEPTH = 6;
/** Most targets listed in a `target` variant spec. */
export const MAX_VARIANT_TARGETS = 100;
/** Longest id of a pack, network or question. */
export const MAX_ID_LENGTH = 64;

/** Default time limits by question type, in seconds (expressions take longer to write). */
export const DEFAULT_TIME_LIMIT_SEC = {
  expression: 75,
  highlight: 30,
  count: 30,
  formula: 45,
  choice: 30,
  numeric: 120,
  multi: 40,
  truefalse: 20,
  poll: 30,
  local: 60,
} as const;

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** True when `id` is a valid pack, network or question id. */
export function isValidId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && ID_PATTERN.test(id);
}

function idSchema(what: string) {
  return z
    .string()
    .min(1, `${what} id is empty`)
    .max(MAX_ID_LENGTH, `${what} id is longer than ${MAX_ID_LENGTH} characters`)
    .regex(ID_PATTERN, `${what} ids use letters, digits, "-" and "_", starting with a letter or digit`);
}

const probability = z.number().min(0).max(1);

/** Most edges a layered generator may produce (an upload must not cost the server seconds of work). */
export const MAX_GENERATED_EDGES = 20_000;

/** A fully connected layered network; `widths[0]` is layer 1 in the chosen numbering (default: from the loss). */
export const layeredGeneratorSchema = z.strictObject({
  generator: z.literal('layered'),
  widths: z
    .array(z.number().int().min(1).max(MAX_GENERATED_WIDTH))
    .min(1)
    .max(MAX_GENERATED_LAYERS)
    .refine((w) => w.reduce((sum, width, i) => sum + width * (w[i + 1] ?? 0), 0) <= MAX_GENERATED_EDGES, {
      message: `a generated network may have at most ${MAX_GENERATED_EDGES} edges (the sum of products of adjacent widths)`,
    }),
  numbering: z.enum(LAYER_NUMBERINGS).default('from-loss'),
  name: z.string().trim().min(1).max(MAX_TITLE_LENGTH).optional(),
});

/** A seeded random layered DAG (see `randomNetwork` in engine/generators.ts). */
export const randomGeneratorSchema = z.strictObject({
  generator: z.literal('random'),
  seed: z.number().int().min(0).max(0xffff_ffff),
  neurons: z.number().int().min(1).max(MAX_RANDOM_NEURONS),
  depth: z.number().int().min(1).max(MAX_RANDOM_DEPTH),
  density: probability.default(0.5),
  skipConnections: probability.default(0),
  inputs: z.number().int().min(1).max(MAX_RANDOM_ENDS).default(2),
  outputs: z.number().int().min(1).max(MAX_RANDOM_ENDS).default(2),
  innerOutputs: probability.default(0),
  shuffleIds: z.boolean().default(false),
  name: z.string().trim().min(1).max(MAX_TITLE_LENGTH).optional(),
});

/** A network generator spec: `{ "generator": "layered", … }` or `{ "generator": "random", … }`. */
export const generatorSpecSchema = z.discriminatedUnion('generator', [layeredGeneratorSchema, randomGeneratorSchema]);

/** A generator spec after defaults. */
export type GeneratorSpec = z.output<typeof generatorSpecSchema>;

/**
 * One entry of a pack's `networks` map: a built-in network id (`"week09-net1"`),
 * a generator spec, or a network in the JSON interchange format.
 */
export const networkEntrySchema = z.union([z.string().min(1).max(MAX_ID_LENGTH), generatorSpecSchema, networkSpecSchema]);

/** A network entry after defaults. */
export type NetworkEntrySpec = z.output<typeof networkEntrySchema>;

/** Per-student variants: the same question on a seeded random network, or a seeded choice of target. */
export const variantSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('random-network'),
    /** Inclusive range of the neuron count, e.g. `[6, 9]`. */
    neurons: z.tuple([z.number().int().min(1).max(MAX_VARIANT_NEURONS), z.number().int().min(1).max(MAX_VARIANT_NEURONS)]),
    depth: z.number().int().min(2).max(MAX_VARIANT_DEPTH),
    density: probability.default(0.6),
    skipConnections: probability.default(0.1),
    inputs: z.number().int().min(1).max(MAX_VARIANT_NEURONS).default(2),
    outputs: z.number().int().min(1).max(MAX_VARIANT_NEURONS).default(2),
  }),
  z.strictObject({
    kind: z.literal('target'),
    /** Targets to choose from (with the question's own); omitted: every target of the same kind and depth. */
    targets: z.array(z.string().min(1).max(MAX_TARGET_TEXT_LENGTH)).min(1).max(MAX_VARIANT_TARGETS).optional(),
  }),
]);

/** A variant spec after defaults. */
export type VariantSpec = z.output<typeof variantSpecSchema>;

const networkRef = z.string().min(1).max(MAX_ID_LENGTH);
const targetText = z.string().min(1).max(MAX_TARGET_TEXT_LENGTH);

function timeLimit(type: keyof typeof DEFAULT_TIME_LIMIT_SEC) {
  return z.number().int().min(MIN_TIME_LIMIT_SEC).max(MAX_TIME_LIMIT_SEC).default(DEFAULT_TIME_LIMIT_SEC[type]);
}

const common = {
  id: idSchema('question'),
  prompt: z.string().trim().min(1, 'prompt is empty').max(MAX_PROMPT_LENGTH),
  points: z.literal(MULTIPLIERS).default(1),
  explanation: z.string().trim().min(1).max(MAX_EXPLANATION_LENGTH).optional(),
};

/** "Write ∂E/∂target in terms of the local derivatives." */
export const expressionQuestionSchema = z.strictObject({
  type: z.literal('expression'),
  ...common,
  timeLimitSec: timeLimit('expression'),
  network: networkRef,
  target: targetText,
  variants: variantSpecSchema.optional(),
});

/** "Tap every edge the gradient flows through from E to target." */
export const highlightQuestionSchema = z.strictObject({
  type: z.literal('highlight'),
  ...common,
  timeLimitSec: timeLimit('highlight'),
  network: networkRef,
  target: targetText,
  variants: variantSpecSchema.optional(),
});

/** What a count question counts. */
export const COUNT_KINDS = ['paths', 'factors'] as const;

/** "How many paths from E to target?" or "how many factors in one path's product?" */
export const countQuestionSchema = z.strictObject({
  type: z.literal('count'),
  ...common,
  timeLimitSec: timeLimit('count'),
  count: z.enum(COUNT_KINDS).default('paths'),
  network: networkRef,
  target: targetText,
  variants: variantSpecSchema.optional(),
});

/**
 * Quantities a formula question can ask for, in the layer index k (and L, the
 * number of layers; m, the width of every layer):
 * - `factors-to-neuron`: factors in one path's product from E to a neuron in layer k;
 * - `factors-to-weight`: the same for a weight feeding a layer-k neuron;
 * - `paths-uniform-width`: paths from E to a layer-k neuron when every layer has m neurons, fully connected;
 * - `sigmoid-path-bound`: the largest possible size of one path's product of ∂n/∂n factors down to a
 *   layer-k neuron with sigmoid activations and weights bounded by 1 (each factor σ'(z)·w ≤ 1/4).
 */
export const FORMULA_QUANTITIES = ['factors-to-neuron', 'factors-to-weight', 'paths-uniform-width', 'sigmoid-path-bound'] as const;

/** A quantity a formula question asks for. */
export type FormulaQuantity = (typeof FORMULA_QUANTITIES)[number];

/** "How many factors for one path from E to a neuron in layer k?" (the engine derives the formula). */
export const formulaQuestionSchema = z.strictObject({
  type: z.literal('formula'),
  ...common,
  timeLimitSec: timeLimit('formula'),
  quantity: z.enum(FORMULA_QUANTITIES),
  numbering: z.enum(LAYER_NUMBERINGS),
  /** Optional network to show as a figure. */
  network: networkRef.optional(),
});

/** A multiple-choice question: the one type whose answer is typed by hand (`answer` is a 0-based index). */
export const choiceQuestionSchema = z.strictObject({
  type: z.literal('choice'),
  ...common,
  timeLimitSec: timeLimit('choice'),
  choices: z.array(z.string().trim().min(1).max(MAX_CHOICE_LENGTH)).min(2).max(MAX_CHOICES),
  answer: z.number().int().min(0),
  /** Optional network to show as a figure. */
  network: networkRef.optional(),
});

/** What a numeric question computes. */
export const NUMERIC_COMPUTES = ['forward', 'local', 'gradient'] as const;

/** How close a number answer must be: `{ "relative": 0.01 }` (within 1%) or `{ "digits": 3 }` (3 significant digits). */
export const toleranceSchema = z.union([
  z.strictObject({ relative: z.number().min(MIN_RELATIVE_TOLERANCE).max(MAX_RELATIVE_TOLERANCE) }),
  z.strictObject({ digits: z.number().int().min(1).max(MAX_TOLERANCE_DIGITS) }),
]);

/** Default tolerance of a numeric question: within 1% of the exact value. */
export const DEFAULT_TOLERANCE = { relative: 0.01 } as const;

/** Values picked by the engine from a seed (tenths; see engine/numeric/random-values.ts). */
export const generatedValuesSchema = z.strictObject({
  generate: z.strictObject({
    seed: z.number().int().min(0).max(0xffff_ffff),
    activation: z.enum(ACTIVATIONS).default('sigmoid'),
    /** Per neuron (`"n3"`) or per layer from the loss (`"layer2"`). */
    activations: z.record(z.string(), z.enum(ACTIVATIONS)).default({}),
    dimension: z.number().int().min(1).max(MAX_DIMENSION).default(1),
  }),
});

/**
 * "Compute this number": a forward value `n_k`, a local derivative `∂of/∂wrt`
 * or a gradient `∂E/∂wrt`, on a network with values (written out, or
 * `{ "generate": … }`), within a stated tolerance. `values` is checked
 * against the network by `compilePack` (engine/numeric/values.ts).
 */
export const numericQuestionSchema = z.strictObject({
  type: z.literal('numeric'),
  ...common,
  timeLimitSec: timeLimit('numeric'),
  network: networkRef,
  values: z.unknown(),
  compute: z.enum(NUMERIC_COMPUTES).default('gradient'),
  /** forward: the neuron (`n5`); local: `E` or the neuron differentiated. */
  of: z.string().min(1).max(MAX_TARGET_TEXT_LENGTH).optional(),
  /** local and gradient: what the derivative is taken with respect to. */
  wrt: targetText.optional(),
  /** The component d of `(v_{l,i})_d` or `(x_l)_d` (1-based). */
  d: z.number().int().min(1).max(MAX_DIMENSION).default(1),
  tolerance: toleranceSchema.default(DEFAULT_TOLERANCE),
  /** Per-student values, picked so that the right answer and every mistake's value are told apart. */
  variants: z.strictObject({ kind: z.literal('values') }).optional(),
});

/** Options of a multi-select or poll question (the same limits as a choice question's). */
const optionsSchema = z.array(z.string().trim().min(1).max(MAX_CHOICE_LENGTH)).min(2).max(MAX_CHOICES);

/** A multi-select question: every right option must be picked; `answers` are 0-based indices (partial credit in docs/GRADING.md). */
export const multiQuestionSchema = z.strictObject({
  type: z.literal('multi'),
  ...common,
  timeLimitSec: timeLimit('multi'),
  choices: optionsSchema,
  answers: z.array(z.number().int().min(0)).min(1).max(MAX_CHOICES),
  /** Optional network to show as a figure. */
  network: networkRef.optional(),
});

/** A true/false statement: `answer` says whether it is true. */
export const trueFalseQuestionSchema = z.strictObject({
  type: z.literal('truefalse'),
  ...common,
  timeLimitSec: timeLimit('truefalse'),
  answer: z.boolean(),
  /** Optional network to show as a figure. */
  network: networkRef.optional(),
});

/** A poll: options with no right answer; it scores nothing, so its `points` can only be 0. */
export const pollQuestionSchema = z.strictObject({
  type: z.literal('poll'),
  ...common,
  points: z.literal(0, 'a poll scores nothing: leave points out or set it to 0').default(0),
  timeLimitSec: timeLimit('poll'),
  choices: optionsSchema,
  /** Optional network to show as a figure. */
  network: networkRef.optional(),
});

/**
 * "Write this local derivative in terms of g′ and the weights or activations":
 * `∂n_i/∂n_k`, `∂n_i/∂w_{k,i}`, `∂n_i/∂(v_{l,i})_d`, `∂n_i/∂(x_l)_d`,
 * `∂n_i/∂b_i` or `∂E/∂n_o`, written `of/wrt` without the ∂ marks.
 */
export const localQuestionSchema = z.strictObject({
  type: z.literal('local'),
  ...common,
  timeLimitSec: timeLimit('local'),
  network: networkRef,
  /** The derivative asked: `n_5/w_{2,5}`, `n_7/n_5`, `n_1/(v_{1,1})_d`, `n_3/(x_2)_d`, `n_5/b_5` or `E/n_7`. */
  derivative: z.string().min(1).max(MAX_LOCAL_ASK_CHARS),
  /** Per-student variants: another derivative of the same kind on the same network. */
  variants: z.strictObject({ kind: z.literal('same-kind') }).optional(),
});

/** One question of a pack, by `type`. */
export const packQuestionSchema = z.discriminatedUnion('type', [
  expressionQuestionSchema,
  highlightQuestionSchema,
  countQuestionSchema,
  formulaQuestionSchema,
  choiceQuestionSchema,
  numericQuestionSchema,
  multiQuestionSchema,
  trueFalseQuestionSchema,
  pollQuestionSchema,
  localQuestionSchema,
]);

/** One question of a pack (after defaults). */
export type PackQuestionSpec = z.output<typeof packQuestionSchema>;

/** A question as an author may write it (defaults optional). */
export type PackQuestionInput = z.input<typeof packQuestionSchema>;

/** Builds the pack schema around a schema for network entries (compilePack first checks entries one by one). */
export function makePackSchema<E extends z.ZodType>(entry: E) {
  return z.strictObject({
    format: z.literal(PACK_FORMAT_VERSION).default(PACK_FORMAT_VERSION),
    id: idSchema('pack'),
    title: z.string().trim().min(1, 'title is empty').max(MAX_TITLE_LENGTH),
    course: z.string().trim().max(MAX_METADATA_LENGTH).optional(),
    author: z.string().trim().max(MAX_METADATA_LENGTH).optional(),
    description: z.string().trim().max(MAX_METADATA_LENGTH).optional(),
    networks: z
      .record(idSchema('network'), entry)
      .refine((r) => Object.keys(r).length <= MAX_PACK_NETWORKS, `at most ${MAX_PACK_NETWORKS} networks`)
      .default({}),
    questions: z.array(packQuestionSchema).min(1, 'a pack needs at least one question').max(MAX_PACK_QUESTIONS),
  });
}

/**
 * Zod schema of a quiz pack (shape only; `compilePack` adds the semantic checks).
 * @example packSpecSchema.safeParse(JSON.parse(text))
 */
export const packSpecSchema = makePackSchema(networkEntrySchema);

/** A quiz pack, with every default filled in (what `compilePack` returns and the server stores). */
export type PackSpec = z.output<typeof packSpecSchema>;

/** A quiz pack as an author may write it (defaults optional). */
export type PackSpecInput = z.input<typeof packSpecSchema>;
