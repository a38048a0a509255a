// Passphrase strength shown while typing, from the zxcvbn estimate.
import { useDeferredValue, useMemo } from 'react';
import { estimateStrength, MIN_PASSPHRASE_SCORE } from '../lib/strength.js';

export function StrengthMeter({ passphrase, userInputs }: { passphrase: string; userInputs: string[] }) {
  const deferred = useDeferredValue(passphrase);
  const estimate = useMemo(() => (deferred ? estimateStrength(deferred, userInputs) : null), [deferred, userInputs]);
  const score = estimate?.score ?? 0;
  return (
    <div className="strength">
      <div
        className={`strength-bar strength-${estimate ? score : 'none'}`}
        role="meter"
        aria-label="Passphrase strength"
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={score}
        aria-valuetext={estimate ? estimate.label : 'No passphrase'}
      >
        <span className="strength-fill" />
      </div>
      <p className="hint" aria-live="polite">
        {estimate ? `Strength: ${estimate.label}.` : 'Strength: no passphrase yet.'}
        {estimate && score < MIN_PASSPHRASE_SCORE ? ' Use a longer passphrase of several unrelated words.' : ''}
        {estimate?.warning ? ` ${estimate.warning}` : ''}
      </p>
    </div>
  );
}
