import type { ReactNode } from 'react';
import './host.css';

/** The host console's projector theme. */
export default function HostLayout({ children }: { children: ReactNode }) {
  return children;
}
