import { StudentApp } from '../../student/student-app';

/** The join link (and QR code) of a game: the code is filled in. */
export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return <StudentApp initialCode={code.replace(/\D/g, '').slice(0, 6)} />;
}
