import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export interface NewSubscription {
  tenantId: string;
  url: string;
  events: string[];
  niches: string[];
  secretSealed: string;
  /** Digest window in seconds; null delivers each event on its own. */
  digestWindowSeconds: number | null;
}

/** Subscriptions of one tenant; every method takes the tenant, so no query can cross tenants. */
export class SubscriptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(WebhookSubscriptionEntity);
  }

  async create(input: NewSubscription): Promise<WebhookSubscriptionEntity> {
    const now = new Date();
    const row = this.repo.create({
      ...input,
      id: randomUUID(),
      enabled: true,
      consecutiveFailures: 0,
      disabledReason: null,
      disabledAt: null,
      createdAt: now,
      updatedAt: now,
    });
    return this.repo.save(row);
  }

  list(tenantId: string): Promise<WebhookSubscriptionEntity[]> {
    return this.repo.find({ where: { tenantId }, order: { createdAt: 'DESC' } });
  }

  async get(tenantId: string, id: string): Promise<WebhookSubscriptionEntity | undefined> {
    return (await this.repo.findOne({ where: { tenantId, id } })) ?? undefined;
  }

  /** Deletes the subscription with its deliveries and their log; false when the tenant has no such subscription. */
  async delete(tenantId: string, id: string): Promise<boolean> {
    const result = await this.repo.delete({ tenantId, id });
    return (result.affected ?? 0) > 0;
  }
}
