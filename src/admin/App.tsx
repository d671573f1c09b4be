import { Route } from 'react-router-dom';
import { Admin, CustomRoutes } from 'react-admin';
import { AdminLayout } from './AdminLayout';
import { authProvider } from './authProvider';
import { ClientPicker } from './ClientPicker';
import { dataProvider } from './dataProvider';
import { LoginPage } from './LoginPage';
import { RegisterPage } from './RegisterPage';
import { resourcesFrom } from './resources';
import { theme } from './theme';
import type { Metadata } from './types';

export function App() {
  return (
    // requireAuth: the session is checked before anything renders; a visitor without one goes straight to the login form.
    <Admin title="sandbox-gateway" dataProvider={dataProvider} authProvider={authProvider} loginPage={LoginPage} layout={AdminLayout} theme={theme} requireAuth disableTelemetry>
      <CustomRoutes noLayout>
        <Route path="/register" element={<RegisterPage />} />
      </CustomRoutes>
      {(permissions: Metadata | undefined) => [
        <CustomRoutes key="routes">
          <Route path="/pick-client" element={<ClientPicker />} />
        </CustomRoutes>,
        ...(permissions ? resourcesFrom(permissions) : []),
      ]}
    </Admin>
  );
}
