/**
 * Bytes of the `room:state` a question's fan-out sends to every student
 * (`npx tsx scripts/bench/room-state-bytes.ts [packId]`, default week09):
 * the whole view as JSON (what socket.io writes, less its few bytes of
 * framing) before issue 20 — the network drawing inline in every question —
 * and now, the network named by id in the game's network table, which each
 * client gets once, in its join (or resume, create, attach) ack. See
 * docs/BENCHMARKS.md.
 */
import { initialRoomState } from '@/engine/game/phases';
import type { PublicQuestion, RoomView } from '@/engine/protocol';
import { gameNetworks } from '@/engine/quiz/network-table';
import type { RoomRecord } from '@/server/store/types';
import { roomView } from '@/server/game/views';
import { builtinPack } from './load/answers';

/** A plausible room size for the player count field (its digits only). */
const PLAYER_COUNT = 2000;

const packId = process.argv[2] ?? 'week09';
const pack = builtinPack(packId);
const { table } = gameNetworks(pack);
const settings = { scoring: true, autoAdvance: false, showLeaderboard: true, locked: true };
const lobby = initialRoomState(pack.questions.length, settings);
const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/** The view as it was sent before: the question's network inline, no `networkId`. */
function inline(view: RoomView): { room: RoomView; network: number } {
  if (!view.question) return { room: view, network: 0 };
  const { networkId, ...rest } = view.question;
  const network = networkId === null ? rest.network : table[networkId];
  const question: PublicQuestion = { ...rest, network };
  return { room: { ...view, question: question as RoomView['question'] }, network: network === null ? 0 : bytes(network) };
}

const rows: string[] = [];
let before = 0;
let after = 0;
let networkBytes = 0;
pack.questions.forEach((q, index) => {
  const room: RoomRecord = {
    id: 'r'.repeat(21),
    code: '123456',
    hostTokenHash: '',
    packId: pack.id,
    title: pack.title,
    classId: null,
    createdAt: 0,
    state: { ...lobby, phase: 'question', questionIndex: index, openedAt: 1, deadline: 2, multiplier: 1 },
    reveal: null,
    leaders: [],
    version: 1,
  };
  const view = roomView(room, pack, PLAYER_COUNT, 1_764_000_000_000);
  const old = inline(view);
  const was = bytes(old.room);
  const now = bytes(view);
  before += was;
  after += now;
  networkBytes += old.network;
  rows.push(
    `  q${String(index).padEnd(3)} ${q.type.padEnd(10)} before ${String(was).padStart(5)} B (network ${String(old.network).padStart(5)} B)  after ${String(now).padStart(5)} B  ${view.question?.networkId ?? '(no network)'}`,
  );
});
const tableBytes = bytes(table);
const ids = Object.keys(table);
process.stdout.write(
  `${pack.title}: room:state of each question (JSON bytes), network inline (before) and by id (after)\n${rows.join('\n')}\n` +
    `  all ${pack.questions.length}: before ${before} B (of which network ${networkBytes} B, ${Math.round((100 * networkBytes) / before)} %), after ${after} B (${Math.round((100 * (before - after)) / before)} % less)\n` +
    `  network table in each join/resume/create/attach ack: ${ids.length} networks, ${tableBytes} B (${ids.map((id) => `${id} ${bytes(table[id])} B`).join(', ')})\n` +
    `  per student over the game: before ${before} B, after ${after + tableBytes} B (${before - after - tableBytes} B saved)\n`,
);
