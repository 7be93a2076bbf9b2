import { randomUUID } from 'node:crypto';
import type { WebhookDisabledNotice } from './live-event';

/** The live notice telling a tenant that one of its webhook subscriptions was disabled. */
export function webhookDisabledNotice(
  disabled: { tenantId: string; subscriptionId: string; url: string; reason: string; consecutiveFailures: number },
  now = new Date(),
): WebhookDisabledNotice {
  return {
    specversion: '1.0',
    id: randomUUID(),
    type: 'webhook.disabled',
    version: 1,
    source: 'pulse/notification',
    time: now.toISOString(),
    tenantId: disabled.tenantId,
    data: {
      subscriptionId: disabled.subscriptionId,
      url: disabled.url,
      reason: disabled.reason,
      consecutiveFailures: disabled.consecutiveFailures,
    },
  };
}
