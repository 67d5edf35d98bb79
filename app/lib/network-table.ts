/**
 * Live views name a question's network by `networkId` in the game's network
 * table, which the session got once with its join, resume, create or attach
 * ack (docs/PROTOCOL.md, "Networks of a game"). These put the network back
 * into `network` before a view reaches the screens, which draw
 * `question.network` as before. Types only from the protocol: no zod here.
 */
import type { HostView, LiveQuestion, MeView, NetworkTable, RoomView } from '@/engine/protocol';

/** No networks known yet. */
export const NO_NETWORKS: NetworkTable = Object.freeze({});

/** The question with its network from the table; the same object when there is nothing to resolve (or the id is unknown). */
export function resolveQuestion<Q extends LiveQuestion | null>(q: Q, networks: NetworkTable): Q {
  if (!q || q.networkId === null || q.network !== null || !Object.hasOwn(networks, q.networkId)) return q;
  return { ...q, network: networks[q.networkId] };
}

/** A room view whose question draws its network. */
export function resolveRoom(room: RoomView, networks: NetworkTable): RoomView {
  const question = resolveQuestion(room.question, networks);
  return question === room.question ? room : { ...room, question };
}

/** A student's own view whose variant draws its network. */
export function resolveMe(me: MeView, networks: NetworkTable): MeView {
  const question = resolveQuestion(me.question, networks);
  return question === me.question ? me : { ...me, question };
}

/** The host's console view whose room question draws its network. */
export function resolveHostView(view: HostView, networks: NetworkTable): HostView {
  const room = resolveRoom(view.room, networks);
  return room === view.room ? view : { ...view, room };
}
