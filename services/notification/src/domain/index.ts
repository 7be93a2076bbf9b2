export * from './live-event';
export * from './stream-id';
export * from './webhook-signature';
export * from './retry-policy';
export * from './delivery-classification';
export * from './auto-disable';
export * from './digest';
export * from './webhook-subscription';
