// The uploads module (a version's artifact, uploaded by a vendor member's session or a publishing token): its REST route
// is mounted by src/rest.ts from upload.routes.ts; it exports nothing else.
export {};
