package nl.kvksync.matcher.imports;

import java.time.Duration;

/**
 * How imports emit: at most {@code chunkSize} proposals per {@code interval} (each chunk is committed with its
 * progress event), and at most {@code hardCap} proposals per import.
 */
public record ImportSettings(int chunkSize, Duration interval, long hardCap) {

    public static final ImportSettings DEFAULTS = new ImportSettings(1000, Duration.ofMillis(100), 100_000);
}
