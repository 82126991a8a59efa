/**
 * Ids and values of the demo data (prisma/src/seed-data.ts) that every test database starts with. Use them to read
 * the demo data or as reference rows no test changes (the software, its cores); for rows a test counts, orders or
 * changes, make its own with `./factories` (docs/CONVENTIONS.md, "Tests").
 */
export const SEED = {
  acme: 101,
  techstart: 102,
  cores: { origin101: 1, origin195: 2, horizon200: 3 },
  modules: { crm: 1, erp: 2, analytics: 3 },
  versions: { crm100: 1, crm110: 2, erp100: 3, analytics200: 4, analytics210: 5, analytics201: 6 },
  licenses: { acmeCrm: 1, techstartErp: 2, techstartCrm: 3 },
  instances: { acmeProd: 1, acmeStaging: 2, techstartMain: 3 },
  /** sha256 of the demo releases' artifacts, built at seed time (demo-install.test.ts proves they match). */
  hashes: {
    crm100: '01e80fecd73dc9efe7bdd29cd6af0d91ec7964f464653a78c841ad4b7ab7eac9',
    crm110: 'd15ceb29f5d5d58fb142ba06ec86ea5a84ffadb20deddb6da8be22044b55ed97',
    erp100: 'd386d0443220cab73bdd0f491e2368e0e4f1fb1605f20447d6e1e8a1622e82ba',
    analytics200: '370da56eb900afedc5bc2f7b9436d7bce50fe33377e859e692d0aaa1d4f0bde4',
    analytics210: '454a353eb82bcf4f1d2d48b4d240764b87ab687e258c500c2b2685cabaa0c929',
    analytics201: '930478f97101a350b589c231459cb700ece159556a81d679f23dbc6e9baa240d',
  },
  /** What the demo releases ask for (consented to at activation by an org admin). */
  permissions: {
    crm: ['contacts.read', 'contacts.write'],
    erp100: ['contacts.read', 'inventory.manage', 'invoices.manage'],
    analytics200: ['contacts.read', 'reports.read'],
    analytics201: ['contacts.read', 'reports.read', 'http.outbound'],
  },
  /** The seed's 32-hex hashes, kept as history (imported_hash, and what seed instances reported). */
  importedHashes: {
    crm100: 'd1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a1',
    crm110: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d1',
    erp100: 'e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b2',
  },
} as const;
