import { Alert, Button, Link, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { api } from './api';
import { AuthCard } from './AuthCard';
import type { ApiClient } from './types';

const FIELDS = [
  { name: 'email', label: 'Email', type: 'email', autoComplete: 'username', required: true },
  { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password', required: true },
  { name: 'first_name', label: 'First name', type: 'text', autoComplete: 'given-name', required: false },
  { name: 'last_name', label: 'Last name', type: 'text', autoComplete: 'family-name', required: false },
] as const;

type Values = Record<(typeof FIELDS)[number]['name'], string>;

/** An account and its first client (`POST /api/auth/register/`); the server's messages appear under each field. */
export function RegisterPage() {
  const [values, setValues] = useState<Values>({ email: '', password: '', first_name: '', last_name: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [client, setClient] = useState<ApiClient | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const registered = await api<{ client: ApiClient }>('/api/auth/register/', { method: 'POST', body: values });
      setClient(registered.client);
    } catch (failure) {
      const body = (failure as { body?: { errors?: Record<string, string> } }).body;
      setErrors(body?.errors ?? { root: (failure as Error).message });
    } finally {
      setBusy(false);
    }
  };

  if (client) {
    return (
      <AuthCard title="Account created">
        <Alert severity="success" role="status">
          {client.status === 'ready'
            ? `Your first client, ${client.name}, is ready.`
            : `Your first client, ${client.name}, is being set up: log in to follow its progress.`}
        </Alert>
        <Button href="#/login" variant="contained" sx={{ mt: 2 }}>
          Log in
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Register">
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        {FIELDS.map((field) => (
          <TextField
            key={field.name}
            name={field.name}
            label={field.label}
            type={field.type}
            autoComplete={field.autoComplete}
            required={field.required}
            value={values[field.name]}
            onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
            error={Boolean(errors[field.name])}
            helperText={errors[field.name]}
          />
        ))}
        {errors.root && (
          <Typography role="alert" color="error">
            {errors.root}
          </Typography>
        )}
        <Button type="submit" variant="contained" disabled={busy}>
          Register
        </Button>
        <Typography variant="body2">
          Already registered? <Link href="#/login">Log in</Link>
        </Typography>
      </Stack>
    </AuthCard>
  );
}
