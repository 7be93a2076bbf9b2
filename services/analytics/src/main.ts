import { runMain } from '@pulse/service-runtime';
import { analyticsService } from './service';

// `main migrate` applies migrations and exits (the Helm hook Job); no argument runs the service.
runMain(analyticsService, process.argv, (code) => process.exit(code));
