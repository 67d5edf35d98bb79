import type { Metadata } from 'next';
import { ReportsHome } from './reports-home';

export const metadata: Metadata = { title: 'gradflow · reports' };

/** The instructor's reports: classes and past games. */
export default function ReportsPage() {
  return <ReportsHome />;
}
