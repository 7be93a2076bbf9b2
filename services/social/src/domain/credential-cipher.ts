/**
 * Channel credentials at rest are sealed by the shared @pulse/secret-box (AES-256-GCM, key ring
 * from CREDENTIALS_ENCRYPTION_KEYS, channel id as associated data). These are social's names for it.
 */
export { createSecretBox as createCredentialCipher, parseKeyRing, type KeyRing, type SecretBox as CredentialCipher } from '@pulse/secret-box';
