import { startService } from '@pulse/service-runtime';
import { notificationService } from './service';

startService(notificationService, { onExit: (code) => process.exit(code) }).catch(() => process.exit(1));
