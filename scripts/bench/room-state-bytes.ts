/**
 * Bytes of the `room:state` a question's fan-out sends to every student
 * (`npx tsx scripts/bench/room-state-bytes.ts [packId]`, default week09):
 * the whole view as JSON (what socket.io writes, less its few bytes of
 * framing) and the share of it that is the network drawing, which does not
 * change while a game plays the same network. See docs/BENCHMARKS.md.
 */
import { initialRoomState } from '@/engine/game/phases';
import type { RoomRecord } from '@/server/store/types';
import { roomView } from '@/server/game/views';
import { builtinPack } from './load/answers';

/** A plausible room size for the player count field (its digits only). */
const PLAYER_COUNT = 2000;

const packId = process.argv[2] ?? 'week09';
const pack = builtinPack(packId);
const settings = { scoring: true, autoAdvance: false, showLeaderboard: true, locked: true };
const lobby = initialRoomState(pack.questions.length, settings);
const rows: string[] = [];
let total = 0;
let network = 0;
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
  const bytes = Buffer.byteLength(JSON.stringify(view));
  const net = view.question && 'network' in view.question ? Buffer.byteLength(JSON.stringify(view.question.network)) : 0;
  total += bytes;
  network += net;
  rows.push(`  q${String(index).padEnd(3)} ${q.type.padEnd(10)} room:state ${String(bytes).padStart(5)} B, network ${String(net).padStart(5)} B (${Math.round((100 * net) / bytes)} %)`);
});
process.stdout.write(`${pack.title}: room:state of each question (JSON bytes)\n${rows.join('\n')}\n  all ${pack.questions.length}: ${total} B, of which network ${network} B (${Math.round((100 * network) / total)} %)\n`);
