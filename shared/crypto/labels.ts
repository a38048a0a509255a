// Domain-separation labels (prefix of every signed, MACed or hashed message, see `labelled` in
// canonical.ts) and libsodium crypto_kdf contexts. IMPORTANT: these strings are part of format
// version 1 and must never change within it; a new use gets a new label.

/** Every custodian signs the genesis header with this label. */
export const LABEL_GENESIS = 'breakglass/v1/genesis';
/** Header MAC input: label, 0x00, canonical header bytes. */
export const LABEL_HEADER_MAC = 'breakglass/v1/header-mac';
/** Header hash (previousHeaderHash of the next epoch, rekey log entries). */
export const LABEL_HEADER_HASH = 'breakglass/v1/header';
/** Share commitment stored in the header. */
export const LABEL_SHARE_COMMITMENT = 'breakglass/v1/share-commitment';
/** Associated data of the vault secret key, encrypted under a VK-derived key. */
export const LABEL_VAULT_SECRET_KEY = 'breakglass/v1/vault-secret-key';
/** Associated data of a sealed credential secret. */
export const LABEL_CREDENTIAL_SECRET = 'breakglass/v1/credential-secret';
/** Hash of a sealed credential secret (sealedHash in deposit entries). */
export const LABEL_SEALED_HASH = 'breakglass/v1/sealed-secret';
/** Depositor's signature over a deposit or rotation. */
export const LABEL_DEPOSIT = 'breakglass/v1/deposit';
/** Kit file checksum (detects damage and edits before the passphrase is tried). */
export const LABEL_KIT_CHECKSUM = 'breakglass/v1/kit-checksum';

/** libsodium crypto_kdf contexts (exactly 8 bytes each) for keys derived from the vault key. */
export const KDF_CONTEXT_HEADER_MAC = 'bghdrmac';
export const KDF_CONTEXT_VAULT_SECRET_KEY = 'bgvltkey';
/** crypto_kdf subkey id used with each context above. */
export const KDF_SUBKEY_ID = 1;
