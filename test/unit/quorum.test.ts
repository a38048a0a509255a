import { beforeAll, describe, expect, it } from 'vitest';
import { combine } from 'shamir-secret-sharing';
import type { PersonInput, PolicyInput } from '../../shared/api/contract.js';
import { checkShare, combinePolicy, rebuildVaultKey, ShareCollector } from '../../shared/quorum/collect.js';
import { validatePolicies } from '../../shared/quorum/policy.js';
import { commitmentOf, type ShareRecord } from '../../shared/quorum/share.js';
import { splitPolicy } from '../../shared/quorum/split.js';
import { equalBytes, plainBytes } from '../../shared/util/bytes.js';
import { VaultError } from '../../shared/util/errors.js';
import { createVaultMaterial, type VaultMaterial } from '../../shared/vault/create.js';
import { verifyHeaderMac, type VaultHeader } from '../../shared/vault/header.js';
import { crossFunctionPolicy, makePeople, subsets, TEST_KDF, type Fixture } from './helpers/vault-fixture.js';

function expectVaultError(action: () => unknown, code: string, message: RegExp): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(VaultError);
  expect((caught as VaultError).code).toBe(code);
  expect((caught as VaultError).message).toMatch(message);
}

async function expectVaultErrorAsync(action: () => Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const caught = await action().then(() => undefined, (error: unknown) => error);
  expect(caught).toBeInstanceOf(VaultError);
  expect((caught as VaultError).code).toBe(code);
  expect((caught as VaultError).message).toMatch(message);
}

function sharesOf(material: VaultMaterial, policyId: string, custodians: readonly string[]): ShareRecord[] {
  return custodians.flatMap((id) => material.sharesByPerson.get(id)!.filter((record) => record.policyId === policyId));
}

/**
 * What someone holding these shares could compute without the policy check: each group's shares
 * combined as far as the library allows, then the group secrets. Returns null when the library
 * cannot even run (fewer than two inputs).
 */
async function forceCombine(header: VaultHeader, policyId: string, records: ShareRecord[]): Promise<Uint8Array | null> {
  const policy = header.policies.find((p) => p.id === policyId)!;
  const groupSecrets: Uint8Array[] = [];
  for (const [groupIndex, group] of policy.groups.entries()) {
    const shares = records.filter((r) => r.groupIndex === groupIndex).map((r) => plainBytes(r.share));
    if (shares.length === 0) continue;
    if (group.threshold === 1 || shares.length === 1) groupSecrets.push(shares[0]!.slice(0, -1));
    else groupSecrets.push(await combine(shares));
  }
  if (policy.groupThreshold === 1) return groupSecrets[0] ?? null;
  if (groupSecrets.length < 2) return null;
  try {
    return await combine(groupSecrets);
  } catch (error) {
    // A lone share of a 2-of-2 group replaces its group secret here, so its last byte acts
    // as a random x: two such bytes collide about once in 256 pairs and the library refuses them.
    if (error instanceof Error && error.message.includes('duplicate')) return null;
    throw error;
  }
}

