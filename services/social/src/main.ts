import { startService } from '@pulse/service-runtime';
import { socialService } from './service';

startService(socialService, { onExit: (code) => process.exit(code) }).catch(() => process.exit(1));
