/** A poll's live distribution for the host: votes per option so far (never sent to students). */
import { pollVotes } from '@/engine/game/reveal';
import type { RuntimePack } from '@/engine/quiz/runtime';
import type { Store } from '../store/types';

/** Votes per option of question `questionIndex` when it is a poll; undefined for any other type. */
export async function livePollVotes(store: Store, roomId: string, pack: RuntimePack, questionIndex: number): Promise<readonly number[] | undefined> {
  const q = pack.questions[questionIndex];
  if (q?.type !== 'poll') return undefined;
  const answers = await store.listAnswers(roomId, questionIndex);
  return pollVotes(q.view(questionIndex, 0).choices.length, answers.map((a) => a.answer));
}
