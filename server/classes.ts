import type { Store } from './store/types';
import { hashSecret, matchesHash, newId, newSecret, splitToken } from './tokens';

/** Store collections for classes and their members. */
const CLASSES = 'class';
const MEMBERS = 'member';
/** Longest class name. */
export const CLASS_NAME_MAX = 80;

/** A course that runs many games (e.g. "50.039 Deep Learning"). */
export interface ClassRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}

/** One student's identity across a class's games. */
export interface MemberRecord {
  readonly id: string;
  readonly classId: string;
  /** The nickname the student first joined with. */
  readonly nickname: string;
  readonly tokenHash: string;
  readonly createdAt: number;
}


/**
 * Classes and their members. A member token (`memberId.secret`) is kept by
 * the student's phone; typing it on a new phone reclaims the same identity.
 */
export class ClassRegistry {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async create(name: string): Promise<ClassRecord> {
    const record: ClassRecord = { id: newId(), name: name.trim().slice(0, CLASS_NAME_MAX), createdAt: this.now() };
    await this.store.putDoc(CLASSES, record.id, record);
    return record;
  }

  async get(id: string): Promise<ClassRecord | null> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
    return (await this.store.getDoc(CLASSES, id)) as ClassRecord | null;
  }

  async list(): Promise<ClassRecord[]> {
    return ((await this.store.listDocs(CLASSES)) as ClassRecord[]).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** The member a token belongs to, if it is valid for this class. */
  async resolveMember(classId: string, token: string | undefined): Promise<MemberRecord | null> {
    const parts = splitToken(token);
    if (!parts) return null;
    const member = (await this.store.getDoc(MEMBERS, parts.id)) as MemberRecord | null;
    if (!member || member.classId !== classId) return null;
    return matchesHash(parts.secret, member.tokenHash) ? member : null;
  }

  /** Every member of a class, oldest first. */
  async listMembers(classId: string): Promise<MemberRecord[]> {
    return ((await this.store.listDocs(MEMBERS)) as MemberRecord[])
      .filter((m) => m.classId === classId)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  /** Creates a member and returns its token (shown to the student once, kept by the phone). */
  async createMember(classId: string, nickname: string): Promise<{ member: MemberRecord; token: string }> {
    const secret = newSecret(12);
    const member: MemberRecord = { id: newId(), classId, nickname, tokenHash: hashSecret(secret), createdAt: this.now() };
    await this.store.putDoc(MEMBERS, member.id, member);
    return { member, token: `${member.id}.${secret}` };
  }
}
