/**
 * Resolving a pack's networks: built-in ids, generator specs and inline
 * networks in the interchange format, each validated with errors carrying
 * the dotted path to the bad field.
 */
import type { z } from 'zod';
import type { Network } from '../network';
import { networkSpecSchema, parseNetwork } from '../network';
import { BUILTIN_NETWORK_IDS, getBuiltinNetwork } from '../builtins';
import { layeredNetwork, randomNetwork } from '../generators';
import type { GeneratorSpec, NetworkEntrySpec } from './pack-schema';
import { generatorSpecSchema } from './pack-schema';

/** One problem found in a pack: the dotted path to the field (`questions.3.target`) and what is wrong. */
export interface PackError {
  readonly path: string;
  readonly message: string;
}

/** A validated network entry with the network it builds. */
export type ResolvedNetwork = { ok: true; entry: NetworkEntrySpec; network: Network } | { ok: false; errors: PackError[] };

/** Joins path segments with dots, skipping empty ones: `joinPath('networks', 'a', 'edges.2')`. */
export function joinPath(...parts: readonly (string | number)[]): string {
  return parts.filter((p) => p !== '').join('.');
}

/** Makes a zod issue message readable: a missing field says so instead of "received undefined". */
function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message)
        ? `required (expected ${issue.expected})`
        : issue.message.replace(/^Invalid input: /, '');
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_key':
      return issue.issues[0]?.message ?? issue.message;
    default:
      return issue.message;
  }
}

/** Converts zod issues to pack errors under a path prefix. */
export function zodIssuesToErrors(issues: readonly z.core.$ZodIssue[], prefix: string): PackError[] {
  return issues.map((issue) => ({
    path: joinPath(prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p))),
    message: issueMessage(issue),
  }));
}

const SPEC_FIELDS: ReadonlySet<string> = new Set(Object.keys(networkSpecSchema.shape));
const WHERE = /^([A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*): ([\s\S]+)$/;

/** Turns a `parseNetwork` message `edges[2].from: …` into a pack error under `prefix`. */
function networkError(message: string, prefix: string): PackError {
  const m = WHERE.exec(message);
  // Only a message that starts with a field of the spec names a place; others (`cycle: …`) are about the whole network.
  if (!m || !SPEC_FIELDS.has((m[1] as string).split(/[[.]/)[0] as string)) return { path: prefix, message };
  const sub = (m[1] as string).replace(/\[(\d+)\]/g, '.$1');
  return { path: joinPath(prefix, sub), message: m[2] as string };
}

function buildGenerated(spec: GeneratorSpec): Network {
  switch (spec.generator) {
    case 'layered': {
      const options = spec.name === undefined ? { numbering: spec.numbering } : { numbering: spec.numbering, name: spec.name };
      return layeredNetwork(spec.widths, options).network;
    }
    case 'random': {
      const { generator: _generator, seed, ...options } = spec;
      return randomNetwork(seed, options);
    }
    default: {
      const never: never = spec;
      throw new Error(`unknown generator ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Validates one network entry (found at `path`) and builds its network.
 * @example resolveNetworkEntry('week09-net1', 'networks.a') // { ok: true, network: Network I, … }
 */
export function resolveNetworkEntry(raw: unknown, path: string): ResolvedNetwork {
  if (typeof raw === 'string') {
    const net = getBuiltinNetwork(raw);
    if (net) return { ok: true, entry: raw, network: net };
    return {
      ok: false,
      errors: [{ path, message: `unknown built-in network ${JSON.stringify(raw)} (built-in: ${BUILTIN_NETWORK_IDS.join(', ')})` }],
    };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      errors: [
        {
          path,
          message: `a network is a built-in id (${BUILTIN_NETWORK_IDS.join(', ')}), a generator spec such as {"generator": "layered", "widths": [3, 4]}, or a network in the interchange format`,
        },
      ],
    };
  }
  if ('generator' in raw) {
    const parsed = generatorSpecSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, errors: zodIssuesToErrors(parsed.error.issues, path) };
    try {
      return { ok: true, entry: parsed.data, network: buildGenerated(parsed.data) };
    } catch (err) {
      return { ok: false, errors: [{ path, message: err instanceof Error ? err.message : String(err) }] };
    }
  }
  const parsed = parseNetwork(raw);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => networkError(e, path)) };
  return { ok: true, entry: parsed.network.spec, network: parsed.network };
}
