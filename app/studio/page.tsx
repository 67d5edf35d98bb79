import type { Metadata } from 'next';
import { StudioHome } from './studio-home';

export const metadata: Metadata = { title: 'gradflow · studio' };

/** The authoring studio: the instructor's quiz packs. */
export default function StudioPage() {
  return <StudioHome />;
}
