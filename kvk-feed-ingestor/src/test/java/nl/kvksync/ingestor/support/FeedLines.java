package nl.kvksync.ingestor.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Feed lines for tests, with identifiers unique to one {@code seed} (tests share one broker per JVM): a kvkNummer
 * and vestigingsnummers derived from it.
 */
public final class FeedLines {

    private final String kvkNummer;

    public FeedLines(String seed) {
        this.kvkNummer = String.format("%08d", Math.floorMod(seed.hashCode(), 100_000_000));
    }

    public String kvkNummer() {
        return kvkNummer;
    }

    public String vestigingsnummer(int n) {
        return String.format("%06d%06d", n, Long.parseLong(kvkNummer) % 1_000_000);
    }

    public String nieuw(String vestigingsnummer, String name, String postcode) {
        return line("NIEUW", null, vestigingsnummer, name, postcode);
    }

    public String wijziging(String vestigingsnummer, String name, String postcode) {
        return line("WIJZIGING", null, vestigingsnummer, name, postcode);
    }

    public String beeindiging(String vestigingsnummer, String reden) {
        return "{\"mutatie\":{\"soort\":\"BEEINDIGING\",\"datumIngang\":\"20261127\",\"redenEinde\":\"" + reden
                + "\"},\"kvkNummer\":\"" + kvkNummer + "\",\"vestigingsnummer\":\"" + vestigingsnummer + "\"}";
    }

    public String line(String soort, String reden, String vestigingsnummer, String name, String postcode) {
        return "{\"mutatie\":{\"soort\":\"" + soort + "\",\"datumIngang\":\"20261127\""
                + (reden == null ? "" : ",\"redenEinde\":\"" + reden + "\"") + "},"
                + "\"vestigingsnummer\":\"" + vestigingsnummer + "\",\"kvkNummer\":\"" + kvkNummer + "\","
                + "\"rechtsvorm\":\"Eenmanszaak\",\"eersteHandelsnaam\":\"" + name + "\","
                + "\"materieleRegistratie\":{\"datumAanvang\":\"20150828\"},\"indHoofdvestiging\":\"Ja\","
                + "\"totaalWerkzamePersonen\":3,\"handelsnamen\":[{\"naam\":\"" + name + "\",\"volgorde\":0}],"
                + "\"adressen\":[{\"type\":\"bezoekadres\",\"straatnaam\":\"Dorpsstraat\",\"huisnummer\":1,"
                + "\"postcode\":\"" + postcode + "\",\"plaats\":\"Amsterdam\",\"land\":\"Nederland\"}],"
                + "\"sbiActiviteiten\":[{\"sbiCode\":\"10710\",\"indHoofdactiviteit\":\"Ja\"}]}";
    }

    public byte[] join(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String l : lines) {
            out.writeBytes(l.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }
}
