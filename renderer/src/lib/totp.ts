// Live one-time codes for revealed TOTP seeds (RFC 6238 over RFC 4226 HOTP), computed in the page by
// the `otpauth` package so the seed never goes back to the main process.
import { Secret, TOTP } from 'otpauth';

export const DEFAULT_TOTP_DIGITS = 6;
export const DEFAULT_TOTP_PERIOD_SECONDS = 30;

export interface TotpParameters {
  seed: string;
  digits?: number;
  period?: number;
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
}

export interface TotpCode {
  code: string;
  secondsLeft: number;
}

/** Computes the code valid at `nowMs` and the seconds until the next one; the seed is base32. */
export function totpCodeAt(parameters: TotpParameters, nowMs: number): TotpCode {
  const period = parameters.period ?? DEFAULT_TOTP_PERIOD_SECONDS;
  const totp = new TOTP({
    secret: Secret.fromBase32(parameters.seed.replace(/\s+/g, '').toUpperCase()),
    digits: parameters.digits ?? DEFAULT_TOTP_DIGITS,
    period,
    algorithm: parameters.algorithm ?? 'SHA1',
  });
  const code = totp.generate({ timestamp: nowMs });
  const secondsLeft = period - (Math.floor(nowMs / 1000) % period);
  return { code, secondsLeft };
}
