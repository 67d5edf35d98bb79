import type { ReactNode } from 'react';
import '../reports/_lib/reports.css';
import './studio.css';

/** The authoring studio: laptop first, usable on a tablet (the reports' instructor theme). */
export default function StudioLayout({ children }: { children: ReactNode }) {
  return children;
}
