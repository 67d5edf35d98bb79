import { z } from 'zod';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

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
