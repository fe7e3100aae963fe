package nl.kvksync.review.decision;

import static org.assertj.core.api.Assertions.assertThat;

import nl.kvksync.contracts.review.Decision;
import org.junit.jupiter.api.Test;

class DecisionIdsTest {

    @Test
    void theSameRequestNamesTheSameDecisionAndAnotherAttemptAnother() {
        String id = DecisionIds.of("p-1", Decision.ACCEPTED, 0);
        assertThat(id).matches("d-[0-9a-f]{24}").isEqualTo(DecisionIds.of("p-1", Decision.ACCEPTED, 0));
        assertThat(DecisionIds.of("p-1", Decision.ACCEPTED, 1)).isNotEqualTo(id);
        assertThat(DecisionIds.of("p-1", Decision.REJECTED, 0)).isNotEqualTo(id);
        assertThat(DecisionIds.of("p-2", Decision.ACCEPTED, 0)).isNotEqualTo(id);
    }

    @Test
    void auditCsvQuotesAndDefusesFormulas() {
        StringBuilder out = new StringBuilder();
        AuditController.row(out, "a,b", "say \"hi\"", "=SUM(A1)", null, "plain");
        assertThat(out.toString()).isEqualTo("\"a,b\",\"say \"\"hi\"\"\",'=SUM(A1),,plain\r\n");
    }
}
