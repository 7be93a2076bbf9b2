/**
 * Every service's `build` script (its package.json): the esbuild bundle the Docker image runs as
 * `node dist/main.js`. gateway's deploy-image test holds the services to it; harnesses that run a
 * service the way it ships (the fault suite, the news and social benches) bundle with its flags.
 */
export const SERVICE_BUILD_SCRIPT = 'esbuild src/main.ts --bundle --platform=node --target=node20 --outfile=dist/main.js --sourcemap --external:pg-native';

/** esbuild's command-line arguments of SERVICE_BUILD_SCRIPT with another entry point and output file. */
export function serviceBundleArgs(entry: string, outfile: string): string[] {
  return SERVICE_BUILD_SCRIPT.split(' ').slice(1).map((arg) => (arg === 'src/main.ts' ? entry : arg === '--outfile=dist/main.js' ? `--outfile=${outfile}` : arg));
}
