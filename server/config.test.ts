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

describe('GRADFLOW_WORKERS', () => {
  it('runs several workers only with REDIS_URL, and says so in one line', () => {
    const refused = parseConfig({ GRADFLOW_WORKERS: '4' });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.message).toBe('gradflow: invalid GRADFLOW_WORKERS: several workers share rooms only through Redis: set REDIS_URL=redis://host:6379 too (got "4")');
    const accepted = parseConfig({ GRADFLOW_WORKERS: '4', REDIS_URL: 'redis://localhost:6379' });
    expect(accepted.ok && accepted.config.GRADFLOW_WORKERS).toBe(4);
  });

  it('one worker needs no Redis; zero, fractions and words are refused', () => {
    expect(parseConfig({ GRADFLOW_WORKERS: '1' })).toMatchObject({ ok: true, config: { GRADFLOW_WORKERS: 1 } });
    for (const bad of ['0', '1.5', 'all', '65']) {
      expect(parseConfig({ GRADFLOW_WORKERS: bad, REDIS_URL: 'redis://localhost:6379' })).toMatchObject({ ok: false });
    }
  });
});

describe('GRADFLOW_TRUST_PROXY', () => {
  it('reads comma-separated proxy addresses and subnets', () => {
    const parsed = parseConfig({ GRADFLOW_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' });
    expect(parsed.ok && parsed.config.GRADFLOW_TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
  });

  it.each([
    ['nginx', '"nginx" is not an IP address or subnet'],
    ['127.0.0.1,10.0.0.0/33', '"10.0.0.0/33" is not an IP address or subnet'],
    ['10.0.0.1/8/2', '"10.0.0.1/8/2" is not an IP address or subnet'],
    [' , ', 'list the proxies’ addresses or subnets'],
  ])('refuses %j with one line naming the variable and the entry', (value, says) => {
    const parsed = parseConfig({ GRADFLOW_TRUST_PROXY: value });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toMatch(/^gradflow: invalid GRADFLOW_TRUST_PROXY: /);
    expect(parsed.message).toContain(says);
    expect(parsed.message.split('\n')).toHaveLength(1);
  });
});
