export { createSecretBox, type SecretBox, type SecretBoxOptions } from './secret-box';
export { parseKey, parseKeyRing, singleKeyRing, type KeyRing } from './key-ring';
