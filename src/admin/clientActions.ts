import { api } from './api';
import { sessionStore } from './session';
import type { ApiClient } from './types';

/** The owner's client operations (`/api/clients/`), keeping the session's copy of each client current. */
export const clientActions = {
  async create(name: string): Promise<ApiClient> {
    const client = await api<ApiClient>('/api/clients/', { method: 'POST', body: name ? { name } : {} });
    const session = sessionStore.get();
    if (session) sessionStore.set({ ...session, clients: [...session.clients.filter((c) => c.id !== client.id), client] });
    return client;
  },
  async get(id: number): Promise<ApiClient> {
    const client = await api<ApiClient>(`/api/clients/${id}/`);
    sessionStore.replaceClient(client);
    return client;
  },
  async rotateKey(id: number): Promise<ApiClient> {
    const client = await api<ApiClient>(`/api/clients/${id}/rotate-key/`, { method: 'POST' });
    sessionStore.replaceClient(client);
    return client;
  },
  async reset(id: number): Promise<ApiClient> {
    const client = await api<ApiClient>(`/api/clients/${id}/reset/`, { method: 'POST' });
    sessionStore.replaceClient(client);
    return client;
  },
};
