package nl.kvksync.review.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import nl.kvksync.contracts.kvk.FeedRunCompleted;
import nl.kvksync.review.proposal.ProposalStore;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code feed_runs} ({@code _id = feedId}, the report as the ingestor published it; a repeated report replaces it
 * with the same values); the proposals each run raised in an environment are counted from the proposals.
 */
@Component
class FeedRunStore {

    /** One run with this environment's proposal counts. */
    record Run(String feedId, String name, String source, long startedAt, long finishedAt, long read, long published,
            long unchanged, long rejected, Map<String, Long> publishedByKind, Map<String, Long> rejectedByReason,
            Map<String, Long> proposals) {
    }

    private final MongoCollection<Document> runs;
    private final ProposalStore proposals;

    FeedRunStore(ReactiveMongoTemplate mongo, ProposalStore proposals) {
        this.runs = mongo.getCollection("feed_runs").block();
        this.proposals = proposals;
    }

    void save(FeedRunCompleted r) {
        Document doc = new Document("_id", r.getFeedId()).append("name", r.getName())
                .append("source", r.getSource().name()).append("startedAt", r.getStartedAt().toEpochMilli())
                .append("finishedAt", r.getFinishedAt().toEpochMilli()).append("read", r.getRead())
                .append("published", r.getPublished()).append("unchanged", r.getUnchanged())
                .append("rejected", r.getRejected()).append("publishedByKind", new Document(
                        new HashMap<String, Object>(r.getPublishedByKind())))
                .append("rejectedByReason", new Document(new HashMap<String, Object>(r.getRejectedByReason())));
        Mono.from(runs.replaceOne(Filters.eq("_id", r.getFeedId()), doc, new ReplaceOptions().upsert(true))).block();
    }

    List<Run> latest(String environmentId, int limit) {
        List<Document> latest = Flux.from(runs.find().sort(Sorts.descending("finishedAt")).limit(limit)).collectList()
                .block();
        Map<String, Map<String, Long>> counts = proposals.countByFeed(environmentId,
                latest.stream().map(d -> d.getString("_id")).toList());
        return latest.stream().map(d -> {
            return new Run(d.getString("_id"), d.getString("name"), d.getString("source"), n(d, "startedAt"),
                    n(d, "finishedAt"), n(d, "read"), n(d, "published"), n(d, "unchanged"), n(d, "rejected"),
                    longs(d.get("publishedByKind", Document.class)), longs(d.get("rejectedByReason", Document.class)),
                    counts.getOrDefault(d.getString("_id"), Map.of()));
        }).toList();
    }

    private static Map<String, Long> longs(Document d) {
        Map<String, Long> m = new java.util.TreeMap<>();
        if (d != null) {
            d.forEach((k, v) -> m.put(k, v instanceof Number n ? n.longValue() : 0L));
        }
        return m;
    }

    private static long n(Document d, String f) {
        return d.get(f) instanceof Number x ? x.longValue() : 0L;
    }
}
