package dev.imagescan.analyzer.rpm.ndb;

/**
 * One used slot of an NDB slot page: package index and where its blob lives, in 16-byte blocks.
 *
 * @param slotNo   slot number in the file (slot 0 and 1 are the file header)
 * @param pkgIdx   package index (= rpm header instance number)
 * @param blkOff   first block of the blob
 * @param blkCount number of blocks of the blob
 */
record NdbSlot(int slotNo, long pkgIdx, long blkOff, long blkCount) {
}
