import { fork, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { stopReadingOnHandoff } from './socket-handoff';

const fixture = path.join(__dirname, 'test-support/handoff-child.mjs');
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const done of cleanup.splice(0)) done();
});

function nextMessage(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => child.once('message', resolve));
}

/**
 * As the sticky primary does: read a connection's first chunk, send the socket to another process. The client's next
 * bytes are already on their way while this process still holds the socket; the taker must get them.
 */
it('hands a socket to another process with the bytes that arrive during the handoff', async () => {
  const child = fork(fixture, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  cleanup.push(() => child.kill());
  stopReadingOnHandoff(child);
  const client = new net.Socket();
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      child.send('socket', socket);
      client.write('HELLO');
    });
  });
  cleanup.push(() => {
    client.destroy();
    server.close();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const taken = nextMessage(child);
  client.connect(port, '127.0.0.1', () => client.write('FIRST'));
  expect(await taken).toBe('taken');
  const report = nextMessage(child);
  client.write('END');
  expect(await report).toEqual({ got: 'HELLOEND' });
});
