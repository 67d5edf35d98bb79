import type { Metadata } from 'next';
import { HostApp } from './host-app';

export const metadata: Metadata = { title: 'gradflow · host' };

/** The instructor's console, for the projector. */
export default function HostPage() {
  return <HostApp />;
}
