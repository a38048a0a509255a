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

/** Props that the labelled wrapper hands to the control it wraps. */
interface ControlProps {
  id: string;
  disabled?: boolean;
  required?: boolean;
  'aria-describedby'?: string;
}

/**
 * Renders a label, one control tied to it by id, and the optional hint linked through
 * aria-describedby. `renderControl` receives the props every control needs.
 */
function LabelledField(props: BaseFieldProps & { className?: string; renderControl: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={props.className ?? 'field'}>
      <label htmlFor={id}>{props.label}</label>
      {props.renderControl({ id, disabled: props.disabled, required: props.required, 'aria-describedby': props.hint ? hintId : undefined })}
      <Hint id={hintId} hint={props.hint} />
    </div>
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
  return (
    <LabelledField
      {...props}
      renderControl={(control) => (
        <input
          {...control}
          type={props.type ?? 'text'}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
          autoComplete={props.autoComplete ?? 'off'}
          spellCheck={false}
          placeholder={props.placeholder}
        />
      )}
    />
  );
}

export function NumberField(
  props: BaseFieldProps & { value: string; onChange: (value: string) => void; min?: number; max?: number },
) {
  return (
    <LabelledField
      {...props}
      className="field field-narrow"
      renderControl={(control) => (
        <input
          {...control}
          type="number"
          inputMode="numeric"
          value={props.value}
          min={props.min}
          max={props.max}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    />
  );
}

export function TextArea(
  props: BaseFieldProps & { value: string; onChange: (value: string) => void; rows?: number; monospace?: boolean },
) {
  return (
    <LabelledField
      {...props}
      renderControl={(control) => (
        <textarea
          {...control}
          rows={props.rows ?? 3}
          value={props.value}
          className={props.monospace ? 'mono' : undefined}
          onChange={(event) => props.onChange(event.target.value)}
          spellCheck={false}
        />
      )}
    />
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function SelectField(
  props: BaseFieldProps & { value: string; onChange: (value: string) => void; options: SelectOption[] },
) {
  return (
    <LabelledField
      {...props}
      renderControl={(control) => (
        <select {...control} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
          {props.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    />
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
  return (
    <LabelledField
      {...props}
      renderControl={(control) => (
        <input
          {...control}
          key={props.resetKey ?? 0}
          type="file"
          accept={props.accept}
          onChange={(event) => props.onFile(event.target.files?.[0] ?? null)}
        />
      )}
    />
  );
}
