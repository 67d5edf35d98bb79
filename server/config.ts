import { z } from 'zod';
import { parseTrustedProxies } from './client-address';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
/** Most worker processes `GRADFLOW_WORKERS` may ask for. */
export const MAX_WORKERS = 64;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  GRADFLOW_DATA_DIR: z.string().min(1).default('./data'),
  // Without REDIS_URL: the SQLite database in the data dir, or `memory` (nothing kept; the load benchmark's baseline).
  GRADFLOW_STORE: z.enum(['sqlite', 'memory']).default('sqlite'),
  GRADFLOW_PUBLIC_URL: z.string().url().optional(),
  GRADFLOW_INSTRUCTOR_KEY: z.string().min(8, 'must be at least 8 characters').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Worker processes on this machine (Node's cluster, sticky sessions); unset = one process, no cluster. */
  GRADFLOW_WORKERS: z.coerce.number().int().min(1).max(MAX_WORKERS).optional(),
  /**
   * Reverse proxies (addresses, subnets) whose `X-Forwarded-For` names the client for the per-address limits
   * (server/client-address.ts); unset = the socket's peer is the client.
   */
  GRADFLOW_TRUST_PROXY: z
    .string()
    .transform((value, ctx) => {
      const parsed = parseTrustedProxies(value);
      if (parsed.ok) return parsed.entries;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    })
    .optional(),
}).refine((env) => (env.GRADFLOW_WORKERS ?? 1) === 1 || env.REDIS_URL !== undefined, {
  path: ['GRADFLOW_WORKERS'],
  message: 'several workers share rooms only through Redis: set REDIS_URL=redis://host:6379 too',
});

/** Validated process configuration. */
export type Config = z.infer<typeof envSchema>;
/** A log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Parses the environment. On a bad value returns one line naming the
 * variable, for the caller to print before exiting.
 */
export function parseConfig(env: Record<string, string | undefined>): { ok: true; config: Config } | { ok: false; message: string } {
  // Empty strings mean "unset", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  const name = issue?.path.join('.') ?? 'environment';
  return { ok: false, message: `gradflow: invalid ${name}: ${issue?.message ?? 'bad value'} (got ${JSON.stringify(cleaned[name] ?? '')})` };
}
