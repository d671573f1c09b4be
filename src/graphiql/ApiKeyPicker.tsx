import { useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { useState, type ChangeEvent } from 'react';
import { apiKeyIn, withApiKey } from './headers';
import { switchSessionToPublic, type Session } from './session';

const PUBLIC = 'public';
const OTHER = 'other';

interface Props {
  session: Session;
  onSessionChange(session: Session): void;
}

/**
 * Picks the API client GraphiQL talks to by writing (or removing) `Api-Key` in the headers editor.
 * The session's own account owns every key listed, so the server accepts the override (DESIGN §5).
 */
export function ApiKeyPicker({ session, onSessionChange }: Props) {
  const headerEditor = useGraphiQL((state) => state.headerEditor);
  const headers = useGraphiQL((state) => state.tabs[state.activeTabIndex]?.headers ?? '');
  const { updateActiveTabValues } = useGraphiQLActions();
  const [problem, setProblem] = useState<string | null>(null);

  // No header: the request goes to the session's client.
  const effective = apiKeyIn(headers) ?? session.client?.api_key ?? PUBLIC;
  const listed = effective === PUBLIC || session.clients.some((client) => client.api_key === effective);

  function writeApiKey(key: string | null) {
    const next = withApiKey(headerEditor?.getValue() ?? headers, key);
    if (headerEditor) headerEditor.setValue(next);
    else updateActiveTabValues({ headers: next });
  }

  async function choose(event: ChangeEvent<HTMLSelectElement>) {
    const value = event.target.value;
    setProblem(null);
    try {
      if (value !== PUBLIC) return writeApiKey(value);
      writeApiKey(null);
      if (session.client) onSessionChange(await switchSessionToPublic(session));
    } catch (error) {
      setProblem(error instanceof SyntaxError ? `Fix the request headers first (${error.message}).` : String(error instanceof Error ? error.message : error));
    }
  }

  return (
    <span className="sg-api-key">
      <label>
        Api-Key{' '}
        <select value={listed ? effective : OTHER} onChange={choose} title="Sets the Api-Key header in the Headers editor">
          {!listed && (
            <option value={OTHER} disabled>
              a key typed in the headers
            </option>
          )}
          <option value={PUBLIC}>Public (read-only)</option>
          {session.clients.map((client) => (
            <option key={client.id} value={client.api_key} disabled={client.status !== 'ready'}>
              {client.status === 'ready' ? client.name : `${client.name} (${client.status})`}
            </option>
          ))}
        </select>
      </label>
      {problem && (
        <span role="alert" className="sg-problem">
          {problem}
        </span>
      )}
    </span>
  );
}
