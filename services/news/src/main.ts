import { startService } from '@pulse/service-runtime';
import { newsService } from './service';

startService(newsService, { onExit: (code) => process.exit(code) }).catch(() => process.exit(1));
