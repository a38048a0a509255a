// The setup screens use the same estimator and minimum score as the core, which rejects weak
// passphrases for new kits.
export { estimateStrength, MIN_PASSPHRASE_SCORE, SCORE_LABELS, type StrengthEstimate } from '../../../shared/kit/passphrase-strength.js';