describe('policy validation', () => {
  const people: PersonInput[] = [
    { id: 'ida', name: 'Ida', roles: ['custodian'], function: 'identity' },
    { id: 'ivan', name: 'Ivan', roles: ['custodian'], function: 'identity' },
    { id: 'sara', name: 'Sara', roles: ['custodian'], function: 'security' },
    { id: 'cole', name: 'Cole', roles: ['incident-commander'], function: 'security' },
  ];
  const valid: PolicyInput = {
    id: 'standard',
    name: 'Standard',
    groupThreshold: 2,
    groups: [
      { function: 'identity', threshold: 1, members: ['ida', 'ivan'] },
      { function: 'security', threshold: 1, members: ['sara'] },
    ],
  };
  const withGroup = (change: Partial<PolicyInput['groups'][number]>, index = 0): PolicyInput => ({
    ...valid,
    groups: valid.groups.map((group, i) => (i === index ? { ...group, ...change } : group)),
  });

  it('fills defaults for a valid policy', () => {
    const [policy] = validatePolicies(people, [valid]);
    expect(policy).toEqual({ ...valid, resealLimitHours: 24, fastPath: false });
  });

  const cases: Array<[string, PolicyInput[], RegExp]> = [
    ['threshold above member count', [withGroup({ threshold: 3 })], /policy "standard": group "identity" threshold 3 is above its member count 2/],
    ['threshold below 1', [withGroup({ threshold: 0 })], /policy "standard": group "identity" threshold 0 is below 1/],
    ['empty group', [withGroup({ members: [] })], /policy "standard": group "identity" is empty/],
    ['member not a custodian of the function', [withGroup({ members: ['ida', 'sara'] })], /member "sara" is not an enrolled custodian of function identity/],
    ['member with another role only', [withGroup({ members: ['cole'] }, 1)], /member "cole" is not an enrolled custodian of function security/],
    ['group nobody belongs to', [{ ...valid, groups: [...valid.groups, { function: 'vendor', threshold: 1, members: ['ida'] }] }], /group "vendor" has nobody who belongs to it/],
    ['group threshold above group count', [{ ...valid, groupThreshold: 3 }], /group threshold 3 is above the group count 2/],
    ['group threshold below 1', [{ ...valid, groupThreshold: 0 }], /group threshold 0 is below 1/],
    ['duplicate policy id', [valid, valid], /policy "standard": duplicate policy id/],
    ['duplicate function group', [{ ...valid, groups: [valid.groups[0]!, valid.groups[0]!] }], /duplicate function group "identity"/],
    ['no groups', [{ ...valid, groups: [] }], /policy "standard": has no groups/],
    ['no policies', [], /the vault has no quorum policy/],
    ['bad policy id', [{ ...valid, id: 'Bad Id' }], /policy "Bad Id": id must be a lowercase slug/],
    ['member listed twice', [withGroup({ members: ['ida', 'ida'] })], /lists custodian "ida" twice/],
  ];
  it.each(cases)('rejects %s', (_name, policies, message) => {
    expectVaultError(() => validatePolicies(people, policies), 'invalid-policy', message);
  });

  it('rejects more than 255 shares in a group', () => {
    const many: PersonInput[] = Array.from({ length: 256 }, (_, i) => ({ id: `c${i}`, name: `C ${i}`, roles: ['custodian'], function: 'identity' }));
    const policy: PolicyInput = { id: 'big', name: 'Big', groupThreshold: 1, groups: [{ function: 'identity', threshold: 2, members: many.map((p) => p.id) }] };
    expectVaultError(() => validatePolicies(many, [policy]), 'invalid-policy', /group "identity" has 256 members, more than 255 shares/);
  });
});

describe('threshold-1 splits', () => {
  it('gives each member the vault key when G = 1 and m = 1', async () => {
    const vaultKey = new Uint8Array(32).fill(9);
    const [policy] = validatePolicies(
      [{ id: 'ida', name: 'Ida', roles: ['custodian'], function: 'identity' }],
      [{ id: 'solo', name: 'Solo', groupThreshold: 1, groups: [{ function: 'identity', threshold: 1, members: ['ida'] }] }],
    );
    const [record] = await splitPolicy(vaultKey, policy!, { vaultId: 'v', epoch: 1 });
    expect(record!.share.length).toBe(33);
    expect(equalBytes(record!.share.subarray(0, 32), vaultKey)).toBe(true);
    expect(record!.share[32]).toBe(1);
  });
});

