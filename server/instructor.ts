import type { Logger } from './logger';
import type { Store } from './store/types';
import { newSecret, sameString } from './tokens';

const CONFIG = 'config';
const KEY_DOC = 'instructor-key';

/**
 * The instructor key guards reports, classes and class games. It comes from
 * GRADFLOW_INSTRUCTOR_KEY, or is generated at first start, kept in the store
 * and printed once so the instructor can copy it.
 */
export class InstructorAuth {
  private constructor(private readonly key: string) {}

  static async load(opts: { configured?: string; store: Store; logger: Logger; print: (line: string) => void }): Promise<InstructorAuth> {
    if (opts.configured) return new InstructorAuth(opts.configured);
    const stored = (await opts.store.getDoc(CONFIG, KEY_DOC)) as { key: string } | null;
    if (stored?.key) return new InstructorAuth(stored.key);
    const key = newSecret(12);
    await opts.store.putDoc(CONFIG, KEY_DOC, { key });
    opts.print(`gradflow: instructor key (for reports and classes): ${key}  — set GRADFLOW_INSTRUCTOR_KEY to choose your own`);
    return new InstructorAuth(key);
  }

  /** For tests: a fixed key. */
  static fixed(key: string): InstructorAuth {
    return new InstructorAuth(key);
  }

  verify(candidate: string | undefined | null): boolean {
    return Boolean(candidate) && sameString(candidate as string, this.key);
  }
}
