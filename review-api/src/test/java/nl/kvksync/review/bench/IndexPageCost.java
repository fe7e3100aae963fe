package nl.kvksync.review.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import nl.kvksync.contracts.matcher.ProposalKind;
import nl.kvksync.review.proposal.ProposalFilter;
import nl.kvksync.review.proposal.ProposalIndex;
import nl.kvksync.review.proposal.ProposalStatus;
import nl.kvksync.review.proposal.ProposalSummary;
import nl.kvksync.review.sbi.SbiCatalogue;

/**
 * CPU cost of one list page in the in-memory index alone (25,000 pending proposals, the harness's query mix), to
 * separate the index from HTTP, security and JSON in {@link ProposalListLoad}'s figures. Not a test.
 */
public final class IndexPageCost {

    private IndexPageCost() {
    }

    public static void main(String[] args) {
        SbiCatalogue sbi = SbiCatalogue.load();
        ProposalIndex index = new ProposalIndex();
        Random random = new Random(42);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 25_000; i++) {
            ProposalKind kind = i % 100 < 80 ? ProposalKind.UPDATE : i % 100 < 92 ? ProposalKind.ENDED : ProposalKind.NEW;
            index.put(new ProposalSummary("p-" + i, "bench", "r-" + i, kind, "o-" + i, ProposalStatus.PENDING,
                    now - 3 * 86_400_000L + i * 10L, "Bedrijf " + i, "69599084", "Eindhoven", 1000 + random.nextInt(9000),
                    "4711", "G", List.of("tradeName"), List.of(), null, null, "feed", null));
        }
        List<Map<String, String>> queries = List.of(Map.of(), Map.of("kind", "UPDATE"),
                Map.of("kind", "UPDATE", "page", "100"), Map.of("kind", "ENDED"),
                Map.of("kind", "UPDATE", "postcodeFrom", "5000", "postcodeTo", "5999"),
                Map.of("kind", "UPDATE", "sbiSection", "G"), Map.of("kind", "UPDATE", "field", "tradeName"),
                Map.of("olderThan", "P1D"), Map.of("kind", "UPDATE", "conflict", "false"));
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long cpu = bean.getCurrentThreadCpuTime();
            int n = 3000;
            long sink = 0;
            for (int i = 0; i < n; i++) {
                Map<String, String> q = queries.get(i % queries.size());
                int page = q.containsKey("page") ? Integer.parseInt(q.get("page")) : 0;
                sink += index.page("bench", ProposalFilter.parse(q, sbi), page, 50, now).total();
            }
            System.out.printf(Locale.ROOT, "round %d: %.3f ms CPU per page over 25,000 pending (%d)%n", round,
                    (bean.getCurrentThreadCpuTime() - cpu) / 1e6 / n, sink % 7);
        }
    }
}