describe('cross-function policy, 2 of 3 functions', () => {
  let fixture: Fixture;
  let material: VaultMaterial;
  const custodians = ['ida', 'ivan', 'sara', 'sam', 'rita', 'ravi'];
  const functionOf: Record<string, string> = { ida: 'identity', ivan: 'identity', sara: 'security', sam: 'security', rita: 'ir', ravi: 'ir' };

  beforeAll(async () => {
    fixture = await makePeople();
    material = await createVaultMaterial({
      name: 'Quorum test',
      people: fixture.people,
      policies: [crossFunctionPolicy('one-each', 1), crossFunctionPolicy('two-each', 2)],
      kdf: TEST_KDF,
      devicePublicKey: fixture.devicePublicKey,
    });
  });

  for (const [policyId, inner] of [['one-each', 1], ['two-each', 2]] as const) {
    it(`${policyId}: every sufficient set rebuilds the key and no other set does`, async () => {
      let sufficientCount = 0;
      for (const subset of subsets(custodians)) {
        const perFunction = new Map<string, number>();
        for (const id of subset) perFunction.set(functionOf[id]!, (perFunction.get(functionOf[id]!) ?? 0) + 1);
        const sufficient = [...perFunction.values()].filter((count) => count >= inner).length >= 2;
        const records = sharesOf(material, policyId, subset);
        const rebuilt = await combinePolicy(material.header, policyId, records);
        if (sufficient) {
          sufficientCount++;
          expect(rebuilt, `set ${subset.join(',')}`).not.toBeNull();
          expect(equalBytes(rebuilt!, material.vk), `set ${subset.join(',')}`).toBe(true);
          expect(verifyHeaderMac(rebuilt!, material.header, material.headerMac)).toBe(true);
        } else {
          expect(rebuilt, `set ${subset.join(',')}`).toBeNull();
          const forced = await forceCombine(material.header, policyId, records);
          if (forced) expect(verifyHeaderMac(forced, material.header, material.headerMac), `forced set ${subset.join(',')}`).toBe(false);
        }
      }
      // 64 subsets: 1-of-2 inside leaves 64 - 1 - 3 * 3 = 54 sufficient; 2-of-2 inside leaves 3 * 3 + 1 = 10.
      expect(sufficientCount).toBe(inner === 1 ? 54 : 10);
    });
  }

  it('reports progress per group', () => {
    const collector = new ShareCollector(material.header, 'two-each');
    collector.add(sharesOf(material, 'two-each', ['ida'])[0]!);
    collector.add(sharesOf(material, 'two-each', ['ivan'])[0]!);
    collector.add(sharesOf(material, 'two-each', ['sara'])[0]!);
    const progress = collector.progress();
    expect(progress.satisfied).toBe(false);
    expect(progress.groups.map((g) => [g.function, g.approvedBy, g.satisfied])).toEqual([
      ['identity', ['ida', 'ivan'], true],
      ['security', ['sara'], false],
      ['incident-response', [], false],
    ]);
    expect(progress.missingFunctions).toEqual(['security', 'incident-response']);
  });

  it('rebuildVaultKey checks the header MAC', async () => {
    const collector = new ShareCollector(material.header, 'one-each');
    collector.add(sharesOf(material, 'one-each', ['ida'])[0]!);
    await expectVaultErrorAsync(() => rebuildVaultKey(material.header, material.headerMac, collector), 'quorum-not-met', /policy "one-each" is not satisfied yet: still missing approvals from security, incident-response/);
    collector.add(sharesOf(material, 'one-each', ['sam'])[0]!);
    const key = await rebuildVaultKey(material.header, material.headerMac, collector);
    expect(equalBytes(key, material.vk)).toBe(true);
    const badMac = material.headerMac.slice();
    badMac[0]! ^= 1;
    await expectVaultErrorAsync(() => rebuildVaultKey(material.header, badMac, collector), 'header-mac-failed', /does not authenticate the header of epoch 1/);
  });

  describe('share rejection', () => {
    const share = (id: string, policyId = 'two-each'): ShareRecord => ({ ...sharesOf(material, policyId, [id])[0]! });

    it('rejects x = 0', () => {
      const record = share('ida');
      record.share = record.share.slice();
      record.share[record.share.length - 1] = 0;
      expectVaultError(() => checkShare(material.header, record), 'share-rejected', /share of custodian "ida" rejected: its x coordinate is 0/);
    });

    it('rejects a modified share', () => {
      for (let position = 0; position < 33; position++) {
        const record = share('sara');
        record.share = record.share.slice();
        record.share[position]! ^= 0x01;
        expectVaultError(() => checkShare(material.header, record), 'share-rejected', /share of custodian "sara" rejected: (it does not match its commitment|its x coordinate is 0)/);
      }
    });

    it('rejects a share of another vault', async () => {
      const other = await createVaultMaterial({ name: 'Other', people: fixture.people, policies: [crossFunctionPolicy('two-each', 2)], kdf: TEST_KDF, devicePublicKey: fixture.devicePublicKey });
      const foreign = sharesOf(other, 'two-each', ['ida'])[0]!;
      expectVaultError(() => checkShare(material.header, foreign), 'share-rejected', new RegExp(`share of custodian "ida" rejected: it belongs to vault ${other.header.vaultId}, not to this vault ${material.header.vaultId}`));
      // Same vault id and epoch but another creation: only the commitment catches it.
      expectVaultError(() => checkShare(material.header, { ...foreign, vaultId: material.header.vaultId }), 'share-rejected', /does not match its commitment/);
    });

    it('rejects a share of another epoch', () => {
      expectVaultError(() => checkShare(material.header, { ...share('rita'), epoch: 2 }), 'share-rejected', /share of custodian "rita" rejected: it is from epoch 2 but this vault is at epoch 1/);
    });

    it('rejects a share of another policy', () => {
      const collector = new ShareCollector(material.header, 'two-each');
      expectVaultError(() => collector.add(share('rita', 'one-each')), 'share-rejected', /share of custodian "rita" rejected: it is for policy "one-each" but this ceremony uses policy "two-each"/);
      expectVaultError(() => checkShare(material.header, { ...share('rita'), policyId: 'missing' }), 'share-rejected', /this vault has no policy "missing"/);
      // Relabelled to the other policy: the commitment of that position differs.
      expectVaultError(() => checkShare(material.header, { ...share('rita', 'two-each'), policyId: 'one-each' }), 'share-rejected', /share of custodian "rita" rejected: (it does not match its commitment|its length is wrong)/);
    });

    it('rejects a custodian not in the group', () => {
      expectVaultError(() => checkShare(material.header, { ...share('ida'), custodianId: 'sara' }), 'share-rejected', /share of custodian "sara" rejected: the custodian is not a member of group 1 of policy "two-each"/);
      expectVaultError(() => checkShare(material.header, { ...share('ida'), custodianId: 'cole' }), 'share-rejected', /share of custodian "cole" rejected: the custodian is not a member/);
    });

    it('rejects the same custodian twice', () => {
      const collector = new ShareCollector(material.header, 'two-each');
      collector.add(share('ida'));
      expectVaultError(() => collector.add(share('ida')), 'share-rejected', /share of custodian "ida" rejected: this custodian already presented a share in this ceremony/);
    });

    it('rejects a duplicated x within a group', () => {
      // A header whose commitment for ivan covers a share with ida's x coordinate.
      const idaShare = share('ida');
      const ivanForged: ShareRecord = { ...share('ivan'), share: idaShare.share.slice() };
      ivanForged.share[0]! ^= 0xff;
      const header: VaultHeader = {
        ...material.header,
        commitments: material.header.commitments.map((c) =>
          c.policyId === 'two-each' && c.custodianId === 'ivan' ? { ...c, commitment: commitmentOf(ivanForged) } : c,
        ),
      };
      const collector = new ShareCollector(header, 'two-each');
      collector.add(idaShare);
      expectVaultError(() => collector.add(ivanForged), 'share-rejected', /share of custodian "ivan" rejected: its x coordinate duplicates one already presented in group "identity"/);
    });

    it('rejects a share with the wrong length', () => {
      expectVaultError(() => checkShare(material.header, { ...share('sam'), share: share('sam').share.slice(1) }), 'share-rejected', /share of custodian "sam" rejected: its length is wrong/);
    });

    it('names an unknown policy when collecting', () => {
      expectVaultError(() => new ShareCollector(material.header, 'nope'), 'not-found', /policy "nope" not found in this vault; choose one of: one-each, two-each/);
    });
  });
});

