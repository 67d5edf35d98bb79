import type { Metadata } from 'next';
import { ReportView } from './report-view';

export const metadata: Metadata = { title: 'gradflow · game report' };

/** One finished game's report (instructor). */
export default async function GameReportPage({ params }: { params: Promise<{ roomId: string }> }) {
  const { roomId } = await params;
  return <ReportView roomId={roomId} />;
}
