// A process that takes a socket handed over by its parent (server/socket-handoff.test.ts) and reports every byte
// it reads from it once it has read "END".
process.on('message', (msg, socket) => {
  if (msg !== 'socket' || !socket) return;
  let got = '';
  socket.on('data', (chunk) => {
    got += chunk.toString();
    if (got.endsWith('END')) process.send({ got });
  });
  process.send('taken');
});
