package nl.kvksync.review.proposal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param staleAfter a pending proposal older than this is flagged stale (list item {@code stale}, metric
 *                   {@code kvksync.proposals.stale}); env {@code KVKSYNC_REVIEW_PROPOSALS_STALE_AFTER}
 * @param maxPageSize the largest page the list serves
 */
@ConfigurationProperties("kvksync.review.proposals")
public record ProposalProperties(@DefaultValue("P14D") Duration staleAfter, @DefaultValue("500") int maxPageSize) {
}
