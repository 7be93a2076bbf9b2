export { WebhookSubscriptionEntity } from './webhook-subscription.entity';
export { WebhookDeliveryEntity, DELIVERY_STATUSES, type DeliveryStatus } from './webhook-delivery.entity';
export { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
export { CreateWebhooks1795400000000 } from './migrations/1795400000000-create-webhooks.migration';
export { AddWebhookDigests1795500000000 } from './migrations/1795500000000-add-webhook-digests.migration';
export { SubscriptionRepository, type NewSubscription } from './subscription.repository';
export { DeliveryRepository, type DeliveryRecord, type AttemptRecord, type ClaimedDelivery } from './delivery.repository';
export { DeliveryOutcomeRepository, type DisabledSubscription } from './delivery-outcome.repository';
export { SecretCipher } from './webhook-secrets';
export { DigestRepository, type DigestBuildResult } from './digest.repository';

import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { CreateWebhooks1795400000000 } from './migrations/1795400000000-create-webhooks.migration';
import { AddWebhookDigests1795500000000 } from './migrations/1795500000000-add-webhook-digests.migration';

export const notificationEntities = [WebhookSubscriptionEntity, WebhookDeliveryEntity, WebhookDeliveryAttemptEntity];
export const notificationMigrations = [CreateWebhooks1795400000000, AddWebhookDigests1795500000000];
