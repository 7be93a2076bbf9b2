/** Where the Traefik configuration lives in the repository. */
import path from 'node:path';

export const TRAEFIK_DIR = path.resolve(__dirname, '..', 'traefik');
export const STATIC_FILE = path.join(TRAEFIK_DIR, 'traefik.yml');
export const ROUTES_FILE = path.join(TRAEFIK_DIR, 'dynamic', 'routes.yml');
