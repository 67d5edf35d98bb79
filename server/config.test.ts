import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

describe('parseConfig', () => {
  it('applies defaults with an empty environment', () => {
    const parsed = parseConfig({});
    expect(parsed).toEqual({
      ok: true,
      config: { PORT: 3000, HOST: '0.0.0.0', GRADFLOW_DATA_DIR: './data', GRADFLOW_STORE: 'sqlite', LOG_LEVEL: 'info' },
    });
  });

  it('reads every variable', () => {
    const parsed = parseConfig({ PORT: '8080', HOST: '127.0.0.1', REDIS_URL: 'redis://localhost:6379', GRADFLOW_DATA_DIR: '/tmp/x', GRADFLOW_STORE: 'memory', LOG_LEVEL: 'debug' });
    expect(parsed.ok && parsed.config).toMatchObject({ PORT: 8080, REDIS_URL: 'redis://localhost:6379', GRADFLOW_STORE: 'memory', LOG_LEVEL: 'debug' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ GRADFLOW_STORE: 'files' }, 'GRADFLOW_STORE'],
  ])('refuses %j with one line naming the variable', (env, name) => {
    const parsed = parseConfig(env);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain(`invalid ${name}`);
    expect(parsed.message.split('\n')).toHaveLength(1);
  });
});
