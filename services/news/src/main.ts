import { runMain } from '@pulse/service-runtime';
import { newsService } from './service';

// `main migrate` applies migrations and exits (the Helm hook Job); no argument runs the service.
runMain(newsService, process.argv, (code) => process.exit(code));