describe('flat 3-of-5 policy', () => {
  it('rebuilds from every set of 3 or more and from no smaller set', async () => {
    const fixture = await makePeople();
    const five = ['f1', 'f2', 'f3', 'f4', 'f5'];
    const people = [
      ...five.map((id, i) => ({ id, name: `Flat ${i}`, roles: ['custodian' as const], function: 'security' as const, publicKey: fixture.people[i]!.publicKey })),
    ];
    const material = await createVaultMaterial({
      name: 'Flat',
      people,
      policies: [{ id: 'flat', name: 'Flat 3 of 5', groupThreshold: 1, groups: [{ function: 'security', threshold: 3, members: five }] }],
      kdf: TEST_KDF,
      devicePublicKey: fixture.devicePublicKey,
    });
    const all = subsets(five);
    expect(all).toHaveLength(32);
    for (const subset of all) {
      const records = sharesOf(material, 'flat', subset);
      const rebuilt = await combinePolicy(material.header, 'flat', records);
      if (subset.length >= 3) {
        expect(rebuilt && equalBytes(rebuilt, material.vk), `set ${subset.join(',')}`).toBe(true);
      } else {
        expect(rebuilt, `set ${subset.join(',')}`).toBeNull();
        if (subset.length === 2) {
          const forced = await combine(records.map((r) => plainBytes(r.share)));
          expect(verifyHeaderMac(forced, material.header, material.headerMac), `forced set ${subset.join(',')}`).toBe(false);
        }
      }
    }
  });
});
