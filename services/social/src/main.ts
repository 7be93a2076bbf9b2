import { runMain } from '@pulse/service-runtime';
import { socialService } from './service';

// `main migrate` applies migrations and exits (the Helm hook Job); no argument runs the service.
runMain(socialService, process.argv, (code) => process.exit(code));
