import { runMain } from '@pulse/service-runtime';
import { llmService } from './service';

// `main migrate` applies migrations and exits (the Helm hook Job); no argument runs the service.
runMain(llmService, process.argv, (code) => process.exit(code));
