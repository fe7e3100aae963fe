package nl.kvksync.ingestor.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import nl.kvksync.contracts.AvroBinary;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.ingestor.feed.FeedRecordReader;
import nl.kvksync.ingestor.feed.SbiCatalogue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-record hot path of a feed run on one core: read a feed line (UTF-8 check, JSON, validation,
 * normalisation, SBI lookup, legal form) into a Registration and Avro-encode it. Lines cycle through a realistic
 * set (the recorded Vestigingsprofiel with the owner's fields and a phone number, plus generated-style lines).
 * Run: see the module README, "Benchmarks".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=nl.kvksync.contracts"})
@Threads(1)
public class FeedParseBenchmark {

    static final String[] LINES = {
        "{\"mutatie\":{\"soort\":\"WIJZIGING\",\"datumIngang\":\"20261127\"},\"vestigingsnummer\":\"000038509504\","
                + "\"kvkNummer\":\"69599084\",\"rsin\":\"992760562\",\"rechtsvorm\":\"Eenmanszaak\","
                + "\"uitgebreideRechtsvorm\":\"Eenmanszaak\",\"telefoonnummer\":\"020-1234567\",\"indNonMailing\":\"Ja\","
                + "\"formeleRegistratiedatum\":\"20200828\",\"materieleRegistratie\":{\"datumAanvang\":\"20150828\"},"
                + "\"eersteHandelsnaam\":\"Test EMZ Dagobert\",\"indHoofdvestiging\":\"Ja\",\"indCommercieleVestiging\":\"Ja\","
                + "\"voltijdWerkzamePersonen\":1,\"totaalWerkzamePersonen\":1,\"deeltijdWerkzamePersonen\":0,"
                + "\"handelsnamen\":[{\"naam\":\"Test EMZ Dagobert\",\"volgorde\":0},{\"naam\":\"Tweede handelsnaam 1MZ\","
                + "\"volgorde\":1}],\"adressen\":[{\"type\":\"bezoekadres\",\"indAfgeschermd\":\"Nee\",\"volledigAdres\":"
                + "\"Abebe Bikilalaan 17 M            1034WL Amsterdam\",\"straatnaam\":\"Abebe Bikilalaan\",\"huisnummer\":17,"
                + "\"huisletter\":\"M\",\"postcode\":\"1034WL\",\"plaats\":\"Amsterdam\",\"land\":\"Nederland\"}],"
                + "\"websites\":[\"www.dagobert.nl\"],\"sbiActiviteiten\":[{\"sbiCode\":\"10110\",\"sbiOmschrijving\":"
                + "\"Verwerking en conservering van vlees\",\"indHoofdactiviteit\":\"Ja\"},{\"sbiCode\":\"10120\","
                + "\"indHoofdactiviteit\":\"Nee\"}],\"_links\":{\"self\":{\"href\":\"https://api.kvk.nl/test/api/v1/"
                + "vestigingsprofielen/000038509504\"}}}",
        "{\"mutatie\":{\"soort\":\"NIEUW\",\"datumIngang\":\"20261127\"},\"vestigingsnummer\":\"000012345674\","
                + "\"kvkNummer\":\"12345678\",\"rechtsvorm\":\"Besloten Vennootschap\",\"uitgebreideRechtsvorm\":"
                + "\"Besloten vennootschap met gewone structuur\",\"rsin\":\"111222333\",\"eersteHandelsnaam\":"
                + "\"Bouwbedrijf Jansen B.V.\",\"statutaireNaam\":\"Jansen Holding B.V.\",\"indHoofdvestiging\":\"Ja\","
                + "\"totaalWerkzamePersonen\":12,\"materieleRegistratie\":{\"datumAanvang\":\"19990600\"},"
                + "\"formeleRegistratiedatum\":\"19990701\",\"handelsnamen\":[{\"naam\":\"Bouwbedrijf Jansen B.V.\","
                + "\"volgorde\":0}],\"adressen\":[{\"type\":\"bezoekadres\",\"straatnaam\":\"Stationsweg\",\"huisnummer\":"
                + "12,\"postcode\":\"5211 ab\",\"plaats\":\"'s-Hertogenbosch\",\"land\":\"Nederland\"},{\"type\":"
                + "\"correspondentieadres\",\"postbusnummer\":123,\"postcode\":\"5201AA\",\"plaats\":\"'s-Hertogenbosch\","
                + "\"land\":\"Nederland\"}],\"websites\":[\"https://www.jansen-bouw.nl/\"],\"sbiActiviteiten\":"
                + "[{\"sbiCode\":\"4120\",\"indHoofdactiviteit\":\"Ja\"}]}",
        "{\"mutatie\":{\"soort\":\"BEEINDIGING\",\"datumIngang\":\"20261127\",\"redenEinde\":\"FAILLISSEMENT\"},"
                + "\"kvkNummer\":\"87654321\",\"vestigingsnummer\":\"000087654321\"}"
    };

    byte[][] lines;
    FeedRecordReader reader;
    AvroBinary<Registration> avro;
    int next;

    @Setup
    public void setUp() {
        lines = new byte[LINES.length][];
        for (int i = 0; i < LINES.length; i++) {
            lines[i] = LINES[i].getBytes(StandardCharsets.UTF_8);
        }
        reader = new FeedRecordReader(SbiCatalogue.standard(), 1 << 20);
        avro = AvroBinary.registrations();
        for (byte[] l : lines) {
            if (reader.read(l, 0, l.length).record() == null) {
                throw new IllegalStateException("benchmark line rejected: " + new String(l, StandardCharsets.UTF_8));
            }
        }
    }

    @Benchmark
    public int parseValidateEncode() throws IOException {
        byte[] line = lines[next];
        next = next + 1 == lines.length ? 0 : next + 1;
        Registration r = reader.read(line, 0, line.length).record().registration();
        return avro.encode(r).length;
    }
}
