import { Button, Link, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { useLogin } from 'react-admin';
import { AuthCard } from './AuthCard';

/** Email and password; the client is picked on the next page. */
export function LoginPage() {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ email, password });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="sandbox-gateway admin">
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        <TextField label="Email" type="email" autoComplete="username" value={email} onChange={(event) => setEmail(event.target.value)} required autoFocus />
        <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
        {error && (
          <Typography role="alert" color="error">
            {error}
          </Typography>
        )}
        <Button type="submit" variant="contained" disabled={busy}>
          Log in
        </Button>
        <Typography variant="body2">
          No account? <Link href="#/register">Register</Link>
        </Typography>
      </Stack>
    </AuthCard>
  );
}
