import type { Metadata } from 'next';
import { PracticeView } from '../assignments/practice-view';

export const metadata: Metadata = { title: 'gradflow · practice' };

const one = (v: string | string[] | undefined): string | null => (typeof v === 'string' && v ? v : null);

/** Practice on the student's phone, `/practice?class=<classId>`, with the class member token this phone keeps. */
export default async function PracticePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return <PracticeView classId={one(params.class)} />;
}
