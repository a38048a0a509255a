// Labelled form controls. Every control gets a <label> tied by id, so screen readers and
// `getByLabel` find it by its visible text; hints are linked with aria-describedby.
import { useId, type ReactNode } from 'react';

interface BaseFieldProps {
  label: string;
  hint?: ReactNode;
  disabled?: boolean;
  required?: boolean;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <span className="hint" id={id}>
      {hint}
    </span>
  );
}

export function TextField(
  props: BaseFieldProps & {
    value: string;
    onChange: (value: string) => void;
    type?: 'text' | 'password' | 'search';
    autoComplete?: string;
    placeholder?: string;
  },
) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        disabled={props.disabled}
        required={props.required}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        placeholder={props.placeholder}
        aria-describedby={props.hint ? hintId : undefined}
      />
      <Hint id={hintId} hint={props.hint} />
    </div>
  );
}

export function NumberField(
  props: BaseFieldProps & { value: string; onChange: (value: string) => void; min?: number; max?: number },
) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field field-narrow">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        value={props.value}
        min={props.min}
        max={props.max}
        onChange={(event) => props.onChange(event.target.value)}
        disabled={props.disabled}
        required={props.required}
        aria-describedby={props.hint ? hintId : undefined}
      />
      <Hint id={hintId} hint={props.hint} />
    </div>
  );
}

export function TextArea(
  props: BaseFieldProps & { value: string; onChange: (value: string) => void; rows?: number; monospace?: boolean },
) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        rows={props.rows ?? 3}
        value={props.value}
        className={props.monospace ? 'mono' : undefined}
        onChange={(event) => props.onChange(event.target.value)}
        disabled={props.disabled}
        required={props.required}
        spellCheck={false}
        aria-describedby={props.hint ? hintId : undefined}
      />
      <Hint id={hintId} hint={props.hint} />
    </div>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function SelectField(
  props: BaseFieldProps & { value: string; onChange: (value: string) => void; options: SelectOption[] },
) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        disabled={props.disabled}
        required={props.required}
        aria-describedby={props.hint ? hintId : undefined}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Hint id={hintId} hint={props.hint} />
    </div>
  );
}

export function CheckboxField(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(event) => props.onChange(event.target.checked)} />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

/** A file picker that hands the chosen File to the caller; `resetKey` clears it by remounting. */
export function FileField(
  props: BaseFieldProps & { onFile: (file: File | null) => void; accept?: string; resetKey?: number },
) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        key={props.resetKey ?? 0}
        id={id}
        type="file"
        accept={props.accept}
        disabled={props.disabled}
        required={props.required}
        aria-describedby={props.hint ? hintId : undefined}
        onChange={(event) => props.onFile(event.target.files?.[0] ?? null)}
      />
      <Hint id={hintId} hint={props.hint} />
    </div>
  );
}
