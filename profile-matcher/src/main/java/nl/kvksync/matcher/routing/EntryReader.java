package nl.kvksync.matcher.routing;

/**
 * Reads a topic's Avro binary, written in one writer schema, into what a processor takes ({@link RegisterEntry},
 * {@link ChangeEntry}). Not thread-safe: one per thread and writer schema.
 */
interface EntryReader<E> {

    /** {@code length} bytes of Avro binary from {@code offset} (after any registry framing). */
    E read(byte[] data, int offset, int length);
}
