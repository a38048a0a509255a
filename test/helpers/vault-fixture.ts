// Builds a real vault through the core service (real libsodium, real SQLite file in a temp dir)
// with 3 functions × 2 custodians, an incident commander, an auditor and a vendor custodian
// sponsored by the identity lead. Kits use small Argon2id parameters so tests stay fast.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersonInput, PolicyInput, Result, SignerInput } from '../../shared/api/contract.js';
import { openCoreService, type CoreService } from '../../shared/service/index.js';

export const TEST_KDF = { memoryKiB: 8192, iterations: 1 };

export const PEOPLE: PersonInput[] = [
  { id: 'iris', name: 'Iris Identity', roles: ['custodian'], function: 'identity' },
  { id: 'ivan', name: 'Ivan Identity', roles: ['custodian'], function: 'identity' },
  { id: 'sara', name: 'Sara Security', roles: ['custodian'], function: 'security' },
  { id: 'sam', name: 'Sam Security', roles: ['custodian'], function: 'security' },
  { id: 'rita', name: 'Rita Response', roles: ['custodian'], function: 'incident-response' },
  { id: 'rob', name: 'Rob Response', roles: ['custodian'], function: 'incident-response' },
  { id: 'cora', name: 'Cora Commander', roles: ['incident-commander'] },
  { id: 'aldo', name: 'Aldo Auditor', roles: ['auditor'] },
];

export const STANDARD_POLICY: PolicyInput = {
  id: 'standard',
  name: 'Two functions must agree',
  groupThreshold: 2,
  groups: [
    { function: 'identity', threshold: 1, members: ['iris', 'ivan'] },
    { function: 'security', threshold: 1, members: ['sara', 'sam'] },
    { function: 'incident-response', threshold: 1, members: ['rita', 'rob'] },
  ],
  resealLimitHours: 24,
};

export function passphraseOf(personId: string): string {
  return `correct horse battery staple for ${personId}`;
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function expectError<T>(result: Result<T>): { code: string; message: string } {
  if (result.ok) throw new Error('expected an error result, got ok');
  return result.error;
}

export interface TestVault {
  dir: string;
  vaultPath: string;
  service: CoreService;
  kits: Map<string, string>;
  clock: { now: Date };
  signer(personId: string): SignerInput;
  cleanup(): void;
}

export async function createTestVault(options: { people?: PersonInput[]; policies?: PolicyInput[]; sessionKeys?: 'memory' | 'file' } = {}): Promise<TestVault> {
  const dir = mkdtempSync(join(tmpdir(), 'breakglass-test-'));
  const vaultPath = join(dir, 'vault.bgvault');
  const clock = { now: new Date('2026-12-04T10:00:00.000Z') };
  const service = await openCoreService({ vaultPath, now: () => new Date(clock.now), sessionKeys: options.sessionKeys ?? 'memory' });
  const people = options.people ?? PEOPLE;
  unwrap(await service.setupBegin({ name: 'Test vault', people, policies: options.policies ?? [STANDARD_POLICY], kdf: TEST_KDF }));
  const kits = new Map<string, string>();
  for (const person of people) {
    kits.set(person.id, unwrap(await service.setupEnroll({ personId: person.id, passphrase: passphraseOf(person.id) })).kit);
  }
  for (const person of people.filter((p) => p.roles.includes('custodian'))) {
    unwrap(await service.setupSign({ personId: person.id, signer: { kit: kits.get(person.id)!, passphrase: passphraseOf(person.id) } }));
  }
  unwrap(await service.setupFinish({}));
  return {
    dir,
    vaultPath,
    service,
    kits,
    clock,
    signer: (personId) => ({ kit: kits.get(personId)!, passphrase: passphraseOf(personId) }),
    cleanup: () => {
      service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Moves the injected clock forward. */
export function advance(vault: TestVault, minutes: number): void {
  vault.clock.now = new Date(vault.clock.now.getTime() + minutes * 60_000);
}
