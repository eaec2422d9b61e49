// The page's own files (src/app/offline.rs OWN_FILES, hashed names included), for
// the e2e tests: scripts/own-files.mjs, the one reader of that rule. The request
// logs use it to tell the page's own files (allowed) from any other request (never).
export { builtNames, isOwnFile, ownFiles, plainName, urlOf } from '../../scripts/own-files.mjs';
