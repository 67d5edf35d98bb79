'use client';
import { useState } from 'react';
import { JOIN_CODE_DIGITS, NICKNAME_MAX } from '../lib/protocol-client';

/** The join form: a 6-digit code (numeric keyboard) and a nickname. */
export function JoinForm({
  initialCode,
  notice,
  onJoin,
}: {
  initialCode: string | null;
  notice: string | null;
  onJoin: (code: string, nickname: string) => Promise<string | null>;
}) {
  const [code, setCode] = useState(() => (initialCode ?? '').replace(/\D/g, '').slice(0, JOIN_CODE_DIGITS));
  const [nickname, setNickname] = useState('');
  const [error, setError] = useState<{ field: 'code' | 'nickname' | 'form'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (code.length !== JOIN_CODE_DIGITS)
      return setError({ field: 'code', text: `The code has ${JOIN_CODE_DIGITS} digits.` });
    if (nickname.trim() === '') return setError({ field: 'nickname', text: 'Pick a nickname.' });
    setBusy(true);
    setError(null);
    const problem = await onJoin(code, nickname.trim());
    setBusy(false);
    if (problem) {
      const field = /code/i.test(problem) ? 'code' : /name/i.test(problem) ? 'nickname' : 'form';
      setError({ field, text: problem });
    }
  };

  return (
    <section className="card join" aria-labelledby="join-title">
      <h2 id="join-title">Join a game</h2>
      <p className="muted">Follow the gradient: enter the code on the big screen and pick a nickname.</p>
      {notice ? (
        <p className="notice" role="status" data-testid="join-notice">
          {notice}
        </p>
      ) : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field-label" htmlFor="join-code">
          Game code
        </label>
        <input
          id="join-code"
          name="code"
          className="code-input"
          data-testid="join-code"
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete="off"
          enterKeyHint="next"
          maxLength={JOIN_CODE_DIGITS}
          placeholder="123456"
          value={code}
          aria-invalid={error?.field === 'code' || undefined}
          aria-describedby={error?.field === 'code' ? 'join-error' : undefined}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, JOIN_CODE_DIGITS))}
        />
        <label className="field-label" htmlFor="join-nickname">
          Nickname
        </label>
        <input
          id="join-nickname"
          name="nickname"
          className="text-input"
          data-testid="join-nickname"
          autoComplete="nickname"
          autoCapitalize="words"
          enterKeyHint="go"
          maxLength={NICKNAME_MAX}
          placeholder="Your name in the game"
          value={nickname}
          aria-invalid={error?.field === 'nickname' || undefined}
          aria-describedby={error?.field === 'nickname' ? 'join-error' : undefined}
          onChange={(e) => setNickname(e.target.value)}
        />
        {error ? (
          <p id="join-error" className="error" role="alert" data-testid="join-error">
            {error.text}
          </p>
        ) : null}
        <button type="submit" className="btn btn-primary btn-block" data-testid="join-submit" disabled={busy}>
          {busy ? 'Joining…' : 'Join'}
        </button>
      </form>
    </section>
  );
}
