import { useEffect, useState } from 'react';
import { clientActions } from './clientActions';
import type { ApiClient } from './types';

const POLL_MS = 500;

/**
 * Follows clients that are still provisioning until each is ready or failed,
 * and calls `onReady` for the one the user is waiting for.
 */
export function useProvisioning(clients: ApiClient[], waitingFor: number | null, onReady: (client: ApiClient) => void): number {
  const [now, setNow] = useState(() => Date.now());
  const pending = clients.filter((client) => client.status === 'provisioning').map((client) => client.id);
  const key = pending.join(',');

  useEffect(() => {
    const ready = clients.find((client) => client.id === waitingFor && client.status === 'ready');
    if (ready) onReady(ready);
  }, [clients, waitingFor, onReady]);

  useEffect(() => {
    if (!key) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      for (const id of key.split(',').map(Number)) void clientActions.get(id).catch(() => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [key]);

  return now;
}
