// Abandons a setup in progress: the core deletes the half-made vault, the draft is kept.
import { callApi, refreshVault } from '../../api/call.js';
import { useAppStore } from '../../store/index.js';

export function AbortSetupButton() {
  const setSetupView = useAppStore((state) => state.setSetupView);
  const setSetupStep = useAppStore((state) => state.setSetupStep);
  const busy = useAppStore((state) => state.busy);

  const abort = async (): Promise<void> => {
    if (!window.confirm('Abort setup? Kits issued so far become useless.')) return;
    const done = await callApi('setupAbort', {});
    if (done === null) return;
    setSetupView(null);
    setSetupStep('people');
    await refreshVault();
  };

  return (
    <button type="button" className="secondary danger" disabled={busy !== null} onClick={() => void abort()}>
      Abort setup
    </button>
  );
}
