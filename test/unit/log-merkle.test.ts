// RFC 6962 / RFC 9162 Merkle tree: the transparency-dev proof vectors (every file, both outcomes),
// and generated proofs checked against a direct implementation of the RFC's recursive definitions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_TREE_ROOT, MerkleFrontier, MerkleTree, leafHash, nodeHash } from '../../shared/log/merkle.js';
import { verifyConsistency, verifyInclusion } from '../../shared/log/merkle-verify.js';
import { toBase64 } from '../../shared/util/bytes.js';

// The vectors are copied into test/fixtures (with their licence) so the test runs from any clone.
const VECTORS = join(process.cwd(), 'test', 'fixtures', 'rfc6962-merkle');

// Vector hashes are base64; an empty or damaged string must still reach the verifier as bytes.
function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function vectorFiles(kind: 'inclusion' | 'consistency'): Array<[string, string]> {
  const root = join(VECTORS, kind);
  return readdirSync(root).flatMap((group) => readdirSync(join(root, group)).map((file): [string, string] => [`${group}/${file}`, join(root, group, file)]));
}

interface InclusionVector { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; desc: string; wantErr: boolean }
interface ConsistencyVector { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; desc: string; wantErr: boolean }

describe('inclusion vectors', () => {
  const files = vectorFiles('inclusion');
  it('finds the vector files', () => {
    expect(files.length).toBeGreaterThan(60);
  });
  it.each(files)('%s', (_name, path) => {
    const vector = JSON.parse(readFileSync(path, 'utf8')) as InclusionVector;
    const ok = verifyInclusion(vector.leafIdx, vector.treeSize, bytes(vector.leafHash), (vector.proof ?? []).map(bytes), bytes(vector.root));
    expect(ok).toBe(!vector.wantErr);
  });
});

describe('consistency vectors', () => {
  const files = vectorFiles('consistency');
  it('finds the vector files', () => {
    expect(files.length).toBeGreaterThan(60);
  });
  it.each(files)('%s', (_name, path) => {
    const vector = JSON.parse(readFileSync(path, 'utf8')) as ConsistencyVector;
    const ok = verifyConsistency(vector.size1, vector.size2, bytes(vector.root1), bytes(vector.root2), (vector.proof ?? []).map(bytes));
    expect(ok).toBe(!vector.wantErr);
  });
});

// Direct transcription of MTH, PATH and PROOF from RFC 9162 section 2.1, using plain SHA-256 so
// the expected values do not depend on the code under test.
function sha(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}
function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}
function mth(leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return sha(new Uint8Array([0]), leaves[0]!);
  const split = k(leaves.length);
  return sha(new Uint8Array([1]), mth(leaves.slice(0, split)), mth(leaves.slice(split)));
}
function path(m: number, leaves: Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const split = k(leaves.length);
  return m < split ? [...path(m, leaves.slice(0, split)), mth(leaves.slice(split))] : [...path(m - split, leaves.slice(split)), mth(leaves.slice(0, split))];
}
function subproof(m: number, leaves: Uint8Array[], whole: boolean): Uint8Array[] {
  if (m === leaves.length) return whole ? [] : [mth(leaves)];
  const split = k(leaves.length);
  return m <= split
    ? [...subproof(m, leaves.slice(0, split), whole), mth(leaves.slice(split))]
    : [...subproof(m - split, leaves.slice(split), false), mth(leaves.slice(0, split))];
}

describe('Merkle tree against the RFC definitions', () => {
  const data = Array.from({ length: 33 }, (_, i) => new Uint8Array([i, i * 7 % 256, 0xaa]));
  const leaves = data.map(leafHash);
  const tree = new MerkleTree(leaves);

  it('hashes leaves and nodes with the RFC 6962 prefixes', () => {
    expect(toBase64(leafHash(data[0]!))).toBe(toBase64(sha(new Uint8Array([0]), data[0]!)));
    expect(toBase64(nodeHash(leaves[0]!, leaves[1]!))).toBe(toBase64(sha(new Uint8Array([1]), leaves[0]!, leaves[1]!)));
    expect(toBase64(EMPTY_TREE_ROOT)).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  });

  it('computes every root like MTH, by tree and by frontier', () => {
    const frontier = MerkleFrontier.empty();
    for (let n = 0; n <= data.length; n++) {
      const expected = toBase64(mth(data.slice(0, n)));
      expect(toBase64(tree.root(n)), `tree root of size ${n}`).toBe(expected);
      expect(toBase64(frontier.root()), `frontier root of size ${n}`).toBe(expected);
      const restored = MerkleFrontier.deserialize(frontier.size, frontier.serialize());
      expect(toBase64(restored.root()), `restored frontier of size ${n}`).toBe(expected);
      if (n < data.length) frontier.append(leaves[n]!);
    }
  });

  it('generates inclusion proofs like PATH that verify', () => {
    for (let n = 1; n <= data.length; n++) {
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m, n);
        expect(proof.map(toBase64), `PATH(${m}, ${n})`).toEqual(path(m, data.slice(0, n)).map(toBase64));
        expect(verifyInclusion(m, n, leaves[m]!, proof, tree.root(n)), `inclusion ${m} in ${n}`).toBe(true);
        expect(verifyInclusion(m, n, leaves[(m + 1) % n]!, proof, tree.root(n)) && n > 1, `wrong leaf ${m} in ${n}`).toBe(false);
      }
    }
  });

  it('generates consistency proofs like PROOF that verify', () => {
    for (let n = 1; n <= data.length; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = tree.consistencyProof(m, n);
        const expected = m === n ? [] : subproof(m, data.slice(0, n), true);
        expect(proof.map(toBase64), `PROOF(${m}, ${n})`).toEqual(expected.map(toBase64));
        expect(verifyConsistency(m, n, tree.root(m), tree.root(n), proof), `consistency ${m} to ${n}`).toBe(true);
        if (m < n) expect(verifyConsistency(m, n, tree.root(m - 1), tree.root(n), proof), `wrong old root ${m} to ${n}`).toBe(false);
      }
    }
  });

  it('rejects proofs for sizes outside the tree', () => {
    expect(() => tree.inclusionProof(33, 33)).toThrow(RangeError);
    expect(() => tree.consistencyProof(5, 34)).toThrow(RangeError);
    expect(verifyInclusion(2 ** 60, 2 ** 61, leaves[0]!, [], tree.root())).toBe(false);
  });

  it('rejects a stored frontier of the wrong length', () => {
    expect(() => MerkleFrontier.deserialize(3, new Uint8Array(32))).toThrow(/expected 64/);
  });
});
