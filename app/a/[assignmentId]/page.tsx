import type { Metadata } from 'next';
import { StudentAssignment } from '../../assignments/student-assignment';

export const metadata: Metadata = { title: 'gradflow · assignment' };

/** An assignment on the student's phone: the link the instructor shares, `/a/<assignmentId>`. */
export default async function AssignmentPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params;
  return <StudentAssignment assignmentId={assignmentId} />;
}
