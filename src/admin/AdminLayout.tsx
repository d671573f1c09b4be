import type { ReactNode } from 'react';
import { AppBar, Layout, TitlePortal } from 'react-admin';
import { PublicBanner } from './PublicBanner';
import { AdminUserMenu } from './UserMenu';

const AdminAppBar = () => (
  <AppBar userMenu={<AdminUserMenu />}>
    <TitlePortal />
  </AppBar>
);

export function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <Layout appBar={AdminAppBar}>
      <PublicBanner />
      {children}
    </Layout>
  );
}
