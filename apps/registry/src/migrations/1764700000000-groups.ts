import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recipient groups and operations (a group with a window), and their member nodes. The window
 * constraint repeats the DTO's rule so that no path into the table can store a lopsided one.
 */
export class Groups1764700000000 implements MigrationInterface {
  name = 'Groups1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "registry"."groups" (
      "id" text PRIMARY KEY,
      "name" text NOT NULL,
      "kind" text NOT NULL CHECK ("kind" IN ('GROUP', 'OPERATION')),
      "starts_at" timestamptz,
      "ends_at" timestamptz,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "groups_window_check" CHECK (
        ("kind" = 'GROUP' AND "starts_at" IS NULL AND "ends_at" IS NULL)
        OR ("kind" = 'OPERATION' AND "starts_at" IS NOT NULL AND "ends_at" > "starts_at")
      )
    )`);
    await q.query(`CREATE TABLE "registry"."group_members" (
      "group_id" text NOT NULL REFERENCES "registry"."groups" ("id") ON DELETE CASCADE,
      "node_id" text NOT NULL REFERENCES "registry"."nodes" ("id"),
      PRIMARY KEY ("group_id", "node_id")
    )`);
    await q.query(`CREATE INDEX "group_members_node_idx" ON "registry"."group_members" ("node_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry"."group_members"`);
    await q.query(`DROP TABLE "registry"."groups"`);
  }
}
