import type { Metadata } from 'next';
import { ClassBoard } from './class-board';

export const metadata: Metadata = { title: 'gradflow · class leaderboard' };

/** A class's leaderboard over all its games (public: nicknames and points only). */
export default async function ClassPage({ params }: { params: Promise<{ classId: string }> }) {
  const { classId } = await params;
  return <ClassBoard classId={classId} />;
}
