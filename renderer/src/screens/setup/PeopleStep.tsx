// Setup step 1: vault name, the people with their roles, function and sponsor, and the advanced
// KDF parameters (left empty, the core uses its production defaults).
import { useState, type FormEvent } from 'react';
import { CUSTODIAN_FUNCTIONS, ROLES, type CustodianFunction, type PersonInput, type Role } from '../../../../shared/api/contract.js';
import { CheckboxField, NumberField, SelectField, TextField } from '../../components/fields.js';
import { ROLE_LABELS, slugify } from '../../lib/format.js';
import { PERSON_ID_PATTERN, standardPolicy } from '../../lib/policy.js';
import { useAppStore } from '../../store/index.js';
import { TableHead } from '../../components/TableHead.js';

interface PersonForm {
  id: string;
  name: string;
  roles: Role[];
  fn: CustodianFunction | '';
  sponsorId: string;
}

const EMPTY_PERSON: PersonForm = { id: '', name: '', roles: ['custodian'], fn: '', sponsorId: '' };

function checkPerson(form: PersonForm, people: PersonInput[]): string | null {
  const id = form.id.trim() || slugify(form.name);
  if (!form.name.trim()) return 'Enter the person’s name.';
  if (!PERSON_ID_PATTERN.test(id)) return `The id "${id}" is invalid: use lowercase letters, digits, dot, dash or underscore, starting with a letter or digit.`;
  if (people.some((p) => p.id === id)) return `The id "${id}" is already used by another person: choose another id.`;
  if (form.roles.length === 0) return 'Choose at least one role.';
  if (form.roles.includes('custodian') && !form.fn) return 'A custodian needs a function: choose one.';
  if (form.fn === 'vendor' && !form.sponsorId) return 'A vendor needs an internal sponsor: choose one.';
  return null;
}

export function PeopleStep() {
  const draft = useAppStore((state) => state.draft);
  const updateDraft = useAppStore((state) => state.updateDraft);
  const setSetupStep = useAppStore((state) => state.setSetupStep);
  const [form, setForm] = useState<PersonForm>(EMPTY_PERSON);
  const [formError, setFormError] = useState<string | null>(null);
  const [stepError, setStepError] = useState<string | null>(null);

  const addPerson = (event: FormEvent): void => {
    event.preventDefault();
    const problem = checkPerson(form, draft.people);
    setFormError(problem);
    if (problem) return;

    const person: PersonInput = { id: form.id.trim() || slugify(form.name), name: form.name.trim(), roles: form.roles };
    if (form.fn) person.function = form.fn;
    if (form.fn === 'vendor') person.sponsorId = form.sponsorId;
    updateDraft({ people: [...draft.people, person] });
    setForm(EMPTY_PERSON);
  };

  const toggleRole = (role: Role, on: boolean): void => {
    setForm({ ...form, roles: on ? [...form.roles, role] : form.roles.filter((r) => r !== role) });
  };

  const next = (): void => {
    if (!draft.name.trim()) return setStepError('Enter a name for the vault.');
    if (!draft.people.some((p) => p.roles.includes('custodian'))) return setStepError('Add at least one custodian.');
    setStepError(null);
    if (draft.policies.length === 0) updateDraft({ policies: [standardPolicy(draft.people)] });
    setSetupStep('policies');
  };

  const sponsors = draft.people.filter((p) => p.function !== 'vendor');

  return (
    <>
      <section className="card" aria-labelledby="vault-heading">
        <h2 id="vault-heading">Vault</h2>
        <TextField label="Vault name" value={draft.name} onChange={(name) => updateDraft({ name })} required />
        <details className="advanced">
          <summary>Advanced: key derivation</summary>
          <p className="hint">Argon2id cost for every kit passphrase. Leave both empty to use the recommended defaults.</p>
          <div className="row">
            <NumberField label="Argon2id memory (KiB)" min={8192} value={draft.kdfMemoryKiB} onChange={(kdfMemoryKiB) => updateDraft({ kdfMemoryKiB })} />
            <NumberField label="Argon2id iterations" min={1} value={draft.kdfIterations} onChange={(kdfIterations) => updateDraft({ kdfIterations })} />
          </div>
        </details>
      </section>

      <section className="card" aria-labelledby="people-heading">
        <h2 id="people-heading">People</h2>
        {draft.people.length === 0 ? (
          <p>No one added yet.</p>
        ) : (
          <table data-testid="people-table">
            <TableHead columns={['Name', 'Id', 'Roles', 'Function', 'Sponsor']} withAction />
            <tbody>
              {draft.people.map((person) => (
                <tr key={person.id}>
                  <th scope="row">{person.name}</th>
                  <td>{person.id}</td>
                  <td>{person.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
                  <td>{person.function ?? '—'}</td>
                  <td>{person.sponsorId ?? '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => updateDraft({ people: draft.people.filter((p) => p.id !== person.id), policies: [] })}
                    >
                      Remove {person.name}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <form onSubmit={addPerson} aria-labelledby="add-person-heading" className="subform">
          <h3 id="add-person-heading">Add a person</h3>
          <div className="row">
            <TextField label="Full name" value={form.name} onChange={(name) => setForm({ ...form, name })} />
            <TextField label="Person id" value={form.id} onChange={(id) => setForm({ ...form, id })} hint={`Lowercase slug; empty uses "${slugify(form.name) || 'from the name'}".`} />
          </div>
          <fieldset>
            <legend>Roles</legend>
            <div className="row">
              {ROLES.map((role) => (
                <CheckboxField key={role} label={ROLE_LABELS[role]} checked={form.roles.includes(role)} onChange={(on) => toggleRole(role, on)} />
              ))}
            </div>
          </fieldset>
          <div className="row">
            <SelectField
              label="Function"
              value={form.fn}
              onChange={(fn) => setForm({ ...form, fn: fn as PersonForm['fn'] })}
              options={[{ value: '', label: 'None' }, ...CUSTODIAN_FUNCTIONS.map((fn) => ({ value: fn, label: fn }))]}
            />
            {form.fn === 'vendor' ? (
              <SelectField
                label="Internal sponsor"
                value={form.sponsorId}
                onChange={(sponsorId) => setForm({ ...form, sponsorId })}
                options={[{ value: '', label: 'Choose a sponsor' }, ...sponsors.map((p) => ({ value: p.id, label: p.name }))]}
              />
            ) : null}
          </div>
          {formError ? (
            <p className="inline-error" role="alert">
              {formError}
            </p>
          ) : null}
          <button type="submit" className="secondary">
            Add person
          </button>
        </form>
      </section>

      {stepError ? (
        <p className="inline-error" role="alert">
          {stepError}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={next}>
          Next: quorum policies
        </button>
      </div>
    </>
  );
}
