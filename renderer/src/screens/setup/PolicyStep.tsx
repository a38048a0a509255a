// Setup step 2: the quorum policies (a standard cross-function policy, optionally a fast path),
// then "Create vault", which sends the whole draft to the core.
import { callApi } from '../../api/call.js';
import { useAppStore } from '../../store/index.js';
import { draftKdf } from '../../store/setupSlice.js';
import { fastPathPolicy, standardPolicy } from '../../lib/policy.js';
import { PolicyEditor } from './PolicyEditor.js';

export function PolicyStep() {
  const draft = useAppStore((state) => state.draft);
  const updateDraft = useAppStore((state) => state.updateDraft);
  const setSetupStep = useAppStore((state) => state.setSetupStep);
  const setSetupView = useAppStore((state) => state.setSetupView);
  const busy = useAppStore((state) => state.busy);

  const createVault = async (): Promise<void> => {
    const kdf = draftKdf(draft);
    const view = await callApi('setupBegin', { name: draft.name.trim(), people: draft.people, policies: draft.policies, ...(kdf ? { kdf } : {}) });
    if (!view) return;
    setSetupView(view);
    setSetupStep('enrol');
  };

  return (
    <>
      <section className="card" aria-labelledby="policies-heading">
        <h2 id="policies-heading">Quorum policies</h2>
        <p className="hint">
          A policy names how many functions must agree and, per function, how many of its custodians. Each policy is an independent split of the
          vault key.
        </p>
        {draft.policies.map((policy, index) => (
          <PolicyEditor
            key={index}
            policy={policy}
            people={draft.people}
            onChange={(changed) => updateDraft({ policies: draft.policies.map((p, i) => (i === index ? changed : p)) })}
            onRemove={draft.policies.length > 1 ? () => updateDraft({ policies: draft.policies.filter((_, i) => i !== index) }) : undefined}
          />
        ))}
        <div className="actions">
          {!draft.policies.some((p) => p.id === 'standard') ? (
            <button type="button" className="secondary" onClick={() => updateDraft({ policies: [...draft.policies, standardPolicy(draft.people)] })}>
              Add standard policy
            </button>
          ) : null}
          {!draft.policies.some((p) => p.fastPath) ? (
            <button type="button" className="secondary" onClick={() => updateDraft({ policies: [...draft.policies, fastPathPolicy(draft.people)] })}>
              Add fast-path policy
            </button>
          ) : null}
        </div>
      </section>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setSetupStep('people')}>
          Back to people
        </button>
        <button type="button" onClick={() => void createVault()} disabled={busy !== null}>
          Create vault
        </button>
      </div>
    </>
  );
}
