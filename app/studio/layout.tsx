import type { ReactNode } from 'react';
import '../reports/_lib/reports.css';
import '../host/host.css';
import './studio.css';

/** The authoring studio: laptop first, usable on a tablet (the reports' instructor theme; the projector theme for its preview). */
export default function StudioLayout({ children }: { children: ReactNode }) {
  return children;
}
