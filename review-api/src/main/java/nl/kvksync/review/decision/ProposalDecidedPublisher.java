package nl.kvksync.review.decision;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import nl.kvksync.contracts.Topics;
import nl.kvksync.contracts.review.ProposalDecided;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes review.proposal-decided.v1 (key: environmentId:registrationKey, so the decisions of one registration
 * stay ordered). Idempotent downstream: crm-sync applies a decision id at most once, so the outbox relay may
 * publish a decision again. Failures: a send that is not acknowledged (acks=all) within 30 s is reported to the
 * caller, which leaves the decision RECORDED for the relay.
 */
@Component
class ProposalDecidedPublisher {

    private static final Logger log = LoggerFactory.getLogger(ProposalDecidedPublisher.class);
    private final KafkaTemplate<String, Object> kafka;

    ProposalDecidedPublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Sends every decision asynchronously, flushes once, and returns the ids whose send was acknowledged. */
    Set<String> publishAll(List<ProposalDecided> decisions) {
        List<CompletableFuture<SendResult<String, Object>>> sends = new ArrayList<>(decisions.size());
        for (ProposalDecided d : decisions) {
            sends.add(kafka.send(Topics.PROPOSAL_DECIDED, Topics.tenantKey(d.getEnvironmentId(),
                    d.getRegistrationKey()), d));
        }
        kafka.flush();
        Set<String> acknowledged = new HashSet<>();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(30, TimeUnit.SECONDS);
                acknowledged.add(decisions.get(i).getDecisionId());
            } catch (ExecutionException | TimeoutException e) {
                log.warn("decision {} not published yet (the relay retries): {}", decisions.get(i).getDecisionId(),
                        e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return acknowledged;
    }
}
