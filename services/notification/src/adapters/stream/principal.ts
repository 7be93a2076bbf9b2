/** Who holds a live connection; the same shape as @pulse/auth's Principal. */
export interface Principal {
  sub: string;
  tenantId: string;
  scopes: string[];
}

/** Verifies a bearer token (JWT); rejects when it is invalid. Injected so this adapter stays free of key handling. */
export type Authenticate = (token: string) => Promise<Principal>;
