import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, type InfraEnv } from '@pulse/testing';

const run = promisify(execFile);

export type InfraPiece = 'kafka' | 'postgres' | 'redis';

/** Ports and data directory of the suite's own servers: never the shared ones other tests use. */
export interface FaultInfraSettings {
  kafkaPort: number;
  kafkaControllerPort: number;
  pgPort: number;
  redisPort: number;
  /** Relative to the repository (scripts/infra.sh resolves it). */
  dataDir: string;
}

export const DEFAULT_FAULT_INFRA: FaultInfraSettings = {
  kafkaPort: Number(process.env.PULSE_FAULTS_KAFKA_PORT ?? 29092),
  kafkaControllerPort: Number(process.env.PULSE_FAULTS_KAFKA_CONTROLLER_PORT ?? 29093),
  pgPort: Number(process.env.PULSE_FAULTS_PG_PORT ?? 25432),
  redisPort: Number(process.env.PULSE_FAULTS_REDIS_PORT ?? 26379),
  dataDir: process.env.PULSE_FAULTS_DATA_DIR ?? '.data/faults',
};

/**
 * A second Kafka/PostgreSQL/Redis, run by scripts/infra.sh on other ports and another data
 * directory, so the faults can stop and restart servers while everyone else's tests keep theirs.
 * The shell script is run asynchronously: the test process keeps heartbeating its Kafka consumer.
 */
export class FaultInfra {
  readonly root = repoRoot();

  constructor(readonly settings: FaultInfraSettings = DEFAULT_FAULT_INFRA) {}

  get env(): InfraEnv {
    const { kafkaPort, pgPort, redisPort } = this.settings;
    return {
      kafkaBrokers: [`127.0.0.1:${kafkaPort}`],
      databaseUrl: `postgres://pulse:pulse@127.0.0.1:${pgPort}/pulse`,
      redisUrl: `redis://127.0.0.1:${redisPort}`,
    };
  }

  /** Where the servers' and the services' logs go. */
  get logsDir(): string {
    return path.join(this.root, this.settings.dataDir, 'logs');
  }

  /** A fresh start: whatever a previous run left is stopped and its data removed, then all three start. */
  async up(): Promise<void> {
    await this.script('reset');
    const taken = await Promise.all(this.ports().map(async (port) => ((await portOpen(port)) ? port : undefined)));
    const busy = taken.filter((port) => port !== undefined);
    if (busy.length > 0) {
      throw new Error(`ports ${busy.join(', ')} are in use by something else (another fault run?); set PULSE_FAULTS_*_PORT`);
    }
    await this.script('up');
  }

  async down(): Promise<void> {
    await this.script('down');
  }

  async stop(piece: InfraPiece): Promise<void> {
    await this.script('stop', piece);
  }

  async start(piece: InfraPiece): Promise<void> {
    await this.script('start', piece);
  }

  private ports(): number[] {
    const { kafkaPort, kafkaControllerPort, pgPort, redisPort } = this.settings;
    return [kafkaPort, kafkaControllerPort, pgPort, redisPort];
  }

  private async script(...args: string[]): Promise<void> {
    const { kafkaPort, kafkaControllerPort, pgPort, redisPort, dataDir } = this.settings;
    // Without these, infra.sh would take the shared servers "as given" instead of running its own.
    const { KAFKA_BROKERS: _k, DATABASE_URL: _d, REDIS_URL: _r, ...inherited } = process.env;
    try {
      await run('bash', [path.join(this.root, 'scripts', 'infra.sh'), ...args], {
        env: {
          ...inherited,
          PULSE_KAFKA_PORT: String(kafkaPort),
          PULSE_KAFKA_CONTROLLER_PORT: String(kafkaControllerPort),
          PULSE_PG_PORT: String(pgPort),
          PULSE_REDIS_PORT: String(redisPort),
          PULSE_DATA_DIR: dataDir,
          // A restarted broker reloads its logs; on a busy 2-core machine that took two minutes.
          PULSE_KAFKA_START_TIMEOUT: '300',
        },
        timeout: 300_000,
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`scripts/infra.sh ${args.join(' ')} failed: ${stderr.trim() || String(error)}`);
    }
  }
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** A free loopback port (the kernel's pick), for a service that must keep its port across restarts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
