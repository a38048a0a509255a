// Test set-up through the core, for specs whose subject is not the first-run screens: a finished
// vault with every kit written to a file in the harness's temp dir.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PersonInput, PolicyInput } from '../../shared/api/contract.js';
import { TEST_KDF, type VaultHarness } from './harness.js';
import { must } from './ui.js';

/** Creates a finished vault through the core, writes every kit to a file and returns the paths. */
export async function createVaultThroughCore(
  harness: VaultHarness,
  name: string,
  people: PersonInput[],
  policies: PolicyInput[],
  passphraseOf: (personId: string) => string,
): Promise<Record<string, string>> {
  const core = harness.core;
  must(await core.setupBegin({ name, people, policies, kdf: { ...TEST_KDF } }), 'setupBegin');
  const kits: Record<string, string> = {};
  const kitData: Record<string, string> = {};
  for (const person of people) {
    const kit = must(await core.setupEnroll({ personId: person.id, passphrase: passphraseOf(person.id) }), `setupEnroll ${person.id}`);
    const file = path.join(harness.dir, `${person.id}-${kit.fileName}`);
    await writeFile(file, Buffer.from(kit.kit, 'base64'));
    kits[person.id] = file;
    kitData[person.id] = kit.kit;
  }
  for (const person of people) {
    must(await core.setupSign({ personId: person.id, signer: { kit: kitData[person.id] ?? '', passphrase: passphraseOf(person.id) } }), `setupSign ${person.id}`);
  }
  must(await core.setupFinish({}), 'setupFinish');
  return kits;
}
