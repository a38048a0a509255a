// Window layout: header with the vault state, main navigation, the live regions and the current
// screen. First run (no vault yet, or a setup in progress) shows only the setup screens.
import { useEffect } from 'react';
import { callApi, refreshVault } from './api/call.js';
import { BusyIndicator, ErrorAlert, NoticeRegion } from './components/StatusRegions.js';
import { VAULT_STATE_LABELS } from './lib/format.js';
import { AuditScreen } from './screens/AuditScreen.js';
import { CeremonyScreen } from './screens/ceremony/CeremonyScreen.js';
import { CustodiansScreen } from './screens/CustodiansScreen.js';
import { DepositScreen } from './screens/DepositScreen.js';
import { HomeScreen } from './screens/HomeScreen.js';
import { RequestScreen } from './screens/RequestScreen.js';
import { RotateScreen } from './screens/RotateScreen.js';
import { SetupScreen } from './screens/setup/SetupScreen.js';
import { useAppStore } from './store/index.js';
import type { Route } from './store/uiSlice.js';

const NAV_ITEMS: Array<{ label: string; route: Route }> = [
  { label: 'Home', route: { screen: 'home' } },
  { label: 'Deposit', route: { screen: 'deposit' } },
  { label: 'Unseal', route: { screen: 'request', kind: 'unseal' } },
  { label: 'Drill', route: { screen: 'request', kind: 'drill' } },
  { label: 'Audit log', route: { screen: 'audit' } },
  { label: 'Custodians and policy', route: { screen: 'custodians' } },
];

function sameScreen(a: Route, b: Route): boolean {
  if (a.screen !== b.screen) return false;
  if (a.screen === 'request' && b.screen === 'request') return a.kind === b.kind;
  return true;
}

function CurrentScreen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'home':
    case 'setup':
      return <HomeScreen />;
    case 'deposit':
      return <DepositScreen />;
    case 'rotate':
      return <RotateScreen key={route.credentialId} credentialId={route.credentialId} />;
    case 'request':
      return <RequestScreen key={route.kind} kind={route.kind} />;
    case 'ceremony':
      return <CeremonyScreen key={route.ceremonyId} ceremonyId={route.ceremonyId} />;
    case 'audit':
      return <AuditScreen />;
    case 'custodians':
      return <CustodiansScreen />;
  }
}

export function App() {
  const route = useAppStore((state) => state.route);
  const status = useAppStore((state) => state.status);
  const setupActive = useAppStore((state) => state.setupView !== null);
  const navigate = useAppStore((state) => state.navigate);
  const setAppInfo = useAppStore((state) => state.setAppInfo);

  useEffect(() => {
    void refreshVault({ background: false });
    void callApi('appInfo', {}, { background: true }).then((info) => {
      if (info) setAppInfo(info);
    });
  }, [setAppInfo]);

  const inSetup = status !== null && (!status.exists || setupActive);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="app-title">Break-glass vault{status?.name ? `: ${status.name}` : ''}</span>
        {status?.exists && !inSetup ? (
          <span className={`badge state-${status.state}`} data-testid="vault-state">
            {VAULT_STATE_LABELS[status.state]}
          </span>
        ) : null}
      </header>
      {status?.exists && !inSetup ? (
        <nav aria-label="Main" className="app-nav">
          <ul>
            {NAV_ITEMS.map((item) => (
              <li key={item.label}>
                <button type="button" aria-current={sameScreen(route, item.route) ? 'page' : undefined} onClick={() => navigate(item.route)}>
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" className="app-main">
        <BusyIndicator />
        <ErrorAlert />
        <NoticeRegion />
        {status === null ? <p>Opening the vault…</p> : inSetup ? <SetupScreen /> : <CurrentScreen route={route} />}
      </main>
    </div>
  );
}
