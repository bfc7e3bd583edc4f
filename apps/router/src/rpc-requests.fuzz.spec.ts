import { RPC } from '@iren/contracts';
import { DeadLetterReplay, DeadLetterReplayController } from '@iren/messaging';
import { describeRpcFuzz } from '@iren/messaging/testing';

// The router's one request/reply handler: the gateway asks it to put a dead letter back through its consumer.
describeRpcFuzz({
  app: 'router',
  controllers: [DeadLetterReplayController(RPC.replayRouterDeadLetter)],
  services: [[DeadLetterReplay, ['replay']]],
  requests: [[RPC.replayRouterDeadLetter, { id: '42' }]],
  cases: 1_000,
});
