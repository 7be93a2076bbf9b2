import { startService } from '@pulse/service-runtime';
import { analyticsService } from './service';

startService(analyticsService, { onExit: (code) => process.exit(code) }).catch(() => process.exit(1));
