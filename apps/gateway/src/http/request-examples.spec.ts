import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  AckDto,
  CreateGroupDto,
  GiveFeedbackDto,
  PublishMessageDto,
  PutSubscriptionDto,
  RegisterNodeDto,
} from '@iren/contracts';
import { REQUEST_EXAMPLES } from './request-examples';

const DTOS: Record<keyof typeof REQUEST_EXAMPLES, new () => object> = {
  registerNode: RegisterNodeDto,
  putSubscription: PutSubscriptionDto,
  publishMessage: PublishMessageDto,
  ack: AckDto,
  giveFeedback: GiveFeedbackDto,
  createGroup: CreateGroupDto,
};

describe('REQUEST_EXAMPLES', () => {
  it.each(Object.keys(DTOS) as (keyof typeof DTOS)[])('%s is a body the API accepts', async (name) => {
    const errors = await validate(plainToInstance(DTOS[name], structuredClone(REQUEST_EXAMPLES[name])), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    expect(errors.map((e) => e.property)).toEqual([]);
  });

  it('would catch an example the API refuses', async () => {
    const broken = structuredClone(REQUEST_EXAMPLES.publishMessage) as unknown as {
      body: { itinerary: { locode: string }[] };
    };
    broken.body.itinerary[0].locode = 'AZ-BAK';
    const errors = await validate(plainToInstance(PublishMessageDto, broken), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    expect(errors.map((e) => e.property)).toEqual(['body']);
  });
});
