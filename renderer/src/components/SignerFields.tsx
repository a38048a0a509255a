// Kit file + passphrase: how a person signs an act. The kit is read into base64 in the page and
// sent with the passphrase in one call; the passphrase is cleared after every successful act.
import { useCallback, useMemo, useState } from 'react';
import type { SignerInput } from '../../../shared/api/contract.js';
import { fileToBase64 } from '../lib/base64.js';
import { FileField, TextField } from './fields.js';

export interface SignerDraft {
  kitName: string | null;
  kit: string | null;
  passphrase: string;
  /** Bumped to clear the file input. */
  resetKey: number;
}

const EMPTY_SIGNER: SignerDraft = { kitName: null, kit: null, passphrase: '', resetKey: 0 };

export interface SignerState {
  draft: SignerDraft;
  setDraft: (draft: SignerDraft) => void;
  /** The signer input, or null while the kit or the passphrase is missing. */
  signer: SignerInput | null;
  /** Forgets the passphrase and the kit, after an act succeeded. */
  reset: () => void;
  /** Forgets the passphrase only, for a person who signs several acts with the same kit. */
  clearPassphrase: () => void;
}

export function useSigner(): SignerState {
  const [draft, setDraft] = useState<SignerDraft>(EMPTY_SIGNER);
  const signer = useMemo<SignerInput | null>(
    () => (draft.kit && draft.passphrase ? { kit: draft.kit, passphrase: draft.passphrase } : null),
    [draft.kit, draft.passphrase],
  );
  const reset = useCallback(() => setDraft((current) => ({ ...EMPTY_SIGNER, resetKey: current.resetKey + 1 })), []);
  const clearPassphrase = useCallback(() => setDraft((current) => ({ ...current, passphrase: '' })), []);
  return { draft, setDraft, signer, reset, clearPassphrase };
}

export function SignerFields(props: { legend: string; state: SignerState; hint?: string; disabled?: boolean }) {
  const { draft, setDraft } = props.state;
  const [readError, setReadError] = useState<string | null>(null);

  const onFile = async (file: File | null): Promise<void> => {
    setReadError(null);
    if (!file) {
      setDraft({ ...draft, kit: null, kitName: null });
      return;
    }
    try {
      const kit = await fileToBase64(file);
      setDraft({ ...draft, kit, kitName: file.name });
    } catch {
      setReadError(`Could not read the file ${file.name}. Choose the kit file again.`);
    }
  };

  return (
    <fieldset className="signer">
      <legend>{props.legend}</legend>
      {props.hint ? <p className="hint">{props.hint}</p> : null}
      <FileField label="Kit file" onFile={(file) => void onFile(file)} resetKey={draft.resetKey} disabled={props.disabled} />
      {draft.kitName ? <p className="kit-loaded">Kit loaded: {draft.kitName}</p> : null}
      {readError ? <p className="inline-error" role="alert">{readError}</p> : null}
      <TextField
        label="Passphrase"
        type="password"
        autoComplete="off"
        value={draft.passphrase}
        onChange={(passphrase) => setDraft({ ...draft, passphrase })}
        disabled={props.disabled}
      />
    </fieldset>
  );
}
