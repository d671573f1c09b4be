import { GraphiQL } from 'graphiql';
import { useEffect, useState } from 'react';
import { fetcher } from './fetcher';
import { loadSession } from './session';
import { SessionBar, type SessionState } from './SessionBar';

const defaultQuery = `# Runs as your admin-panel login, in the client picked top right.
{
  me {
    email
  }
  products(pageSize: 5, orderBy: [{ id: ASC }]) {
    totalCount
    items {
      id
      name
      price
    }
  }
}
`;

export function App() {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  useEffect(() => {
    loadSession().then(
      (session) => setState(session ? { kind: 'signed-in', session } : { kind: 'anonymous' }),
      (error: unknown) => setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);

  return (
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} defaultEditorToolsVisibility="headers">
      <GraphiQL.Logo>
        <SessionBar state={state} onSessionChange={(session) => setState({ kind: 'signed-in', session })} />
      </GraphiQL.Logo>
    </GraphiQL>
  );
}
