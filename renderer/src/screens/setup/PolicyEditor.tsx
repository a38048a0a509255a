// One quorum policy: how many function groups must agree, and per function group the members and
// how many of them must approve. Used by setup; the core checks the structure again.
import type { CustodianFunction, PersonInput, PolicyGroupInput, PolicyInput } from '../../../../shared/api/contract.js';
import { CheckboxField, NumberField, TextField } from '../../components/fields.js';
import { custodiansByFunction } from '../../lib/policy.js';

function numberText(value: number | undefined): string {
  return value !== undefined && Number.isFinite(value) ? String(value) : '';
}

export function PolicyEditor(props: { policy: PolicyInput; people: PersonInput[]; onChange: (policy: PolicyInput) => void; onRemove?: () => void }) {
  const { policy, onChange } = props;
  const candidates = custodiansByFunction(props.people);

  const groupOf = (fn: CustodianFunction): PolicyGroupInput | undefined => policy.groups.find((g) => g.function === fn);

  const setGroup = (fn: CustodianFunction, group: PolicyGroupInput | null): void => {
    const others = policy.groups.filter((g) => g.function !== fn);
    onChange({ ...policy, groups: group ? [...others, group] : others });
  };

  return (
    <fieldset className="policy">
      <legend>Policy {policy.name || policy.id}</legend>
      <div className="row">
        <TextField label="Policy id" value={policy.id} onChange={(id) => onChange({ ...policy, id })} />
        <TextField label="Policy name" value={policy.name} onChange={(name) => onChange({ ...policy, name })} />
      </div>
      <div className="row">
        <NumberField
          label="Functions required"
          min={1}
          max={policy.groups.length || 1}
          value={numberText(policy.groupThreshold)}
          onChange={(value) => onChange({ ...policy, groupThreshold: Number(value) })}
          hint={`Out of ${policy.groups.length} function groups below.`}
        />
        <NumberField
          label="Reseal limit (hours)"
          min={1}
          value={numberText(policy.resealLimitHours)}
          onChange={(value) => onChange({ ...policy, resealLimitHours: Number(value) })}
        />
      </div>
      <CheckboxField label="Fast path (an incident commander must ask for it explicitly)" checked={policy.fastPath ?? false} onChange={(fastPath) => onChange({ ...policy, fastPath })} />

      {[...candidates].map(([fn, members]) => {
        const group = groupOf(fn);
        return (
          <fieldset key={fn} className="group">
            <legend>{fn} group</legend>
            <CheckboxField
              label={`Include ${fn}`}
              checked={group !== undefined}
              onChange={(on) => setGroup(fn, on ? { function: fn, threshold: 1, members: members.map((m) => m.id) } : null)}
            />
            {group ? (
              <>
                <NumberField
                  label={`Approvals needed from ${fn}`}
                  min={1}
                  max={group.members.length || 1}
                  value={numberText(group.threshold)}
                  onChange={(value) => setGroup(fn, { ...group, threshold: Number(value) })}
                  hint={`Out of ${group.members.length} members.`}
                />
                <div className="row">
                  {members.map((member) => (
                    <CheckboxField
                      key={member.id}
                      label={member.name}
                      checked={group.members.includes(member.id)}
                      onChange={(on) =>
                        setGroup(fn, { ...group, members: on ? [...group.members, member.id] : group.members.filter((id) => id !== member.id) })
                      }
                    />
                  ))}
                </div>
              </>
            ) : null}
          </fieldset>
        );
      })}
      {props.onRemove ? (
        <button type="button" className="link danger" onClick={props.onRemove}>
          Remove policy {policy.name || policy.id}
        </button>
      ) : null}
    </fieldset>
  );
}
