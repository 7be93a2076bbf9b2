import { startService } from '@pulse/service-runtime';
import { llmService } from './service';

startService(llmService, { onExit: (code) => process.exit(code) }).catch(() => process.exit(1));
