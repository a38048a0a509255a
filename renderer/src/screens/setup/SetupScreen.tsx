// First run: vault and people, quorum policies, enrolment one person at a time, genesis
// signatures, finish. The step list shows where the user is.
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { useAppStore } from '../../store/index.js';
import type { SetupStep } from '../../store/setupSlice.js';
import { EnrolStep } from './EnrolStep.js';
import { GenesisStep } from './GenesisStep.js';
import { PeopleStep } from './PeopleStep.js';
import { PolicyStep } from './PolicyStep.js';

const STEPS: Array<{ step: SetupStep; label: string }> = [
  { step: 'people', label: 'Vault and people' },
  { step: 'policies', label: 'Quorum policies' },
  { step: 'enrol', label: 'Enrol people' },
  { step: 'genesis', label: 'Sign genesis' },
];

export function SetupScreen() {
  const step = useAppStore((state) => state.setupStep);
  return (
    <>
      <ScreenHeading>Create a vault</ScreenHeading>
      <ol className="steps" aria-label="Setup steps">
        {STEPS.map((item, index) => (
          <li key={item.step} aria-current={item.step === step ? 'step' : undefined}>
            <span className="step-number">{index + 1}</span> {item.label}
          </li>
        ))}
      </ol>
      {step === 'people' ? <PeopleStep /> : null}
      {step === 'policies' ? <PolicyStep /> : null}
      {step === 'enrol' ? <EnrolStep /> : null}
      {step === 'genesis' ? <GenesisStep /> : null}
    </>
  );
}
