import { Box, Button, Card, CardContent, Chip, LinearProgress, List, ListItem, ListItemText, Stack, TextField, Typography } from '@mui/material';
import { useCallback, useState, type FormEvent } from 'react';
import { Title, useNotify } from 'react-admin';
import { clientActions } from './clientActions';
import { sessionStore, useSession } from './session';
import { describeUsage } from './usage';
import type { ApiClient } from './types';
import { useProvisioning } from './useProvisioning';

const seconds = (from: string, now: number) => Math.max(0, Math.round((now - Date.parse(from)) / 1000));

function ClientRow({ client, current, now, onOpen }: { client: ApiClient; current: boolean; now: number; onOpen: (client: ApiClient) => void }) {
  const color = client.status === 'ready' ? 'success' : client.status === 'failed' || client.status === 'expired' ? 'error' : 'warning';
  return (
    <ListItem divider data-testid={`client-${client.id}`} secondaryAction={
      <Button variant={current ? 'outlined' : 'contained'} disabled={client.status === 'failed' || client.status === 'expired'} onClick={() => onOpen(client)} aria-label={`Open ${client.name}`}>
        {client.status === 'provisioning' ? 'Open when ready' : current ? 'Current' : 'Open'}
      </Button>
    }>
      <ListItemText
        primary={<>{client.name} <Chip size="small" color={color} label={client.status} sx={{ ml: 1 }} /></>}
        secondary={
          client.status === 'provisioning' ? (
            <Box component="span" sx={{ display: 'block', pr: 20 }}>
              <LinearProgress aria-label={`Setting up ${client.name}`} sx={{ my: 1 }} />
              Copying the reference data into schema {client.schema}: {seconds(client.created_at, now)} s so far
            </Box>
          ) : client.status === 'failed' ? (
            `Setting up failed: ${client.error ?? 'unknown error'}. Reset it from the API (POST /api/clients/${client.id}/reset/).`
          ) : client.status === 'expired' ? (
            `Expired after going unused; its data was deleted. Reset it from the API (POST /api/clients/${client.id}/reset/) to get a fresh copy.`
          ) : (
            `schema ${client.schema} · ${describeUsage(client)}`
          )
        }
      />
    </ListItem>
  );
}

/** After login, and from the user menu: pick one of the account's clients, or public (read-only); create a new one. */
export function ClientPicker() {
  const session = useSession();
  const notify = useNotify();
  const [waitingFor, setWaitingFor] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [creating, setCreating] = useState(false);
  const open = useCallback((client: ApiClient | 'public') => void sessionStore.open(client).catch((error: Error) => notify(error.message, { type: 'error' })), [notify]);
  const clients = session?.clients ?? [];
  const now = useProvisioning(clients, waitingFor, open);

  const choose = (client: ApiClient) => (client.status === 'ready' ? open(client) : setWaitingFor(client.id));
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setCreating(true);
    try {
      const client = await clientActions.create(name.trim());
      setName('');
      choose(client);
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setCreating(false);
    }
  };

  return (
    <Card sx={{ mt: 2, maxWidth: 760 }}>
      <Title title="Choose a client" />
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Choose a client
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Each client is a schema of your own with a copy of the reference data. Public is the shared data, read-only.
        </Typography>
        <List aria-label="Your clients">
          {clients.map((client) => (
            <ClientRow key={client.id} client={client} current={session?.client?.id === client.id} now={now} onOpen={choose} />
          ))}
          <ListItem divider secondaryAction={<Button variant="outlined" onClick={() => open('public')}>Open public</Button>}>
            <ListItemText primary="Public (read-only)" secondary="The shared reference data: browse it, change nothing." />
          </ListItem>
        </List>
        {waitingFor !== null && (
          <Typography role="status" sx={{ mt: 1 }}>
            Opening {clients.find((client) => client.id === waitingFor)?.name} as soon as it is ready…
          </Typography>
        )}
        <Box component="form" onSubmit={create} sx={{ mt: 3 }}>
          <Typography variant="h6" component="h2">
            New client
          </Typography>
          <Stack direction="row" spacing={2} sx={{ mt: 1 }}>
            <TextField label="Client name" size="small" value={name} onChange={(event) => setName(event.target.value)} slotProps={{ htmlInput: { maxLength: 100 } }} />
            <Button type="submit" variant="contained" disabled={creating}>
              Create client
            </Button>
          </Stack>
        </Box>
      </CardContent>
    </Card>
  );
}
