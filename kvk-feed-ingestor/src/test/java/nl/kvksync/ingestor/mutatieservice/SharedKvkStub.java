package nl.kvksync.ingestor.mutatieservice;

import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.node.ObjectNode;

/**
 * The KvK stub of the module's Spring context (see IngestorContext): started on first use on a free port of
 * 127.0.0.1 and stopped with the JVM. It lists three signals about the recorded registration (new, changed, ended),
 * served under identifiers drawn for this JVM so that no other test's registration is touched, followed by the ten
 * items of the synthetic signal page, whose registrations KvK does not know.
 */
public final class SharedKvkStub {

    private static KvkStub stub;
    private static String kvkNummer;
    private static String vestigingsnummer;

    private SharedKvkStub() {
    }

    public static synchronized String url() {
        return start().baseUrl().toString();
    }

    static synchronized KvkStub start() {
        if (stub == null) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            kvkNummer = Long.toString(70_000_000L + random.nextLong(9_999_999L));
            vestigingsnummer = "0000" + (80_000_000L + random.nextLong(9_999_999L));
            KvkStub s = new KvkStub().rename("69599084", kvkNummer).rename("000038509504", vestigingsnummer);
            ObjectNode nieuw = KvkStub.JSON.createObjectNode();
            nieuw.putObject("heeftNieuweGegevens").put("startdatum", "20261125");
            ObjectNode vestiging = KvkStub.JSON.createObjectNode();
            vestiging.putObject("heeftGewijzigdeVestiging").put("vestigingsnummer", vestigingsnummer);
            ObjectNode einde = KvkStub.JSON.createObjectNode();
            einde.put("startdatum", "20261126");
            einde.putObject("aanleiding").put("code", "FAI").put("omschrijving", "Faillissement");
            s.signal("it-nieuw", "SignaalNieuweInschrijving", kvkNummer, null, nieuw)
                    .signal("it-vestiging", "SignaalGewijzigdeVestiging", kvkNummer, null, vestiging)
                    .signal("it-einde", "SignaalBeeindiging_2025_01", kvkNummer, vestigingsnummer, einde)
                    .syntheticSignals();
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "kvk-stub-shutdown"));
            stub = s;
        }
        return stub;
    }

    static String kvkNummer() {
        start();
        return kvkNummer;
    }

    static String vestigingsnummer() {
        start();
        return vestigingsnummer;
    }

    static URI baseUrl() {
        return start().baseUrl();
    }
}
