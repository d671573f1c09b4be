import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import DataUsageIcon from '@mui/icons-material/DataUsage';
import DescriptionIcon from '@mui/icons-material/Description';
import KeyIcon from '@mui/icons-material/Key';
import RestartAltIcon from '@mui/icons-material/RestartAlt';
import StorageIcon from '@mui/icons-material/Storage';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import TerminalIcon from '@mui/icons-material/Terminal';
import { Divider, ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import { useState } from 'react';
import { Confirm, Logout, UserMenu, useNotify, useRefresh, useUserMenu } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { clientActions } from './clientActions';
import { useSession } from './session';
import { describeUsage } from './usage';

function Item({ icon, primary, secondary, onClick, href, testId }: { icon: React.ReactNode; primary: string; secondary?: string; onClick?: () => void; href?: string; testId?: string }) {
  const menu = useUserMenu();
  const props = href ? { component: 'a' as const, href } : {};
  return (
    <MenuItem
      {...props}
      data-testid={testId}
      onClick={() => {
        onClick?.();
        if (href) menu?.onClose();
      }}
    >
      <ListItemIcon>{icon}</ListItemIcon>
      <ListItemText primary={primary} secondary={secondary} />
    </MenuItem>
  );
}

/** The account's menu: who and where you are, the client's key (copy, rotate), reset, the API's other doors, logout. */
function MenuItems() {
  const session = useSession();
  const notify = useNotify();
  const refresh = useRefresh();
  const navigate = useNavigate();
  const menu = useUserMenu();
  const [confirmReset, setConfirmReset] = useState(false);
  const client = session?.client ?? null;
  const owned = client !== null;

  const copyKey = async () => {
    if (!client) return;
    await navigator.clipboard.writeText(client.api_key);
    notify('API key copied', { type: 'info' });
    menu?.onClose();
  };
  const rotate = async () => {
    if (!client) return;
    try {
      await clientActions.rotateKey(client.id);
      notify('New API key: the old one no longer works', { type: 'success' });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  const reset = async () => {
    setConfirmReset(false);
    menu?.onClose();
    if (!client) return;
    try {
      await clientActions.reset(client.id);
      notify(`${client.name} is a fresh copy of public again`, { type: 'success' });
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };

  return (
    <>
      <Item icon={<StorageIcon />} primary={session?.user.email ?? ''} secondary={owned ? `Client: ${client.name}` : 'Public (read-only)'} testId="menu-account" />
      {owned && <Item icon={<DataUsageIcon />} primary="Usage" secondary={describeUsage(client)} testId="menu-usage" />}
      {owned && <Item icon={<ContentCopyIcon />} primary="Copy API key" secondary={client.api_key} onClick={copyKey} testId="menu-api-key" />}
      {owned && <Item icon={<KeyIcon />} primary="Rotate key" onClick={rotate} />}
      {owned && <Item icon={<RestartAltIcon />} primary="Reset client…" onClick={() => setConfirmReset(true)} />}
      <Item
        icon={<SwapHorizIcon />}
        primary="Switch client"
        onClick={() => {
          menu?.onClose();
          navigate('/pick-client');
        }}
      />
      <Divider />
      <Item icon={<DescriptionIcon />} primary="OpenAPI docs" href="/docs" />
      <Item icon={<TerminalIcon />} primary="GraphiQL" href="/graphiql" />
      <Divider />
      <Logout />
      <Confirm
        isOpen={confirmReset}
        title={`Reset ${client?.name ?? 'client'}?`}
        content="Every change made in this client is dropped: its data becomes a fresh copy of public. Its API key stays the same."
        confirm="Reset"
        onConfirm={reset}
        onClose={() => setConfirmReset(false)}
      />
    </>
  );
}

export const AdminUserMenu = () => (
  <UserMenu>
    <MenuItems />
  </UserMenu>
);
