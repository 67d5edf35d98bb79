import { ConnectionStatus } from './connection-status';

export default function Home() {
  return (
    <main>
      <h1>gradflow</h1>
      <p>Follow the gradient: join your class&apos;s live quiz.</p>
      <ConnectionStatus />
    </main>
  );
}
