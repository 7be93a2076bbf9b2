export { deliverWebhook, type AttemptResult, type DeliveryOptions, type WebhookPayload } from './webhook-delivery';
export { deliverWithRetry, type DeliveryReport, type RetryOptions } from './deliver-with-retry';
