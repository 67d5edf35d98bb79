import type { Metadata } from 'next';
import { StudioEditor } from './studio-editor';

export const metadata: Metadata = { title: 'gradflow · studio' };

/** The studio's editor for one pack: its network and its questions. */
export default async function StudioPackPage({ params }: { params: Promise<{ packId: string }> }) {
  const { packId } = await params;
  return <StudioEditor packId={decodeURIComponent(packId)} />;
}
