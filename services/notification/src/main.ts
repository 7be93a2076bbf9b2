import { runMain } from '@pulse/service-runtime';
import { notificationService } from './service';

// `main migrate` applies migrations and exits (the Helm hook Job); no argument runs the service.
runMain(notificationService, process.argv, (code) => process.exit(code));
