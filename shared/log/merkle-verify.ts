// RFC 9162 proof verification (sections 2.1.3.2 and 2.1.4.2) for RFC 6962 trees. Each function
// returns false for any malformed input (wrong hash length, index out of range, unsafe integer)
// instead of throwing, so a verifier can report the failure and go on.
import { equalBytes } from '../util/bytes.js';
import { isPowerOfTwo, nodeHash } from './merkle.js';
import { HASH_BYTES } from './labels.js';

function validHashes(hashes: Uint8Array[]): boolean {
  return hashes.every((hash) => hash.length === HASH_BYTES);
}

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** Checks that `leaf` is the leaf at `index` of the tree of `size` leaves with root `root`. */
export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: Uint8Array[], root: Uint8Array): boolean {
  if (!isSize(index) || !isSize(size) || index >= size) return false;
  if (!validHashes([leaf, root, ...proof])) return false;

  // fn walks up from the leaf and sn from the last leaf; where they meet, the path ends.
  let fn = index;
  let sn = size - 1;
  let hash = leaf;
  for (const sibling of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      hash = nodeHash(sibling, hash);
      // The node is a right child or the last one of its level: skip the levels where it has no sibling.
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      hash = nodeHash(hash, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(hash, root);
}

/** Checks that the tree of `size2` leaves with `root2` extends the tree of `size1` leaves with `root1`. */
export function verifyConsistency(size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: Uint8Array[]): boolean {
  if (!isSize(size1) || !isSize(size2) || size1 > size2) return false;
  if (!validHashes([root1, root2, ...proof])) return false;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  // Every tree extends the empty tree, and the proof of that is empty.
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0) return false;

  // When size1 is a power of two, the old root is itself a node of the new tree and is not sent.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }

  // oldHash rebuilds root1 and newHash rebuilds root2 from the same path.
  let oldHash = path[0]!;
  let newHash = path[0]!;
  for (const node of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      oldHash = nodeHash(node, oldHash);
      newHash = nodeHash(node, newHash);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      newHash = nodeHash(newHash, node);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(oldHash, root1) && equalBytes(newHash, root2);
}
