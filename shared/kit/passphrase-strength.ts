// Passphrase strength estimate with zxcvbn-ts (v4 API), shared by the setup screens, the CLI and
// the core, which rejects a weak passphrase for any new kit. The dictionaries are large, so the
// estimator is built once, on first use.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { VaultError } from '../util/errors.js';

/** zxcvbn score (0..4) a new kit passphrase must reach. */
export const MIN_PASSPHRASE_SCORE = 3;

export const SCORE_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

export interface StrengthEstimate {
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  warning: string | null;
  suggestions: string[];
}

let factory: ZxcvbnFactory | null = null;

function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return factory;
}

export function estimateStrength(passphrase: string, userInputs: string[] = []): StrengthEstimate {
  const result = estimator().check(passphrase, userInputs);
  return {
    score: result.score,
    label: SCORE_LABELS[result.score],
    warning: result.feedback.warning || null,
    suggestions: result.feedback.suggestions,
  };
}

/** Rejects a new kit passphrase below MIN_PASSPHRASE_SCORE, naming the person, never the passphrase. */
export function requireStrongPassphrase(personId: string, passphrase: string, userInputs: string[] = []): void {
  const estimate = estimateStrength(passphrase, [personId, ...userInputs]);
  if (estimate.score >= MIN_PASSPHRASE_SCORE) return;
  const why = estimate.warning ? ` (${estimate.warning.replace(/\.$/, '')})` : '';
  throw new VaultError('invalid-input', `the new passphrase for "${personId}" is too weak: strength ${estimate.score} of 4, at least ${MIN_PASSPHRASE_SCORE} needed${why}; choose a longer passphrase of several unrelated words`);
}
