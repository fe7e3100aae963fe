package nl.kvksync.ingestor.mutatieservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RejectionReason;
import nl.kvksync.ingestor.feed.FeedRecordReader;
import nl.kvksync.ingestor.feed.SbiCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Mutatieservice source against a local stub of the KvK APIs serving the recorded test-environment responses
 * and the Mutatieservice shapes: paging, profiles, owners, fout bodies, back-off on 429 and 5xx, checkpoint and
 * resume without losing or repeating a signal, and lines the feed reader accepts (or rejects as SOURCE_ERROR).
 */
class MutatieservicePollerTest {

    static final Instant NOW = Instant.parse("2026-11-27T14:00:00Z");
    static final FeedRecordReader READER = new FeedRecordReader(SbiCatalogue.standard(), 1 << 20);

    @TempDir
    Path dir;

    final KvkStub kvk = new KvkStub();
    final List<String> submittedNames = new ArrayList<>();
    final List<List<String>> submittedLines = new ArrayList<>();
    final List<Duration> pauses = new ArrayList<>();

    @AfterEach
    void stop() {
        kvk.close();
    }

    MutatieserviceProperties properties(int pageSize, int maxAttempts) {
        return new MutatieserviceProperties(false, kvk.baseUrl(), "test-key", "", "0 0 15 * * FRI",
                "Europe/Amsterdam", pageSize, Duration.ofDays(7), dir.resolve("state"), maxAttempts,
                Duration.ofMillis(5), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(10));
    }

