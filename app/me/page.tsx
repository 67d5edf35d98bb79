import type { Metadata } from 'next';
import { MyHistory } from './my-history';

export const metadata: Metadata = { title: 'gradflow · my answers' };

const one = (v: string | string[] | undefined): string | null => (typeof v === 'string' && v ? v : null);

/**
 * A student's own answers, on their phone: `/me?room=<roomId>` (one game,
 * with the player token this phone kept), `/me?class=<classId>` (every game
 * of a class, with the member token), or `/me` (what this phone remembers,
 * and "use my code" to reclaim an identity on a new phone).
 */
export default async function MePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return <MyHistory room={one(params.room)} classId={one(params.class)} />;
}
