import { SERVICE_BUILD_SCRIPT, serviceBundleArgs } from '../src';

describe('serviceBundleArgs', () => {
  it('is the build script\'s esbuild arguments with the entry and output file replaced, nothing else', () => {
    expect(serviceBundleArgs('/tmp/child.ts', '/tmp/out/child.js')).toEqual([
      '/tmp/child.ts', '--bundle', '--platform=node', '--target=node20', '--outfile=/tmp/out/child.js', '--sourcemap', '--external:pg-native',
    ]);
    expect(['esbuild', ...serviceBundleArgs('src/main.ts', 'dist/main.js')].join(' ')).toBe(SERVICE_BUILD_SCRIPT);
  });
});
