import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'gradflow',
  description: 'A live classroom quiz about how gradients flow through neural networks.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#0f172a',
};

/**
 * Every page is rendered per request: the server's content security policy carries a fresh script nonce each
 * time (server/app.ts), and Next.js can put it on its scripts only while rendering.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
