// esbuild plugins of the Lambda bundles (serverless.yml `custom.esbuild.plugins`; bench/ack-slack.ts uses them too).

/**
 * Modules Bolt requires for transports a Lambda never uses (Socket Mode, Express): empty modules in
 * their place save about 100 ms of the Slack function's cold start.
 */
const UNUSED_SLACK_TRANSPORTS = /^(@slack\/socket-mode|express)$/;

const stubUnusedSlackTransports = {
  name: 'stub-unused-slack-transports',
  setup(build) {
    build.onResolve({ filter: UNUSED_SLACK_TRANSPORTS }, (args) => ({ path: args.path, namespace: 'unused-transport' }));
    build.onLoad({ filter: /.*/, namespace: 'unused-transport' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

module.exports = [stubUnusedSlackTransports];
module.exports.UNUSED_SLACK_TRANSPORTS = UNUSED_SLACK_TRANSPORTS;
