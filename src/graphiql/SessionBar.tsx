import { ApiKeyPicker } from './ApiKeyPicker';
import type { Session } from './session';

export type SessionState = { kind: 'loading' } | { kind: 'anonymous' } | { kind: 'failed'; message: string } | { kind: 'signed-in'; session: Session };

interface Props {
  state: SessionState;
  onSessionChange(session: Session): void;
}

/** Who GraphiQL is signed in as (the admin session cookie) and which client it talks to. */
export function SessionBar({ state, onSessionChange }: Props) {
  switch (state.kind) {
    case 'loading':
      return <span className="sg-session">…</span>;
    case 'failed':
      return (
        <span className="sg-session" role="alert">
          Session unavailable: {state.message}
        </span>
      );
    case 'anonymous':
      return (
        <span className="sg-session">
          Not logged in: data needs a session or an Authorization header. <a href="/admin/">Log in</a>
        </span>
      );
    case 'signed-in':
      return (
        <span className="sg-session">
          <span className="sg-user">{state.session.user.email}</span>
          <ApiKeyPicker session={state.session} onSessionChange={onSessionChange} />
        </span>
      );
  }
}
