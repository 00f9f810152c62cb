/** Secrets sealed for storage: the ciphertext and the id of the key that sealed them. */
export interface SealedSecrets {
  ciphertext: string;
  keyId: string;
}

/** What secrets are bound to: a ciphertext opens only for the same connector id and type. */
export interface SecretBinding {
  connectorId: string;
  connectorType: string;
  connectorName: string;
}

/** Encrypts and decrypts connector secrets at rest. */
export const SecretProvider = Symbol.for('relayflow.SecretProvider');
export interface SecretProvider {
  seal(secrets: Record<string, unknown>, binding: SecretBinding): Promise<SealedSecrets>;
  /** @throws RelayflowError `DECRYPTION_FAILED` (code 2) with a plain-words reason */
  open(sealed: SealedSecrets, binding: SecretBinding): Promise<Record<string, unknown>>;
  /** True when `keyId` is the current key (no re-encryption needed). */
  isCurrent(keyId: string): boolean;
  /** @throws RelayflowError `DECRYPTION_FAILED` when any key id is unknown to this provider */
  assertKnownKeys(keyIds: string[]): void;
}
