import type { components } from '@iren/client';

/**
 * The API's answers as the console reads them: the contract's own schemas (contract/openapi.json,
 * through @iren/client), so a change of the contract that breaks a page fails its type check.
 */
type Schemas = components['schemas'];

export type InboxItem = Schemas['InboxItem'];
export type MessageView = Schemas['MessageView'];
/** A signed envelope: one of the per-kind envelopes, its body narrowed by testing `kind`. */
export type Envelope = InboxItem['message'];
export type DeliveryStatus = Schemas['DeliveryStatus'];
export type PlaceName = Schemas['PlaceNameView'];
export type HsName = Schemas['HsNameView'];
export type LocationMatch = Schemas['LocationView'];
export type HsEntry = Schemas['HsEntryView'];
export type SubscriptionFilter = Schemas['SubscriptionFilterDto'];
export type SubscriptionPreview = Schemas['SubscriptionPreviewView'];
export type Recipient = Schemas['RecipientView'];
export type PublishMessage = Schemas['PublishMessageDto'];
export type SessionView = Schemas['SessionView'];
