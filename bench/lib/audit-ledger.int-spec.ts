import { AuditLedger } from './audit-ledger';

// The ledger benchmark's wiring of the audit's append, tree, signer and proofs, on the real
// PostgreSQL and NATS: a provider the audit gained and this wiring lacked stopped that benchmark
// at start, unseen, in two runs of the suite.
describe(AuditLedger.name, () => {
  let ledger: AuditLedger;

  beforeAll(async () => {
    ledger = await AuditLedger.start();
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('appends entries as the audit does, and proves one of them', async () => {
    await ledger.append.executeBatch(ledger.drafts(5));
    expect((await ledger.counts()).entries).toBe(5);
    const tree = await ledger.freshTree().sync();
    expect(tree.size).toBe(5);
    const proof = await ledger.proofs.inclusion(2, 5);
    expect(proof).toMatchObject({ leafIndex: 2, treeSize: 5 });
    expect(proof.hashes).toHaveLength(3);
  });
});
