import type { Metadata } from 'next';
import { AssignmentProgress } from './assignment-progress';

export const metadata: Metadata = { title: 'gradflow · assignment progress' };

/** The instructor's view of one assignment: who started and finished, and the per-question analytics. */
export default async function AssignmentProgressPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params;
  return <AssignmentProgress assignmentId={assignmentId} />;
}
