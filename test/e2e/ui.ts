// Small helpers for driving the renderer the way a user does: sign with a kit and passphrase,
// wait for the busy indicator, read notices and the error alert, and save numbered screenshots.
import { expect, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import type { Result } from '../../shared/api/contract.js';

export const SCREENS_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'e2e', 'screens');

/** Saves full-page screenshots as test-results/e2e/screens/NN-name.png, numbered in order. */
export class ScreenRecorder {
  private count = 0;

  constructor(
    private readonly page: Page,
    private readonly prefix = '',
  ) {}

  async shot(name: string): Promise<string> {
    this.count += 1;
    const file = path.join(SCREENS_DIR, `${this.prefix}${String(this.count).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

/** Loads a kit file and types the passphrase into the signer fieldset `group`. */
export async function fillSigner(group: Locator, kitPath: string | null, passphrase: string): Promise<void> {
  if (kitPath) await group.getByLabel('Kit file', { exact: true }).setInputFiles(kitPath);
  if (kitPath) await expect(group.getByText(`Kit loaded: ${path.basename(kitPath)}`)).toBeVisible();
  await group.getByLabel('Passphrase', { exact: true }).fill(passphrase);
}

export function signerGroup(page: Page, legend: string): Locator {
  return page.getByRole('group', { name: legend, exact: true });
}

/** Waits until no call to the core is running. */
export async function waitIdle(page: Page): Promise<void> {
  await expect(page.getByTestId('busy')).toHaveText('');
}

export async function expectNotice(page: Page, text: string | RegExp): Promise<void> {
  await waitIdle(page);
  await expect(page.getByTestId('error-alert')).toHaveText('');
  await expect(page.getByTestId('notice')).toContainText(text);
}

export async function expectError(page: Page, text: string | RegExp): Promise<void> {
  await waitIdle(page);
  await expect(page.getByTestId('error-alert')).toContainText(text);
}

export async function dismissError(page: Page): Promise<void> {
  await page.getByTestId('error-alert').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('error-alert')).toHaveText('');
}

export async function navigateTo(page: Page, item: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: item, exact: true }).click();
}

/** Unwraps a Result from the core in test set-up code, failing with the core's message. */
export function must<T>(result: Result<T>, operation: string): T {
  if (!result.ok) throw new Error(`${operation} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}
