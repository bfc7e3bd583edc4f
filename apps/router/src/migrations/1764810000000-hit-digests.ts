import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hits per identifier and pair of nodes instead of per pair of alerts (issue 10), so that many alerts
 * on one identifier cost the nodes that named it, not the square of the alerts.
 *
 * - `identifier_sightings`: per identifier and origin, the latest alert and how many; filled from
 *   the existing `alert_identifiers`, so alerts routed before the upgrade still correlate.
 * - `identifier_hits`: one row per identifier and pair of nodes. Filled from the old `hits`: each
 *   pair of nodes that had a HIT on an identifier gets its hit, with each node's latest alert and
 *   all its alerts on the identifier as its count, taken as told (one notice made, nothing pending),
 *   so nobody is told twice of what the old HITs said. The old per-alert-pair `hits` rows (their
 *   envelopes, already in the inboxes and the ledger) are then dropped.
 * - `hit_notices`: what each hit told its nodes, recorded before publishing.
 * - `alert_identifiers` stays as the record that an alert was counted (a redelivery counts nothing);
 *   its lookup index by identifier is no longer read and goes.
 *
 * `down` restores the old shape with an empty `hits` table: the per-pair HITs cannot be rebuilt.
 */
export class HitDigests1764810000000 implements MigrationInterface {
  name = 'HitDigests1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "router"."identifier_sightings" (
      "identifier_type" text NOT NULL,
      "identifier_value" text NOT NULL,
      "origin" text NOT NULL,
      "latest_alert_id" uuid NOT NULL,
      "latest_created_at" timestamptz NOT NULL,
      "latest_title" text,
      "alert_count" integer NOT NULL CHECK ("alert_count" > 0),
      PRIMARY KEY ("identifier_type", "identifier_value", "origin")
    )`);
    await q.query(`INSERT INTO "router"."identifier_sightings"
      SELECT DISTINCT ON ("identifier_type", "identifier_value", "origin")
             "identifier_type", "identifier_value", "origin", "alert_id", "created_at", "title",
             count(*) OVER (PARTITION BY "identifier_type", "identifier_value", "origin")
        FROM "router"."alert_identifiers"
       ORDER BY "identifier_type", "identifier_value", "origin", "created_at" DESC, "alert_id" DESC`);

    await q.query(`CREATE TABLE "router"."identifier_hits" (
      "identifier_type" text NOT NULL,
      "identifier_value" text NOT NULL,
      "node_a" text NOT NULL,
      "node_b" text NOT NULL,
      "a_alert_id" uuid NOT NULL,
      "a_created_at" timestamptz NOT NULL,
      "a_title" text,
      "a_count" integer NOT NULL CHECK ("a_count" > 0),
      "b_alert_id" uuid NOT NULL,
      "b_created_at" timestamptz NOT NULL,
      "b_title" text,
      "b_count" integer NOT NULL CHECK ("b_count" > 0),
      "notified_seq" integer NOT NULL,
      "notified_count" integer NOT NULL,
      "notified_at" timestamptz NOT NULL,
      PRIMARY KEY ("identifier_type", "identifier_value", "node_a", "node_b"),
      CHECK ("node_a" < "node_b" COLLATE "C")
    )`);
    // The sweeper's question: which hits hold alerts untold, the longest untold first.
    await q.query(`CREATE INDEX "identifier_hits_pending_idx" ON "router"."identifier_hits" ("notified_at")
      WHERE "a_count" + "b_count" > "notified_count"`);
    await q.query(`INSERT INTO "router"."identifier_hits"
      SELECT p."identifier_type", p."identifier_value", p."node_a", p."node_b",
             a."latest_alert_id", a."latest_created_at", a."latest_title", a."alert_count",
             b."latest_alert_id", b."latest_created_at", b."latest_title", b."alert_count",
             1, a."alert_count" + b."alert_count", p."notified_at"
        FROM (SELECT h."identifier_type", h."identifier_value",
                     least(x."origin" COLLATE "C", y."origin" COLLATE "C") AS "node_a",
                     greatest(x."origin" COLLATE "C", y."origin" COLLATE "C") AS "node_b",
                     max(h."recorded_at") AS "notified_at"
                FROM "router"."hits" h
                JOIN "router"."alert_identifiers" x ON x."alert_id" = h."alert_a"
                 AND x."identifier_type" = h."identifier_type" AND x."identifier_value" = h."identifier_value"
                JOIN "router"."alert_identifiers" y ON y."alert_id" = h."alert_b"
                 AND y."identifier_type" = h."identifier_type" AND y."identifier_value" = h."identifier_value"
               WHERE x."origin" <> y."origin"
               GROUP BY 1, 2, 3, 4) p
        JOIN "router"."identifier_sightings" a ON a."identifier_type" = p."identifier_type"
         AND a."identifier_value" = p."identifier_value" AND a."origin" = p."node_a"
        JOIN "router"."identifier_sightings" b ON b."identifier_type" = p."identifier_type"
         AND b."identifier_value" = p."identifier_value" AND b."origin" = p."node_b"`);

    await q.query(`CREATE TABLE "router"."hit_notices" (
      "hit_id" uuid NOT NULL,
      "sequence" integer NOT NULL CHECK ("sequence" > 0),
      "identifier_type" text NOT NULL,
      "identifier_value" text NOT NULL,
      "alerts" jsonb NOT NULL,
      "digest" jsonb,
      "window_days" integer NOT NULL,
      "made_at" timestamptz NOT NULL,
      "triggered_by" uuid,
      "correlation_id" text,
      "published_at" timestamptz,
      PRIMARY KEY ("hit_id", "sequence")
    )`);
    // Small: only what is not out yet, found by the alert that made it (its redelivery) or by age (the sweeper).
    await q.query(`CREATE INDEX "hit_notices_unpublished_trigger_idx" ON "router"."hit_notices" ("triggered_by")
      WHERE "published_at" IS NULL`);
    await q.query(`CREATE INDEX "hit_notices_unpublished_made_at_idx" ON "router"."hit_notices" ("made_at")
      WHERE "published_at" IS NULL`);

    await q.query(`DROP TABLE "router"."hits"`);
    await q.query(`DROP INDEX "router"."alert_identifiers_lookup_idx"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "alert_identifiers_lookup_idx" ON "router"."alert_identifiers" ("identifier_type", "identifier_value", "created_at")`,
    );
    await q.query(`CREATE TABLE "router"."hits" (
      "alert_a" uuid NOT NULL,
      "alert_b" uuid NOT NULL,
      "identifier_type" text NOT NULL,
      "identifier_value" text NOT NULL,
      "node" text NOT NULL,
      "hit_id" uuid NOT NULL UNIQUE,
      "envelope" jsonb NOT NULL,
      "recorded_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("alert_a", "alert_b", "identifier_type", "identifier_value", "node"),
      CHECK ("alert_a" <> "alert_b")
    )`);
    await q.query(`DROP TABLE "router"."hit_notices"`);
    await q.query(`DROP TABLE "router"."identifier_hits"`);
    await q.query(`DROP TABLE "router"."identifier_sightings"`);
  }
}
