import { Alert, Link } from '@mui/material';
import { usePermissions } from 'react-admin';
import type { Metadata } from './types';

/** In `public` the panel is read-only, and says why instead of offering controls that would fail. */
export function PublicBanner() {
  const { permissions } = usePermissions<Metadata>();
  if (!permissions || permissions.can_write) return null;
  return (
    <Alert severity="info" variant="outlined" sx={{ mb: 1 }} data-testid="public-banner">
      <strong>Public is read-only.</strong> {permissions.read_only_reason} To create, edit or delete, <Link href="#/pick-client">pick one of your clients</Link>.
    </Alert>
  );
}
