import type { Metadata } from 'next';
import { ClassAdmin } from './class-admin';

export const metadata: Metadata = { title: 'gradflow · assignments and gradebook' };

/** The instructor's page of one class: assign homework, see each assignment, the roster and the gradebook export. */
export default async function ClassAdminPage({ params }: { params: Promise<{ classId: string }> }) {
  const { classId } = await params;
  return <ClassAdmin classId={classId} />;
}
