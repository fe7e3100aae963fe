/**
 * The register replica: the latest snapshot of every registration in a local RocksDB store (off-heap, so six
 * million registrations fit beside a 1 GiB heap) with indexes by kvkNummer, postcode and name words for the register
 * search, the change detection that turns a feed record and the replica's snapshot into a real change or
 * "unchanged", and the rebuild from the compacted {@code kvk.registrations.v1}.
 */
package nl.kvksync.ingestor.replica;
