import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Application } from 'express';

const appOfServer = new WeakMap<Server, Application>();

/** Starts listening (host defaults to all interfaces, as in a pod); resolves once bound. */
export function listen(app: Application, port: number, host = '0.0.0.0'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) return reject(error);
      // Longer than the proxy's idle timeout, so the proxy (not us) closes idle keep-alive
      // connections and never sends a request into a socket we are closing.
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      appOfServer.set(server, app);
      resolve(server);
    });
  });
}

/** The express app a server from `listen` serves. */
export function appOf(server: Server): Application | undefined {
  return appOfServer.get(server);
}

/** The bound port of a listening server. */
export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/**
 * Stops accepting connections, lets in-flight requests finish, and closes idle keep-alive
 * connections at once; whatever is still open after `graceMs` is cut.
 */
export function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
