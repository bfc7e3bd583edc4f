import { Injectable } from '@nestjs/common';
import type { RiskProfileBody, ScreenShipmentDto } from '@iren/contracts';
import { DeliveriesRepository } from '../inbox/deliveries.repository';
import { inForce, type ProfileHit, screenShipment } from './risk-profile-screen';

export interface ScreeningResult {
  screenedAt: string;
  /** How many risk profiles in force the node holds (each profile counted once, in its latest version). */
  profilesInForce: number;
  matches: ProfileHit[];
}

/** `POST /screen`: a shipment against the risk profiles the officer's node has received. */
@Injectable()
export class ScreeningService {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  /**
   * Reads the node's risk profiles (each delivery holds the profile's current version; withdrawn
   * ones are left out) and answers those in force now that fit the shipment, with the reasons.
   */
  async screen(node: string, shipment: ScreenShipmentDto): Promise<ScreeningResult> {
    const now = new Date();
    const received = (await this.deliveries.notWithdrawnOfKind(node, 'RISK_PROFILE')).map((d) => ({
      messageId: d.messageId,
      origin: d.origin,
      body: d.envelope.body as unknown as RiskProfileBody,
    }));
    const profiles = inForce(received, now);
    return {
      screenedAt: now.toISOString(),
      profilesInForce: profiles.length,
      matches: screenShipment(shipment, profiles, now),
    };
  }
}