    MutatieservicePoller poller(MutatieserviceProperties properties, Instant now) {
        KvkApiClient client = new KvkApiClient(properties, d -> {
            pauses.add(d);
            Thread.sleep(Math.min(d.toMillis(), 20));
        }, Clock.fixed(now, ZoneOffset.UTC));
        return new MutatieservicePoller(client, properties, (name, file) -> {
            try {
                submittedNames.add(name);
                submittedLines.add(Files.readAllLines(file));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return "run-" + submittedNames.size();
        }, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Three signals about the recorded registration 69599084 / 000038509504, then the synthetic page's ten. */
    void signals() {
        ObjectNode nieuw = KvkStub.JSON.createObjectNode();
        nieuw.putObject("heeftNieuweGegevens").put("startdatum", "20261125").putObject("aanleiding")
                .put("code", "OPR").put("omschrijving", "Oprichting");
        ObjectNode vestiging = KvkStub.JSON.createObjectNode();
        vestiging.put("registratieTijdstip", "2026-11-26T23:30:00Z");
        vestiging.putObject("heeftGewijzigdeVestiging").put("vestigingsnummer", "000038509504");
        ObjectNode einde = KvkStub.JSON.createObjectNode();
        einde.put("startdatum", "20261126");
        einde.putObject("aanleiding").put("code", "FAI").put("omschrijving", "Faillissement");
        kvk.signal("s-nieuw", "SignaalNieuweInschrijving", "69599084", null, nieuw)
                .signal("s-vestiging", "SignaalGewijzigdeVestiging", "69599084", null, vestiging)
                .signal("s-einde", "SignaalBeeindiging_2025_01", "69599084", "000038509504", einde)
                .syntheticSignals();
    }

    @Test
    void turnsEverySignalOfTheWindowIntoOneFeedLineOfOneRun() {
        signals();
        MutatieservicePoller.Outcome outcome = poller(properties(4, 3), NOW).poll();

        assertThat(outcome.signals()).isEqualTo(13);
        assertThat(outcome.runId()).isEqualTo("run-1");
        assertThat(outcome.subscriptionId()).isEqualTo(KvkStub.SUBSCRIPTION); // first active from /v1/abonnementen
        assertThat(outcome.from()).isEqualTo("2026-11-20T14:00:00Z");
        assertThat(outcome.to()).isEqualTo("2026-11-27T14:00:00Z");
        assertThat(submittedNames).containsExactly("mutatieservice-" + KvkStub.SUBSCRIPTION
                + "-2026-11-20T14:00:00Z-2026-11-27T14:00:00Z.jsonl");
        List<String> lines = submittedLines.get(0);
        assertThat(lines).hasSize(13);
        assertThat(lines.stream().map(l -> KvkStub.JSON.readTree(l).path("signaal").path("id").asString()))
                .containsExactlyElementsOf(kvk.signalIds());
        assertThat(kvk.count("/v1/abonnementen/" + KvkStub.SUBSCRIPTION + "?")).isEqualTo(4); // 13 signals, pages of 4
        assertThat(kvk.requests).anyMatch(r -> r.contains("vanaf=2026-11-20T14%3A00%3A00Z")
                && r.contains("tot=2026-11-27T14%3A00%3A00Z") && r.contains("pagina=4") && r.contains("aantal=4"));
        assertThat(kvk.apiKeys).containsOnly("test-key");
        assertThat(kvk.count("/v1/basisprofielen/69599084/eigenaar")).isEqualTo(1); // cached per company

        // NIEUW from the Basisprofiel, mapped by the feed reader to the main establishment
        JsonNode nieuw = KvkStub.JSON.readTree(lines.get(0));
        assertThat(nieuw.path("mutatie").path("soort").asString()).isEqualTo("NIEUW");
        assertThat(nieuw.path("mutatie").path("datumIngang").asString()).isEqualTo("20261125");
        FeedRecordReader.Outcome first = read(lines.get(0));
        assertThat(first.rejection()).isNull();
        assertThat(first.record().kind()).isEqualTo(MutationKind.NEW);
        assertThat(first.record().registration().getKvkNummer()).isEqualTo("69599084");
        assertThat(first.record().registration().getLegalForm()).isEqualTo(LegalForm.EENMANSZAAK);

        // WIJZIGING of the establishment: the Vestigingsprofiel completed with the owner's legal form
        JsonNode vestiging = KvkStub.JSON.readTree(lines.get(1));
        assertThat(vestiging.path("mutatie").path("soort").asString()).isEqualTo("WIJZIGING");
        assertThat(vestiging.path("mutatie").path("datumIngang").asString()).isEqualTo("20261127"); // 00:30 in NL
        assertThat(vestiging.path("rechtsvorm").asString()).isEqualTo("Eenmanszaak");
        assertThat(vestiging.path("uitgebreideRechtsvorm").asString()).isEqualTo("Eenmanszaak");
        Registration changed = read(lines.get(1)).record().registration();
        assertThat(changed.getRegistrationKey()).isEqualTo("000038509504");
        assertThat(changed.getTradeName()).isEqualTo("Test EMZ Dagobert");
        assertThat(changed.getLegalForm()).isEqualTo(LegalForm.EENMANSZAAK);
        assertThat(changed.getLegalFormText()).isEqualTo("Eenmanszaak");
        assertThat(changed.getVisitingAddress().getPostcode()).isEqualTo("1034WL");

        // BEEINDIGING with its reason
        JsonNode einde = KvkStub.JSON.readTree(lines.get(2));
        assertThat(einde.path("mutatie").path("soort").asString()).isEqualTo("BEEINDIGING");
        assertThat(einde.path("mutatie").path("redenEinde").asString()).isEqualTo("FAILLISSEMENT");
        assertThat(einde.path("mutatie").path("datumIngang").asString()).isEqualTo("20261126");
        assertThat(read(lines.get(2)).record().kind()).isEqualTo(MutationKind.ENDED);

        // the synthetic signals name registrations KvK does not know: their lines carry KvK's fout and are
        // rejected as SOURCE_ERROR by the run, not lost
        for (String line : lines.subList(3, 13)) {
            JsonNode node = KvkStub.JSON.readTree(line);
            assertThat(node.path("fout").get(0).path("code").asString()).isEqualTo("IPD0005");
            FeedRecordReader.Outcome outcome1 = read(line);
            assertThat(outcome1.rejection().reason()).isEqualTo(RejectionReason.SOURCE_ERROR);
            assertThat(outcome1.rejection().field()).isEqualTo("fout");
            assertThat(outcome1.rejection().detail()).contains("IPD0005");
        }
        Checkpoint checkpoint = poller(properties(4, 3), NOW).checkpoint();
        assertThat(checkpoint.completedUntil()).isEqualTo("2026-11-27T14:00:00Z");
        assertThat(checkpoint.inWindow()).isFalse();
        assertThat(checkpoint.lastRunId()).isEqualTo("run-1");
        assertThat(dir.resolve("state/window.jsonl.part")).doesNotExist();
    }

    @Test
    void theNextPollStartsWhereTheLastOneEndedAndAnEmptyWindowStartsNoRun() {
        signals();
        poller(properties(100, 3), NOW).poll();
        kvk.requests.clear();
        Instant later = NOW.plus(Duration.ofDays(7));
        // the stub lists the same signals for any window: what matters is which window is asked for
        MutatieservicePoller.Outcome next = poller(properties(100, 3), later).poll();
        assertThat(next.from()).isEqualTo("2026-11-27T14:00:00Z");
        assertThat(next.to()).isEqualTo("2026-12-04T14:00:00Z");
        assertThat(kvk.requests).anyMatch(r -> r.contains("vanaf=2026-11-27T14%3A00%3A00Z"));

        try (KvkStub empty = new KvkStub()) {
            MutatieserviceProperties p = new MutatieserviceProperties(false, empty.baseUrl(), "k", "abc", "0 0 15 * * FRI",
                    "Europe/Amsterdam", 10, Duration.ofDays(7), dir.resolve("empty-state"), 2, Duration.ofMillis(1),
                    Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofMinutes(10));
            int before = submittedNames.size();
            MutatieservicePoller.Outcome none = new MutatieservicePoller(new KvkApiClient(p), p,
                    (n, f) -> submittedNames.add(n) ? "x" : "y", Clock.fixed(NOW, ZoneOffset.UTC)).poll();
            assertThat(none.signals()).isZero();
            assertThat(none.runId()).isNull();
            assertThat(submittedNames).hasSize(before);
            assertThat(empty.requests).noneMatch(r -> r.equals("/v1/abonnementen")); // configured subscription
        }
    }

    @Test
    void waitsOutA429AndBacksOffOn5xxThenGetsTheProfile() {
        signals();
        kvk.faults("/v1/vestigingsprofielen/000038509504", new KvkStub.Fault(429, "1"), new KvkStub.Fault(503, null),
                new KvkStub.Fault(502, null));
        MutatieservicePoller.Outcome outcome = poller(properties(100, 4), NOW).poll();

        assertThat(outcome.signals()).isEqualTo(13);
        assertThat(kvk.count("/v1/vestigingsprofielen/000038509504")).isEqualTo(5); // 3 faults + 2 signals
        // the 429's Retry-After, then the exponential schedule of the later tries (5 ms doubled per try)
        assertThat(pauses).startsWith(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(20));
        JsonNode line = KvkStub.JSON.readTree(submittedLines.get(0).get(1));
        assertThat(line.path("vestigingsnummer").asString()).isEqualTo("000038509504");
        assertThat(line.has("fout")).isFalse();
    }

    @Test
    void anOutageStopsThePollAndTheNextPollResumesWithoutLosingOrRepeatingASignal() throws IOException {
        signals();
        // page 3 of 4 fails with 500 on every try
        kvk.failAlways("/v1/abonnementen/" + KvkStub.SUBSCRIPTION + "?vanaf=2026-11-20T14%3A00%3A00Z"
                + "&tot=2026-11-27T14%3A00%3A00Z&pagina=3", 500);
        assertThatThrownBy(() -> poller(properties(4, 3), NOW).poll()).isInstanceOf(KvkUnavailableException.class)
                .hasMessageContaining("HTTP 500").hasMessageContaining("gave up after 3 tries");
        assertThat(submittedNames).isEmpty();
        Checkpoint stopped = poller(properties(4, 3), NOW).checkpoint();
        assertThat(stopped.inWindow()).isTrue();
        assertThat(stopped.nextPage()).isEqualTo(3);
        assertThat(stopped.lines()).isEqualTo(8);
        Path window = dir.resolve("state/window.jsonl.part");
        assertThat(Files.size(window)).isEqualTo(stopped.partBytes());

        // a crash after writing part of a page but before its checkpoint leaves bytes the checkpoint does not cover
        Files.writeString(window, "{\"mutatie\":{\"soort\":\"WIJZIGING\"},\"kvkNummer\":\"1234", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        kvk.heal();
        kvk.requests.clear();
        MutatieservicePoller.Outcome resumed = poller(properties(4, 3), NOW.plusSeconds(3600)).poll();
        assertThat(resumed.from()).isEqualTo("2026-11-20T14:00:00Z"); // the same window, not a new one
        assertThat(resumed.to()).isEqualTo("2026-11-27T14:00:00Z");
        assertThat(kvk.requests).noneMatch(r -> r.contains("pagina=1") || r.contains("pagina=2"));
        assertThat(submittedLines).hasSize(1);
        List<String> ids = submittedLines.get(0).stream()
                .map(l -> KvkStub.JSON.readTree(l).path("signaal").path("id").asString()).toList();
        assertThat(ids).containsExactlyElementsOf(kvk.signalIds()).doesNotHaveDuplicates();
    }

    @Test
    void aFoutAnswerIsFinalAndCarriesKvksCodes() {
        KvkApiClient client = new KvkApiClient(properties(10, 5));
        assertThatThrownBy(() -> client.vestigingsprofiel("12345678"))
                .isInstanceOfSatisfying(KvkApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.fouten()).extracting(KvkApiException.Fout::code).containsExactly("IPD0006");
                    assertThat(e.fouten().get(0).omschrijving()).contains("niet valide");
                });
        assertThatThrownBy(() -> client.basisprofiel("12345678"))
                .isInstanceOfSatisfying(KvkApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.fouten()).extracting(KvkApiException.Fout::code).containsExactly("IPD0005");
                });
        assertThat(kvk.count("/v1/vestigingsprofielen/12345678")).isEqualTo(1); // not retried
        assertThat(kvk.count("/v1/basisprofielen/12345678")).isEqualTo(1);
    }

    private static FeedRecordReader.Outcome read(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return READER.read(bytes, 0, bytes.length);
    }
}
