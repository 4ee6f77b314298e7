// Loaded with `node --require ./exit-with-parent.js …` in front of a server started by the tests
// (dev.imagescan.testing.aws.LocalAws): the test JVM holds our standard input open, so when it exits in any way,
// a kill included, the input ends and this process exits with it instead of lingering on its port.
'use strict'
process.stdin.on('end', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()
