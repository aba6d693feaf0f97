// esbuild plugins of the Lambda bundles (serverless.yml `custom.esbuild.plugins`; bench/bundle.ts uses them too).

/**
 * Modules Bolt requires for transports a Lambda never uses (Socket Mode, Express): empty modules in
 * their place keep them out of the Slack function's import.
 */
const UNUSED_SLACK_TRANSPORTS = /^(@slack\/socket-mode|express)$/;

const stubUnusedSlackTransports = {
  name: 'stub-unused-slack-transports',
  setup(build) {
    build.onResolve({ filter: UNUSED_SLACK_TRANSPORTS }, (args) => ({
      path: args.path,
      namespace: 'unused-transport',
    }));
    build.onLoad({ filter: /.*/, namespace: 'unused-transport' }, () => ({
      contents: 'module.exports = {};',
      loader: 'js',
    }));
  },
};

/**
 * zod's classic and core APIs re-export every locale (about 260 KB, a sixth of a chat function's bundle)
 * though the league only reports in English: the bundle keeps `en` alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/]/.test(args.importer)) return undefined;
      return { path: require('node:path').join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: require('node:path').dirname(args.path),
      loader: 'js',
    }));
  },
};

module.exports = [stubUnusedSlackTransports, zodEnglishOnly];
